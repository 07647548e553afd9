/**
 * Every task kind runs on a `nightshift worker` that shares no disk with the app: its folder is
 * elsewhere, and the app's files are out of its reach while it runs (renamed away after the
 * app queued the jobs and before the worker starts). Each kind's declared file inputs then
 * reach the worker through the broker's content-addressed store: one image for `extract`, all
 * of a target's images for `photometry`, the image and the index files that fit it for `solve`.
 */
import { renameSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headerFromRecord, parseWcs } from '../../../../../src/core/wcs/index.js';
import { importPaths } from '../../../../../src/main/services/library/import-paths.js';
import { silentLogger } from '../../../../../src/main/services/logger.js';
import { createServices, type Services } from '../../../../../src/main/services/services.js';
import { startRedis, type TestRedis } from '../../../../helpers/redis.js';
import { stopProcess, workerProcess } from '../../../../reliability/broker-helpers.js';
import { tempDir } from '../../../../helpers/tmp.js';
import { until } from '../../../../helpers/until.js';
import { header, VAR, writeEpoch } from '../../../../helpers/variable-field.js';
import { indexFolder, writeUnsolvedField } from '../../../../helpers/unsolved-field.js';

const FACTORS = [1, 1.2, 0.85];
const PREFIX = 'remote';

let redis: TestRedis;
let tmp: ReturnType<typeof tempDir>;
let app: Services;

/** True once each task's job is in Redis (the app uploaded its files then added it). */
function queuedOnBroker(ids: readonly number[]): boolean {
  const rows = app.db.prepare(`SELECT job_id FROM tasks WHERE id IN (${ids.join(',')})`).all() as Array<{ job_id: string | null }>;
  return rows.length === ids.length && rows.every((r) => r.job_id?.startsWith('t') === true);
}

/**
 * Runs the jobs waiting in Redis on `nightshift worker` as if on another machine: the app's
 * library folder is renamed away while it runs, and the worker's folder is elsewhere.
 */
async function runElsewhere(ids: readonly number[], alsoAway: readonly string[] = []): Promise<void> {
  await until('the jobs in Redis', () => queuedOnBroker(ids));
  const away = `${app.paths.files}-away`;
  renameSync(app.paths.files, away);
  for (const p of alsoAway) renameSync(p, `${p}-away`);
  try {
    const worker = await workerProcess(redis.url, PREFIX, join(tmp.dir, 'elsewhere', 'cache'), ['--concurrency', '1']);
    try {
      await app.tasks.waitFor([...ids]);
    } finally {
      await stopProcess(worker);
    }
  } finally {
    renameSync(away, app.paths.files);
    for (const p of alsoAway) renameSync(`${p}-away`, p);
  }
}

beforeAll(async () => {
  redis = await startRedis();
  tmp = tempDir();
  app = createServices({
    dataDir: join(tmp.dir, 'app'),
    logger: silentLogger,
    tasks: { threads: 1, brokerUrl: redis.url, broker: { prefix: PREFIX, ownWorker: false, lockMs: 2000 } },
  });
  await app.tasks.start();
});

afterAll(async () => {
  await app.close();
  await redis.stop();
  tmp.cleanup();
});

describe('every kind on a worker whose library folder is elsewhere', () => {
  it('extracts each image from the bytes the broker carries (one file per task)', async () => {
    const summary = await importPaths(app, FACTORS.map((_, e) => writeEpoch(tmp.dir, e, FACTORS)), { extract: true, batchId: 'remote-import' });
    const ids = summary.imported.map((i) => i.taskId!);
    expect(ids).toHaveLength(FACTORS.length);
    await runElsewhere(ids);
    for (const id of ids) expect(app.tasks.get(id)).toMatchObject({ status: 'succeeded', ranOn: hostname() });
    const extracted = app.db.prepare("SELECT COUNT(*) AS n FROM data_products WHERE status = 'extracted' AND source_count > 0").get();
    expect(extracted).toEqual({ n: FACTORS.length });
  });

  it("measures a target on all its images from the bytes the broker carries (every image of the target)", async () => {
    const wcs = parseWcs(headerFromRecord(header(0)))!;
    const [ra, dec] = wcs.pixToSky(VAR.x, VAR.y);
    const target = app.targets.create({ name: 'V1', ra, dec });
    const photometry = () => app.db.prepare("SELECT id FROM tasks WHERE kind = 'photometry' ORDER BY id").all() as Array<{ id: number }>;
    const ids = (await until('a photometry task', () => (photometry().length > 0 ? photometry() : null))).map((t) => t.id);
    await runElsewhere(ids);
    for (const id of ids) {
      const t = app.tasks.get(id);
      expect(t, JSON.stringify(t.error)).toMatchObject({ status: 'succeeded', ranOn: hostname() });
    }
    const lc = app.targets.lightCurve(target.id);
    expect(lc).toHaveLength(FACTORS.length);
    const rel = lc.map((p) => p.relFlux!);
    const mean = rel.reduce((a, b) => a + b, 0) / rel.length;
    const meanF = FACTORS.reduce((a, b) => a + b, 0) / FACTORS.length;
    rel.forEach((r, e) => expect(Math.abs(r / mean / (FACTORS[e]! / meanF) - 1)).toBeLessThan(0.03));
  });

  it('solves an image without a WCS from the bytes the broker carries (the image and the index files that fit it), then extracts it with RA/Dec', async () => {
    const indexDir = indexFolder(join(tmp.dir, 'index'));
    app.settings.set({ solve: { indexDirs: [indexDir] } });
    const { path } = writeUnsolvedField(join(tmp.dir, 'unsolved.fits'));
    const summary = await importPaths(app, [path], { batchId: 'remote-solve' });
    const { productId, taskId } = summary.imported[0]!;
    expect(app.tasks.get(taskId!).kind).toBe('solve');
    // the index folder is out of the worker's reach too
    await runElsewhere([taskId!], [indexDir]);
    expect(app.tasks.get(taskId!)).toMatchObject({ status: 'succeeded', ranOn: hostname() });
    expect(app.library.get(productId).solution).toMatchObject({ solved: true });
    const extract = await until('the extraction after the solve', () => app.tasks.list({ productId, kind: 'extract' })[0]);
    await runElsewhere([extract.id]);
    expect(app.tasks.get(extract.id)).toMatchObject({ status: 'succeeded', ranOn: hostname() });
    const withSky = app.db.prepare('SELECT COUNT(*) AS n FROM sources WHERE product_id = ? AND ra IS NOT NULL').get(productId) as { n: number };
    expect(withSky.n).toBeGreaterThan(20);
  });
});
