import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../src/main/services/logger.js';
import { LocalRunner } from '../../../../src/main/services/tasks/pool/local-runner.js';
import { createServices, type Services } from '../../../../src/main/services/services.js';
import type { DispatchJob, RunnerEvents, TaskRunner } from '../../../../src/main/services/tasks/runner.js';
import { TaskService } from '../../../../src/main/services/tasks/task-service.js';
import { tempDir } from '../../../helpers/tmp.js';

const env = { ...(process.env as Record<string, string>), NIGHTSHIFT_DEBUG_TASKS: '1' };

/** Runner events that keep each task's result. */
function recordingEvents(): RunnerEvents & { results: Map<number, unknown> } {
  const results = new Map<number, unknown>();
  return {
    results,
    started: () => {},
    progress: () => {},
    succeeded: (id, result) => results.set(id, result),
    failed: (id, error) => results.set(id, error),
    pending: () => [],
  };
}

/** What the pool thread that runs task `id` says about its warm-up. */
async function warmedUp(runner: LocalRunner, events: ReturnType<typeof recordingEvents>, id: number): Promise<unknown> {
  await runner.dispatch({ taskId: id, attempt: 1, workerKind: 'debug', input: { mode: 'warmed' }, priority: 0, timeLimitMs: null });
  for (let i = 0; i < 2000 && !events.results.has(id); i++) await new Promise((r) => setTimeout(r, 5));
  return events.results.get(id);
}

describe('LocalRunner.prestart', () => {
  let runner: LocalRunner | null = null;
  afterEach(async () => {
    await runner?.close();
    runner = null;
  });

  it('starts the threads ahead of work, warming them up thoroughly', async () => {
    const events = recordingEvents();
    runner = new LocalRunner(events, { threads: 1, env, warmUp: true });
    runner.prestart();
    expect(await warmedUp(runner, events, 1)).toEqual({ warmedUp: 'thorough' });
  });

  it('leaves a pool the first task started alone (its threads warmed up quickly)', async () => {
    const events = recordingEvents();
    runner = new LocalRunner(events, { threads: 1, env, warmUp: true });
    expect(await warmedUp(runner, events, 1)).toEqual({ warmedUp: 'quick' });
    runner.prestart();
    expect(await warmedUp(runner, events, 2)).toEqual({ warmedUp: 'quick' });
  });

  it('starts threads without a warm-up when the runner was made without one', async () => {
    const events = recordingEvents();
    runner = new LocalRunner(events, { threads: 1, env });
    runner.prestart();
    expect(await warmedUp(runner, events, 1)).toEqual({ warmedUp: false });
  });
});

/** A runner that only counts the prestarts it is asked for. */
class CountingRunner implements TaskRunner {
  readonly name = 'local' as const;
  readonly capacity = 8;
  prestarts = 0;
  async dispatch(_job: DispatchJob): Promise<{ jobId: null }> {
    return { jobId: null };
  }
  prestart(): void {
    this.prestarts++;
  }
  async cancel(): Promise<void> {}
  async start(): Promise<void> {}
  async close(): Promise<void> {}
}

describe('TaskService.prestart', () => {
  let services: Services;
  let cleanup: () => void;
  beforeAll(() => {
    let dir: string;
    ({ dir, cleanup } = tempDir());
    services = createServices({ dataDir: join(dir, 'lib'), logger: silentLogger, tasks: { threads: 1, brokerUrl: null } });
  });
  afterAll(async () => {
    await services.close();
    cleanup();
  });
  const service = (): { tasks: TaskService; runner: () => CountingRunner | null } => {
    const { db, clock, logger, events, settings, paths } = services;
    let runner: CountingRunner | null = null;
    const tasks = new TaskService({ db, clock, logger, events, settings, paths, brokerUrl: null, createRunner: () => (runner = new CountingRunner()) });
    return { tasks, runner: () => runner };
  };

  it('asks the runner to start its threads, now or after the delay given, once started and until closed', async () => {
    const { tasks, runner } = service();
    tasks.prestart();
    expect(runner()).toBeNull();
    await tasks.start();
    tasks.prestart();
    expect(runner()!.prestarts).toBe(1);
    tasks.prestart(30);
    expect(runner()!.prestarts).toBe(1);
    await new Promise((r) => setTimeout(r, 80));
    expect(runner()!.prestarts).toBe(2);
    // a later call replaces a pending one; closing drops it
    tasks.prestart(30);
    tasks.prestart(30);
    const r = runner()!;
    await tasks.close();
    await new Promise((r) => setTimeout(r, 80));
    expect(r.prestarts).toBe(2);
    tasks.prestart();
    expect(r.prestarts).toBe(2);
  });
});
