/**
 * Decoding of uncompressed image data units: BITPIX 8/16/32/64/-32/-64, BSCALE/BZERO
 * (including unsigned integers stored with BZERO), BLANK → NaN, N-dimensional arrays and
 * one plane of a cube.
 *
 * Every path is one pass: big-endian values are read with a DataView (V8 compiles
 * `getInt32(j)` to a load and a byte swap), scaled and blanked, and written once to the
 * output. Floats are moved as Int32 bit patterns, so NaN payloads and -0 survive. The output
 * may be a view over the source bytes themselves (see {@link canDecodeInPlace}).
 */
import { FitsError } from './errors.js';

/** True when this machine stores typed arrays little-endian (every supported platform). */
const NATIVE_LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Output element type of a decoded image. */
export type PixelType = 'float32' | 'float64';

/** Linear scaling and blank value of integer data. */
export interface Scaling {
  scale: number;
  zero: number;
  /** Raw integer value that marks an undefined pixel (integer BITPIX only). */
  blank?: number;
}

/** Default output type: float32 for BITPIX 8, 16 and -32; float64 for 32, 64 and -64. */
export function defaultPixelType(bitpix: number): PixelType {
  return bitpix === 8 || bitpix === 16 || bitpix === -32 ? 'float32' : 'float64';
}

/** Bytes per pixel of a BITPIX value. */
export function bytesPerPixel(bitpix: number): 1 | 2 | 4 | 8 {
  const b = Math.abs(bitpix) / 8;
  return b as 1 | 2 | 4 | 8;
}

export const VALID_BITPIX = new Set([8, 16, 32, 64, -32, -64]);

/**
 * The BLANK value as the loops compare it: undefined when no stored value can equal it (absent,
 * not an integer, or outside the range of the type), so that they run without the test.
 * BITPIX 64 keeps any integer (split into halves by the int64 loops).
 */
function intBlank(blank: number | undefined, bitpix: number): number | undefined {
  if (blank === undefined || !Number.isInteger(blank)) return undefined;
  if (bitpix === 8) return blank >= 0 && blank <= 255 ? blank : undefined;
  if (bitpix === 16) return blank >= -32768 && blank <= 32767 ? blank : undefined;
  if (bitpix === 32) return blank >= -2147483648 && blank <= 2147483647 ? blank : undefined;
  return blank;
}

type Out = Float32Array | Float64Array;

/**
 * True when `count` pixels of `bitpix` at `offset` in `src` can be decoded into the same
 * bytes as `type`: the output element is no wider than the input one (-32/32 → float32,
 * -64/64 → float32 or float64) and the data start is aligned for the output type.
 */
export function canDecodeInPlace(src: Uint8Array, offset: number, bitpix: number, type: PixelType): boolean {
  const outSize = type === 'float32' ? 4 : 8;
  return Math.abs(bitpix) / 8 >= outSize && (src.byteOffset + offset) % outSize === 0;
}

function checkRange(src: Uint8Array, offset: number, nbytes: number): void {
  if (offset < 0 || offset + nbytes > src.length) {
    throw new FitsError('truncated', `data needs ${nbytes} bytes at offset ${offset}, only ${src.length - offset} available`, -1, src.length);
  }
}

/**
 * Decode `count` big-endian pixels of type `bitpix` starting at `offset` in `src` into a new
 * array of `type`, applying scaling and blank values.
 */
export function decodePixels(src: Uint8Array, offset: number, count: number, bitpix: number, scaling: Scaling, type: PixelType): Out {
  checkRange(src, offset, count * bytesPerPixel(bitpix));
  if (!VALID_BITPIX.has(bitpix)) throw new FitsError('bad_bitpix', `BITPIX ${bitpix} is not a FITS data type`);
  const out = type === 'float32' ? new Float32Array(count) : new Float64Array(count);
  decodeInto(src, offset, count, bitpix, scaling, out, false);
  return out;
}

/**
 * Decode `count` big-endian pixels of type `bitpix` starting at `offset` in `src` into the
 * first `count` elements of `out` (a caller's reusable buffer; it must not share bytes with
 * `src`), applying scaling and blank values; returns the filled view of `out`.
 */
export function decodePixelsInto(src: Uint8Array, offset: number, count: number, bitpix: number, scaling: Scaling, out: Out): Out {
  checkRange(src, offset, count * bytesPerPixel(bitpix));
  if (!VALID_BITPIX.has(bitpix)) throw new FitsError('bad_bitpix', `BITPIX ${bitpix} is not a FITS data type`);
  if (out.length < count) throw new FitsError('bad_argument', `output of ${out.length} pixels for ${count}`);
  const view = out.length === count ? out : out.subarray(0, count);
  decodeInto(src, offset, count, bitpix, scaling, view, false);
  return view;
}

/**
 * Decode in place: the pixels are converted inside `src` and the returned array is a view
 * over the same bytes (`data.buffer === src.buffer`, starting at `src.byteOffset + offset`).
 * The caller must have checked {@link canDecodeInPlace}; the source bytes are overwritten.
 */
export function decodePixelsInPlace(src: Uint8Array, offset: number, count: number, bitpix: number, scaling: Scaling, type: PixelType): Out {
  checkRange(src, offset, count * bytesPerPixel(bitpix));
  if (!canDecodeInPlace(src, offset, bitpix, type)) throw new FitsError('bad_argument', `BITPIX ${bitpix} cannot be decoded in place as ${type}`);
  const at = src.byteOffset + offset;
  const out = type === 'float32' ? new Float32Array(src.buffer, at, count) : new Float64Array(src.buffer, at, count);
  decodeInto(src, offset, count, bitpix, scaling, out, true);
  return out;
}

/**
 * Decode into `out` (length `count`). `out` may share bytes with `src` (`inPlace`) when it
 * starts at the same byte and its elements are no wider than the input's: every pixel is read
 * before its output slot (which never lies beyond it) is written.
 */
function decodeInto(src: Uint8Array, offset: number, count: number, bitpix: number, scaling: Scaling, out: Out, inPlace: boolean): void {
  const dv = new DataView(src.buffer, src.byteOffset + offset, count * bytesPerPixel(bitpix));
  const { scale, zero } = scaling;
  const blank = bitpix > 0 ? intBlank(scaling.blank, bitpix) : undefined;
  const f32 = out instanceof Float32Array;
  switch (bitpix) {
    case 8:
      if (f32) int8ToF32(src.subarray(offset, offset + count), out, Math.fround(scale), Math.fround(zero), blank);
      else int8ToF64(src.subarray(offset, offset + count), out, scale, zero, blank);
      return;
    case 16:
      if (f32) int16ToF32(dv, out, Math.fround(scale), Math.fround(zero), blank);
      else int16ToF64(dv, out, scale, zero, blank);
      return;
    case 32:
      if (f32) int32ToF32(dv, out, Math.fround(scale), Math.fround(zero), blank);
      else int32ToF64(dv, out, scale, zero, blank);
      return;
    case 64:
      if (f32) int64ToF32(dv, out, scale, zero, blank);
      else int64ToF64(dv, out, scale, zero, blank);
      return;
    case -32:
      if (!f32) float32ToF64(dv, out, scale, zero);
      else if (scale === 1 && zero === 0) {
        if (inPlace) swap32(dv);
        else copy32(dv, new Int32Array(out.buffer, out.byteOffset, count));
      } else float32ToF32(dv, new Int32Array(out.buffer, out.byteOffset, count), out, Math.fround(scale), Math.fround(zero));
      return;
    case -64:
      if (f32) float64ToF32(dv, out, Math.fround(scale), Math.fround(zero), scale === 1 && zero === 0);
      else if (scale === 1 && zero === 0) {
        if (inPlace) swap64(dv);
        else copy64(dv, new Int32Array(out.buffer, out.byteOffset, 2 * count));
      } else float64ToF64(dv, out, scale, zero);
      return;
    default:
      throw new FitsError('bad_bitpix', `BITPIX ${bitpix} is not a FITS data type`);
  }
}

// The loops below are one small function per (input, output) pair so that each stays
// monomorphic for the JIT. Scaled float32 output follows astropy: round(round(v·BSCALE) + BZERO)
// in float32 arithmetic (with BSCALE = 1 the product is exact and is skipped).

function int8ToF32(s: Uint8Array, out: Float32Array, fs: number, fz: number, blank: number | undefined): void {
  const n = out.length;
  if (blank !== undefined) for (let i = 0; i < n; i++) out[i] = s[i] === blank ? NaN : Math.fround(s[i] * fs) + fz;
  else if (fs === 1) for (let i = 0; i < n; i++) out[i] = s[i] + fz;
  else for (let i = 0; i < n; i++) out[i] = Math.fround(s[i] * fs) + fz;
}

function int8ToF64(s: Uint8Array, out: Float64Array, scale: number, zero: number, blank: number | undefined): void {
  const n = out.length;
  if (blank !== undefined) for (let i = 0; i < n; i++) out[i] = s[i] === blank ? NaN : s[i] * scale + zero;
  else for (let i = 0; i < n; i++) out[i] = s[i] * scale + zero;
}

function int16ToF32(dv: DataView, out: Float32Array, fs: number, fz: number, blank: number | undefined): void {
  // Two pixels per 32-bit read (fewer loads), eight per iteration in the common case.
  const n = out.length;
  let i = 0;
  let j = 0;
  if (blank === undefined && fs === 1) {
    // Plain int16, or uint16 as BZERO = 32768.
    for (; i + 7 < n; i += 8, j += 16) {
      const a = dv.getInt32(j);
      const b = dv.getInt32(j + 4);
      const c = dv.getInt32(j + 8);
      const d = dv.getInt32(j + 12);
      out[i] = (a >> 16) + fz;
      out[i + 1] = ((a << 16) >> 16) + fz;
      out[i + 2] = (b >> 16) + fz;
      out[i + 3] = ((b << 16) >> 16) + fz;
      out[i + 4] = (c >> 16) + fz;
      out[i + 5] = ((c << 16) >> 16) + fz;
      out[i + 6] = (d >> 16) + fz;
      out[i + 7] = ((d << 16) >> 16) + fz;
    }
    for (; i + 1 < n; i += 2, j += 4) {
      const w = dv.getInt32(j);
      out[i] = (w >> 16) + fz;
      out[i + 1] = ((w << 16) >> 16) + fz;
    }
  } else if (blank === undefined) {
    for (; i + 1 < n; i += 2, j += 4) {
      const w = dv.getInt32(j);
      out[i] = Math.fround((w >> 16) * fs) + fz;
      out[i + 1] = Math.fround(((w << 16) >> 16) * fs) + fz;
    }
  } else {
    const bl = blank;
    for (; i + 1 < n; i += 2, j += 4) {
      const w = dv.getInt32(j);
      const a = w >> 16;
      const b = (w << 16) >> 16;
      out[i] = a === bl ? NaN : Math.fround(a * fs) + fz;
      out[i + 1] = b === bl ? NaN : Math.fround(b * fs) + fz;
    }
  }
  if (i < n) {
    const v = dv.getInt16(j);
    out[i] = v === blank ? NaN : Math.fround(v * fs) + fz;
  }
}

function int16ToF64(dv: DataView, out: Float64Array, scale: number, zero: number, blank: number | undefined): void {
  const n = out.length;
  if (blank === undefined) {
    for (let i = 0, j = 0; i < n; i++, j += 2) out[i] = dv.getInt16(j) * scale + zero;
  } else {
    const bl = blank;
    for (let i = 0, j = 0; i < n; i++, j += 2) {
      const v = dv.getInt16(j);
      out[i] = v === bl ? NaN : v * scale + zero;
    }
  }
}

function int32ToF32(dv: DataView, out: Float32Array, fs: number, fz: number, blank: number | undefined): void {
  // The raw value is first rounded to float32 (as astropy converts before scaling).
  const n = out.length;
  if (blank === undefined && fs === 1 && fz === 0) {
    for (let i = 0, j = 0; i < n; i++, j += 4) out[i] = dv.getInt32(j);
  } else if (blank === undefined && fs === 1) {
    for (let i = 0, j = 0; i < n; i++, j += 4) out[i] = Math.fround(dv.getInt32(j)) + fz;
  } else if (blank === undefined) {
    for (let i = 0, j = 0; i < n; i++, j += 4) out[i] = Math.fround(Math.fround(dv.getInt32(j)) * fs) + fz;
  } else {
    const bl = blank;
    for (let i = 0, j = 0; i < n; i++, j += 4) {
      const v = dv.getInt32(j);
      out[i] = v === bl ? NaN : Math.fround(Math.fround(v) * fs) + fz;
    }
  }
}

function int32ToF64(dv: DataView, out: Float64Array, scale: number, zero: number, blank: number | undefined): void {
  const n = out.length;
  if (blank === undefined && scale === 1 && zero === 0) {
    for (let i = 0, j = 0; i < n; i++, j += 4) out[i] = dv.getInt32(j);
  } else if (blank === undefined) {
    for (let i = 0, j = 0; i < n; i++, j += 4) out[i] = dv.getInt32(j) * scale + zero;
  } else {
    const bl = blank;
    for (let i = 0, j = 0; i < n; i++, j += 4) {
      const v = dv.getInt32(j);
      out[i] = v === bl ? NaN : v * scale + zero;
    }
  }
}

/** The two 32-bit halves (signed high, unsigned low) of an int64 BLANK, if it is an integer. */
function blank64(blank: number | undefined): [number, number] | undefined {
  if (blank === undefined || !Number.isInteger(blank)) return undefined;
  const b = BigInt.asUintN(64, BigInt(blank));
  return [Number(BigInt.asIntN(32, b >> 32n)), Number(b & 0xffffffffn)];
}

function int64ToF32(dv: DataView, out: Float32Array, scale: number, zero: number, blank: number | undefined): void {
  // float64 arithmetic, rounded once to float32 on store.
  const b = blank64(blank);
  const n = out.length;
  if (b === undefined) {
    for (let i = 0, j = 0; i < n; i++, j += 8) out[i] = (dv.getInt32(j) * 4294967296 + dv.getUint32(j + 4)) * scale + zero;
  } else {
    const [bh, bl] = b;
    for (let i = 0, j = 0; i < n; i++, j += 8) {
      const hi = dv.getInt32(j);
      const lo = dv.getUint32(j + 4);
      out[i] = hi === bh && lo === bl ? NaN : (hi * 4294967296 + lo) * scale + zero;
    }
  }
}

/** {@link int64ToF32} for float64 output: a per-type specialisation (one array type per loop keeps the element stores monomorphic). */
function int64ToF64(dv: DataView, out: Float64Array, scale: number, zero: number, blank: number | undefined): void {
  const b = blank64(blank);
  const n = out.length;
  if (b === undefined) {
    for (let i = 0, j = 0; i < n; i++, j += 8) out[i] = (dv.getInt32(j) * 4294967296 + dv.getUint32(j + 4)) * scale + zero;
  } else {
    const [bh, bl] = b;
    for (let i = 0, j = 0; i < n; i++, j += 8) {
      const hi = dv.getInt32(j);
      const lo = dv.getUint32(j + 4);
      out[i] = hi === bh && lo === bl ? NaN : (hi * 4294967296 + lo) * scale + zero;
    }
  }
}

/** Big-endian 32-bit words → native, as bit patterns. */
function copy32(dv: DataView, d: Int32Array): void {
  const n = d.length;
  for (let i = 0, j = 0; i < n; i++, j += 4) d[i] = dv.getInt32(j);
}

/**
 * Node's `Buffer` when this code runs in Node (not in a browser): its `swap32` is native
 * (SIMD), about 3× faster than the loop below on a warm run and much more on a cold one.
 * Looked up at run time so that this module imports nothing from Node.
 */
const nodeBuffer = (globalThis as { Buffer?: { from(b: ArrayBufferLike, offset: number, length: number): { swap32(): unknown } } }).Buffer;

/** Big-endian 32-bit words → native, in place (DataView only: faster than a typed-array store here). */
function swap32(dv: DataView): void {
  const n = dv.byteLength;
  if (!NATIVE_LE) return;
  if (nodeBuffer && n >= 4096 && n % 4 === 0) {
    nodeBuffer.from(dv.buffer, dv.byteOffset, n).swap32();
    return;
  }
  for (let j = 0; j < n; j += 4) dv.setInt32(j, dv.getInt32(j), true);
}

/** Big-endian 64-bit words → native, in place, as pairs of 32-bit bit patterns. */
function swap64(dv: DataView): void {
  if (!NATIVE_LE) return;
  const n = dv.byteLength;
  for (let j = 0; j < n; j += 8) {
    const hi = dv.getInt32(j);
    dv.setInt32(j, dv.getInt32(j + 4), NATIVE_LE);
    dv.setInt32(j + 4, hi, NATIVE_LE);
  }
}

/** Big-endian 64-bit words → native, as pairs of 32-bit bit patterns. */
function copy64(dv: DataView, d: Int32Array): void {
  if (!NATIVE_LE) {
    new Uint8Array(d.buffer, d.byteOffset, d.byteLength).set(new Uint8Array(dv.buffer, dv.byteOffset, d.byteLength));
    return;
  }
  const n = d.length;
  for (let i = 0, j = 0; i < n; i += 2, j += 8) {
    const hi = dv.getInt32(j);
    d[i] = dv.getInt32(j + 4);
    d[i + 1] = hi;
  }
}

function float32ToF32(dv: DataView, bits: Int32Array, out: Float32Array, fs: number, fz: number): void {
  // The bit pattern goes through memory (`bits` aliases `out`) so that NaN payloads are
  // scaled exactly as a Float32Array read gives them.
  const n = out.length;
  if (fs === 1) {
    for (let i = 0, j = 0; i < n; i++, j += 4) {
      bits[i] = dv.getInt32(j);
      out[i] = out[i] + fz;
    }
  } else {
    for (let i = 0, j = 0; i < n; i++, j += 4) {
      bits[i] = dv.getInt32(j);
      out[i] = Math.fround(out[i] * fs) + fz;
    }
  }
}

function float64ToF64(dv: DataView, out: Float64Array, scale: number, zero: number): void {
  const n = out.length;
  for (let i = 0, j = 0; i < n; i++, j += 8) out[i] = dv.getFloat64(j) * scale + zero;
}

function float32ToF64(dv: DataView, out: Float64Array, scale: number, zero: number): void {
  const n = out.length;
  if (scale === 1 && zero === 0) for (let i = 0, j = 0; i < n; i++, j += 4) out[i] = dv.getFloat32(j);
  else for (let i = 0, j = 0; i < n; i++, j += 4) out[i] = dv.getFloat32(j) * scale + zero;
}

function float64ToF32(dv: DataView, out: Float32Array, fs: number, fz: number, raw: boolean): void {
  // Rounded to float32 first, then scaled in float32 arithmetic.
  const n = out.length;
  if (raw) for (let i = 0, j = 0; i < n; i++, j += 8) out[i] = dv.getFloat64(j);
  else if (fs === 1) for (let i = 0, j = 0; i < n; i++, j += 8) out[i] = Math.fround(dv.getFloat64(j)) + fz;
  else for (let i = 0, j = 0; i < n; i++, j += 8) out[i] = Math.fround(Math.fround(dv.getFloat64(j)) * fs) + fz;
}
