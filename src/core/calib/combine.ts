/**
 * Combining a stack of frames pixel by pixel, streamed in bands of rows so that only one band
 * of every frame is in memory at a time (plus the result). The caller supplies, per frame, a
 * function that returns the band's pixels (already prepared: overscan, trim, bias, dark…), so
 * it decides how bands are read (from files, from memory).
 *
 * Methods, matching ccdproc's `combine` (dtype float64) with the defaults named:
 * - `median`: the median of the finite values, the mean of the two middle ones for an even
 *   count (`bottleneck.nanmedian`/`numpy.nanmedian`, what `Combiner.median_combine` uses).
 * - `mean`: the mean of the finite values (`nanmean`, `average_combine`).
 * - `sigclip`: one pass of sigma clipping then the mean of the values kept, as
 *   `combine(method='average', sigma_clip=True)` with its defaults: centre = mean, deviation =
 *   population standard deviation (ddof 0), `maxiters=1`, rejected when below
 *   centre − 3σ or above centre + 3σ (strictly; a value on the bound is kept).
 *   Difference: ccdproc clips the unscaled values even when `scale` is given; we clip the
 *   scaled ones (otherwise flats of different levels would reject each other). Without
 *   scales the two are the same.
 * Per-frame `scales` multiply each frame's values before combining (ccdproc's `scale`,
 * e.g. 1/median for flats). A pixel with no finite value in any frame is NaN.
 */
import { CalibError } from './errors.js';
import { networkMedians, simdMedians, smallMedianInPlace, type SimdMedians } from '../stats/index.js';

export type CombineMethod = 'median' | 'mean' | 'sigclip';

/**
 * Returns rows y0 ≤ y < y1 of a frame, `width` values per row, row-major. It may write them
 * into `into` (exactly that many values, a view of the combination's stack) and return `into`,
 * which saves a copy.
 */
export type BandReader = (y0: number, y1: number, into?: Float64Array) => ArrayLike<number>;

/** Pixels per run of the median network (the run of every frame stays in the L2 cache). */
const RUN = 512;
/** Largest stack sorted by the network; above, per-pixel sorting. */
const NETWORK_MAX = 128;

export interface CombineOptions {
  method: CombineMethod;
  /** One factor per frame, applied before combining. */
  scales?: readonly number[];
  /** Sigma-clipping thresholds (default 3 and 3). */
  sigmaLow?: number;
  sigmaHigh?: number;
  /** Bytes allowed for the stack of one band (float64 per pixel per frame); default 8 MiB. */
  bandBytes?: number;
  /** Called after each band with the rows done so far. */
  onProgress?: (rowsDone: number, height: number) => void;
  /**
   * Medians by the WebAssembly SIMD network where the engine has it (default true); false: by
   * the TypeScript one (the same values; for tests and comparisons).
   */
  simd?: boolean;
}

export interface CombineResult {
  data: Float32Array;
  /** Values rejected by sigma clipping (0 for median/mean). */
  rejected: number;
  /** Pixels with no finite value (NaN in the result). */
  empty: number;
  /** Rows per band used. */
  bandRows: number;
}

/** Rows per band for `frames` frames of `width` within `bandBytes` (at least 1). */
export function bandRowsFor(frames: number, width: number, bandBytes: number): number {
  return Math.max(1, Math.floor(bandBytes / (frames * width * 8)));
}

/** Combines `readers.length` frames of `width` × `height`; see the module comment for the methods. */
export function combineBands(readers: readonly BandReader[], width: number, height: number, opts: CombineOptions): CombineResult {
  const n = readers.length;
  if (n === 0) throw new CalibError('no_frames', 'no frames to combine');
  const scales = opts.scales;
  if (scales !== undefined && scales.length !== n) throw new CalibError('bad_argument', `${scales.length} scales for ${n} frames`);
  if (scales?.some((s) => !Number.isFinite(s))) throw new CalibError('bad_argument', 'a frame scale is not finite (a frame whose median is 0 or NaN?)');
  const lowK = opts.sigmaLow ?? 3;
  const highK = opts.sigmaHigh ?? 3;
  const bandRows = Math.min(height, bandRowsFor(n, width, opts.bandBytes ?? 8 * 1024 * 1024));
  const out = new Float32Array(width * height);
  const networked = opts.method === 'median' && n > 1 && n <= NETWORK_MAX;
  const kernel = networked && opts.simd !== false ? simdMedians(n, width * bandRows) : undefined;
  // frame-major: stack[f * bandSize + p]; in the SIMD kernel's memory when there is one
  const stack = kernel ? kernel.stack : new Float64Array(n * width * bandRows);
  const v = new Float64Array(n);
  let rejected = 0;
  let empty = 0;
  for (let y0 = 0; y0 < height; y0 += bandRows) {
    const rows = Math.min(bandRows, height - y0);
    const size = rows * width;
    for (let f = 0; f < n; f++) {
      const base = f * size;
      const into = stack.subarray(base, base + size);
      const band = readers[f](y0, y0 + rows, into);
      if (band.length < size) throw new CalibError('shape_mismatch', `frame ${f + 1}: band of rows ${y0}–${y0 + rows - 1} has ${band.length} values, expected ${size}`);
      const s = scales ? scales[f] : 1;
      if (band === into) {
        if (s !== 1) for (let p = 0; p < size; p++) stack[base + p] = stack[base + p] * s;
      } else if (s === 1) for (let p = 0; p < size; p++) stack[base + p] = band[p];
      else for (let p = 0; p < size; p++) stack[base + p] = band[p] * s;
    }
    const o = y0 * width;
    if (kernel) {
      empty += simdBand(kernel, stack, size, n, out, o, v);
      opts.onProgress?.(y0 + rows, height);
      continue;
    }
    if (networked) {
      empty += medianBand(stack, size, n, out, o, v);
      opts.onProgress?.(y0 + rows, height);
      continue;
    }
    for (let p = 0; p < size; p++) {
      let k = 0;
      for (let f = 0; f < n; f++) {
        const x = stack[f * size + p];
        if (x === x && x !== Infinity && x !== -Infinity) v[k++] = x;
      }
      if (k === 0) {
        out[o + p] = NaN;
        empty++;
        continue;
      }
      if (opts.method === 'median') out[o + p] = smallMedianInPlace(v, k);
      else if (opts.method === 'mean') {
        let sum = 0;
        for (let i = 0; i < k; i++) sum += v[i];
        out[o + p] = sum / k;
      } else {
        let sum = 0;
        for (let i = 0; i < k; i++) sum += v[i];
        const mean = sum / k;
        let ss = 0;
        for (let i = 0; i < k; i++) ss += (v[i] - mean) * (v[i] - mean);
        const sd = Math.sqrt(ss / k);
        const lo = mean - sd * lowK;
        const hi = mean + sd * highK;
        let kept = 0;
        let ksum = 0;
        for (let i = 0; i < k; i++) {
          if (v[i] < lo || v[i] > hi) continue;
          ksum += v[i];
          kept++;
        }
        rejected += k - kept;
        if (kept === 0) {
          out[o + p] = NaN;
          empty++;
        } else out[o + p] = ksum / kept;
      }
    }
    opts.onProgress?.(y0 + rows, height);
  }
  return { data: out, rejected, empty, bandRows };
}


/**
 * {@link medianBand} by the SIMD kernel: its medians for the pixels whose values are all
 * finite (the others come back NaN and are done one by one over their finite values, NaN when
 * none). Returns the count of pixels with no finite value.
 */
function simdBand(kernel: SimdMedians, stack: Float64Array, size: number, n: number, out: Float32Array, o: number, v: Float64Array): number {
  const med = kernel.run(size);
  let empty = 0;
  for (let q = 0; q < size; q++) {
    const m = med[q];
    if (m === m) {
      out[o + q] = m;
      continue;
    }
    let k = 0;
    for (let f = 0; f < n; f++) {
      const x = stack[f * size + q];
      if (x - x === 0) v[k++] = x;
    }
    if (k === 0) {
      out[o + q] = NaN;
      empty++;
    } else out[o + q] = smallMedianInPlace(v, k);
  }
  return empty;
}

/**
 * Medians of one band (`size` pixels of `n` frames in `stack`, frame-major) into
 * `out[o …]`, run by run: pixels whose stack holds a NaN or ±Infinity are done first, one by
 * one over their finite values (NaN when none), the others by the median network. Returns
 * the count of pixels with no finite value.
 */
function medianBand(stack: Float64Array, size: number, n: number, out: Float32Array, o: number, v: Float64Array): number {
  const skip = new Uint8Array(RUN);
  let empty = 0;
  for (let p0 = 0; p0 < size; p0 += RUN) {
    const len = Math.min(RUN, size - p0);
    let bad = false;
    for (let f = 0; f < n; f++) {
      const b = f * size + p0;
      for (let q = 0; q < len; q++) {
        const x = stack[b + q];
        if (x - x !== 0) bad = true; // NaN or ±Infinity
      }
    }
    if (bad) {
      skip.fill(0);
      for (let q = 0; q < len; q++) {
        let k = 0;
        for (let f = 0; f < n; f++) {
          const x = stack[f * size + p0 + q];
          if (x - x === 0) v[k++] = x;
        }
        if (k === n) continue;
        skip[q] = 1;
        if (k === 0) {
          out[o + p0 + q] = NaN;
          empty++;
        } else out[o + p0 + q] = smallMedianInPlace(v, k);
      }
    }
    networkMedians(stack, size, n, p0, p0 + len, out, o + p0, bad ? skip : undefined);
  }
  return empty;
}
