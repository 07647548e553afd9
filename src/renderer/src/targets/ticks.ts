/**
 * Axis tick labels as plain decimals (no thousands separators) with as many digits as the
 * tick spacing needs: the fewest decimals that write the spacing exactly, so adjacent ticks
 * never read the same (MJD 60310.25, 60310.50 … not 60310.3, 60310.5). Pure.
 */

/** Decimals needed to write `incr` exactly (0–9); e.g. 0.25 → 2, 5 → 0, 0.002 → 3. */
export function tickDecimals(incr: number): number {
  if (!(incr > 0) || !Number.isFinite(incr)) return 0;
  for (let d = 0; d < 9; d++) {
    const scaled = incr * 10 ** d;
    if (Math.round(scaled) >= 1 && Math.abs(scaled - Math.round(scaled)) < 1e-6 * scaled) return d;
  }
  return 9;
}

/** The labels of ticks at `splits`, `incr` apart. */
export function tickLabels(splits: readonly number[], incr: number): string[] {
  const d = tickDecimals(incr);
  return splits.map((v) => v.toFixed(d));
}
