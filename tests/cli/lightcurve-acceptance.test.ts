/**
 * Issue 13's acceptance, from the command line alone (no app, no host): six images of a
 * field with a variable star of known amplitude, imported with `nightshift import`, targets
 * added with `nightshift targets add` (on the variable and on two constant stars);
 * `nightshift lightcurve --format json` prints six points per target, the variable's relative
 * fluxes are within 1 % of the truth and the constant stars' RMS(residual / error) is in
 * [0.5, 2]. The same with the targets added after the import (then `nightshift tasks run`),
 * and with one image only, in both orders (one point per target, printed as CSV).
 *
 * The images are realistic: Poisson and read noise, a TAN WCS, DATE-OBS 25 minutes apart,
 * EXPTIME, FILTER, GAIN, a transparency that changes from image to image, and small pointing
 * offsets, so the stars move on the pixel grid. The commands that run tasks (`import`, `tasks
 * run`) are processes of their own, as a user runs them; the others run in this process
 * through `main()`. The relative fluxes and their errors are read from the printed `mag` and
 * `mag_err` columns (checked against the printed `rel_flux`).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli-main.js';
import { formatDec, formatRa } from '../../src/core/coords/index.js';
import { headerFromRecord, parseWcs } from '../../src/core/wcs/index.js';
import { parseCsv } from '../../src/main/services/targets/index.js';
import { rng } from '../core/photometry/synthetic.js';
import { runCli } from '../helpers/cli.js';
import { type Star, starFieldFits } from '../helpers/star-field.js';
import { tanHeader } from '../helpers/tan-header.js';
import { tempDir } from '../helpers/tmp.js';

const W = 160;
const H = 160;
const SCALE = 0.6;
const RA = 201.37;
const DEC = -11.52;
/** The variable's flux on each image, relative to its first (the truth the light curve must give). */
const FACTORS = [1, 1.18, 0.86, 1.27, 0.79, 1.06];
/** Thin cloud: every star's flux on each image (the differential photometry must take it out). */
const TRANSPARENCY = [1, 0.94, 1.03, 0.88, 0.97, 0.91];
/** Pointing offsets, pixels. */
const SHIFTS: Array<[number, number]> = [[0, 0], [1.7, -0.9], [-1.2, 2.4], [2.9, 0.6], [-2.3, -2.8], [0.7, 1.6]];

const VAR = { x: 79.6, y: 80.4, flux: 55_000 };
const C1 = { x: 58.3, y: 101.7, flux: 42_000 };
const C2 = { x: 104.2, y: 59.1, flux: 70_000 };

/** The variable, the two constant targets, then 20 constant field stars. */
function fieldStars(): Star[] {
  const u = rng(1313);
  const out: Star[] = [VAR, C1, C2];
  while (out.length < 23) {
    const x = 10 + u() * (W - 20);
    const y = 10 + u() * (H - 20);
    if (out.some((s) => Math.hypot(s.x - x, s.y - y) < 16)) continue;
    out.push({ x, y, flux: 12_000 + u() * 90_000 });
  }
  return out;
}
const STARS = fieldStars();

/** The targets' positions, from the unshifted field's WCS, as a user types them (sexagesimal). */
const WCS = parseWcs(headerFromRecord(tanHeader(RA, DEC, W, H, SCALE)))!;
const TARGETS = Object.entries({ V: VAR, C1, C2 }).map(([name, p]) => {
  const [ra, dec] = WCS.pixToSky(p.x, p.y);
  return ['--name', name, '--ra', formatRa(ra, 3), '--dec', formatDec(dec, 2)];
});

let tmp: ReturnType<typeof tempDir>;
let files: string[];
/** The JSON light curves printed for each library, by target. */
const printed = new Map<string, Record<string, string>>();

beforeAll(() => {
  tmp = tempDir();
  files = FACTORS.map((f, e) => {
    const stars = STARS.map((s, i) => ({ ...s, flux: s.flux * TRANSPARENCY[e]! * (i === 0 ? f : 1) }));
    const header = {
      'DATE-OBS': new Date(Date.UTC(2026, 2, 14, 1, 30 + 25 * e, 12)).toISOString().slice(0, 19),
      EXPTIME: 180,
      FILTER: 'R',
      GAIN: 2,
      TELESCOP: 'Test 0.5m',
      INSTRUME: 'TestCam',
      OBJECT: 'ACCEPT-FIELD',
    };
    const path = join(tmp.dir, `field-${e + 1}.fits`);
    writeFileSync(path, starFieldFits({ stars, width: W, height: H, ra: RA, dec: DEC, scaleArcsec: SCALE, shift: SHIFTS[e], gain: 2, readNoise: 6, seed: 1300 + e, header }));
    return path;
  });
});

afterAll(() => tmp.cleanup());

/** `nightshift ARGS` in this process: exit code, stdout and stderr. */
async function addTargets(lib: string): Promise<void> {
  for (const t of TARGETS) {
    const r = await cli('targets', 'add', '--data', lib, ...t);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  }
}

/** A printed point: the columns the checks use. */
interface Point {
  mjd: number;
  mag: number;
  magErr: number;
  relFlux: number;
  product: string;
}

/** `nightshift lightcurve NAME` in JSON (or CSV): its points, checked to be `n` detections. */
async function lightCurve(lib: string, name: string, n: number, format: 'json' | 'csv' = 'json'): Promise<Point[]> {
  const r = await cli('lightcurve', name, '--data', lib, '--format', format);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  printed.set(lib, { ...printed.get(lib), [name]: r.stdout });
  let records: Array<Record<string, string | number | null>>;
  if (format === 'json') {
    records = JSON.parse(r.stdout) as typeof records;
  } else {
    const [head, ...rows] = parseCsv(r.stdout);
    records = rows.map((row) => Object.fromEntries(head!.map((c, i) => [c, row[i] === '' ? null : Number.isNaN(Number(row[i])) ? row[i]! : Number(row[i])])));
  }
  expect(records).toHaveLength(n);
  const points = records.map((p) => {
    expect(p.mag).not.toBeNull();
    expect(p.flags).toBe(0);
    expect(p.filter).toBe('R');
    return { mjd: Number(p.mjd), mag: Number(p.mag), magErr: Number(p.mag_err), relFlux: Number(p.rel_flux), product: String(p.product) };
  });
  // The magnitude is the relative flux's: the two columns say the same.
  for (const p of points) expect(Math.abs(10 ** (-0.4 * p.mag) / p.relFlux - 1)).toBeLessThan(1e-6);
  // One point per image, in time order.
  expect(points.map((p) => p.product)).toEqual(files.slice(0, n).map((f) => f.split('/').pop()));
  return points;
}

/** Relative flux and its 1σ error from a printed magnitude and its error. */
function relFlux(p: Point): { v: number; e: number } {
  const v = 10 ** (-0.4 * p.mag);
  return { v, e: v * 0.4 * Math.LN10 * p.magErr };
}

/**
 * The variable's worst |recovered / true − 1| over the images, with the free scale of the
 * relative flux fitted by weighted least squares.
 */
function worstVariable(points: Point[]): { worst: number; rms: number } {
  const r = points.map(relFlux);
  const k = r.reduce((a, p, i) => a + (p.v * FACTORS[i]!) / p.e ** 2, 0) / r.reduce((a, p, i) => a + FACTORS[i]! ** 2 / p.e ** 2, 0);
  return {
    worst: Math.max(...r.map((p, i) => Math.abs(p.v / (k * FACTORS[i]!) - 1))),
    rms: Math.sqrt(r.reduce((a, p, i) => a + ((p.v - k * FACTORS[i]!) / p.e) ** 2, 0) / (r.length - 1)),
  };
}

/** RMS of (residual / error) of the constant stars' relative fluxes about their weighted means, pooled. */
function constantRms(series: Point[][]): number {
  let chi2 = 0;
  let dof = 0;
  for (const points of series) {
    const r = points.map(relFlux);
    const w = r.map((p) => 1 / p.e ** 2);
    const mean = r.reduce((a, p, i) => a + p.v * w[i]!, 0) / w.reduce((a, x) => a + x, 0);
    chi2 += r.reduce((a, p) => a + ((p.v - mean) / p.e) ** 2, 0);
    dof += r.length - 1;
  }
  return Math.sqrt(chi2 / dof);
}

/** The acceptance checks on a library holding the six images and the three targets. */
async function checkSix(lib: string, label: string): Promise<void> {
  const v = await lightCurve(lib, 'V', 6);
  const c1 = await lightCurve(lib, 'C1', 6);
  const c2 = await lightCurve(lib, 'C2', 6);
  const { worst, rms: vrms } = worstVariable(v);
  const rms = constantRms([c1, c2]);
  console.log(
    `${label}: variable worst |recovered/true - 1| = ${(100 * worst).toFixed(3)} % (errors ${v.map((p) => (100 * relFlux(p).e / relFlux(p).v).toFixed(2)).join(' ')} %, ` +
      `RMS(residual/error) ${vrms.toFixed(3)}), constant stars RMS(residual/error) = ${rms.toFixed(3)}`,
  );
  expect(worst).toBeLessThan(0.01);
  expect(rms).toBeGreaterThanOrEqual(0.5);
  expect(rms).toBeLessThanOrEqual(2);
  // DATE-OBS are 25 min apart and the exposures 180 s: mid-exposure MJDs 25 min apart.
  for (let i = 1; i < 6; i++) expect((v[i]!.mjd - v[i - 1]!.mjd) * 1440).toBeCloseTo(25, 3);
}

describe('issue 13 acceptance: a light curve from the command line alone', () => {
  it('targets add, then import of six images: six points per target, the variable within 1 %, honest errors', async () => {
    const lib = join(tmp.dir, 'lib-targets-first');
    await addTargets(lib);
    const imp = await runCli(['import', '--data', lib, ...files]);
    expect(imp.code, imp.stderr).toBe(0); // (stderr has the progress bar)
    expect(imp.stdout).toContain('6 image(s): 6 extracted');
    expect(imp.stdout).toMatch(/then (\d+) follow-up task\(s\): \1 of \1 measured\n/);
    await checkSix(lib, 'targets first');
  }, 300_000);

  it('import of six images, then targets add, then tasks run: the same', async () => {
    const lib = join(tmp.dir, 'lib-import-first');
    const imp = await runCli(['import', '--data', lib, ...files]);
    expect(imp.code, imp.stderr).toBe(0); // (stderr has the progress bar)
    expect(imp.stdout).toContain('6 image(s): 6 extracted');
    await addTargets(lib);
    const run = await runCli(['tasks', 'run', '--data', lib]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^ran (\d+) task\(s\): \1 succeeded, 0 failed\n$/);
    await checkSix(lib, 'import first');
    // The same images and targets give the same light curves, whichever came first: each
    // target's last photometry read every image's catalogue (before TargetAutomation stopped
    // counting claimed tasks as not yet started, the first order could keep a run that had read
    // some images before their catalogues arrived: another ensemble, 8 % off in scale).
    const other = printed.get(join(tmp.dir, 'lib-targets-first'));
    if (other) expect(printed.get(lib)).toEqual(other);
  }, 300_000);

  it('one image only, targets before or after the import: one point per target, the same either way', async () => {
    const first = join(tmp.dir, 'lib-one-targets-first');
    await addTargets(first);
    const imp = await runCli(['import', '--data', first, files[0]!]);
    expect(imp.code, imp.stderr).toBe(0); // (stderr has the progress bar)
    expect(imp.stdout).toContain('1 image(s): 1 extracted');
    for (const t of ['V', 'C1', 'C2']) expect((await lightCurve(first, t, 1, 'csv'))[0]!.magErr).toBeGreaterThan(0);

    const after = join(tmp.dir, 'lib-one-import-first');
    expect((await runCli(['import', '--data', after, files[0]!])).code).toBe(0);
    await addTargets(after);
    const run = await runCli(['tasks', 'run', '--data', after]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('ran 3 task(s): 3 succeeded, 0 failed\n');
    for (const t of ['V', 'C1', 'C2']) await lightCurve(after, t, 1, 'csv');
    expect(printed.get(after)).toEqual(printed.get(first));
  }, 300_000);
});
