/**
 * A 128² field with a TAN WCS at (150.1°, 2.2°): 18 stars from a fixed seed, the first a
 * variable at (63.3, 64.6) whose flux epoch `e` multiplies by `factors[e]`; Poisson and read
 * noise (gain 2 e⁻/ADU, 5 e⁻); epoch `e` is dated 2026-11-(20 + e) 03:00 UTC, filter R, OBJECT
 * FIELD. Used by the photometry tests that follow a variable star through the task service.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFits } from '../../src/core/fits/index.js';
import { field, rng, type Star } from '../core/photometry/synthetic.js';
import { tanHeader } from './tan-header.js';

export const W = 128;
export const H = 128;
export const RA = 150.1;
export const DEC = 2.2;
/** The variable's pixel position. */
export const VAR = { x: 63.3, y: 64.6 };

export function header(e: number): Record<string, string | number> {
  return {
    ...tanHeader(RA, DEC, W, H, 0.6),
    'DATE-OBS': `2026-11-${String(20 + e).padStart(2, '0')}T03:00:00`,
    EXPTIME: 60,
    GAIN: 2,
    RDNOISE: 5,
    FILTER: 'R',
    OBJECT: 'FIELD',
  };
}

export function stars(): Star[] {
  const u = rng(31);
  const out: Star[] = [{ ...VAR, flux: 60_000 }];
  while (out.length < 18) {
    const x = 12 + u() * (W - 24);
    const y = 12 + u() * (H - 24);
    if (out.some((s) => Math.hypot(s.x - x, s.y - y) < 14)) continue;
    out.push({ x, y, flux: 20_000 + u() * 80_000 });
  }
  return out;
}

/** Writes epoch `e` (the variable at `factors[e]` × its flux) as `dir/epoch-<e>.fits`; returns the path. */
export function writeEpoch(dir: string, e: number, factors: readonly number[]): string {
  const img = field(
    stars().map((s, k) => ({ ...s, flux: s.flux * (k === 0 ? factors[e]! : 1) })),
    { width: W, height: H, sky: 400, sigma: 1.3, gain: 2, readNoise: 5, seed: 100 + e },
  );
  const path = join(dir, `epoch-${e}.fits`);
  writeFileSync(path, writeFits([{ header: header(e), data: img, shape: [W, H] }]));
  return path;
}
