import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskStatus } from '../../src/shared/domain.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';
import { tempDir } from '../helpers/tmp.js';
import { appOnBroker, expectOncePerTask, importAndExtract, stopProcess, until, workerProcess } from './broker-helpers.js';

let redis: TestRedis;
let dir: string;
let cleanup: () => void;

beforeAll(async () => {
  redis = await startRedis();
  ({ dir, cleanup } = tempDir());
});
afterAll(async () => {
  await redis.stop();
  cleanup();
});

describe('broker failover', () => {
  it('two worker processes, one killed -9 mid-task: every task completes once', async () => {
    const p = 'twoworkers';
    const a = await workerProcess(redis.url, p, join(dir, 'ca'), ['--concurrency', '1']);
    const b = await workerProcess(redis.url, p, join(dir, 'cb'), ['--concurrency', '1']);
    const s = appOnBroker(join(dir, 'lib1'), redis.url, p, false);
    try {
      await s.tasks.start();
      // 1536² images: an extraction long enough (tens of ms on a warm worker) for the poll below to
      // see worker A running one; 512² tasks took a few ms by 2026-12-07, and under the suite's load
      // all ten could finish without a poll ever seeing A's running row (all ten succeeded, the poll timed out)
      const ids = await importAndExtract(s, dir, 10, 500, 1536);
      const aId = () => s.db.prepare("SELECT COUNT(*) AS n FROM tasks WHERE status = 'running' AND worker_id LIKE ?").get(`%:${a.pid}:%`) as { n: number };
      // Kill worker A while it runs a task (after a first success, so both are warmed up).
      await until(() => (s.db.prepare("SELECT COUNT(*) AS n FROM tasks WHERE status = 'succeeded'").get() as { n: number }).n >= 1 && aId().n > 0, 30_000, 5);
      const victim = s.db.prepare("SELECT id FROM tasks WHERE status = 'running' AND worker_id LIKE ?").get(`%:${a.pid}:%`) as { id: number } | undefined;
      a.kill('SIGKILL');
      await stopProcess(a);
      const done = await s.tasks.waitFor(ids);
      expect(done.every((t) => t.status === 'succeeded')).toBe(true);
      const check = expectOncePerTask(s, ids);
      expect(check.ok, check.detail).toBe(true);
      // The task the killed worker was running was finished by the other one (unless the kill
      // landed just after A had finished it: then A's result stands, once).
      if (victim) {
        const row = s.db.prepare('SELECT worker_id FROM tasks WHERE id = ?').get(victim.id) as { worker_id: string };
        expect([`:${a.pid}:`, `:${b.pid}:`].some((id) => row.worker_id.includes(id))).toBe(true);
      }
      expect(done.filter((t) => t.ranOn !== null).length).toBe(ids.length);
    } finally {
      await s.close();
      await stopProcess(b);
      await stopProcess(a, 'SIGKILL');
    }
    // A guard against a hang, not a speed limit: real processes extract real images here, and
    // the whole suite runs in parallel on 2 cores (once it took just over 30 s).
  }, 90_000);

  it('Redis stopped for a few seconds mid-batch: tasks wait, then every task completes once', async () => {
    const p = 'restart';
    const s = appOnBroker(join(dir, 'lib2'), redis.url, p, true, 2);
    const seen = new Set<TaskStatus>();
    try {
      await s.tasks.start();
      // (1536² for the same reason: some tasks must still wait when Redis stops after the second success)
      const ids = await importAndExtract(s, dir, 12, 700, 1536);
      await until(() => (s.db.prepare("SELECT COUNT(*) AS n FROM tasks WHERE status = 'succeeded'").get() as { n: number }).n >= 2, 30_000, 5);
      await redis.stop();
      await until(() => !s.tasks.brokerReachable, 10_000);
      for (const t of s.tasks.list()) seen.add(t.status);
      await new Promise((r) => setTimeout(r, 2500));
      expect(s.tasks.list({ status: ['waiting'] }).length).toBeGreaterThan(0);
      await redis.restart();
      const done = await s.tasks.waitFor(ids);
      expect(done.every((t) => t.status === 'succeeded')).toBe(true);
      const check = expectOncePerTask(s, ids);
      expect(check.ok, check.detail).toBe(true);
      expect(seen.has('waiting')).toBe(true);
    } finally {
      await s.close();
    }
  }, 90_000);
});
