/**
 * Rice decompression (RICE_1) of one tile, bit-for-bit as cfitsio's fits_rdecomp,
 * fits_rdecomp_short and fits_rdecomp_byte: a first raw pixel, then blocks of `blocksize`
 * differences, each block starting with its FS code (low-entropy, Rice or raw).
 */
import { FitsError } from '../errors.js';

/**
 * Decode `n` pixels from the Rice-coded bytes `src` into `out`. For `bytepix` 4 the values
 * are int32, for 2 they wrap to int16 and for 1 to unsigned bytes, as cfitsio's do.
 * Throws `bad_tile` when the stream ends early.
 */
export function riceDecode(src: Uint8Array, out: Int32Array, n: number, blocksize: number, bytepix: number): void {
  let fsbits: number;
  let fsmax: number;
  let bbits: number;
  // v = ((x << sh) >> sh) & mask wraps a sum to the pixel type without a branch.
  let sh: number;
  let mask: number;
  if (bytepix === 1) {
    fsbits = 3; fsmax = 6; bbits = 8; sh = 24; mask = 0xff;
  } else if (bytepix === 2) {
    fsbits = 4; fsmax = 14; bbits = 16; sh = 16; mask = -1;
  } else if (bytepix === 4) {
    fsbits = 5; fsmax = 25; bbits = 32; sh = 0; mask = -1;
  } else {
    throw new FitsError('unsupported', `RICE_1 with BYTEPIX ${bytepix} is not supported`);
  }
  const clen = src.length;
  if (n <= 0) return;
  if (clen < bytepix + 1) throw new FitsError('bad_tile', `RICE_1 tile of ${clen} bytes is too short`);
  if (!(blocksize >= 1)) throw new FitsError('bad_tile', `RICE_1 block size ${blocksize} is invalid`);
  let c = 0;
  let lastpix = 0;
  for (let k = 0; k < bytepix; k++) lastpix = (lastpix << 8) | src[c++];
  lastpix = ((lastpix << sh) >> sh) & mask;
  let b = src[c++];
  let nbits = 8;
  let i = 0;
  while (i < n) {
    nbits -= fsbits;
    while (nbits < 0) {
      b = (b << 8) | src[c++];
      nbits += 8;
    }
    const fs = (b >>> nbits) - 1;
    b &= (1 << nbits) - 1;
    let imax = i + blocksize;
    if (imax > n) imax = n;
    if (fs < 0) {
      for (; i < imax; i++) out[i] = lastpix;
    } else if (fs === fsmax) {
      for (; i < imax; i++) {
        let k = bbits - nbits;
        let diff = k >= 32 ? 0 : b << k;
        for (k -= 8; k >= 0; k -= 8) {
          b = src[c++];
          diff |= b << k;
        }
        if (nbits > 0) {
          b = src[c++];
          diff |= b >>> -k;
          b &= (1 << nbits) - 1;
        } else {
          b = 0;
        }
        // Undo the zigzag mapping without a branch: odd -> ~(diff >> 1), even -> diff >> 1.
        const d = (diff >>> 1) ^ -(diff & 1);
        const v = (((d + lastpix) << sh) >> sh) & mask;
        out[i] = v;
        lastpix = v;
      }
    } else {
      for (; i < imax; i++) {
        while (b === 0) {
          if (c >= clen) throw new FitsError('bad_tile', 'RICE_1 stream ended early');
          nbits += 8;
          b = src[c++];
        }
        // Leading zeros of b within its nbits valid bits.
        const top = 31 - Math.clz32(b); // position of the leading one
        const nzero = nbits - top - 1;
        nbits = top - fs;
        b ^= 1 << top;
        while (nbits < 0) {
          b = (b << 8) | src[c++];
          nbits += 8;
        }
        const diff = (nzero << fs) | (b >>> nbits);
        b &= (1 << nbits) - 1;
        const d = (diff >>> 1) ^ -(diff & 1);
        const v = (((d + lastpix) << sh) >> sh) & mask;
        out[i] = v;
        lastpix = v;
      }
    }
    if (c > clen) throw new FitsError('bad_tile', `RICE_1 stream ended early (${c} of ${clen} bytes read at pixel ${i})`);
  }
}
