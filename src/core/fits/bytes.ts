/**
 * Big-endian → native conversion of FITS data, in bulk over typed-array views (no DataView):
 * the hot path of every image read.
 */

/** True when this machine stores typed arrays little-endian (every supported platform). */
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Byte-swap 32-bit words in place. */
export function swap32InPlace(u32: Uint32Array | Int32Array): void {
  // Int32 views keep every value a small integer for the JIT (Uint32 values above 2**31 are not).
  const v = u32 instanceof Int32Array ? u32 : new Int32Array(u32.buffer, u32.byteOffset, u32.length);
  const n = v.length;
  for (let i = 0; i < n; i++) {
    const x = v[i];
    v[i] = (x << 24) | ((x << 8) & 0xff0000) | ((x >> 8) & 0xff00) | (x >>> 24);
  }
}

/** Byte-swap 16-bit words in place. */
export function swap16InPlace(u16: Uint16Array): void {
  const n = u16.length;
  for (let i = 0; i < n; i++) {
    const x = u16[i];
    u16[i] = ((x & 0xff) << 8) | (x >>> 8);
  }
}

/** Byte-swap 64-bit words in place (as pairs of 32-bit words). */
export function swap64InPlace(w: Uint32Array): void {
  const u32 = new Int32Array(w.buffer, w.byteOffset, w.length);
  const n = u32.length;
  for (let i = 0; i < n; i += 2) {
    const a = u32[i];
    const b = u32[i + 1];
    u32[i] = (b << 24) | ((b << 8) & 0xff0000) | ((b >> 8) & 0xff00) | (b >>> 24);
    u32[i + 1] = (a << 24) | ((a << 8) & 0xff0000) | ((a >> 8) & 0xff00) | (a >>> 24);
  }
}

/**
 * Copy `n` bytes of big-endian words of `size` bytes (1, 2, 4 or 8) from `src` at `offset`
 * into a fresh, aligned ArrayBuffer in native byte order.
 */
export function nativeCopy(src: Uint8Array, offset: number, n: number, size: 1 | 2 | 4 | 8): ArrayBuffer {
  const buf = new ArrayBuffer(n);
  const out = new Uint8Array(buf);
  if (size === 1 || !LITTLE_ENDIAN) {
    out.set(src.subarray(offset, offset + n));
    return buf;
  }
  const abs = src.byteOffset + offset;
  if (size === 4 && abs % 4 === 0) {
    // One pass: read aligned words from the source, write swapped words.
    const s = new Int32Array(src.buffer, abs, n >>> 2);
    const d = new Int32Array(buf);
    const len = d.length;
    for (let i = 0; i < len; i++) {
      const x = s[i];
      d[i] = (x << 24) | ((x << 8) & 0xff0000) | ((x >> 8) & 0xff00) | (x >>> 24);
    }
    return buf;
  }
  out.set(src.subarray(offset, offset + n));
  if (size === 2) swap16InPlace(new Uint16Array(buf));
  else if (size === 4) swap32InPlace(new Uint32Array(buf));
  else swap64InPlace(new Uint32Array(buf));
  return buf;
}
