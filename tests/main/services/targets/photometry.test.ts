/**
 * From images to a light curve through the library: a series of synthetic FITS images with
 * a TAN WCS is imported, catalogued with our extractor, matched to a target by footprint,
 * measured, and exported. The variable target's relative fluxes must follow the injected
 * factors within 1 %; re-running must leave the same rows.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extract } from '../../../../src/core/extract/index.js';
import { writeFits } from '../../../../src/core/fits/index.js';
import { calendarToMjd, mjdToIso } from '../../../../src/core/time/index.js';
import { headerFromRecord, parseWcs } from '../../../../src/core/wcs/index.js';
import type { TargetService } from '../../../../src/main/services/targets/index.js';
import { parseCsv } from '../../../../src/main/services/targets/index.js';
import type { Services } from '../../../../src/main/services/services.js';
import { testServices } from '../../../helpers/services.js';
import { tempDir } from '../../../helpers/tmp.js';
import { field, rng, type Star } from '../../../core/photometry/synthetic.js';
import { tanHeader, targetService } from './helpers.js';

const W = 160;
const H = 160;
const CENTRE = { ra: 150.1, dec: 2.2 };
const FACTORS = [1, 1.1, 0.9, 1.25, 0.85, 1.05];
const START = calendarToMjd(2026, 11, 27) + 0.125; // 03:00 UTC

let services: Services;
let done: () => Promise<void>;
let tmp: { dir: string; cleanup: () => void };
let targets: TargetService;
const productIds: number[] = [];
let target: Star;
let noWcsProduct = 0;
let otherFieldProduct = 0;

function stars(): Star[] {
  const u = rng(77);
  const out: Star[] = [{ x: 80.4, y: 79.6, flux: 80_000 }];
  while (out.length < 24) {
    const x = 20 + u() * (W - 40);
    const y = 20 + u() * (H - 40);
    if (out.some((s) => Math.hypot(s.x - x, s.y - y) < 18)) continue;
    out.push({ x, y, flux: 15_000 + u() * 120_000 });
  }
  return out;
}

async function importImage(name: string, data: Float32Array, header: Record<string, string | number>): Promise<number> {
  const path = join(tmp.dir, name);
  writeFileSync(path, writeFits([{ header, data, shape: [W, H] }]));
  const { product } = await services.library.importFile(path);
  return product.id;
}

function storeCatalog(productId: number, data: Float32Array, header: Record<string, string | number>): void {
  const wcs = parseWcs(headerFromRecord(header))!;
  const cat = extract(Float32Array.from(data), W, H, { gain: 2 });
  const db = services.db;
  db.prepare('DELETE FROM catalogs WHERE product_id = ?').run(productId);
  db.prepare("INSERT INTO catalogs (product_id, source_count, options_json, created_at) VALUES (?, ?, '{}', '2026-01-01')").run(productId, cat.sources.length);
  const ins = db.prepare(
    'INSERT INTO sources (product_id, id, x, y, ra, dec, peak, flux_auto, fwhm, background, flags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const s of cat.sources) {
    const [ra, dec] = wcs.pixToSky(s.x, s.y);
    ins.run(productId, s.id, s.x, s.y, ra, dec, s.peak, s.fluxAuto, s.fwhm, s.background, s.flags);
  }
  db.prepare('UPDATE data_products SET source_count = ? WHERE id = ?').run(cat.sources.length, productId);
}

beforeAll(async () => {
  ({ services, done } = testServices());
  tmp = tempDir();
  targets = targetService(services);
  const list = stars();
  target = list[0]!;
  for (let e = 0; e < FACTORS.length; e++) {
    // Pointing moves by a few pixels each night; the WCS follows it.
    const dx = [0, 2.2, -1.4, 3.1, -2.6, 0.8][e]!;
    const dy = [0, -1.1, 2.7, 0.4, -3.3, 1.9][e]!;
    const img = field(
      list.map((s, k) => ({ x: s.x + dx, y: s.y + dy, flux: s.flux * (k === 0 ? FACTORS[e]! : 1) * [1, 0.95, 1.02, 0.9, 0.97, 1][e]! })),
      { width: W, height: H, sky: 600, sigma: 1.4, gain: 2, readNoise: 5, seed: 500 + e },
    );
    const header: Record<string, string | number> = {
      ...tanHeader(CENTRE.ra, CENTRE.dec, W, H),
      CRPIX1: (W + 1) / 2 + dx,
      CRPIX2: (H + 1) / 2 + dy,
      'DATE-OBS': mjdToIso(START + e, 1),
      EXPTIME: 120,
      GAIN: 2,
      RDNOISE: 5,
      FILTER: 'V',
      OBJECT: 'Field-A',
    };
    const id = await importImage(`e${e}.fits`, img, header);
    storeCatalog(id, img, header);
    productIds.push(id);
  }
  // An image without WCS (OBJECT names the target's alias) and one of another field.
  const plain = field([], { width: W, height: H, sky: 600, sigma: 1.4, gain: 2, readNoise: 5, seed: 9 });
  noWcsProduct = await importImage('nowcs.fits', plain, { 'DATE-OBS': '2026-12-05T03:00:00', EXPTIME: 60, OBJECT: 'var a' });
  otherFieldProduct = await importImage('other.fits', plain, { ...tanHeader(200, -30, W, H), 'DATE-OBS': '2026-12-06T03:00:00', EXPTIME: 60 });
});

afterAll(async () => {
  await done();
  tmp.cleanup();
});

describe('matching images to targets', () => {
  it('links a new target to the images whose footprint holds it', () => {
    const wcs = parseWcs(headerFromRecord(tanHeader(CENTRE.ra, CENTRE.dec, W, H)))!;
    const [ra, dec] = wcs.pixToSky(target.x, target.y);
    const t = targets.create({ name: 'Var-A', ra, dec, aliases: ['VAR A'] });
    expect(targets.products(t.id).map((l) => l.productId)).toEqual(productIds);
    const first = targets.products(t.id)[0]!;
    expect(first.origin).toBe('footprint');
    expect(first.x).toBeCloseTo(target.x, 6);
    expect(first.y).toBeCloseTo(target.y, 6);
    expect(targets.targetsOf(otherFieldProduct)).toEqual([]);
    // A target elsewhere is not linked; matching a product again changes nothing.
    const far = targets.create({ name: 'Far', ra: 10, dec: 10 });
    expect(targets.products(far.id)).toEqual([]);
    expect(targets.matchProduct(productIds[0]!)).toEqual([t.id]);
    // Moving a target onto the field links it; moving it away again drops the automatic links.
    targets.update(far.id, { ra: ra + 0.001, dec });
    expect(targets.products(far.id).map((l) => l.productId)).toEqual(productIds);
    targets.update(far.id, { ra: 10 });
    expect(targets.products(far.id)).toEqual([]);
    targets.delete(far.id);
  });
  it('offers the OBJECT hint and links/unlinks by hand; an unlink survives re-matching', () => {
    const t = targets.get('Var-A');
    expect(targets.objectHints(noWcsProduct).map((x) => x.name)).toEqual(['Var-A']);
    const l = targets.link(t.id, noWcsProduct);
    expect(l).toMatchObject({ origin: 'manual', x: null, y: null });
    targets.unlink(t.id, productIds[5]!);
    targets.matchTarget(t.id);
    expect(targets.products(t.id).map((x) => x.productId)).not.toContain(productIds[5]);
    targets.link(t.id, productIds[5]!);
    expect(targets.products(t.id).find((x) => x.productId === productIds[5])).toMatchObject({ origin: 'manual' });
    expect(targets.products(t.id).find((x) => x.productId === productIds[5])!.x).toBeCloseTo(target.x + 0.8, 6);
  });
});

describe('photometry and the light curve', () => {
  it('measures every linked image with a WCS and recovers the injected factors within 1 %', () => {
    const t = targets.get('Var-A');
    const r = targets.measure(t.id);
    expect(r.rows).toBe(FACTORS.length);
    // The image without WCS cannot be measured (it is not even sent: no WCS to place stars).
    const lc = targets.lightCurve('var a');
    expect(lc).toHaveLength(FACTORS.length);
    expect(lc.map((p) => p.productId)).toEqual(productIds);
    const rel = lc.map((p) => p.relFlux!);
    const meanRel = rel.reduce((a, b) => a + b, 0) / rel.length;
    const meanF = FACTORS.reduce((a, b) => a + b, 0) / FACTORS.length;
    const worst = Math.max(...rel.map((v, e) => Math.abs(v / meanRel / (FACTORS[e]! / meanF) - 1)));
    console.log(`library light curve: worst |recovered/injected - 1| = ${(worst * 100).toFixed(3)} %, comparisons ${lc[0]!.nComparisons}`);
    expect(worst).toBeLessThan(0.01);
    const p0 = lc[0]!;
    expect(p0.mjd).toBeCloseTo(START + 60 / 86400, 9);
    expect(p0.bjdTdb! - 2400000.5 - p0.mjd).toBeGreaterThan(0); // TDB − UTC = 69.2 s; light time |Δ| < 500 s
    expect(Math.abs((p0.bjdTdb! - 2400000.5 - p0.mjd) * 86400)).toBeLessThan(600);
    expect(p0).toMatchObject({ filter: 'V', exptime: 120 });
    expect(p0.nComparisons).toBeGreaterThanOrEqual(5);
    expect(p0.magErr!).toBeGreaterThan(0);
    expect(p0.x).toBeCloseTo(target.x, 0);
  });
  it('is idempotent: running again leaves the same rows', () => {
    const t = targets.get('Var-A');
    const before = targets.lightCurve(t.id);
    targets.measure(t.id);
    const after = targets.lightCurve(t.id);
    expect(after).toEqual(before);
    const n = services.db.prepare('SELECT COUNT(*) AS n FROM photometry WHERE target_id = ?').get(t.id) as { n: number };
    expect(n.n).toBe(FACTORS.length);
  });
  it('shows the comparison stars and honours the user excluding one', () => {
    const t = targets.get('Var-A');
    const comps = targets.comparisons(t.id);
    const selected = comps.filter((c) => c.verdict === 'selected');
    expect(selected.length).toBeGreaterThanOrEqual(5);
    const victim = selected[0]!;
    targets.setComparison(t.id, victim.ra, victim.dec, 'exclude');
    targets.measure(t.id);
    const after = targets.comparisons(t.id);
    const v = after.find((c) => Math.abs(c.ra - victim.ra) < 1e-6 && Math.abs(c.dec - victim.dec) < 1e-6)!;
    expect(v.choice).toBe('exclude');
    expect(v.verdict).toBe('candidate');
    const nowSelected = after.filter((c) => c.verdict === 'selected');
    expect(nowSelected.length).toBeGreaterThanOrEqual(4);
    expect(targets.lightCurve(t.id)[0]!.nComparisons).toBe(nowSelected.length);
    // Releasing it brings the automatic choice back.
    targets.setComparison(t.id, victim.ra, victim.dec, 'auto');
    targets.measure(t.id);
    expect(targets.comparisons(t.id).filter((c) => c.verdict === 'selected')).toHaveLength(selected.length);
  });
  it('lists images and summaries for the window, and the visibility for a few nights', () => {
    const t = targets.get('Var-A');
    const imgs = targets.images(t.id);
    expect(imgs).toHaveLength(FACTORS.length + 1);
    expect(imgs.filter((i) => i.measured)).toHaveLength(FACTORS.length);
    expect(imgs.find((i) => i.productId === noWcsProduct)).toMatchObject({ origin: 'manual', measured: false, x: null });
    expect(imgs[0]).toMatchObject({ name: 'e0.fits', filter: 'V', origin: 'footprint' });
    const sum = targets.summaries().find((x) => x.id === t.id)!;
    expect(sum).toMatchObject({ images: FACTORS.length + 1, points: FACTORS.length });
    const vis = targets.visibility(t.id, { latitude: 28.76, longitude: -17.88, height: 2326 }, { nights: 2, fromMjd: START, stepMinutes: 60 });
    expect(vis).toHaveLength(2);
    expect(vis[1]!.start - vis[0]!.start).toBeCloseTo(1, 6);
    expect(vis[0]!.samples).toHaveLength(25);
  });
  it('exports TOM Toolkit photometry and the plain table; unlinking drops the point', () => {
    const t = targets.get('Var-A');
    const tom = parseCsv(targets.exportTomPhotometry(t.id));
    expect(tom[0]).toEqual(['time', 'filter', 'magnitude', 'error', 'limit']);
    expect(tom).toHaveLength(FACTORS.length + 1);
    expect(Number(tom[1]![0])).toBeCloseTo(START + 60 / 86400, 7);
    expect(tom[1]![1]).toBe('V');
    const table = parseCsv(targets.exportLightCurveTable(t.id));
    expect(table[0]!.slice(0, 7)).toEqual(['mjd', 'mag', 'mag_err', 'flux', 'flux_err', 'filter', 'product']);
    expect(table[1]![6]).toBe('e0.fits');
    targets.unlink(t.id, productIds[2]!);
    expect(targets.lightCurve(t.id).map((p) => p.productId)).not.toContain(productIds[2]);
    targets.delete(t.id);
    expect(services.db.prepare('SELECT COUNT(*) AS n FROM photometry').get()).toEqual({ n: 0 });
  });
});
