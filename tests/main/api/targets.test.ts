/**
 * The `targets:*` channels through the dispatcher: outputs fit their schemas, images carry the
 * target's pixel position, exports are CSV, visibility follows the site setting, comparison
 * choices queue a new measurement, deleting a target cancels its queued photometry.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatch, type Dispatch } from '../../../src/main/api/dispatch.js';
import { targetVisibility } from '../../../src/main/api/target-handlers.js';
import { silentLogger } from '../../../src/main/services/logger.js';
import type { Services } from '../../../src/main/services/services.js';
import { storeCatalog } from '../../../src/main/services/library/catalog-ingest.js';
import { toColumns } from '../../../src/main/services/tasks/kinds/extract/source-columns.js';
import { parseCsv } from '../../../src/main/services/targets/index.js';
import { extract } from '../../../src/core/extract/index.js';
import { openFits, readImage, writeFits } from '../../../src/core/fits/index.js';
import { headerFromRecord, parseWcs } from '../../../src/core/wcs/index.js';
import { contract, type Channel } from '../../../src/shared/contract.js';
import { starField } from '../../helpers/seed.js';
import { testServices } from '../../helpers/services.js';
import { tempDir } from '../../helpers/tmp.js';

let dispatch: Dispatch;
let services: Services;
let done: () => Promise<void>;
let tmp: ReturnType<typeof tempDir>;
const products: number[] = [];
const STARS = [
  { x: 63, y: 63, flux: 50_000 },
  { x: 20.5, y: 30.2, flux: 40_000 },
  { x: 100.2, y: 25.7, flux: 60_000 },
  { x: 30.4, y: 100.1, flux: 45_000 },
  { x: 96.6, y: 98.3, flux: 55_000 },
  { x: 60.2, y: 20.4, flux: 35_000 },
];

async function ok<C extends Channel>(channel: C, input?: unknown): Promise<unknown> {
  const r = await dispatch(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.code} ${r.message}`);
  contract[channel].output.parse(r.data);
  return r.data;
}

beforeAll(async () => {
  const t = testServices();
  services = t.services;
  done = t.done;
  tmp = tempDir();
  dispatch = createDispatch({ services, shell: 'host' }, silentLogger);
  for (let e = 0; e < 3; e++) {
    const bytes = starField(128, 128, STARS.map((s, k) => ({ ...s, flux: s.flux * (k === 0 ? [1, 1.2, 0.9][e]! : 1) })), 200, 4, 70 + e);
    const path = join(tmp.dir, `t${e}.fits`);
    writeFileSync(path, bytes);
    const { product } = await services.library.importFile(path);
    // The extract task's result, computed here (the task runner is not started in this test).
    const fits = openFits(bytes);
    const img = readImage(fits, 0, { type: 'float32' });
    const wcs = parseWcs(fits.hdus[0]!.header)!;
    const cat = extract(img.data as Float32Array, img.width, img.height, {}, { pixToSky: (x, y) => wcs.pixToSky(x, y) });
    storeCatalog({ db: services.db, clock: services.clock, events: services.events } as never, product.id, null, {
      hdu: 0, width: 128, height: 128, globalBackground: cat.globalBackground, globalRms: cat.globalRms, options: {}, sources: toColumns(cat.sources),
    });
    products.push(product.id);
  }
});

afterAll(async () => {
  await done();
  tmp.cleanup();
});

describe('targets channels', () => {
  let id = 0;

  it('creates a target from sexagesimal text, lists it with its images, and queues its photometry', async () => {
    const t = (await ok('targets:create', { name: 'T1', ra: '10:00:24.0', dec: '+02:12:00', tags: ['a'] })) as { id: number; ra: number; dec: number };
    id = t.id;
    expect(t.ra).toBeCloseTo(150.1, 9);
    expect(t.dec).toBeCloseTo(2.2, 9);
    const list = (await ok('targets:list')) as Array<{ id: number; images: number; points: number }>;
    expect(list).toEqual([expect.objectContaining({ id, images: 3, points: 0 })]);
    const images = (await ok('targets:images', { id })) as Array<{ productId: number; x: number; y: number; measured: boolean }>;
    expect(images.map((i) => i.productId)).toEqual(products);
    const wcs = parseWcs(headerFromRecord({ CTYPE1: 'RA---TAN', CTYPE2: 'DEC--TAN', CRPIX1: 64, CRPIX2: 64, CRVAL1: 150.1, CRVAL2: 2.2, CD1_1: -0.0001, CD1_2: 0, CD2_1: 0, CD2_2: 0.0001 }))!;
    const [x, y] = wcs.skyToPix(150.1, 2.2);
    expect(images[0]!.x).toBeCloseTo(x, 6);
    expect(images[0]!.y).toBeCloseTo(y, 6);
    // Its photometry waits in the queue (one task, whatever asked for it).
    await new Promise((r) => setImmediate(r));
    const queued = services.db.prepare("SELECT id, batch_id FROM tasks WHERE kind = 'photometry' AND status = 'queued'").all() as Array<{ id: number; batch_id: string }>;
    expect(queued).toHaveLength(1);
    expect(queued[0]!.batch_id).toMatch(/^target-/);
    const again = (await ok('targets:measure', { id })) as { id: number };
    expect(again.id).toBe(queued[0]!.id);
  });

  it('serves the light curve, its exports and the comparison stars once measured', async () => {
    services.targets.measure(id);
    const lc = (await ok('targets:lightcurve', { id })) as Array<{ productId: number; flux: number }>;
    expect(lc.map((p) => p.productId)).toEqual(products);
    expect(lc[1]!.flux / lc[0]!.flux).toBeCloseTo(1.2, 1);
    expect(await ok('targets:lightcurve', { id, filter: 'B' })).toEqual([]);
    const tom = (await ok('targets:exportPhotometry', { id, layout: 'tom' })) as { csv: string; fileName: string };
    expect(parseCsv(tom.csv)[0]).toEqual(['time', 'filter', 'magnitude', 'error', 'limit']);
    expect(tom.fileName).toBe('T1-photometry-tom.csv');
    const table = (await ok('targets:exportPhotometry', { id, layout: 'table' })) as { csv: string };
    expect(parseCsv(table.csv)).toHaveLength(4);
    const images = (await ok('targets:images', { id })) as Array<{ measured: boolean }>;
    expect(images.every((i) => i.measured)).toBe(true);
    const comps = (await ok('targets:comparisons', { id })) as Array<{ ra: number; dec: number; verdict: string }>;
    expect(comps.length).toBeGreaterThan(0);
    const after = (await ok('targets:setComparison', { id, ra: comps[0]!.ra, dec: comps[0]!.dec, choice: 'exclude' })) as Array<{ choice: string }>;
    expect(after[0]!.choice).toBe('exclude');
  });

  it('lists the targets on an image, and the targets its OBJECT names', async () => {
    const on = (await ok('targets:ofProduct', { productId: products[0] })) as { linked: Array<{ id: number; name: string; x: number }>; hints: unknown[] };
    expect(on.linked).toEqual([expect.objectContaining({ id, name: 'T1' })]);
    expect(on.hints).toEqual([]);
    const path = join(tmp.dir, 'nowcs.fits');
    writeFileSync(path, writeFits([{ header: { OBJECT: 't-1', 'DATE-OBS': '2026-11-20T03:00:00' }, data: new Float32Array(64 * 64).fill(1), shape: [64, 64] }]));
    const { product } = await services.library.importFile(path);
    const hinted = (await ok('targets:ofProduct', { productId: product.id })) as { linked: unknown[]; hints: Array<{ id: number }> };
    expect(hinted).toEqual({ linked: [], hints: [{ id, name: 'T1' }] });
    expect(await dispatch('targets:ofProduct', { productId: 9999 })).toMatchObject({ ok: false, code: 'not_found' });
  });

  it('unlinks and links an image by hand', async () => {
    const out = (await ok('targets:unlink', { targetId: id, productId: products[2] })) as Array<{ productId: number }>;
    expect(out.map((i) => i.productId)).toEqual(products.slice(0, 2));
    const back = (await ok('targets:link', { targetId: id, productId: products[2] })) as Array<{ productId: number; origin: string }>;
    expect(back.find((i) => i.productId === products[2])!.origin).toBe('manual');
    expect(await dispatch('targets:link', { targetId: id, productId: 9999 })).toMatchObject({ ok: false, code: 'not_found' });
  });

  it('updates, exports and imports targets as CSV', async () => {
    const t = (await ok('targets:update', { id, patch: { notes: 'hello', aliases: ['TEE ONE'] } })) as { notes: string; aliases: string[] };
    expect(t).toMatchObject({ notes: 'hello', aliases: ['TEE ONE'] });
    const { csv } = (await ok('targets:exportCsv')) as { csv: string };
    expect(parseCsv(csv)[1]![0]).toBe('T1');
    const r = (await ok('targets:importCsv', { text: 'name,ra,dec\nT2,12:00:00,-30:00:00\nT1,1,1\n' })) as { created: number[]; errors: string[] };
    expect(r.created).toHaveLength(1);
    expect(r.errors).toEqual([expect.stringMatching(/^line 3: .*already exists/)]);
    expect(await dispatch('targets:create', { name: 'tee one', ra: 1, dec: 1 })).toMatchObject({ ok: false, code: 'conflict' });
    expect(await dispatch('targets:create', { name: 'bad', ra: '25:00:00', dec: 1 })).toMatchObject({ ok: false, code: 'invalid_argument' });
  });

  it('computes visibility at the site from the settings', async () => {
    services.settings.set({ site: { name: 'Paranal', lat: -24.6272, lon: -70.4042, elevation: 2635 } });
    const v = targetVisibility(services, id, 2, Date.UTC(2026, 10, 27, 15));
    expect(v.site.name).toBe('Paranal');
    expect(v.nights).toHaveLength(2);
    const n = v.nights[0]!;
    const tw = n.twilight;
    expect(tw.sunset! < tw.civilDusk! && tw.civilDusk! < tw.nauticalDusk! && tw.nauticalDusk! < tw.astronomicalDusk!).toBe(true);
    expect(tw.astronomicalDusk! < tw.astronomicalDawn! && tw.astronomicalDawn! < tw.sunrise!).toBe(true);
    // Paranal (UTC−4:42 mean solar): sunset near 23:30 UTC in late November.
    const sunsetHourUtc = ((tw.sunset! % 1) + 1) % 1 * 24;
    expect(sunsetHourUtc).toBeGreaterThan(22.5);
    expect(sunsetHourUtc).toBeLessThan(24.5);
    expect(n.samples.length).toBe(145);
    for (const s of n.samples) {
      if (s.altitude <= 0) expect(s.airmass).toBeNull();
      else expect(s.airmass!).toBeGreaterThanOrEqual(1);
    }
    expect(v.nights[1]!.start - n.start).toBeCloseTo(1, 9);
    const viaChannel = (await ok('targets:visibility', { id })) as { nights: unknown[] };
    expect(viaChannel.nights).toHaveLength(3);
  });

  it('deletes a target and cancels its queued photometry', async () => {
    const queued = services.targetAutomation.measure(id, { force: true })!;
    expect(await ok('targets:delete', { id })).toEqual({ deleted: true });
    expect(services.tasks.get(queued.id).status).toBe('cancelled');
    expect(await dispatch('targets:get', { id })).toMatchObject({ ok: false, code: 'not_found' });
    expect(services.db.prepare('SELECT COUNT(*) AS n FROM photometry WHERE target_id = ?').get(id)).toEqual({ n: 0 });
  });
});
