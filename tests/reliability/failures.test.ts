import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../src/main/services/services.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { tempDir } from '../helpers/tmp.js';
import { appOnBroker, stopProcess, until, workerProcess } from './broker-helpers.js';

process.env.NIGHTSHIFT_DEBUG_TASKS = '1';

let redis: TestRedis;
let dir: string;
let cleanup: () => void;
let worker: ChildProcess;
let s: Services;

beforeAll(async () => {
  redis = await startRedis();
  ({ dir, cleanup } = tempDir());
  worker = await workerProcess(redis.url, 'fail', join(dir, 'cache'), ['--concurrency', '2', '--memory-mb', '64'], { NIGHTSHIFT_DEBUG_TASKS: '1' });
  s = appOnBroker(join(dir, 'lib'), redis.url, 'fail', false);
  await s.tasks.start();
});
afterAll(async () => {
  await s.close();
  await stopProcess(worker);
  await redis.stop();
  cleanup();
});

describe('failures on a remote worker', () => {
  it('a worker thread that crashes, exits or runs out of memory fails only its task, with the reason', async () => {
    const thrown = s.tasks.enqueue('debug', { mode: 'throw' });
    const exited = s.tasks.enqueue('debug', { mode: 'exit' });
    const oom = s.tasks.enqueue('debug', { mode: 'oom' });
    const fine = s.tasks.enqueue('debug', { mode: 'ok' });
    const [a, b, c, d] = await s.tasks.waitFor([thrown.id, exited.id, oom.id, fine.id]);
    expect(a).toMatchObject({ status: 'failed', error: { code: 'internal', message: 'debug task failed on purpose' } });
    expect(b).toMatchObject({ status: 'failed', error: { code: 'worker_exited' } });
    expect(c).toMatchObject({ status: 'failed', error: { code: 'out_of_memory' } });
    expect(d).toMatchObject({ status: 'succeeded' });
    expect(d!.ranOn).not.toBe('local');
  });

  it('a task hanging past its time limit ends timed_out', async () => {
    const t = s.tasks.enqueue('debug', { mode: 'hang' }, { timeLimitMs: 1500 });
    const [done] = await s.tasks.waitFor([t.id]);
    expect(done).toMatchObject({ status: 'failed', error: { code: 'timed_out' } });
    expect(done!.error!.message).toContain('time limit of 1500 ms');
  });

  it('a cancelled running task is stopped on the worker, which keeps serving', async () => {
    const t = s.tasks.enqueue('debug', { mode: 'hang' });
    await until(() => s.tasks.get(t.id).status === 'running', 15_000);
    const cancelled = await s.tasks.cancel(t.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', error: { code: 'cancelled', message: 'cancelled by the user' } });
    // Both slots are free again: two quick tasks run at once.
    const [x, y] = await s.tasks.waitFor([s.tasks.enqueue('debug', { mode: 'sleep', ms: 200 }).id, s.tasks.enqueue('debug', { mode: 'sleep', ms: 200 }).id]);
    expect([x!.status, y!.status]).toEqual(['succeeded', 'succeeded']);
    expect(s.tasks.get(t.id).status).toBe('cancelled');
  });

  it('a malformed payload ends failed with invalid_argument', async () => {
    const t = s.tasks.enqueue('debug', { mode: 'ok' }, { delayMs: 500 });
    s.db.prepare('UPDATE tasks SET payload = ? WHERE id = ?').run('{"mode":"explode"}', t.id);
    const [done] = await s.tasks.waitFor([t.id]);
    expect(done).toMatchObject({ status: 'failed', error: { code: 'invalid_argument' } });
    expect(done!.error!.message).toMatch(/malformed payload.*mode/);
  });
});
