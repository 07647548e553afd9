/**
 * Sky level from an annulus: pixels whose centre lies in r_in ≤ d < r_out (photutils
 * `method='center'`), iteratively sigma-clipped about the median (as astropy `sigma_clip`),
 * then the median, the mean or SExtractor's mode.
 */
import { sortedMedian } from '../stats/index.js';
import { PhotometryError } from './errors.js';
import type { PixelImage } from './image.js';

/** Estimator of the sky level of the clipped annulus pixels. */
export type SkyEstimator = 'median' | 'mean' | 'mode';

export interface SkyOptions {
  /** Clipping threshold in standard deviations [3]. */
  clipSigma?: number;
  /** Maximum clipping iterations [10]. */
  clipIterations?: number;
  /** Sky estimator ['median']. */
  estimator?: SkyEstimator;
}

/** The sky under an aperture. */
export interface SkyEstimate {
  /** Sky level per pixel, ADU. NaN when no pixel was usable. */
  level: number;
  /** Standard deviation of the clipped pixels (population, ddof 0), ADU. */
  sigma: number;
  /** Median and mean of the clipped pixels, ADU. */
  median: number;
  mean: number;
  /** Number of pixels kept after clipping. */
  count: number;
  /** Number of pixels in the annulus on the image and not NaN, before clipping. */
  total: number;
}

/**
 * Sigma-clipped statistics of `values` (NaN already removed): iteratively drop values with
 * |v − median| > clipSigma × std until nothing changes or `clipIterations` is reached; then
 * the level by `estimator` ('mode' = 2.5 median − 1.5 mean, or the median when
 * (mean − median)/σ > 0.3, as SExtractor).
 */
export function clippedStats(values: ArrayLike<number>, options: SkyOptions = {}): SkyEstimate {
  const k = options.clipSigma ?? 3;
  const iters = options.clipIterations ?? 10;
  const sorted = Float64Array.from(values).sort();
  let lo = 0;
  let hi = sorted.length;
  let med = sortedMedian(sorted, lo, hi);
  let mean = NaN;
  let sigma = NaN;
  for (let it = 0; it <= iters; it++) {
    let s = 0;
    for (let i = lo; i < hi; i++) s += sorted[i]!;
    mean = s / (hi - lo);
    let ss = 0;
    for (let i = lo; i < hi; i++) ss += (sorted[i]! - mean) ** 2;
    sigma = Math.sqrt(ss / (hi - lo));
    med = sortedMedian(sorted, lo, hi);
    if (it === iters || hi - lo < 2) break;
    const min = med - k * sigma;
    const max = med + k * sigma;
    let nlo = lo;
    let nhi = hi;
    while (nlo < nhi && sorted[nlo]! < min) nlo++;
    while (nhi > nlo && sorted[nhi - 1]! > max) nhi--;
    if (nlo === lo && nhi === hi) break;
    lo = nlo;
    hi = nhi;
  }
  const count = hi - lo;
  let level = med;
  if (options.estimator === 'mean') level = mean;
  else if (options.estimator === 'mode') level = sigma > 0 && (mean - med) / sigma > 0.3 ? med : 2.5 * med - 1.5 * mean;
  return { level, sigma, median: med, mean, count, total: sorted.length };
}

/** The finite pixel values (NaN and ±Infinity left out) whose centres lie in rIn ≤ d < rOut around (x, y) (pixels). */
export function annulusPixels(image: PixelImage, x: number, y: number, rIn: number, rOut: number): Float64Array {
  if (!(rOut > rIn) || rIn < 0) throw new PhotometryError('phot_bad_argument', `bad annulus ${rIn}–${rOut}`);
  const { data, width, height } = image;
  const i0 = Math.max(0, Math.ceil(x - rOut));
  const i1 = Math.min(width - 1, Math.floor(x + rOut));
  const j0 = Math.max(0, Math.ceil(y - rOut));
  const j1 = Math.min(height - 1, Math.floor(y + rOut));
  const rin2 = rIn * rIn;
  const rout2 = rOut * rOut;
  const out: number[] = [];
  for (let j = j0; j <= j1; j++) {
    const dy2 = (j - y) ** 2;
    for (let i = i0; i <= i1; i++) {
      const d2 = (i - x) ** 2 + dy2;
      if (d2 < rin2 || d2 >= rout2) continue;
      const v = data[j * width + i]!;
      if (Number.isFinite(v)) out.push(v);
    }
  }
  return Float64Array.from(out);
}

/** Sky level and noise in the annulus rIn ≤ d < rOut (pixels) around (x, y) (0-based pixels). */
export function skyAnnulus(image: PixelImage, x: number, y: number, rIn: number, rOut: number, options: SkyOptions = {}): SkyEstimate {
  return clippedStats(annulusPixels(image, x, y, rIn, rOut), options);
}
