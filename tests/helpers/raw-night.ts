/**
 * A synthetic raw night of a 128² camera (issue 17), straight from the camera: bias frames,
 * darks at two exposure times (60 s for the lights, 2 s for the flats), flats in R and V (each
 * with its own vignetting), and lights in R and V of the variable field
 * ({@link ./variable-field.ts}: the variable star at `FACTORS[e]` of its flux at epoch `e`),
 * with camera-style headers (IMAGETYP, EXPTIME, CCD-TEMP, SET-TEMP, XBINNING, GAIN, INSTRUME)
 * and no pre-calibration: a fixed bias structure, dark current per second with hot pixels,
 * 3 ADU of read noise and the signal's Poisson noise (gain 2).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFits } from '../../src/core/fits/index.js';
import { field, rng } from '../core/photometry/synthetic.js';
import { H, header, stars, W } from './variable-field.js';

/** The variable's flux at each epoch, as a factor of its catalogue flux. */
export const FACTORS = [1, 1.2, 0.85, 1.1];
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

/** A frame: bias + dark current × t + signal, with 3 ADU of read noise and Poisson noise of the signal (gain 2). */
function frame(seed: number, t: number, signal?: (i: number) => number): Float32Array {
  const u = rng(seed);
  return Float32Array.from(bias, (b, i) => {
    const s = signal ? signal(i) : 0;
    return b + darkRate[i]! * t + s + 3 * gauss(u) + (signal ? Math.sqrt(Math.max(s, 0) / 2) * gauss(u) : 0);
  });
}

/** One file of the night: its name and its FITS bytes. */
export interface NightFile {
  name: string;
  bytes: Uint8Array;
}

/** How many frames of each kind (defaults: 7 bias, 5 darks at each exposure, 7 flats a filter, lights at every epoch of {@link FACTORS}). */
export interface RawNightCounts {
  bias?: number;
  darks?: number;
  flats?: number;
}

const fits = (name: string, data: Float32Array, cards: Record<string, string | number>): NightFile => ({
  name,
  bytes: writeFits([{ header: { ...CAMERA, ...cards }, data, shape: [W, H] }]),
});

/** The night's calibration frames (bias, darks, flats), in that order. */
export function calibrationFrames(counts: RawNightCounts = {}): NightFile[] {
  const at = (h: number) => `2026-11-20T${String(h).padStart(2, '0')}:00:00`;
  const out: NightFile[] = [];
  for (let k = 0; k < (counts.bias ?? 7); k++) out.push(fits(`bias-${k}.fits`, frame(10 + k, 0), { IMAGETYP: 'Bias Frame', EXPTIME: 0, 'DATE-OBS': at(1) }));
  for (let k = 0; k < (counts.darks ?? 5); k++) out.push(fits(`dark60-${k}.fits`, frame(20 + k, LIGHT_S), { IMAGETYP: 'Dark Frame', EXPTIME: LIGHT_S, 'DATE-OBS': at(2) }));
  for (let k = 0; k < (counts.darks ?? 5); k++) out.push(fits(`dark2-${k}.fits`, frame(30 + k, FLAT_S), { IMAGETYP: 'DARK', EXPTIME: FLAT_S, 'DATE-OBS': at(2) }));
  for (const f of ['R', 'V'] as const) {
    for (let k = 0; k < (counts.flats ?? 7); k++) {
      out.push(fits(`flat${f}-${k}.fits`, frame(40 + k + (f === 'V' ? 10 : 0), FLAT_S, (i) => (18_000 + 500 * k) * VIG[f]![i]!), { IMAGETYP: 'Flat Field', EXPTIME: FLAT_S, FILTER: f, 'DATE-OBS': at(18) }));
    }
  }
  return out;
}

/** The night's lights: the field at each epoch in R and V (sky, stars, the variable at FACTORS[e], noise) through the vignetting, on bias and dark. */
export function lightFrames(): NightFile[] {
  const out: NightFile[] = [];
  FACTORS.forEach((factor, e) => {
    for (const f of ['R', 'V'] as const) {
      const sky = field(
        stars().map((s, k) => ({ ...s, flux: s.flux * (k === 0 ? factor : 1) })),
        { width: W, height: H, sky: 400, sigma: 1.3, gain: 2, readNoise: 5, seed: 100 + e + (f === 'V' ? 50 : 0) },
      );
      const data = Float32Array.from(sky, (v, i) => v * VIG[f]![i]! + bias[i]! + darkRate[i]! * LIGHT_S);
      const h = header(e);
      out.push(fits(`light${f}-${e}.fits`, data, { ...h, IMAGETYP: 'Light Frame', EXPTIME: LIGHT_S, FILTER: f, 'DATE-OBS': `${String(h['DATE-OBS']).slice(0, 11)}${f === 'R' ? '03' : '04'}:00:00` }));
    }
  });
  return out;
}

/** Writes the whole night (calibration frames and lights) into `dir`. */
export function writeRawNight(dir: string, counts: RawNightCounts = {}): void {
  mkdirSync(dir, { recursive: true });
  for (const f of [...calibrationFrames(counts), ...lightFrames()]) writeFileSync(join(dir, f.name), f.bytes);
}
