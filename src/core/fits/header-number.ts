/**
 * Numbers from header values, as the readers of EXPTIME, GAIN, BITPIX, plate constants… need
 * them: some writers quote numbers (`EXPTIME = '30'`), so numeric text counts too.
 */

/** A finite number as is, text that reads as a finite number parsed; else undefined. */
export function headerNumber(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/** The value of the first of `keys` that holds a number ({@link headerNumber}); undefined if none does. */
export function firstHeaderNumber(h: { get(key: string): unknown }, keys: readonly string[]): number | undefined {
  for (const k of keys) {
    const n = headerNumber(h.get(k));
    if (n !== undefined) return n;
  }
  return undefined;
}
