/**
 * The "Done when" (17) through the service: a synthetic raw night — bias frames, darks
 * at two exposure times, flats in two filters (each with its own vignetting), lights in two
 * filters of a field with a variable star, all with camera-style headers (IMAGETYP, EXPTIME,
 * CCD-TEMP, SET-TEMP, XBINNING, GAIN, INSTRUME) and no pre-calibration — imported as one
 * folder ends with masters, calibrated lights, catalogs and the variable's light curve within
 * 1 % of the truth, with nothing chosen by hand.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFits } from '../../../../src/core/fits/index.js';
import { headerFromRecord, parseWcs } from '../../../../src/core/wcs/index.js';
import { importPaths } from '../../../../src/main/services/library/import-paths.js';
import { listProductRows, toProductView } from '../../../../src/main/services/library/product-rows.js';
import { silentLogger } from '../../../../src/main/services/logger.js';
import { createServices, type Services } from '../../../../src/main/services/services.js';
import { field, rng } from '../../../core/photometry/synthetic.js';
import { tempDir } from '../../../helpers/tmp.js';
import { until } from '../../../helpers/until.js';
import { H, header, stars, VAR, W } from '../../../helpers/variable-field.js';

const FACTORS = [1, 1.2, 0.85, 1.1];
const LIGHT_S = 60;
const FLAT_S = 2;
const CAMERA = { INSTRUME: 'SynthCam 128', XBINNING: 1, YBINNING: 1, 'CCD-TEMP': -10.2, 'SET-TEMP': -10, GAIN: 2, OFFSET: 10 };

/** Fixed bias structure, dark current per second (with hot pixels), vignetting per filter. */
const bias = new Float64Array(W * H).map((_, i) => 1000 + 6 * Math.sin((i % W) / 9) + 0.03 * Math.floor(i / W));
const darkRate = new Float64Array(W * H).fill(0.05);
for (const [x, y, r] of [[10, 20, 30], [100, 90, 12], [70, 30, 50]] as const) darkRate[y * W + x] = r;
const vignette = (cx: number, k: number): Float64Array => new Float64Array(W * H).map((_, i) => 1 - (k * ((i % W) - cx) ** 2 + k * (Math.floor(i / W) - 64) ** 2) / (W * W));
const VIG: Record<string, Float64Array> = { R: vignette(60, 0.5), V: vignette(70, 0.8) };

function gauss(u: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

function write(dir: string, name: string, data: Float32Array, cards: Record<string, string | number>): string {
  const path = join(dir, name);
  writeFileSync(path, writeFits([{ header: { ...CAMERA, ...cards }, data, shape: [W, H] }]));
  return path;
}

/** A frame: bias + dark current × t + signal, with 3 ADU of read noise and Poisson noise of the signal (gain 2). */
function frame(seed: number, t: number, signal?: (i: number) => number): Float32Array {
  const u = rng(seed);
  return Float32Array.from(bias, (b, i) => {
    const s = signal ? signal(i) : 0;
    return b + darkRate[i]! * t + s + 3 * gauss(u) + (signal ? Math.sqrt(Math.max(s, 0) / 2) * gauss(u) : 0);
  });
}

function rawNight(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const at = (h: number) => `2026-11-20T${String(h).padStart(2, '0')}:00:00`;
  for (let k = 0; k < 7; k++) write(dir, `bias-${k}.fits`, frame(10 + k, 0), { IMAGETYP: 'Bias Frame', EXPTIME: 0, 'DATE-OBS': at(1) });
  for (let k = 0; k < 5; k++) write(dir, `dark60-${k}.fits`, frame(20 + k, LIGHT_S), { IMAGETYP: 'Dark Frame', EXPTIME: LIGHT_S, 'DATE-OBS': at(2) });
  for (let k = 0; k < 5; k++) write(dir, `dark2-${k}.fits`, frame(30 + k, FLAT_S), { IMAGETYP: 'DARK', EXPTIME: FLAT_S, 'DATE-OBS': at(2) });
  for (const f of ['R', 'V'] as const) {
    for (let k = 0; k < 7; k++) write(dir, `flat${f}-${k}.fits`, frame(40 + k + (f === 'V' ? 10 : 0), FLAT_S, (i) => (18_000 + 500 * k) * VIG[f]![i]!), { IMAGETYP: 'Flat Field', EXPTIME: FLAT_S, FILTER: f, 'DATE-OBS': at(18) });
  }
  // lights: the field (sky, stars, the variable at FACTORS[e], Poisson and read noise) through the vignetting, on bias and dark
  FACTORS.forEach((factor, e) => {
    for (const f of ['R', 'V'] as const) {
      const sky = field(
        stars().map((s, k) => ({ ...s, flux: s.flux * (k === 0 ? factor : 1) })),
        { width: W, height: H, sky: 400, sigma: 1.3, gain: 2, readNoise: 5, seed: 100 + e + (f === 'V' ? 50 : 0) },
      );
      const data = Float32Array.from(sky, (v, i) => v * VIG[f]![i]! + bias[i]! + darkRate[i]! * LIGHT_S);
      const h = header(e);
      write(dir, `light${f}-${e}.fits`, data, { ...h, IMAGETYP: 'Light Frame', EXPTIME: LIGHT_S, FILTER: f, 'DATE-OBS': `${String(h['DATE-OBS']).slice(0, 11)}${f === 'R' ? '03' : '04'}:00:00` });
    }
  });
}

let services: Services;
let tmp: ReturnType<typeof tempDir>;
beforeAll(async () => {
  tmp = tempDir();
  services = createServices({ dataDir: join(tmp.dir, 'lib'), logger: silentLogger, tasks: { threads: 2 } });
  await services.tasks.start();
});
afterAll(async () => {
  await services.close();
  tmp.cleanup();
});

describe('a raw night dropped on the library', () => {
  it('ends with masters, calibrated lights, catalogs and the light curve within 1 % of the truth', async () => {
    const night = join(tmp.dir, 'night');
    rawNight(night);
    const wcs = parseWcs(headerFromRecord(header(0)))!;
    const [ra, dec] = wcs.pixToSky(VAR.x, VAR.y);
    const target = services.targets.create({ name: 'V1', ra, dec });
    const summary = await importPaths(services, [night], { batchId: 'night' });
    expect(summary.errors).toEqual([]);
    expect(summary.imported).toHaveLength(7 + 10 + 14 + 8);
    const products = () => listProductRows(services.db).map(toProductView);
    await until('eight calibrated lights extracted', () => products().filter((p) => p.kind === 'calibrated' && p.status === 'extracted').length === 8, 180_000);
    await until('idle', () => services.tasks.queries.openIds().length === 0, 120_000);
    const all = products();
    expect(all.filter((p) => p.kind === 'master').map((p) => `${p.frameType} ${p.filter ?? ''}`.trim()).sort()).toEqual(['bias', 'dark', 'dark', 'flat R', 'flat V']);
    expect(all.every((p) => p.kind !== 'raw' || (p.status === 'imported' && p.calibWait === null))).toBe(true);
    expect(services.tasks.list({}).filter((t) => t.status !== 'succeeded')).toEqual([]);

    const lc = services.targets.lightCurve(target.id);
    expect(lc).toHaveLength(8);
    // measured on the calibrated frames only
    const calibrated = new Set(all.filter((p) => p.kind === 'calibrated').map((p) => p.id));
    expect(lc.every((p) => calibrated.has(p.productId))).toBe(true);
    for (const f of ['R', 'V']) {
      const pts = lc.filter((p) => p.filter === f).sort((a, b) => a.mjd - b.mjd);
      expect(pts).toHaveLength(4);
      const rel = pts.map((p) => p.relFlux!);
      const mean = rel.reduce((a, b) => a + b, 0) / rel.length;
      const meanF = FACTORS.reduce((a, b) => a + b, 0) / FACTORS.length;
      rel.forEach((r, e) => expect(Math.abs(r / mean / (FACTORS[e]! / meanF) - 1), `${f} epoch ${e}`).toBeLessThan(0.01));
    }
  }, 300_000);
});
