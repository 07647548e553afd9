/**
 * Whole-frame statistics used to normalise flats: the median (each flat frame is scaled by
 * 1/median before combining, as ccdproc's `combine(..., scale=lambda a: 1/np.median(a))` in
 * the CCD Data Reduction Guide) and the mean (ccdproc's `flat_correct` divides the flat by its
 * mean unless given `norm_value`).
 */

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
 * The median of the finite values (NaN and ±Infinity ignored); for an even count the mean of
 * the two middle values, as `numpy.median`/`nanmedian`. NaN when there are none. O(n), one
 * float64 copy of the data.
 */
export function medianOf(values: ArrayLike<number>): number {
  return medianInPlace(Float64Array.from(values));
}

/** {@link medianOf} without the copy: reorders `a` (a scratch array the caller gives up). */
export function medianInPlace(a: Float64Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (Number.isFinite(v)) a[n++] = v;
  }
  if (n === 0) return NaN;
  const upper = selectKth(a, 0, n - 1, n >> 1);
  if (n % 2 === 1) return upper;
  // the lower middle is the largest value of the lower part
  let lower = -Infinity;
  for (let i = 0; i < n >> 1; i++) if (a[i] > lower) lower = a[i];
  return (lower + upper) / 2;
}

/** The mean of the finite values (NaN when there are none), summed in float64 in order. */
export function meanOf(values: ArrayLike<number>): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) {
      s += v;
      n++;
    }
  }
  return n === 0 ? NaN : s / n;
}
