/**
 * Display limits besides zscale: min/max, symmetric percentile intervals (as astropy's
 * `PercentileInterval` and ds9's "99.5 %" scale limits), and a histogram of the pixel values
 * to draw the limits on. All values are in data units; non-finite pixels are ignored.
 */

/** The percentile intervals the viewer offers, in percent of the finite pixels kept. */
export const PERCENTILES = [99.5, 99, 98, 95, 90] as const;

/** The finite values of `data`, sorted ascending (a copy). */
export function sortedFinite(data: ArrayLike<number>): Float32Array | Float64Array {
  let finite = 0;
  for (let i = 0; i < data.length; i++) if (Number.isFinite(data[i]!)) finite++;
  const out = data instanceof Float64Array ? new Float64Array(finite) : new Float32Array(finite);
  let k = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (Number.isFinite(v)) out[k++] = v;
  }
  return out.sort();
}

/**
 * The `q`-quantile (0 ≤ q ≤ 1) of an ascending array, interpolating linearly between the two
 * nearest ranks at position q·(n−1) (numpy's default `percentile` method). NaN when empty.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const pos = Math.min(1, Math.max(0, q)) * (n - 1);
  const i = Math.floor(pos);
  const f = pos - i;
  const a = sorted[i]!;
  return f === 0 || i + 1 >= n ? a : a + f * (sorted[i + 1]! - a);
}

/**
 * The interval holding the central `percent` % of the values: the (100−p)/2 and (100+p)/2
 * percentiles of an ascending array, as astropy's `PercentileInterval(p)`. [NaN, NaN] when empty.
 */
export function percentileLimits(sorted: ArrayLike<number>, percent: number): [number, number] {
  const tail = (100 - percent) / 200;
  return [quantileSorted(sorted, tail), quantileSorted(sorted, 1 - tail)];
}

/** Counts of values in `bins` equal bins spanning [low, high]. */
export interface Histogram {
  low: number;
  high: number;
  counts: Uint32Array;
}

/**
 * Histogram of the finite values within [low, high] (both inclusive; values outside are not
 * counted) in `bins` equal-width bins. A zero-width range puts every value equal to it in bin 0.
 */
export function histogram(data: ArrayLike<number>, low: number, high: number, bins: number): Histogram {
  const counts = new Uint32Array(Math.max(1, Math.floor(bins)));
  const nb = counts.length;
  const span = high - low;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!(v >= low && v <= high)) continue;
    const b = span > 0 ? Math.min(nb - 1, Math.floor(((v - low) / span) * nb)) : 0;
    counts[b]!++;
  }
  return { low, high, counts };
}
