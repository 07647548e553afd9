/**
 * IRAF's zscale display range: sample the image on a regular grid, sort the samples, fit a
 * straight line to the sorted values with iterative k-sigma rejection, and span the central
 * part of that line scaled by 1/contrast. Non-finite pixels are ignored.
 *
 * Parameters follow astropy's `ZScaleInterval` defaults (nSamples 1000, contrast 0.25,
 * maxReject 0.5, minPixels 5, kRej 2.5, maxIterations 5), so the limits agree with what
 * astronomers see in ds9 and astropy.
 */
import { sortedMedian } from '../stats/index.js';
export interface ZScaleOptions {
  nSamples?: number;
  contrast?: number;
  maxReject?: number;
  minPixels?: number;
  kRej?: number;
  maxIterations?: number;
}

/**
 * Up to `n` samples of the finite values, taken with a regular stride through the finite values
 * in row-major order (stride = max(1, ⌊finite count / n⌋)), as astropy samples.
 */
export function sampleFinite(data: ArrayLike<number>, n: number): Float64Array {
  const length = data.length;
  let finite = 0;
  for (let i = 0; i < length; i++) if (Number.isFinite(data[i]!)) finite++;
  const stride = Math.max(1, Math.floor(finite / n));
  const out = new Float64Array(Math.min(n, finite));
  let k = 0;
  let f = 0;
  for (let i = 0; i < length && k < out.length; i++) {
    const v = data[i]!;
    if (!Number.isFinite(v)) continue;
    if (f % stride === 0) out[k++] = v;
    f++;
  }
  return out.subarray(0, k);
}

/** The [low, high] display limits in data units; equal limits for a flat image. */
export function zscale(data: ArrayLike<number>, options: ZScaleOptions = {}): [number, number] {
  const nSamples = options.nSamples ?? 1000;
  const contrast = options.contrast ?? 0.25;
  const maxReject = options.maxReject ?? 0.5;
  const minPixels = options.minPixels ?? 5;
  const kRej = options.kRej ?? 2.5;
  const maxIterations = options.maxIterations ?? 5;

  const samples = Float64Array.from(sampleFinite(data, nSamples)).sort();
  const n = samples.length;
  if (n === 0) return [0, 0];
  let vmin = samples[0]!;
  let vmax = samples[n - 1]!;

  const minNpix = Math.max(minPixels, Math.floor(n * maxReject));
  // Each rejected sample also masks a window of ~1 % of the samples around it.
  const ngrow = Math.max(1, Math.floor(n * 0.01));
  const before = Math.floor(ngrow / 2);
  const after = Math.floor((ngrow - 1) / 2);
  let bad = new Uint8Array(n);
  let ngood = n;
  let lastNgood = n + 1;
  let slope = 0;

  for (let iter = 0; iter < maxIterations; iter++) {
    if (ngood >= lastNgood || ngood < minNpix) break;
    // Least-squares line through the good samples, x = sample index.
    let m = 0;
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let sxy = 0;
    for (let i = 0; i < n; i++) {
      if (bad[i]) continue;
      const y = samples[i]!;
      m++;
      sx += i;
      sy += y;
      sxx += i * i;
      sxy += i * y;
    }
    const det = m * sxx - sx * sx;
    if (det === 0) break;
    slope = (m * sxy - sx * sy) / det;
    const intercept = (sy - slope * sx) / m;

    // k-sigma threshold from the population standard deviation of the good residuals.
    let mean = 0;
    for (let i = 0; i < n; i++) if (!bad[i]) mean += samples[i]! - (intercept + slope * i);
    mean /= m;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      if (bad[i]) continue;
      const d = samples[i]! - (intercept + slope * i) - mean;
      ss += d * d;
    }
    const threshold = kRej * Math.sqrt(ss / m);
    for (let i = 0; i < n; i++) {
      const r = samples[i]! - (intercept + slope * i);
      if (r < -threshold || r > threshold) bad[i] = 1;
    }
    // Dilate the mask: sample i is bad if any of i-before .. i+after is.
    const grown = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      if (!bad[i]) continue;
      for (let j = Math.max(0, i - after); j <= Math.min(n - 1, i + before); j++) grown[j] = 1;
    }
    bad = grown;
    lastNgood = ngood;
    ngood = 0;
    for (let i = 0; i < n; i++) if (!bad[i]) ngood++;
  }

  if (ngood >= minNpix) {
    const s = contrast > 0 ? slope / contrast : slope;
    const center = Math.floor((n - 1) / 2);
    const median = sortedMedian(samples);
    vmin = Math.max(vmin, median - (center - 1) * s);
    vmax = Math.min(vmax, median + (n - center) * s);
  }
  return [vmin, vmax];
}
