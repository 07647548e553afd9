import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../src/main/services/logger.js';
import { createServices, type Services } from '../../../../src/main/services/services.js';
import { tempDir } from '../../../helpers/tmp.js';

let services: Services;
let cleanup: () => void;

beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = tempDir());
  services = createServices({ dataDir: join(dir, 'lib'), logger: silentLogger, tasks: { threads: 1, brokerUrl: null } });
  await services.tasks.start();
});
afterAll(async () => {
  await services.close();
  cleanup();
});

const count = () => (services.db.prepare('SELECT COUNT(*) AS n FROM tasks').get() as { n: number }).n;

describe('TaskService.enqueueMany', () => {
  it('writes every row before returning, with the options of each, and runs them all once', async () => {
    const before = count();
    const views = services.tasks.enqueueMany([
      { kind: 'noop', payload: { n: 1 } },
      { kind: 'noop', payload: { n: 2 }, options: { priority: 7, maxAttempts: 2, batchId: 'b1' } },
      { kind: 'noop', payload: { n: 3 }, options: { timeLimitMs: 60_000 } },
    ]);
    expect(count()).toBe(before + 3);
    expect(views.map((v) => v.status)).toEqual(['queued', 'queued', 'queued']);
    expect(views[1]).toMatchObject({ priority: 7, maxAttempts: 2, batchId: 'b1', attempts: 0, kind: 'noop' });
    expect(new Set(views.map((v) => v.id)).size).toBe(3);
    const row = services.db.prepare('SELECT payload, time_limit_ms FROM tasks WHERE id = ?').get(views[2]!.id) as { payload: string; time_limit_ms: number };
    expect(JSON.parse(row.payload)).toEqual({ n: 3 });
    expect(row.time_limit_ms).toBe(60_000);
    const done = await services.tasks.waitFor(views.map((v) => v.id));
    expect(done.map((t) => [t.status, t.attempts, t.ranOn])).toEqual([
      ['succeeded', 1, 'local'],
      ['succeeded', 1, 'local'],
      ['succeeded', 1, 'local'],
    ]);
    expect(done.every((t) => t.startedAt !== null && t.finishedAt !== null)).toBe(true);
  });

  it('writes nothing when one task is malformed or of an unknown kind', () => {
    const before = count();
    expect(() => services.tasks.enqueueMany([{ kind: 'noop', payload: {} }, { kind: 'noop', payload: { n: 'x' } }])).toThrow(/malformed payload/);
    expect(() => services.tasks.enqueueMany([{ kind: 'noop', payload: {} }, { kind: 'nope', payload: {} }])).toThrow(/unknown task kind/);
    expect(count()).toBe(before);
  });

  it('returns nothing for an empty list', () => {
    expect(services.tasks.enqueueMany([])).toEqual([]);
  });
});
