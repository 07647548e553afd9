/**
 * The synthetic star field: stars with a Gaussian PSF on a flat sky, then noise, then
 * saturation, from a seeded generator. Used by the extraction warm-ups, the tests and the
 * benchmarks, so that all of them draw their images one way.
 *
 * Pixel (i, j) is centred on (i, j) (0-based, the convention of the whole project); stars'
 * fluxes are totals in ADU; the image is float32 ADU, row-major, width × height.
 */
import { mulberry32, normal, poisson, type Uniform } from './random.js';

/** A star: position (0-based pixels), total flux (ADU), and optionally its own Gaussian σ (pixels). */
export interface SynthStar {
  x: number;
  y: number;
  flux: number;
  sigma?: number;
}

/**
 * A Gaussian PSF: σ along x and y (pixels; `sigmaY` defaults to `sigma`) before a rotation by
 * `theta` (radians, counter-clockwise from +x).
 */
export interface GaussianPsf {
  sigma: number;
  sigmaY?: number;
  theta?: number;
}

/**
 * How a star's light lands on the pixels. `centre`: the PSF's value at each pixel's centre
 * (times the pixel's unit area). `integrated`: the PSF integrated over each pixel, exact (erf)
 * for an unrotated Gaussian, so the fluxes sum to the star's flux however undersampled.
 */
export type Sampling = 'centre' | 'integrated';

/**
 * Noise added to the noiseless image m (ADU). `sigma`: Gaussian, m + σ·N(0, 1). `gain` and
 * `readNoise`: a CCD, Poisson in electrons plus Gaussian read noise, (P(m·gain) + readNoise·N)
 * / gain with gain in e⁻/ADU and read noise in e⁻.
 */
export type Noise = { sigma: number } | { gain: number; readNoise: number };

export interface StarFieldOptions {
  width: number;
  height: number;
  /** Sky level, ADU per pixel [0]. */
  sky?: number;
  stars: readonly SynthStar[];
  /** The PSF of the stars that do not give their own σ [σ 1.5 px]. */
  psf?: GaussianPsf;
  /** ['centre'] */
  sampling?: Sampling;
  /** Half-size of the square drawn around each star's pixel, pixels [⌈6σ⌉ of the wider axis]. */
  radius?: number;
  /** [none] */
  noise?: Noise;
  /** Values above this are clipped to it, ADU [none]. */
  saturation?: number;
  /** The noise's uniform deviates: `random`, else mulberry32(`seed`) [seed 1]. */
  seed?: number;
  random?: Uniform;
}

/** erf(x) to ~1e-16: a series below 2.5, erfc's continued fraction (Lentz) above. */
function erf(x: number): number {
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

/**
 * Adds one star to `img` (width × height, ADU): `star.flux` spread by the PSF (the star's own
 * σ when it has one) over the pixels within `radius` of the star's pixel (⌊x⌋, ⌊y⌋).
 */
export function addStar(img: Float32Array | Float64Array, width: number, height: number, star: SynthStar, psf: GaussianPsf, sampling: Sampling = 'centre', radius?: number): void {
  const sx = star.sigma ?? psf.sigma;
  const sy = star.sigma ?? psf.sigmaY ?? psf.sigma;
  const theta = star.sigma === undefined ? (psf.theta ?? 0) : 0;
  const r = radius ?? Math.ceil(6 * Math.max(sx, sy));
  const i0 = Math.max(0, Math.floor(star.x) - r);
  const i1 = Math.min(width - 1, Math.floor(star.x) + r);
  const j0 = Math.max(0, Math.floor(star.y) - r);
  const j1 = Math.min(height - 1, Math.floor(star.y) + r);
  if (sampling === 'integrated') {
    if (theta !== 0) throw new RangeError('synth: a rotated PSF cannot be integrated over the pixels; use sampling "centre"');
    const kx = 1 / (Math.SQRT2 * sx);
    const ky = 1 / (Math.SQRT2 * sy);
    const fx: number[] = [];
    for (let i = i0; i <= i1; i++) fx.push(0.5 * (erf((i + 0.5 - star.x) * kx) - erf((i - 0.5 - star.x) * kx)));
    for (let j = j0; j <= j1; j++) {
      const fy = 0.5 * (erf((j + 0.5 - star.y) * ky) - erf((j - 0.5 - star.y) * ky));
      for (let i = i0; i <= i1; i++) img[j * width + i] += star.flux * fx[i - i0]! * fy;
    }
    return;
  }
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  const norm = star.flux / (2 * Math.PI * sx * sy);
  for (let j = j0; j <= j1; j++) {
    for (let i = i0; i <= i1; i++) {
      const dx = i - star.x;
      const dy = j - star.y;
      const u = c * dx + s * dy;
      const v = -s * dx + c * dy;
      img[j * width + i] += norm * Math.exp(-0.5 * ((u * u) / (sx * sx) + (v * v) / (sy * sy)));
    }
  }
}

/** The noiseless image: the sky plus every star (float64, ADU). */
export function starModel(o: StarFieldOptions): Float64Array {
  const img = new Float64Array(o.width * o.height).fill(o.sky ?? 0);
  const psf = o.psf ?? { sigma: 1.5 };
  for (const s of o.stars) addStar(img, o.width, o.height, s, psf, o.sampling, o.radius);
  return img;
}

/** The star field: {@link starModel}, then the noise (in pixel order), then saturation; float32 ADU. */
export function starField(o: StarFieldOptions): Float32Array {
  const m = starModel(o);
  const out = new Float32Array(m.length);
  const noise = o.noise;
  const u = o.random ?? mulberry32(o.seed ?? 1);
  const sat = o.saturation ?? Infinity;
  if (noise === undefined) {
    for (let p = 0; p < m.length; p++) out[p] = Math.min(sat, m[p]!);
  } else if ('sigma' in noise) {
    for (let p = 0; p < m.length; p++) out[p] = Math.min(sat, m[p]! + noise.sigma * normal(u));
  } else {
    for (let p = 0; p < m.length; p++) out[p] = Math.min(sat, (poisson(m[p]! * noise.gain, u) + noise.readNoise * normal(u)) / noise.gain);
  }
  return out;
}

/**
 * A crowded `size`² field (one per `seed`): sky 1000 ± 10 ADU and `stars` stars at uniform
 * random positions, peaks 20–5020 ADU (most faint: 20 + 5000·u³) and σ 1–2 pixels, crowded
 * enough that many are blended. What the extraction warm-ups run on.
 */
export function crowdedField(size: number, stars: number, seed = 1): Float32Array {
  const u = mulberry32(seed);
  const list: SynthStar[] = [];
  for (let k = 0; k < stars; k++) {
    const x = u() * size;
    const y = u() * size;
    const peak = 20 + 5000 * u() ** 3;
    const sigma = 1 + u();
    list.push({ x, y, flux: peak * 2 * Math.PI * sigma * sigma, sigma });
  }
  return starField({ width: size, height: size, sky: 1000, stars: list, psf: { sigma: 1.5 }, radius: 10, noise: { sigma: 10 }, random: u });
}
