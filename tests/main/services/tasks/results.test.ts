import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../src/main/services/logger.js';
import { createServices, type Services } from '../../../../src/main/services/services.js';
import type { DispatchJob, RunnerEvents, TaskRunner } from '../../../../src/main/services/tasks/runner.js';
import { TaskService } from '../../../../src/main/services/tasks/task-service.js';
import { tempDir } from '../../../helpers/tmp.js';

/** A runner that runs nothing: the test reports for it, as often and as late as it likes. */
class ScriptedRunner implements TaskRunner {
  readonly name = 'local' as const;
  readonly capacity = 8;
  readonly dispatched: DispatchJob[] = [];
  constructor(readonly events: RunnerEvents) {}
  async dispatch(job: DispatchJob): Promise<{ jobId: null }> {
    this.dispatched.push(job);
    return { jobId: null };
  }
  async cancel(): Promise<void> {}
  async start(): Promise<void> {}
  async close(): Promise<void> {}
}

let services: Services;
let tasks: TaskService;
let runner: ScriptedRunner;
let cleanup: () => void;

beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = tempDir());
  services = createServices({ dataDir: join(dir, 'lib'), logger: silentLogger, tasks: { threads: 1, brokerUrl: null } });
  const { db, clock, logger, events, settings, paths } = services;
  tasks = new TaskService({ db, clock, logger, events, settings, paths, brokerUrl: null, createRunner: (e) => (runner = new ScriptedRunner(e)) });
  await tasks.start();
});
afterAll(async () => {
  await tasks.close();
  await services.close();
  cleanup();
});

const until = async (ok: () => boolean) => {
  for (let i = 0; i < 500 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(ok()).toBe(true);
};
const row = (id: number) => services.db.prepare('SELECT status, attempts, progress, stage, ran_on, finished_at FROM tasks WHERE id = ?').get(id);

describe('results of hook-less kinds (recorded together)', () => {
  it('are stored once: a result reported twice, or after the task was cancelled, changes nothing', async () => {
    const [a, b, c] = tasks.enqueueMany([{ kind: 'noop', payload: { n: 1 } }, { kind: 'noop', payload: { n: 2 } }, { kind: 'noop', payload: { n: 3 } }]);
    await until(() => runner.dispatched.length === 3);
    const local = { host: 'local', workerId: null };
    runner.events.started(a!.id, local);
    runner.events.succeeded(a!.id, { n: 1 }, local);
    runner.events.succeeded(a!.id, { n: 1 }, local);
    runner.events.succeeded(b!.id, { n: 2 }, local);
    await tasks.cancel(c!.id);
    const [va, vb] = await tasks.waitFor([a!.id, b!.id]);
    expect(va).toMatchObject({ status: 'succeeded', attempts: 1, progress: 1, stage: 'done', ranOn: 'local' });
    expect(vb).toMatchObject({ status: 'succeeded', attempts: 1 });
    const finishedB = (row(b!.id) as { finished_at: string }).finished_at;
    // Late duplicates and a result for the cancelled task.
    await new Promise((r) => setTimeout(r, 5));
    runner.events.succeeded(b!.id, { n: 2 }, { host: 'elsewhere', workerId: 'w1' });
    runner.events.succeeded(c!.id, { n: 3 }, local);
    runner.events.failed(a!.id, { code: 'internal', message: 'too late', retryable: false });
    await new Promise((r) => setTimeout(r, 50));
    expect(row(b!.id)).toMatchObject({ status: 'succeeded', ran_on: 'local', finished_at: finishedB });
    expect(row(c!.id)).toMatchObject({ status: 'cancelled' });
    expect(row(a!.id)).toMatchObject({ status: 'succeeded' });
  });

  it('leave alone a task another process finished while it ran here', async () => {
    const [d] = tasks.enqueueMany([{ kind: 'noop', payload: { n: 4 } }]);
    await until(() => runner.dispatched.some((j) => j.taskId === d!.id));
    // What a cancel in another process (the command line) writes.
    services.db.prepare("UPDATE tasks SET status = 'cancelled', error_code = 'cancelled', error_message = 'elsewhere', finished_at = ? WHERE id = ?").run(new Date().toISOString(), d!.id);
    runner.events.succeeded(d!.id, { n: 4 }, { host: 'local', workerId: null });
    const [vd] = await tasks.waitFor([d!.id]);
    await new Promise((r) => setTimeout(r, 50));
    expect(vd).toMatchObject({ status: 'cancelled' });
    expect(row(d!.id)).toMatchObject({ status: 'cancelled', progress: 0 });
  });
});
