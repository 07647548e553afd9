/**
 * A small raw night of the variable field (tests/helpers/variable-field.ts, 128², camera-style
 * headers, no pre-calibration): 3 bias frames, 3 darks of 60 s, 3 flats in R taken on
 * 2026-11-26 (far from the lights), and lights in R on 2026-11-20 and 21 at 03:00 UTC; and a
 * master flat "made elsewhere" (`IMAGETYP = 'Master Flat'`) dated as asked. For the tests of
 * recalibration and masters chosen by hand. And a night's frames at chosen times
 * ({@link nightFrames}), for the tests of masters per observing night.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFits } from '../../src/core/fits/index.js';
import { field, rng } from '../core/photometry/synthetic.js';
import { H, header, stars, W } from './variable-field.js';

export const CAMERA = { INSTRUME: 'SynthCam 128', XBINNING: 1, YBINNING: 1, 'CCD-TEMP': -10.2, 'SET-TEMP': -10, GAIN: 2, OFFSET: 10 };
const bias = new Float64Array(W * H).map((_, i) => 1000 + 6 * Math.sin((i % W) / 9));
const vignette = new Float64Array(W * H).map((_, i) => 1 - (0.5 * ((i % W) - 60) ** 2 + 0.5 * (Math.floor(i / W) - 64) ** 2) / (W * W));

function write(dir: string, name: string, data: Float32Array, cards: Record<string, string | number>): string {
  const path = join(dir, name);
  writeFileSync(path, writeFits([{ header: { ...CAMERA, ...cards }, data, shape: [W, H] }]));
  return path;
}

function noisy(seed: number, level: (i: number) => number): Float32Array {
  const u = rng(seed);
  return Float32Array.from(bias, (b, i) => b + level(i) + 3 * Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u()));
}

/** Writes the night's raw frames into `dir` (made if needed); returns `dir`. */
export function smallRawNight(dir: string, lights = 2): string {
  mkdirSync(dir, { recursive: true });
  for (let k = 0; k < 3; k++) write(dir, `bias-${k}.fits`, noisy(10 + k, () => 0), { IMAGETYP: 'Bias Frame', EXPTIME: 0, 'DATE-OBS': '2026-11-26T17:00:00' });
  for (let k = 0; k < 3; k++) write(dir, `dark-${k}.fits`, noisy(20 + k, () => 3), { IMAGETYP: 'Dark Frame', EXPTIME: 60, 'DATE-OBS': '2026-11-26T17:30:00' });
  for (let k = 0; k < 3; k++) write(dir, `flat-${k}.fits`, noisy(40 + k, (i) => 18_000 * vignette[i]!), { IMAGETYP: 'Flat Field', EXPTIME: 60, FILTER: 'R', 'DATE-OBS': '2026-11-26T18:00:00' });
  for (let e = 0; e < lights; e++) {
    const sky = field(stars(), { width: W, height: H, sky: 400, sigma: 1.3, gain: 2, readNoise: 5, seed: 100 + e });
    write(dir, `light-${e}.fits`, Float32Array.from(sky, (v, i) => v * vignette[i]! + bias[i]! + 3), { ...header(e), IMAGETYP: 'Light Frame', EXPTIME: 60, FILTER: 'R' });
  }
  return dir;
}

/** Writes a master flat in R made elsewhere (the night's vignetting, mean 1), dated `dateObs`; returns its path. */
export function importedMasterFlat(dir: string, dateObs: string, name = 'master-flat-R.fits'): string {
  mkdirSync(dir, { recursive: true });
  const mean = vignette.reduce((a, b) => a + b, 0) / vignette.length;
  return write(dir, name, Float32Array.from(vignette, (v) => v / mean), { IMAGETYP: 'Master Flat', FILTER: 'R', EXPTIME: 60, NCOMBINE: 9, 'DATE-OBS': dateObs });
}

/** When a night's frames were taken (DATE-OBS, UTC): each kind left out when absent. */
export interface NightTimes {
  bias?: string;
  dark?: string;
  flat?: string;
  /** One light per time (the field's epoch k for the k-th). */
  lights?: readonly string[];
}

/**
 * Writes 3 bias, 3 darks of 60 s, 3 flats in R (each set at its time, files prefixed `prefix`)
 * and lights in R of the variable field at the times given into `dir`; returns `dir`. `seed`
 * varies the noise between nights.
 */
export function nightFrames(dir: string, prefix: string, at: NightTimes, seed = 0): string {
  mkdirSync(dir, { recursive: true });
  if (at.bias) for (let k = 0; k < 3; k++) write(dir, `${prefix}bias-${k}.fits`, noisy(seed + 10 + k, () => 0), { IMAGETYP: 'Bias Frame', EXPTIME: 0, 'DATE-OBS': at.bias });
  if (at.dark) for (let k = 0; k < 3; k++) write(dir, `${prefix}dark-${k}.fits`, noisy(seed + 20 + k, () => 3), { IMAGETYP: 'Dark Frame', EXPTIME: 60, 'DATE-OBS': at.dark });
  if (at.flat) for (let k = 0; k < 3; k++) write(dir, `${prefix}flat-${k}.fits`, noisy(seed + 40 + k, (i) => 18_000 * vignette[i]!), { IMAGETYP: 'Flat Field', EXPTIME: 60, FILTER: 'R', 'DATE-OBS': at.flat });
  (at.lights ?? []).forEach((date, e) => {
    const sky = field(stars(), { width: W, height: H, sky: 400, sigma: 1.3, gain: 2, readNoise: 5, seed: seed + 100 + e });
    write(dir, `${prefix}light-${e}.fits`, Float32Array.from(sky, (v, i) => v * vignette[i]! + bias[i]! + 3), { ...header(e), IMAGETYP: 'Light Frame', EXPTIME: 60, FILTER: 'R', 'DATE-OBS': date });
  });
  return dir;
}

/** Writes one more bias frame taken at `dateObs` as `dir/name`; returns its path. */
export function biasFrame(dir: string, name: string, dateObs: string, seed = 99): string {
  mkdirSync(dir, { recursive: true });
  return write(dir, name, noisy(seed, () => 0), { IMAGETYP: 'Bias Frame', EXPTIME: 0, 'DATE-OBS': dateObs });
}
