/**
 * Decoding of uncompressed image data units: BITPIX 8/16/32/64/-32/-64, BSCALE/BZERO
 * (including unsigned integers stored with BZERO), BLANK → NaN, N-dimensional arrays and
 * one plane of a cube.
 */
import { LITTLE_ENDIAN, nativeCopy } from './bytes.js';
import { FitsError } from './errors.js';

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
 * Apply `scale`/`zero` the way astropy does for this output type: in float32 arithmetic
 * (multiply, round, add, round) for float32 output, in float64 otherwise.
 */
function scaleInto(out: Float32Array | Float64Array, scale: number, zero: number): void {
  const n = out.length;
  if (scale === 1 && zero === 0) return;
  if (out instanceof Float32Array) {
    const fs = Math.fround(scale);
    const fz = Math.fround(zero);
    if (fs === 1) for (let i = 0; i < n; i++) out[i] = out[i] + fz;
    else for (let i = 0; i < n; i++) out[i] = Math.fround(out[i] * fs) + fz;
  } else {
    for (let i = 0; i < n; i++) out[i] = out[i] * scale + zero;
  }
}

/**
 * Decode `count` big-endian pixels of type `bitpix` starting at `offset` in `src` into a new
 * array of `type`, applying scaling and blank values.
 */
export function decodePixels(
  src: Uint8Array,
  offset: number,
  count: number,
  bitpix: number,
  scaling: Scaling,
  type: PixelType,
): Float32Array | Float64Array {
  const size = bytesPerPixel(bitpix);
  const nbytes = count * size;
  if (offset < 0 || offset + nbytes > src.length) {
    throw new FitsError('truncated', `data needs ${nbytes} bytes at offset ${offset}, only ${src.length - offset} available`, -1, src.length);
  }
  const { scale, zero } = scaling;
  const blank = scaling.blank;
  if (bitpix === -32 && type === 'float32') {
    const out = new Float32Array(nativeCopy(src, offset, nbytes, 4));
    scaleInto(out, scale, zero);
    return out;
  }
  if (bitpix === -64 && type === 'float64') {
    const out = new Float64Array(nativeCopy(src, offset, nbytes, 8));
    scaleInto(out, scale, zero);
    return out;
  }
  const out = type === 'float32' ? new Float32Array(count) : new Float64Array(count);
  switch (bitpix) {
    case 8: {
      const s = src.subarray(offset, offset + count);
      out.set(s);
      if (blank !== undefined) {
        scaleInto(out, scale, zero);
        for (let i = 0; i < count; i++) if (s[i] === blank) out[i] = NaN;
      } else scaleInto(out, scale, zero);
      return out;
    }
    case 16: {
      // One pass: big-endian int16 straight into the output (aligned Uint16 reads when possible).
      const abs = src.byteOffset + offset;
      const hasBlank = blank !== undefined;
      const bl = hasBlank ? blank : 0;
      if (abs % 2 === 0) {
        const s16 = new Uint16Array(src.buffer, abs, count);
        for (let i = 0; i < count; i++) {
          const x = s16[i];
          out[i] = LITTLE_ENDIAN ? (((x & 0xff) << 24) >> 16) | (x >>> 8) : (x << 16) >> 16;
        }
      } else {
        for (let i = 0, j = offset; i < count; i++, j += 2) out[i] = ((src[j] << 24) >> 16) | src[j + 1];
      }
      if (hasBlank) {
        const isBlank = new Uint8Array(count);
        for (let i = 0; i < count; i++) if (out[i] === bl) isBlank[i] = 1;
        scaleInto(out, scale, zero);
        for (let i = 0; i < count; i++) if (isBlank[i]) out[i] = NaN;
      } else scaleInto(out, scale, zero);
      return out;
    }
    case 32: {
      const abs = src.byteOffset + offset;
      if (abs % 4 === 0 && LITTLE_ENDIAN) {
        const s32 = new Int32Array(src.buffer, abs, count);
        for (let i = 0; i < count; i++) {
          const x = s32[i];
          out[i] = (x << 24) | ((x << 8) & 0xff0000) | ((x >> 8) & 0xff00) | (x >>> 24);
        }
      } else {
        for (let i = 0, j = offset; i < count; i++, j += 4) out[i] = (src[j] << 24) | (src[j + 1] << 16) | (src[j + 2] << 8) | src[j + 3];
      }
      if (blank !== undefined) {
        // Raw values up to 2**31 are exact in float64; in float32 compare against the raw bytes.
        const isBlank = new Uint8Array(count);
        for (let i = 0, j = offset; i < count; i++, j += 4) {
          if (((src[j] << 24) | (src[j + 1] << 16) | (src[j + 2] << 8) | src[j + 3]) === blank) isBlank[i] = 1;
        }
        scaleInto(out, scale, zero);
        for (let i = 0; i < count; i++) if (isBlank[i]) out[i] = NaN;
      } else scaleInto(out, scale, zero);
      return out;
    }
    case 64: {
      const words = new Uint32Array(nativeCopy(src, offset, nbytes, 8));
      // After the 64-bit swap, word 2i is the low half and 2i+1 the high half (little-endian).
      const blankBig = blank !== undefined ? BigInt(blank) : undefined;
      for (let i = 0; i < count; i++) {
        const lo = words[2 * i];
        const hi = words[2 * i + 1] | 0;
        const v = hi * 4294967296 + lo;
        if (blankBig !== undefined && BigInt(hi) * 4294967296n + BigInt(lo) === blankBig) out[i] = NaN;
        else out[i] = v * scale + zero;
      }
      return out;
    }
    case -32: {
      const raw = new Float32Array(nativeCopy(src, offset, nbytes, 4));
      out.set(raw);
      scaleInto(out, scale, zero);
      return out;
    }
    case -64: {
      const raw = new Float64Array(nativeCopy(src, offset, nbytes, 8));
      out.set(raw);
      scaleInto(out, scale, zero);
      return out;
    }
    default:
      throw new FitsError('bad_bitpix', `BITPIX ${bitpix} is not a FITS data type`);
  }
}
