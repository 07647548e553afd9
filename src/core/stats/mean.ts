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
