import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailService } from '../../../../src/main/services/mail/mail-service.js';
import { silentLogger } from '../../../../src/main/services/logger.js';
import { createServices, type Services } from '../../../../src/main/services/services.js';
import { storeCatalog } from '../../../../src/main/services/library/catalog-ingest.js';
import { toColumns } from '../../../../src/main/services/tasks/kinds/extract/source-columns.js';
import type { TaskView } from '../../../../src/shared/domain.js';
import { writeStarFits } from '../../../helpers/star-fits.js';
import { tempDir } from '../../../helpers/tmp.js';

process.env.NIGHTSHIFT_DEBUG_TASKS = '1';

let services: Services;
let dir: string;
let cleanup: () => void;
const changed: number[][] = [];

beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  services = createServices({ dataDir: join(dir, 'lib'), logger: silentLogger, tasks: { threads: 2, backoffBaseMs: 50, maxOldGenerationSizeMb: 64 } });
  services.events.onAny((event, payload) => {
    if (event === 'tasks:changed') changed.push((payload as { ids: number[] }).ids);
  });
  await services.tasks.start();
});
afterAll(async () => {
  await services.close();
  cleanup();
});

const wait = (id: number): Promise<TaskView> => services.tasks.waitFor([id]).then((v) => v[0]!);

describe('TaskService with the local pool', () => {
  it('extracts an imported image into one catalog, with progress events', async () => {
    const file = writeStarFits(join(dir, 'a.fits'), { seed: 3, stars: 8 });
    const { product } = await services.library.importFile(file);
    const task = services.tasks.enqueue('extract', { productId: product.id });
    expect(task.status).toBe('queued');
    expect(services.library.get(product.id).status).toBe('queued');
    const done = await wait(task.id);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 1, progress: 1, ranOn: 'local', error: null, productId: product.id });
    const p = services.library.get(product.id);
    expect(p.status).toBe('extracted');
    expect(p.sources).toBeGreaterThanOrEqual(6);
    const count = services.db.prepare('SELECT COUNT(*) AS n FROM sources WHERE product_id = ?').get(product.id) as { n: number };
    expect(count.n).toBe(p.sources);
    const withSky = services.db.prepare('SELECT COUNT(*) AS n FROM sources WHERE product_id = ? AND ra IS NOT NULL').get(product.id) as { n: number };
    expect(withSky.n).toBe(p.sources);
    expect(changed.some((ids) => ids.includes(task.id))).toBe(true);
  });

  it('stores a result delivered twice once', async () => {
    const file = writeStarFits(join(dir, 'b.fits'), { seed: 4 });
    const { product } = await services.library.importFile(file);
    const t = await wait(services.tasks.enqueue('extract', { productId: product.id }).id);
    const before = services.db.prepare('SELECT * FROM catalogs WHERE product_id = ?').get(product.id);
    const ctx = { db: services.db, clock: services.clock, logger: silentLogger, events: services.events, settings: services.settings, paths: services.paths, mail: new MailService() };
    const output = { hdu: 0, width: 1, height: 1, globalBackground: 0, globalRms: 1, options: {}, sources: toColumns([]) };
    services.db.transaction(() => storeCatalog(ctx, product.id, t.id, output))();
    expect(services.db.prepare('SELECT * FROM catalogs WHERE product_id = ?').get(product.id)).toEqual(before);
    expect(services.db.prepare('SELECT COUNT(*) AS n FROM catalogs').get()).toEqual({ n: 2 });
  });

  it('fails a task whose worker throws, exits or runs out of memory, and keeps serving others', async () => {
    const thrown = services.tasks.enqueue('debug', { mode: 'throw' });
    const exited = services.tasks.enqueue('debug', { mode: 'exit' });
    const oom = services.tasks.enqueue('debug', { mode: 'oom' });
    const fine = services.tasks.enqueue('debug', { mode: 'ok', value: 7 });
    const [a, b, c, d] = await services.tasks.waitFor([thrown.id, exited.id, oom.id, fine.id]);
    expect(a).toMatchObject({ status: 'failed', error: { code: 'internal', message: 'debug task failed on purpose' } });
    expect(b).toMatchObject({ status: 'failed', error: { code: 'worker_exited' } });
    expect(b!.error!.message).toContain('code: 3');
    expect(c).toMatchObject({ status: 'failed', error: { code: 'out_of_memory' } });
    expect(d).toMatchObject({ status: 'succeeded' });
    const after = await wait(services.tasks.enqueue('debug', { mode: 'ok' }).id);
    expect(after.status).toBe('succeeded');
  });

  it('stops a task past its time limit with timed_out', async () => {
    const t = services.tasks.enqueue('debug', { mode: 'hang' }, { timeLimitMs: 1500 });
    const done = await wait(t.id);
    expect(done).toMatchObject({ status: 'failed', error: { code: 'timed_out' } });
    expect(done.error!.message).toContain('1500 ms');
  });

  it('cancels a running task (its thread is replaced) and a queued one', async () => {
    const t = services.tasks.enqueue('debug', { mode: 'hang' });
    // wait until it runs
    for (let i = 0; i < 100 && services.tasks.get(t.id).status !== 'running'; i++) await new Promise((r) => setTimeout(r, 20));
    const cancelled = await services.tasks.cancel(t.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', error: { code: 'cancelled' } });
    const delayed = services.tasks.enqueue('debug', { mode: 'ok' }, { delayMs: 60_000 });
    expect((await services.tasks.cancel(delayed.id)).status).toBe('cancelled');
    expect((await wait(services.tasks.enqueue('debug', { mode: 'ok' }).id)).status).toBe('succeeded');
  });

  it('retries retryable errors with backoff up to maxAttempts, and retry() starts over', async () => {
    const t = services.tasks.enqueue('debug', { mode: 'retryable' }, { maxAttempts: 3 });
    const done = await wait(t.id);
    expect(done).toMatchObject({ status: 'failed', attempts: 3, error: { code: 'unavailable' } });
    const again = services.tasks.retry(t.id);
    expect(again).toMatchObject({ status: 'queued', attempts: 0, error: null });
    expect((await wait(t.id)).attempts).toBe(3);
    expect(() => services.tasks.retry(services.tasks.enqueue('debug', { mode: 'sleep', ms: 10 }).id)).toThrow(/only failed or cancelled/);
  });

  it('honours delay and priority', async () => {
    const started = Date.now();
    const delayed = services.tasks.enqueue('debug', { mode: 'ok' }, { delayMs: 400 });
    const done = await wait(delayed.id);
    expect(Date.parse(done.startedAt!) - started).toBeGreaterThanOrEqual(350);
    // Fill both threads (freed 300 ms apart, so the two queued tasks never start in the same
    // instant), then queue low before high: high takes the first free thread.
    const blockers = [600, 900].map((ms) => services.tasks.enqueue('debug', { mode: 'sleep', ms }));
    await new Promise((r) => setTimeout(r, 300));
    const low = services.tasks.enqueue('debug', { mode: 'ok' }, { priority: 0 });
    const high = services.tasks.enqueue('debug', { mode: 'ok' }, { priority: 10 });
    const [l, h] = await services.tasks.waitFor([low.id, high.id, ...blockers.map((b) => b.id)]);
    expect(Date.parse(h!.startedAt!)).toBeLessThanOrEqual(Date.parse(l!.startedAt!));
  });

  it('refuses a malformed payload at enqueue, and fails a corrupted one with invalid_argument', async () => {
    expect(() => services.tasks.enqueue('extract', { productId: 'x' })).toThrow(/malformed payload/);
    expect(() => services.tasks.enqueue('nope', {})).toThrow(/unknown task kind/);
    const t = services.tasks.enqueue('debug', { mode: 'ok' }, { delayMs: 300 });
    services.db.prepare("UPDATE tasks SET payload = '{\"mode\":42}' WHERE id = ?").run(t.id);
    const done = await wait(t.id);
    expect(done).toMatchObject({ status: 'failed', error: { code: 'invalid_argument' } });
    expect(done.error!.message).toContain('malformed payload');
  });

  it('fails extraction of a product whose file is gone, marking the product failed', async () => {
    const file = writeStarFits(join(dir, 'gone.fits'), { seed: 9 });
    const { product } = await services.library.importFile(file);
    services.db.prepare("UPDATE data_products SET store_path = 'files/00/missing.fits' WHERE id = ?").run(product.id);
    const done = await wait(services.tasks.enqueue('extract', { productId: product.id }, { maxAttempts: 1 }).id);
    expect(done).toMatchObject({ status: 'failed', error: { code: 'not_found' } });
    expect(services.library.get(product.id)).toMatchObject({ status: 'failed', error: { code: 'not_found' } });
  });

  it('prunes finished records older than the retention setting', () => {
    const old = new Date(Date.now() - 40 * 86_400_000).toISOString();
    services.db
      .prepare("INSERT INTO tasks (kind, payload, status, created_at, updated_at, finished_at) VALUES ('noop', '{}', 'succeeded', ?, ?, ?)")
      .run(old, old, old);
    const before = services.tasks.list().length;
    expect(services.tasks.prune()).toBe(1);
    expect(services.tasks.list().length).toBe(before - 1);
    services.settings.set({ retention: { taskDays: 1 } });
    expect(services.tasks.prune()).toBe(0);
  });
});

describe('TaskService recovery', () => {
  it('requeues tasks left running by a dead process and runs them', async () => {
    const { dir: d2, cleanup: c2 } = tempDir();
    const s = createServices({ dataDir: d2, logger: silentLogger, tasks: { threads: 1 } });
    try {
      const now = new Date().toISOString();
      s.db
        .prepare("INSERT INTO tasks (kind, payload, status, attempts, runner, owner, created_at, updated_at) VALUES ('noop', '{}', 'running', 1, 'local', ?, ?, ?)")
        .run(`${(await import('node:os')).hostname()}:999999`, now, now);
      await s.tasks.start();
      const [t] = await s.tasks.waitFor([1]);
      expect(t).toMatchObject({ status: 'succeeded', attempts: 1 });
    } finally {
      await s.close();
      c2();
    }
  });
});

describe('TaskService pause with tasks already handed to the pool', () => {
  it('takes back the unstarted ones, starts nothing new, and runs them after resuming', async () => {
    const { dir: d3, cleanup: c3 } = tempDir();
    const s = createServices({ dataDir: d3, logger: silentLogger, tasks: { threads: 1 } });
    try {
      await s.tasks.start();
      const first = s.tasks.enqueue('debug', { mode: 'sleep', ms: 800 });
      const rest = [1, 2, 3].map(() => s.tasks.enqueue('debug', { mode: 'ok' }));
      for (let i = 0; i < 200 && s.tasks.get(first.id).status !== 'running'; i++) await new Promise((r) => setTimeout(r, 10));
      s.tasks.setPaused(true);
      await s.tasks.waitFor([first.id]);
      await new Promise((r) => setTimeout(r, 300));
      for (const t of rest) expect(s.tasks.get(t.id)).toMatchObject({ status: 'queued', attempts: 0, startedAt: null });
      s.tasks.setPaused(false);
      const done = await s.tasks.waitFor(rest.map((t) => t.id));
      expect(done.map((t) => [t.status, t.attempts])).toEqual([['succeeded', 1], ['succeeded', 1], ['succeeded', 1]]);
    } finally {
      await s.close();
      c3();
    }
  });
});

describe('TaskService priorities with a batch already handed to the pool', () => {
  it('runs a task the user asked for now before the bulk work waiting in the pool', async () => {
    const { dir: d4, cleanup: c4 } = tempDir();
    const s = createServices({ dataDir: d4, logger: silentLogger, tasks: { threads: 1 } });
    try {
      await s.tasks.start();
      const bulk = s.tasks.enqueueMany(Array.from({ length: 6 }, () => ({ kind: 'debug', payload: { mode: 'sleep', ms: 150 } })));
      for (let i = 0; i < 200 && s.tasks.get(bulk[0]!.id).status !== 'running'; i++) await new Promise((r) => setTimeout(r, 10));
      // All six are claimed and waiting in the pool's queue by now; the urgent one comes later.
      expect(s.db.prepare("SELECT count(*) AS n FROM tasks WHERE job_id = 'local'").get()).toEqual({ n: 6 });
      const urgent = s.tasks.enqueue('debug', { mode: 'ok' }, { priority: 10 });
      const [u, ...rest] = await s.tasks.waitFor([urgent.id, ...bulk.map((t) => t.id)]);
      const finished = (t: TaskView) => Date.parse(t.finishedAt!);
      for (const b of rest.slice(1)) expect(finished(u!)).toBeLessThan(finished(b));
    } finally {
      await s.close();
      c4();
    }
  });
});
