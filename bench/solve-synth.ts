/**
 * Synthetic star fields from an astrometry.net index's own stars, for the plate-solving
 * benchmark: a random pointing (uniform on the sphere), a field of `fovDeg` (random in the
 * range) across `size`² pixels, random rotation and parity, TAN projection plus a radial
 * (SIP-like) distortion of up to `maxDistortionPx` at the corners, Gaussian PSF, the sky, and
 * Poisson noise (gain 1) plus read noise, clipped at 65,000 ADU: core/synth's generator. Star
 * magnitudes come from
 * the index's tag-along MAG column when it has one (else random 8–12). Fainter stars that are
 * not in the index are added (`extraStars`), as a real sky has them.
 */
import type { IndexFile } from '../src/core/solve/index-file.js';
import { chord2, project, radecToXyz, tangentAt, xyzToRadec } from '../src/core/solve/sky.js';
import { mulberry32 as rng, starField, type SynthStar } from '../src/core/synth/index.js';

export interface SynthOptions {
  /** Image side, pixels (default 1024). */
  size?: number;
  /** Field width range, degrees (default [1, 2]). */
  fovDeg?: [number, number];
  /** PSF σ, pixels (default 1.5). */
  psfSigma?: number;
  /** Sky level and read noise, ADU (default 1000, 10). */
  sky?: number;
  readNoise?: number;
  /** Largest distortion at the corners, pixels (default 2). */
  maxDistortionPx?: number;
  /** Non-index stars added, fainter than the index's (default 300). */
  extraStars?: number;
}

/** The truth behind a synthetic field. Degrees, arcsec per pixel, 0-based pixels. */
export interface SynthTruth {
  ra: number;
  dec: number;
  scale: number;
  rotation: number;
  flip: boolean;
  width: number;
  height: number;
  /** Radial distortion: a pixel at radius r from the centre moves by k·r³ outwards. */
  k: number;
  /** The index stars drawn (inside the image), with their pixel and sky positions. */
  stars: Array<{ x: number; y: number; ra: number; dec: number; mag: number }>;
}

export function synthField(index: IndexFile, seed: number, o: SynthOptions = {}): { data: Float32Array; truth: SynthTruth } {
  const r = rng(seed);
  const size = o.size ?? 1024;
  const [f0, f1] = o.fovDeg ?? [1, 2];
  const sigma = o.psfSigma ?? 1.5;
  const sky = o.sky ?? 1000;
  const readNoise = o.readNoise ?? 10;
  const ra = 360 * r();
  const dec = (Math.asin(2 * r() - 1) * 180) / Math.PI;
  const fov = f0 + (f1 - f0) * r();
  const scale = (fov * 3600) / size;
  const rotation = 360 * r() - 180;
  const flip = r() < 0.5;
  const half = (size - 1) / 2;
  const rCorner = Math.hypot(half, half);
  const k = ((r() < 0.5 ? -1 : 1) * (o.maxDistortionPx ?? 2) * r()) / rCorner ** 3;
  const s = scale / 3600;
  const c = Math.cos((rotation * Math.PI) / 180);
  const n = Math.sin((rotation * Math.PI) / 180);
  const f = flip ? 1 : -1;
  const cd = [f * s * c, s * n, f * -s * n, s * c];
  const det = cd[0] * cd[3] - cd[1] * cd[2];
  const tan = tangentAt(ra, dec);
  const toPixel = (v: ArrayLike<number>): [number, number] => {
    const [xi, eta] = project(tan, v[0], v[1], v[2]);
    const u = (cd[3] * xi - cd[1] * eta) / det;
    const w = (-cd[2] * xi + cd[0] * eta) / det;
    const g = 1 + k * (u * u + w * w);
    return [half + u * g, half + w * g];
  };
  const truth: SynthTruth = { ra, dec, scale, rotation, flip, width: size, height: size, k, stars: [] };
  const p = new Float64Array(3);
  let faintest = -Infinity;
  index.stars.rangeSearch(radecToXyz(ra, dec), chord2(fov * 0.75), (i) => {
    index.stars.point(i, p);
    const [x, y] = toPixel(p);
    if (!(x >= 0 && y >= 0 && x <= size - 1 && y <= size - 1)) return;
    const [sra, sdec] = xyzToRadec(p[0], p[1], p[2]);
    const mag = index.mags ? index.mags[i] : 8 + 4 * r();
    faintest = Math.max(faintest, mag);
    truth.stars.push({ x, y, ra: sra, dec: sdec, mag });
  });
  if (!Number.isFinite(faintest)) faintest = 11;
  // flux of magnitude 10: 2e5 ADU; the peak clipped at 65 000 (saturation)
  const flux = (mag: number): number => 2e5 * 10 ** (-0.4 * (mag - 10));
  const stars: SynthStar[] = truth.stars.map((st) => ({ x: st.x, y: st.y, flux: flux(st.mag) }));
  const extra = o.extraStars ?? 300;
  for (let e = 0; e < extra; e++) stars.push({ x: r() * (size - 1), y: r() * (size - 1), flux: flux(faintest + 0.3 + 3 * r()) });
  const data = starField({ width: size, height: size, sky, stars, psf: { sigma }, radius: Math.ceil(5 * sigma), noise: { gain: 1, readNoise }, saturation: 65000, random: r });
  return { data, truth };
}
