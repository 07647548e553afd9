/** The median of `v` (the mean of the middle two for an even count; NaN for none). */
export function median(v: readonly number[]): number {
  const s = [...v].sort((x, y) => x - y);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}
