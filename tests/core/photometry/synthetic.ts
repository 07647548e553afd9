/**
 * The photometry tests' star fields: core/synth's generator with Gaussian stars integrated
 * over the pixels (fluxes are totals in ADU) on a flat sky, with a CCD's noise (Poisson in
 * electrons and Gaussian read noise) from a seeded generator.
 */
import { mulberry32, starField, type SynthStar } from '../../../src/core/synth/index.js';

/** mulberry32: a small seeded PRNG, uniform in [0, 1). */
export const rng = mulberry32;

export type Star = SynthStar;

export interface FieldOptions {
  width: number;
  height: number;
  /** Sky level, ADU per pixel. */
  sky: number;
  /** Gaussian σ of the PSF, pixels. */
  sigma: number;
  /** e⁻/ADU. */
  gain: number;
  /** Read noise, electrons. */
  readNoise: number;
  seed: number;
}

/** A noisy realisation of `stars`, ADU, float32. */
export function field(stars: readonly Star[], o: FieldOptions): Float32Array {
  return starField({ width: o.width, height: o.height, sky: o.sky, stars, psf: { sigma: o.sigma }, sampling: 'integrated', noise: { gain: o.gain, readNoise: o.readNoise }, seed: o.seed });
}
