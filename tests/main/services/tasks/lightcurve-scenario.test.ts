/**
 * Targets → photometry → light curve on real-looking data, through the whole service: FITS
 * images of synthetic star fields (TAN WCS, DATE-OBS, Poisson noise) are imported and
 * extracted by the task runner, targets are added, and the `photometry` tasks (in worker
 * threads) fill the light curves.
 *
 * - Six images of a field with a variable star of known amplitude, constant stars and an empty
 *   position: six points per target; the variable's relative fluxes within 1 % of the truth;
 *   the constant stars' RMS(residual / error) in [0.5, 2]; the empty position gives upper limits.
 * - One image of a field: one point per target, no failure (statistics one image cannot
 *   define are null), a numeric FILTER written as text.
 * - A series whose pointing moves so far that comparison stars leave the frame, and whose
 *   headers have no GAIN (the instrument's gain comes from the settings): every image still
 *   gives a point with a differential magnitude, and the target list, the light curve and the
 *   exports count the same points.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PointFlags } from '../../../../src/core/photometry/index.js';
import { headerFromRecord, parseWcs } from '../../../../src/core/wcs/index.js';
import { importPaths } from '../../../../src/main/services/library/import-paths.js';
import { silentLogger } from '../../../../src/main/services/logger.js';
import { createServices, type Services } from '../../../../src/main/services/services.js';
import { lightCurveCsv, parseCsv, tomPhotometryCsv } from '../../../../src/main/services/targets/index.js';
import type { LightCurvePointView } from '../../../../src/shared/targets.js';
import { rng } from '../../../core/photometry/synthetic.js';
import { type Star, starFieldFits } from '../../../helpers/star-field.js';
import { tanHeader } from '../../../helpers/tan-header.js';
import { tempDir } from '../../../helpers/tmp.js';

const W = 160;
const H = 160;
const SCALE = 0.6;
const FACTORS = [1, 1.15, 0.88, 1.3, 0.8, 1.05, 0.95];
const TRANSPARENCY = [1, 0.95, 1.02, 0.9, 0.97, 1, 0.93];

/** The field: the variable, two constant targets, then constant field stars. Empty spot: EMPTY. */
const VAR = { x: 80.3, y: 79.6, flux: 60_000 };
const C1 = { x: 62.4, y: 97.2, flux: 45_000 };
const C2 = { x: 99.1, y: 63.8, flux: 35_000 };
const EMPTY = { x: 97.5, y: 99.5 };

function fieldStars(): Star[] {
  const u = rng(2024);
  const out: Star[] = [VAR, C1, C2];
  while (out.length < 26) {
    const x = 10 + u() * (W - 20);
    const y = 10 + u() * (H - 20);
    if (out.some((s) => Math.hypot(s.x - x, s.y - y) < 16) || Math.hypot(EMPTY.x - x, EMPTY.y - y) < 20) continue;
    out.push({ x, y, flux: 15_000 + u() * 100_000 });
  }
  return out;
}
const STARS = fieldStars();

let services: Services;
let tmp: ReturnType<typeof tempDir>;

function openTasks(): number {
  return (services.db.prepare("SELECT COUNT(*) AS n FROM tasks WHERE status IN ('queued', 'waiting', 'running')").get() as { n: number }).n;
}

async function idle(): Promise<void> {
  const t0 = Date.now();
  while (openTasks() > 0) {
    if (Date.now() - t0 > 120_000) throw new Error('tasks did not finish');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Writes and imports images of a field (extracted by the task runner); returns their product ids. */
async function importField(
  name: string,
  ra: number,
  epochs: number[],
  options: { shifts?: Array<[number, number]>; header?: (e: number) => Record<string, string | number>; stars?: Star[] } = {},
): Promise<number[]> {
  const paths = epochs.map((e, k) => {
    const stars = (options.stars ?? STARS).map((s, i) => ({ ...s, flux: s.flux * TRANSPARENCY[e]! * (i === 0 ? FACTORS[e]! : 1) }));
    const path = join(tmp.dir, `${name}-${e}.fits`);
    const header = {
      'DATE-OBS': `2026-11-${String(10 + e).padStart(2, '0')}T02:00:00`,
      EXPTIME: 120,
      FILTER: 'V',
      TELESCOP: 'Test 0.4m',
      INSTRUME: 'TestCam',
      OBJECT: name,
      ...options.header?.(e),
    };
    writeFileSync(path, starFieldFits({ stars, width: W, height: H, ra, dec: 2.2, scaleArcsec: SCALE, shift: options.shifts?.[k], seed: 700 + e + ra, header }));
    return path;
  });
  const summary = await importPaths(services, paths, { extract: true, batchId: `import-${name}` });
  expect(summary.imported).toHaveLength(epochs.length);
  await services.tasks.waitFor(summary.imported.map((i) => i.taskId!));
  await idle();
  return summary.imported.map((i) => i.productId);
}

/**
 * Measures the targets once more and waits: the automatic tasks may have started before the
 * last extraction of a batch was linked (the runner goes idle between them).
 */
async function measureAgain(ids: Record<string, number>): Promise<void> {
  await idle();
  const tasks = Object.values(ids).map((id) => services.targetAutomation.measure(id, { force: true })!.id);
  await services.tasks.waitFor(tasks);
  // a follow-up the same images caused may still be running: the checks read every task
  await idle();
}

/** Adds targets at pixel positions of a field (its unshifted frame) and waits for their photometry. */
async function addTargets(prefix: string, ra: number, at: Record<string, { x: number; y: number }>): Promise<Record<string, number>> {
  const wcs = parseWcs(headerFromRecord(tanHeader(ra, 2.2, W, H, SCALE)))!;
  const ids: Record<string, number> = {};
  services.targetAutomation.inBatch(`targets-${prefix}`, () => {
    for (const [name, p] of Object.entries(at)) {
      const [tra, tdec] = wcs.pixToSky(p.x, p.y);
      ids[name] = services.targets.create({ name: `${prefix}-${name}`, ra: tra, dec: tdec }).id;
    }
  });
  await idle();
  return ids;
}

function failedPhotometry(): Array<{ id: number; status: string; error_message: string | null }> {
  return services.db
    .prepare("SELECT id, status, error_message FROM tasks WHERE kind = 'photometry' AND status != 'succeeded'")
    .all() as Array<{ id: number; status: string; error_message: string | null }>;
}

/** RMS of (residual / error) of relative fluxes about their weighted mean, pooled over series. */
function normalisedRms(series: LightCurvePointView[][]): number {
  let chi2 = 0;
  let dof = 0;
  for (const lc of series) {
    const v = lc.map((p) => p.relFlux!);
    const e = lc.map((p) => p.relFluxErr!);
    const w = e.map((x) => 1 / (x * x));
    const mean = v.reduce((a, x, i) => a + x * w[i]!, 0) / w.reduce((a, x) => a + x, 0);
    chi2 += v.reduce((a, x, i) => a + ((x - mean) / e[i]!) ** 2, 0);
    dof += v.length - 1;
  }
  return Math.sqrt(chi2 / dof);
}

beforeAll(async () => {
  tmp = tempDir();
  services = createServices({ dataDir: join(tmp.dir, 'lib'), logger: silentLogger, tasks: { threads: 2 } });
  await services.tasks.start();
});

afterAll(async () => {
  await services.close();
  tmp.cleanup();
});

describe('a light curve from six images of a field', () => {
  const RA = 150.1;
  let ids: Record<string, number>;
  let products: number[];

  beforeAll(async () => {
    const small: Array<[number, number]> = [[0, 0], [2.2, -1.1], [-1.4, 2.7], [3.1, 0.4], [-2.6, -3.3], [0.8, 1.9]];
    products = await importField('six', RA, [0, 1, 2, 3, 4, 5], { shifts: small, header: () => ({ GAIN: 2, RDNOISE: 5 }) });
    ids = await addTargets('six', RA, { V: VAR, C1, C2, empty: EMPTY });
    await measureAgain(ids);
  }, 180_000);

  it('gives six points per target, and the photometry tasks succeed', () => {
    expect(failedPhotometry()).toEqual([]);
    for (const id of Object.values(ids)) {
      const lc = services.targets.lightCurve(id);
      expect(lc.map((p) => p.productId)).toEqual(products);
      expect(services.targets.summaries().find((t) => t.id === id)!.points).toBe(6);
    }
  });

  it("recovers the variable's relative fluxes within 1 % of the truth", () => {
    const lc = services.targets.lightCurve(ids.V!);
    const rel = lc.map((p) => p.relFlux!);
    const meanRel = rel.reduce((a, b) => a + b, 0) / rel.length;
    const meanF = FACTORS.slice(0, 6).reduce((a, b) => a + b, 0) / 6;
    const worst = Math.max(...rel.map((v, e) => Math.abs(v / meanRel / (FACTORS[e]! / meanF) - 1)));
    console.log(`six images: variable's worst |recovered/true - 1| = ${(100 * worst).toFixed(3)} %, ${lc[0]!.nComparisons} comparison stars`);
    expect(worst).toBeLessThan(0.01);
    for (const p of lc) {
      expect(p.mag).not.toBeNull();
      expect(p.flags & (PointFlags.NO_COMPARISON | PointFlags.UPPER_LIMIT | PointFlags.GAIN_ASSUMED)).toBe(0);
    }
  });

  it("gives honest errors: the constant stars' RMS(residual / error) is in [0.5, 2]", () => {
    const rms = normalisedRms([services.targets.lightCurve(ids.C1!), services.targets.lightCurve(ids.C2!)]);
    console.log(`six images: constant targets RMS(residual/error) = ${rms.toFixed(3)}`);
    expect(rms).toBeGreaterThanOrEqual(0.5);
    expect(rms).toBeLessThanOrEqual(2);
  });

  it('turns a position with no star into upper limits, exported in the TOM limit column', () => {
    const lc = services.targets.lightCurve(ids.empty!);
    expect(lc).toHaveLength(6);
    for (const p of lc) {
      expect(p.mag).toBeNull();
      expect(p.flags & PointFlags.UPPER_LIMIT).toBe(PointFlags.UPPER_LIMIT);
      expect(p.magLimit).not.toBeNull();
      // 3σ of the empty aperture is far fainter than the constant 35 000 ADU star.
      expect(p.magLimit!).toBeGreaterThan(services.targets.lightCurve(ids.C2!)[0]!.mag! + 2);
    }
    const tom = parseCsv(tomPhotometryCsv(lc));
    expect(tom[0]).toEqual(['time', 'filter', 'magnitude', 'error', 'limit']);
    expect(tom).toHaveLength(7);
    for (const row of tom.slice(1)) {
      expect(row[2]).toBe('');
      expect(Number(row[4])).toBeGreaterThan(0);
    }
  });
});

describe('a target on one image', () => {
  const RA = 160.1;
  let ids: Record<string, number>;

  beforeAll(async () => {
    await importField('one', RA, [0], { header: () => ({ GAIN: 2, FILTER: 2 }) });
    ids = await addTargets('one', RA, { V: VAR, C1 });
    await measureAgain(ids);
  }, 180_000);

  it('gives one point per target with a magnitude; what one image cannot define is null', () => {
    expect(failedPhotometry()).toEqual([]);
    for (const id of Object.values(ids)) {
      const lc = services.targets.lightCurve(id);
      expect(lc).toHaveLength(1);
      expect(lc[0]!.mag).not.toBeNull();
      expect(lc[0]!.nComparisons).toBeGreaterThanOrEqual(3);
      const comps = services.targets.comparisons(id).filter((c) => c.verdict === 'selected');
      expect(comps.length).toBe(lc[0]!.nComparisons);
      expect(comps.every((c) => c.reducedChi2 === null && c.imagesUsed === 1)).toBe(true);
    }
    // The forced fluxes agree with the truth (each target has its own ensemble, so relative fluxes of two targets differ in scale).
    const v = services.targets.lightCurve(ids.V!)[0]!;
    const c1 = services.targets.lightCurve(ids.C1!)[0]!;
    expect(Math.abs(v.flux! / c1.flux! / (VAR.flux / C1.flux) - 1)).toBeLessThan(0.02);
  });

  it('writes a numeric FILTER as text in every export', () => {
    const lc = services.targets.lightCurve(ids.V!);
    expect(lc[0]!.filter).toBe('2');
    const tom = tomPhotometryCsv(lc);
    // An all-numeric filter column gets an ECSV type header, so astropy (the TOM Toolkit's reader) keeps it text.
    expect(tom.startsWith('# %ECSV 1.0\r\n')).toBe(true);
    expect(tom).toContain('# - {name: filter, datatype: string}');
    const rows = parseCsv(tom).filter((r) => !r[0]!.startsWith('#'));
    expect(rows[0]).toEqual(['time', 'filter', 'magnitude', 'error', 'limit']);
    expect(rows[1]![1]).toBe('2');
    expect(parseCsv(lightCurveCsv(lc))[1]![5]).toBe('2');
  });
});

describe('a series whose comparison stars leave the frame, without GAIN in the headers', () => {
  const RA = 170.1;
  let id: number;
  // Shifts of 52 px on a 160 px frame: every field star outside the central square is off
  // (its aperture runs off the image) on at least one image, and the square holds only the
  // variable, so no comparison star is on every image.
  const BIG: Array<[number, number]> = [[0, 0], [1, -2], [-2, 1], [52, 3], [-52, -2], [2, 52], [-3, -52]];
  const stars = STARS.filter((st, i) => i === 0 || (i > 2 && !(st.x > 55 && st.x < 105 && st.y > 55 && st.y < 105)));
  const EPOCHS = [0, 1, 2, 3, 4, 5, 6];

  beforeAll(async () => {
    services.settings.set({ photometry: { gains: { 'Test 0.4m/TestCam': 2 } } });
    // Three images first: the target gets its points.
    await importField('move', RA, EPOCHS.slice(0, 3), { shifts: BIG.slice(0, 3), stars });
    id = (await addTargets('move', RA, { V: VAR })).V!;
    expect(services.targets.lightCurve(id).filter((p) => p.mag !== null)).toHaveLength(3);
    // Then four more images of the field, far off the first pointing.
    await importField('move', RA, EPOCHS.slice(3), { shifts: BIG.slice(3), stars });
    await measureAgain({ V: id });
  }, 240_000);

  it('keeps a differential magnitude on every image, each with the comparison stars on it', () => {
    expect(failedPhotometry()).toEqual([]);
    const lc = services.targets.lightCurve(id);
    expect(lc).toHaveLength(7);
    for (const p of lc) {
      expect(p.mag).not.toBeNull();
      expect(p.nComparisons).toBeGreaterThanOrEqual(3);
    }
    const comps = services.targets.comparisons(id).filter((c) => c.verdict === 'selected');
    expect(comps.length).toBeGreaterThanOrEqual(5);
    expect(comps.every((c) => c.imagesUsed! < 7)).toBe(true);
    expect(services.targets.comparisons(id).filter((c) => c.verdict === 'missing')).toEqual([]);
  });

  it('recovers the variable within 1 %, with honest errors from the gain in the settings (flagged as assumed)', () => {
    const lc = services.targets.lightCurve(id);
    const rel = lc.map((p) => p.relFlux!);
    const err = lc.map((p) => p.relFluxErr!);
    const truth = EPOCHS.map((e) => FACTORS[e]!);
    // The scale of the relative flux is free: fit it (weighted least squares), then compare.
    const k = rel.reduce((a, v, i) => a + (v * truth[i]!) / err[i]! ** 2, 0) / truth.reduce((a, t, i) => a + t * t / err[i]! ** 2, 0);
    const worst = Math.max(...rel.map((v, i) => Math.abs(v / (k * truth[i]!) - 1)));
    const rms = Math.sqrt(rel.reduce((a, v, i) => a + ((v - k * truth[i]!) / err[i]!) ** 2, 0) / (rel.length - 1));
    console.log(`moving field: worst |recovered/true - 1| = ${(100 * worst).toFixed(3)} %, RMS(residual/error) ${rms.toFixed(3)}, ensembles ${lc.map((p) => p.nComparisons).join(' ')}`);
    expect(worst).toBeLessThan(0.01);
    expect(rms).toBeGreaterThanOrEqual(0.5);
    expect(rms).toBeLessThanOrEqual(2);
    for (const p of lc) expect(p.flags & PointFlags.GAIN_ASSUMED).toBe(PointFlags.GAIN_ASSUMED);
  });

  it('counts the same points in the target list, the light curve, the table and the exports', () => {
    const lc = services.targets.lightCurve(id);
    const listed = services.targets.summaries().find((t) => t.id === id)!.points;
    const table = parseCsv(services.targets.exportLightCurveTable(id)).length - 1;
    const tom = parseCsv(services.targets.exportTomPhotometry(id)).length - 1;
    expect([listed, table, tom]).toEqual([7, 7, 7]);
    expect(lc).toHaveLength(7);
  });
});
