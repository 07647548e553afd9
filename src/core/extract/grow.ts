/** A copy of typed array `a` in a new array of length `n` (≥ a.length), the rest zeros. */
export function grow<T extends Int32Array | Float32Array>(a: T, n: number): T {
  const b = new (a.constructor as { new (n: number): T })(n);
  b.set(a);
  return b;
}
