/**
 * Medians in SExtractor's float32 arithmetic, for the extraction's background meshes: the
 * per-type specialisation of {@link sortedMedian} that sorts as float32 and rounds the mean of
 * the two middle values to float32, as SExtractor's `fqmedian` does.
 */
import { sortedMedian } from './median.js';

/** Median as SExtractor's `fqmedian` of `values[0 … n)` (sorts a float32 copy; even length: mean of the two middle values). */
export function fmedian(values: Float32Array | number[], n = values.length): number {
  const a = Float32Array.from(values.slice(0, n) as ArrayLike<number>);
  a.sort();
  return Math.fround(sortedMedian(a));
}

/**
 * {@link fmedian} of `a[0 … n)` for the few values of a median-filter window, sorting them in
 * place (no copies: this runs twice per mesh). The order is the typed-array sort's: ascending,
 * −0 before +0 (no NaN reaches it).
 */
export function windowMedian(a: Float32Array, n: number): number {
  for (let i = 1; i < n; i++) {
    const v = a[i];
    let j = i;
    while (j > 0 && (a[j - 1] > v || (a[j - 1] === v && v === 0 && 1 / a[j - 1] > 1 / v))) {
      a[j] = a[j - 1];
      j--;
    }
    a[j] = v;
  }
  return Math.fround(sortedMedian(a, 0, n));
}
