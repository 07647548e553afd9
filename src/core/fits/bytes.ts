/**
 * In-place byte swaps of 16/32/64-bit words (native ↔ big-endian), used by the writer.
 * A DataView read in one byte order and written in the other compiles to a load, a byte-swap
 * instruction and a store in V8, faster than shift-and-mask expressions over typed arrays.
 * (Readers decode big-endian data directly with DataView reads: see image.ts.)
 */

/** True when this machine stores typed arrays little-endian (every supported platform). */
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function view(a: ArrayBufferView): DataView {
  return new DataView(a.buffer, a.byteOffset, a.byteLength);
}

/** Byte-swap 32-bit words in place. */
export function swap32InPlace(u32: Uint32Array | Int32Array): void {
  const dv = view(u32);
  const n = dv.byteLength;
  for (let j = 0; j < n; j += 4) dv.setInt32(j, dv.getInt32(j, true));
}

/** Byte-swap 16-bit words in place. */
export function swap16InPlace(u16: Uint16Array): void {
  const dv = view(u16);
  const n = dv.byteLength;
  for (let j = 0; j < n; j += 2) dv.setInt16(j, dv.getInt16(j, true));
}

/** Byte-swap 64-bit words in place (as pairs of 32-bit words). */
export function swap64InPlace(w: Uint32Array): void {
  const dv = view(w);
  const n = dv.byteLength;
  for (let j = 0; j < n; j += 8) {
    const a = dv.getInt32(j, true);
    dv.setInt32(j, dv.getInt32(j + 4, true));
    dv.setInt32(j + 4, a);
  }
}
