import { afterAll, describe, expect, it } from 'vitest';
import { TaskError } from '../../../../../src/shared/task-error.js';
import { TaskPool } from '../../../../../src/main/services/tasks/pool/pool.js';
import { warmUpKinds } from '../../../../../src/main/services/tasks/kinds/worker-registry.js';

// One thread, so the order in which waiting tasks start is visible.
const pool = new TaskPool({ threads: 1, env: { ...(process.env as Record<string, string>), NIGHTSHIFT_DEBUG_TASKS: '1' } });
afterAll(() => pool.close());

const code = (p: Promise<unknown>) => p.then(() => 'ok', (err: unknown) => (err instanceof TaskError ? err.code : String(err)));

describe('TaskPool', () => {
  it('starts waiting tasks by priority (first in, first out within one), each when a thread takes it', async () => {
    const started: string[] = [];
    const run = (name: string, priority: number, ms = 0) =>
      pool.run('debug', ms ? { mode: 'sleep', ms } : { mode: 'ok' }, { priority, onStart: () => started.push(name) });
    const blocker = run('blocker', 0, 300);
    expect(started).toEqual(['blocker']);
    const rest = [run('low1', 0), run('low2', 0), run('high', 10), run('low3', 0), run('urgent', 20)];
    expect(started).toEqual(['blocker']);
    await Promise.all([blocker, ...rest]);
    expect(started).toEqual(['blocker', 'urgent', 'high', 'low1', 'low2', 'low3']);
  });

  it('aborts a waiting task without starting it, and a running one by replacing its thread', async () => {
    const hang = pool.start('debug', { mode: 'hang' });
    let waitingStarted = false;
    const waiting = pool.start('debug', { mode: 'ok' }, { onStart: () => (waitingStarted = true) });
    expect([hang.started, waiting.started]).toEqual([true, false]);
    waiting.abort();
    expect(await code(waiting.result)).toBe('cancelled');
    hang.abort();
    expect(await code(hang.result)).toBe('cancelled');
    expect(waitingStarted).toBe(false);
    // The replacement thread serves the next task.
    expect(await pool.run('debug', { mode: 'ok', value: 3 })).toEqual({ value: 3 });
  });

  it('follows an AbortSignal, and times out a task past its limit', async () => {
    const controller = new AbortController();
    const p = code(pool.run('debug', { mode: 'hang' }, { signal: controller.signal }));
    controller.abort();
    expect(await p).toBe('cancelled');
    const t = pool.run('debug', { mode: 'hang' }, { timeLimitMs: 300 });
    await expect(t).rejects.toMatchObject({ code: 'timed_out', message: expect.stringContaining('300 ms') });
  });

  it('fails the tasks still waiting when it closes', async () => {
    const other = new TaskPool({ threads: 1, env: { ...(process.env as Record<string, string>), NIGHTSHIFT_DEBUG_TASKS: '1' } });
    const running = code(other.run('debug', { mode: 'sleep', ms: 200 }));
    const waiting = code(other.run('debug', { mode: 'ok' }));
    await other.close();
    expect(await waiting).toBe('cancelled');
    expect(await running).toBe('cancelled');
    expect(await code(other.run('debug', { mode: 'ok' }))).toBe('cancelled');
  });

  it('has each thread run the kinds\' warm-ups at the level asked for before its first task, and only then', async () => {
    const env = { ...(process.env as Record<string, string>), NIGHTSHIFT_DEBUG_TASKS: '1' };
    for (const level of ['quick', 'thorough'] as const) {
      const warm = new TaskPool({ threads: 1, env, warmUp: level });
      try {
        expect(await warm.run('debug', { mode: 'warmed' })).toEqual({ warmedUp: level });
        // a thread that replaces a terminated one warms up too
        const hang = warm.start('debug', { mode: 'hang' });
        hang.abort();
        expect(await code(hang.result)).toBe('cancelled');
        expect(await warm.run('debug', { mode: 'warmed' })).toEqual({ warmedUp: level });
      } finally {
        await warm.close();
      }
    }
    expect(await pool.run('debug', { mode: 'warmed' })).toEqual({ warmedUp: false });
  });
});

describe('warmUpKinds', () => {
  it('runs the warm-up of every kind that has one, without a throw (the extractor on synthetic FITS files, the debug flag)', () => {
    expect(warmUpKinds('quick')).toBe(2);
    expect(warmUpKinds('thorough')).toBe(2);
  });
});
