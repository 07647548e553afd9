/**
 * Synthetic star fields for the photometry tests: Gaussian stars on a flat sky with Poisson
 * noise (in electrons) and Gaussian read noise, from a seeded generator. Pixel (i, j) is
 * centred on (i, j); star fluxes are totals in ADU (the Gaussian is integrated over each pixel).
 */

import { rng } from '../../helpers/rng.js';

/** mulberry32: a small seeded PRNG, uniform in [0, 1). */
export { rng };

/** Standard normal deviate (Box–Muller). */
export function gauss(u: () => number): number {
  let a = u();
  while (a === 0) a = u();
  return Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * u());
}

function logGamma(x: number): number {
  // Lanczos (g = 7, n = 9), good to ~1e-15 for x > 0.
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  x -= 1;
  let a = c[0]!;
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Poisson deviate: Knuth below λ = 30, Hörmann's PTRS transformed rejection above. */
export function poisson(lambda: number, u: () => number): number {
  if (lambda <= 0) return 0;
  if (lambda < 30) {
    const l = Math.exp(-lambda);
    let k = 0;
    let p = u();
    while (p > l) {
      k++;
      p *= u();
    }
    return k;
  }
  const slam = Math.sqrt(lambda);
  const loglam = Math.log(lambda);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const U = u() - 0.5;
    const V = u();
    const us = 0.5 - Math.abs(U);
    const k = Math.floor(((2 * a) / us + b) * U + lambda + 0.43);
    if (us >= 0.07 && V <= vr) return k;
    if (k < 0 || (us < 0.013 && V > us)) continue;
    if (Math.log(V) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -lambda + k * loglam - logGamma(k + 1)) return k;
  }
}

function erf(x: number): number {
  // Abramowitz–Stegun 7.1.26 is too coarse (1.5e-7); use a series/continued fraction pair.
  const ax = Math.abs(x);
  let r: number;
  if (ax < 2.5) {
    let sum = ax;
    let term = ax;
    for (let n = 1; n < 60; n++) {
      term *= (-ax * ax) / n;
      sum += term / (2 * n + 1);
      if (Math.abs(term) < 1e-17) break;
    }
    r = (2 / Math.sqrt(Math.PI)) * sum;
  } else {
    // erfc continued fraction (Lentz).
    let f = ax;
    let c = ax;
    let d = 0;
    for (let n = 1; n < 200; n++) {
      const an = n / 2;
      d = ax + an * d;
      d = 1 / d;
      c = ax + an / c;
      const delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1) < 1e-16) break;
    }
    r = 1 - Math.exp(-ax * ax) / (f * Math.sqrt(Math.PI));
  }
  return x < 0 ? -r : r;
}

export interface Star {
  x: number;
  y: number;
  /** Total flux, ADU. */
  flux: number;
}

export interface FieldOptions {
  width: number;
  height: number;
  /** Sky level, ADU per pixel. */
  sky: number;
  /** Gaussian σ of the PSF, pixels. */
  sigma: number;
  gain: number;
  /** Read noise, electrons. */
  readNoise: number;
  seed: number;
}

/** The noiseless image of `stars` (pixel-integrated Gaussians) plus the sky, ADU. */
export function model(stars: readonly Star[], o: FieldOptions): Float64Array {
  const img = new Float64Array(o.width * o.height).fill(o.sky);
  const half = Math.ceil(6 * o.sigma);
  const k = 1 / (Math.SQRT2 * o.sigma);
  for (const s of stars) {
    const i0 = Math.max(0, Math.floor(s.x) - half);
    const i1 = Math.min(o.width - 1, Math.floor(s.x) + half);
    const j0 = Math.max(0, Math.floor(s.y) - half);
    const j1 = Math.min(o.height - 1, Math.floor(s.y) + half);
    const fx: number[] = [];
    for (let i = i0; i <= i1; i++) fx.push(0.5 * (erf((i + 0.5 - s.x) * k) - erf((i - 0.5 - s.x) * k)));
    for (let j = j0; j <= j1; j++) {
      const fy = 0.5 * (erf((j + 0.5 - s.y) * k) - erf((j - 0.5 - s.y) * k));
      for (let i = i0; i <= i1; i++) img[j * o.width + i] += s.flux * fx[i - i0]! * fy;
    }
  }
  return img;
}

/** A noisy realisation (Poisson in electrons, read noise) of `stars`, ADU, float32. */
export function field(stars: readonly Star[], o: FieldOptions): Float32Array {
  const m = model(stars, o);
  const u = rng(o.seed);
  const out = new Float32Array(m.length);
  for (let p = 0; p < m.length; p++) {
    out[p] = (poisson(m[p]! * o.gain, u) + o.readNoise * gauss(u)) / o.gain;
  }
  return out;
}
