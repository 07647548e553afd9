/**
 * Plate solving in the library: an image imported without a celestial WCS gets a `solve` task
 * before its extraction; the solution is stored with the product (the stored file keeps its
 * bytes), the extraction that follows has RA/Dec, the image is matched to a target added
 * beforehand and the target is measured. An image that cannot be solved says why and is still
 * extracted (pixels only), and so is one whose solve task failed.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../../src/main/services/logger.js';
import { getCatalog } from '../../../../../src/main/services/library/catalog-query.js';
import { importPaths } from '../../../../../src/main/services/library/import-paths.js';
import { listLibraryRows, listProductRows, toProductView } from '../../../../../src/main/services/library/product-rows.js';
import { createServices, type Services } from '../../../../../src/main/services/services.js';
import { tempDir } from '../../../../helpers/tmp.js';
import { until } from '../../../../helpers/until.js';
import { indexFolder, writeNoise, writeUnsolvedField } from '../../../../helpers/unsolved-field.js';

let services: Services;
let tmp: ReturnType<typeof tempDir>;
let indexDir: string;

beforeAll(async () => {
  tmp = tempDir('ns-solve-lib-');
  indexDir = indexFolder(join(tmp.dir, 'index'));
  services = createServices({ dataDir: join(tmp.dir, 'lib'), logger: silentLogger, tasks: { threads: 1 } });
  services.settings.set({ solve: { indexDirs: [indexDir], timeLimitS: 30 } });
  await services.tasks.start();
});

afterAll(async () => {
  await services.close();
  tmp.cleanup();
});

/** The task kinds of a product, in the order queued, once its extraction has ended. */
async function processed(productId: number): Promise<string[]> {
  await until(`product ${productId} extracted`, () => {
    const p = services.library.get(productId);
    return (p.status === 'extracted' || p.status === 'failed') && services.tasks.queries.openTaskOf('extract', productId) === undefined;
  });
  return services.tasks.list({ productId }).sort((a, b) => a.id - b.id).map((t) => `${t.kind}:${t.status}`);
}

describe('plate solving in the library', () => {
  it('solves a WCS-less image before extracting it, stores the solution, extracts RA/Dec and measures the target on it', async () => {
    const { path, star } = writeUnsolvedField(join(tmp.dir, 'night1.fits'), { seed: 5 });
    const target = services.targets.create({ name: 'V1', ra: String(star.ra), dec: String(star.dec) });
    const summary = await importPaths(services, [path], { batchId: 'b1' });
    const { productId, taskId } = summary.imported[0]!;
    expect(services.tasks.get(taskId!).kind).toBe('solve');
    expect(await processed(productId)).toEqual(['solve:succeeded', 'extract:succeeded']);
    expect(services.tasks.list({ productId, kind: 'extract' })[0]!.batchId).toBe('b1');
    expect(services.tasks.list({ productId, kind: 'solve' })[0]!.outcome).toBe('solved');
    expect(services.tasks.list({ productId, kind: 'extract' })[0]!.outcome).toBeNull();

    const product = services.library.get(productId);
    expect(product).toMatchObject({ status: 'extracted', hasWcs: true, solution: { solved: true, parity: 'normal' } });
    if (!product.solution?.solved) return;
    expect(product.solution.scaleArcsec).toBeCloseTo(2.2, 2);
    expect(product.solution.matched).toBeGreaterThanOrEqual(10);
    // the stored file is the imported one, byte for byte
    const row = services.db.prepare('SELECT store_path, sha256 FROM data_products WHERE id = ?').get(productId) as { store_path: string; sha256: string };
    const stored = isAbsolute(row.store_path) ? row.store_path : join(services.paths.root, row.store_path);
    expect(createHash('sha256').update(readFileSync(stored)).digest('hex')).toBe(row.sha256);
    expect(readFileSync(stored).equals(readFileSync(path))).toBe(true);

    // the catalog has sky positions from the solution: the target's star is in it where it is on the sky
    const catalog = getCatalog(services.db, productId)!;
    expect(catalog.sources.length).toBeGreaterThan(20);
    expect(catalog.sources.every((s) => s.ra !== null && s.dec !== null)).toBe(true);
    const nearest = catalog.sources.reduce((b, s) => (Math.hypot(s.x - star.x, s.y - star.y) < Math.hypot(b.x - star.x, b.y - star.y) ? s : b));
    expect(Math.hypot(nearest.x - star.x, nearest.y - star.y)).toBeLessThan(1);
    expect(Math.hypot((nearest.ra! - star.ra) * Math.cos((star.dec * Math.PI) / 180), nearest.dec! - star.dec) * 3600).toBeLessThan(1.5);

    // matched to the target added beforehand, and measured
    await until('the target linked', () => services.targets.products(target.id).some((l) => l.productId === productId));
    const photometry = await until('photometry of the target', () => {
      const t = services.tasks.list({ kind: 'photometry' }).filter((x) => x.targetId === target.id);
      return t.length > 0 && t.every((x) => x.finishedAt !== null) ? t : null;
    });
    expect(photometry.map((t) => t.status)).toEqual(photometry.map(() => 'succeeded'));
    expect(services.targets.lightCurve(target.id)).toHaveLength(1);
  }, 120_000);

  it('reads as solving while its solve task runs, in the product and in the list, then goes on to its extraction', async () => {
    const { path } = writeUnsolvedField(join(tmp.dir, 'night-solving.fits'), { seed: 9 });
    // what the window would see at each products:changed: the product and its row in the list
    // (recorded for every product: the solve may start before the import returns the id)
    const byProduct = new Map<number, string[]>();
    const leanDiffers: number[] = [];
    let id = -1;
    const off = services.events.onAny((event, payload) => {
      if (event !== 'products:changed') return;
      for (const pid of (payload as { ids?: number[] }).ids ?? []) {
        let one: string;
        try {
          one = services.library.get(pid).status;
        } catch {
          continue;
        }
        const listed = listProductRows(services.db).map(toProductView).find((p) => p.id === pid)?.status;
        // the library's own list (library:list) says the same
        if (listLibraryRows(services.db).find((p) => p.id === pid)?.status !== listed) leanDiffers.push(pid);
        const solveRunning = services.tasks.list({ productId: pid, kind: 'solve' }).some((t) => t.status === 'running');
        byProduct.set(pid, [...(byProduct.get(pid) ?? []), `${one}/${listed}/${solveRunning ? 'running' : '-'}`]);
      }
    });
    try {
      const summary = await importPaths(services, [path], { batchId: 'b-solving' });
      id = summary.imported[0]!.productId;
      expect(await processed(id)).toEqual(['solve:succeeded', 'extract:succeeded']);
    } finally {
      off();
    }
    const seen = byProduct.get(id) ?? [];
    expect(leanDiffers).toEqual([]);
    // solving exactly while the task ran; queued before, extracting and extracted after
    expect(seen).toContain('solving/solving/running');
    expect(seen.every((s) => s.startsWith('solving/') === s.endsWith('/running'))).toBe(true);
    const first = seen.indexOf('solving/solving/running');
    expect(seen.slice(first).some((s) => s.startsWith('extracting/'))).toBe(true);
    expect(services.library.get(id).status).toBe('extracted');
  });

  it('says why an image was not solved, and still extracts its pixels', async () => {
    const summary = await importPaths(services, [writeNoise(join(tmp.dir, 'noise.fits'))], { batchId: 'b2' });
    const { productId } = summary.imported[0]!;
    expect(await processed(productId)).toEqual(['solve:succeeded', 'extract:succeeded']);
    const product = services.library.get(productId);
    expect(product).toMatchObject({ status: 'extracted', hasWcs: false, solution: { solved: false } });
    expect(product.solution && !product.solution.solved && product.solution.message).toMatch(/^not solved \(/);
    // the task list says so too: the solve task succeeded, its answer is the reason (not just "succeeded")
    const solveTask = services.tasks.list({ productId, kind: 'solve' })[0]!;
    expect(solveTask.outcome).toBe(product.solution?.solved === false ? product.solution.reason : 'solved');
    expect(services.tasks.get(solveTask.id).outcome).toBe(solveTask.outcome);
    // imported again: nothing more is queued (it has a catalog and an answer)
    const again = await importPaths(services, [join(tmp.dir, 'noise.fits')], { batchId: 'b3' });
    expect(again.imported[0]!.taskId).toBeNull();
  }, 120_000);

  it('extracts an image whose solve task failed (an index file that is not one), without a solution', async () => {
    const bad = join(tmp.dir, 'bad-index');
    indexFolder(bad);
    writeFileSync(join(bad, 'index-zz-broken.fits'), 'SIMPLE  =                    T'.padEnd(2880, ' '));
    services.settings.set({ solve: { indexDirs: [bad] } });
    try {
      const { path } = writeUnsolvedField(join(tmp.dir, 'night2.fits'), { seed: 7 });
      const summary = await importPaths(services, [path], { batchId: 'b4' });
      const { productId } = summary.imported[0]!;
      expect(await processed(productId)).toEqual(['solve:failed', 'extract:succeeded']);
      const solve = services.tasks.list({ productId, kind: 'solve' })[0]!;
      expect(solve.error).toMatchObject({ code: 'bad_index' });
      expect(solve.error!.message).toContain('index-zz-broken.fits');
      expect(services.library.get(productId)).toMatchObject({ status: 'extracted', hasWcs: false, solution: null });
    } finally {
      services.settings.set({ solve: { indexDirs: [indexDir] } });
    }
  }, 120_000);

  it('extracts directly an image imported with solving switched off', async () => {
    services.settings.set({ solve: { onImport: false } });
    try {
      const { path } = writeUnsolvedField(join(tmp.dir, 'night3.fits'), { seed: 8 });
      const { productId } = (await importPaths(services, [path])).imported[0]!;
      expect(await processed(productId)).toEqual(['extract:succeeded']);
      expect(services.library.get(productId).solution).toBeNull();
    } finally {
      services.settings.set({ solve: { onImport: true } });
    }
  }, 120_000);
});
