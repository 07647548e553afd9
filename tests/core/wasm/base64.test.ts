import { describe, expect, it } from 'vitest';
import { fromBase64, fromBase64Portable } from '../../../src/core/wasm/index.js';

/** Deterministic bytes (a 32-bit LCG), so that a failure repeats. */
function bytesOf(n: number, seed: number): Uint8Array {
  let s = seed >>> 0;
  return Uint8Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s >>> 24;
  });
}

describe.each([
  ['fromBase64 (the runtime’s decoder: Node’s Buffer here)', fromBase64],
  ['fromBase64Portable', fromBase64Portable],
])('%s', (_name, decode) => {
  it('gives back the bytes Buffer encoded, for every padding and for pooled and unpooled sizes', () => {
    for (const n of [...Array.from({ length: 40 }, (_, i) => i), 4095, 4096, 4097, 18000]) {
      const bytes = bytesOf(n, n + 1);
      const out = decode(Buffer.from(bytes).toString('base64'));
      expect(out).toBeInstanceOf(Uint8Array);
      expect(out.length).toBe(n);
      expect(Buffer.from(out.buffer, out.byteOffset, out.byteLength).equals(Buffer.from(bytes))).toBe(true);
    }
  });

  it.each(['AB$=', 'ABC', 'A=BC', 'AB=C', '====', 'A===', 'AB\nC', 'ABCé', 'AB-_'])('refuses %j with a RangeError', (text) => {
    expect(() => decode(text)).toThrow(RangeError);
  });

  it('decodes the empty text to no bytes', () => {
    expect(decode('').length).toBe(0);
  });
});
