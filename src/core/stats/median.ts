/**
 * The medians of the core, one of each kind. For an even count a median is the mean of the two
 * middle values (as `numpy.median`), NaN when there is no value. Which values count differs by
 * purpose and is in each name: {@link median} leaves NaN out, {@link finiteMedian} also
 * ±Infinity. The float32 medians of the extraction (SExtractor's arithmetic) are in float32.ts.
 */

/** Median of the ascending range `sorted[lo … hi)` (NaN for an empty range). */
export function sortedMedian(sorted: ArrayLike<number>, lo = 0, hi = sorted.length): number {
  const n = hi - lo;
  if (n <= 0) return NaN;
  const m = lo + (n >> 1);
  return n % 2 === 1 ? sorted[m]! : 0.5 * (sorted[m - 1]! + sorted[m]!);
}

/** Median of `values` with NaN left out (±Infinity count), from a sorted float64 copy. */
export function median(values: ArrayLike<number>): number {
  const sorted = Float64Array.from(values).sort();
  // the typed array's sort puts NaN last
  let n = sorted.length;
  while (n > 0 && Number.isNaN(sorted[n - 1])) n--;
  return sortedMedian(sorted, 0, n);
}

function selectKth(a: Float64Array, lo: number, hi: number, k: number): number {
  // Hoare-style quickselect on a[lo..hi] (inclusive) with median-of-three pivots.
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    let x = a[lo], y = a[mid], z = a[hi];
    if (x > y) [x, y] = [y, x];
    if (y > z) [y, z] = [z, y];
    if (x > y) [x, y] = [y, x];
    const pivot = y;
    let i = lo, j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/**
 * The median of the finite values (NaN and ±Infinity ignored), as `numpy.nanmedian` of the
 * finite values. NaN when there are none. O(n), one float64 copy of the data.
 */
export function finiteMedian(values: ArrayLike<number>): number {
  return finiteMedianInPlace(Float64Array.from(values));
}

/**
 * {@link finiteMedian} without the copy: reorders `a` (a scratch array the caller gives up) by
 * quickselect — the per-type specialisation for whole frames, where sorting would cost
 * O(n log n).
 */
export function finiteMedianInPlace(a: Float64Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (Number.isFinite(v)) a[n++] = v;
  }
  if (n === 0) return NaN;
  if (n >= BRACKET_MIN) {
    const m = bracketedMedian(a, n);
    if (m !== undefined) return m;
  }
  const upper = selectKth(a, 0, n - 1, n >> 1);
  if (n % 2 === 1) return upper;
  // the lower middle is the largest value of the lower part
  let lower = -Infinity;
  for (let i = 0; i < n >> 1; i++) if (a[i] > lower) lower = a[i];
  return (lower + upper) / 2;
}

/** From this many values on, {@link finiteMedianInPlace} first tries {@link bracketedMedian}. */
const BRACKET_MIN = 1 << 16;
const SAMPLE = 4096;
/** Sample ranks either side of the sample's median: ±5 standard deviations of its rank. */
const MARGIN = 160;

/**
 * The median of `a[0 … n)` (finite values) from the few values near it: a bracket [lo, hi]
 * is read off a sample spread over the array, one pass counts the values below lo and copies those
 * inside, and quickselect runs on the copy. Exactly the median of the whole (the same order
 * statistics); undefined when the middle rank falls outside the bracket or the bracket holds
 * too many values (the caller then selects on the whole array). O(n) with one read of `a`.
 */
function bracketedMedian(a: Float64Array, n: number): number | undefined {
  const sample = new Float64Array(SAMPLE);
  // a Weyl sequence of positions: spread over the array without following its rows or columns
  for (let i = 0; i < SAMPLE; i++) sample[i] = a[Math.floor(((i * 0.6180339887498949) % 1) * n)];
  sample.sort();
  const lo = sample[(SAMPLE >> 1) - MARGIN];
  const hi = sample[(SAMPLE >> 1) + MARGIN];
  const cap = n >> 3;
  const inside = new Float64Array(cap);
  let below = 0;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = a[i];
    if (v < lo) below++;
    else if (v <= hi) {
      if (m === cap) return undefined;
      inside[m++] = v;
    }
  }
  const kHi = n >> 1;
  const kLo = n % 2 === 1 ? kHi : kHi - 1;
  if (kLo < below || kHi >= below + m) return undefined;
  const upper = selectKth(inside, 0, m - 1, kHi - below);
  if (n % 2 === 1) return upper;
  let lower = -Infinity;
  for (let i = 0; i < kHi - below; i++) if (inside[i] > lower) lower = inside[i];
  return (lower + upper) / 2;
}

/**
 * Median of `v[0 … k)` (no NaN), reordering it by insertion sort: the specialisation for the
 * few values of one pixel's stack (no allocation, fast for up to a few hundred values).
 */
export function smallMedianInPlace(v: Float64Array, k: number): number {
  for (let i = 1; i < k; i++) {
    const x = v[i];
    let j = i - 1;
    while (j >= 0 && v[j] > x) {
      v[j + 1] = v[j];
      j--;
    }
    v[j + 1] = x;
  }
  return k % 2 === 1 ? v[k >> 1] : (v[(k >> 1) - 1] + v[k >> 1]) / 2;
}
