/**
 * Root of f on [lo, hi] where f(lo) ≤ 0 ≤ f(hi) (f increasing across the root), by Newton
 * steps kept inside the shrinking bracket (bisection when a step would leave it or the
 * derivative is unusable). Returns the root to about the spacing of doubles, or NaN when the
 * bracket is invalid.
 */
export function bracketedNewton(f: (t: number) => number, df: (t: number) => number, lo: number, hi: number): number {
  if (!(lo <= hi)) return NaN;
  let t = (lo + hi) / 2;
  for (let i = 0; i < 200; i++) {
    const v = f(t);
    if (v === 0) return t;
    if (v < 0) lo = t;
    else hi = t;
    const d = df(t);
    let next = d > 0 && Number.isFinite(d) ? t - v / d : NaN;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (next === t || hi - lo <= 4 * Number.EPSILON * Math.max(1, Math.abs(t))) return next;
    t = next;
  }
  return t;
}
