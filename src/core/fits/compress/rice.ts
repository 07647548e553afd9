/**
 * Rice decompression (RICE_1) of one tile, bit-for-bit as cfitsio's fits_rdecomp,
 * fits_rdecomp_short and fits_rdecomp_byte: a first raw pixel, then blocks of `blocksize`
 * differences, each block starting with its FS code (low-entropy, Rice or raw).
 */
import { FitsError } from '../errors.js';

/** NONZERO[b] = 1-based position of the highest set bit of b (0 for b = 0). */
const NONZERO = new Uint8Array(256);
for (let i = 1; i < 256; i++) NONZERO[i] = 32 - Math.clz32(i);

/**
 * Decode `n` pixels from the Rice-coded bytes `src` into `out` (signed integers; for
 * `bytepix` 1 the values are unsigned bytes, for 2 they wrap to int16 as cfitsio's do).
 * Throws `bad_tile` when the stream ends early.
 */
export function riceDecode(src: Uint8Array, out: Int32Array, n: number, blocksize: number, bytepix: number): void {
  let fsbits: number;
  let fsmax: number;
  let bbits: number;
  if (bytepix === 1) {
    fsbits = 3; fsmax = 6; bbits = 8;
  } else if (bytepix === 2) {
    fsbits = 4; fsmax = 14; bbits = 16;
  } else if (bytepix === 4) {
    fsbits = 5; fsmax = 25; bbits = 32;
  } else {
    throw new FitsError('unsupported', `RICE_1 with BYTEPIX ${bytepix} is not supported`);
  }
  const clen = src.length;
  if (clen < bytepix + 1 && n > 0) throw new FitsError('bad_tile', `RICE_1 tile of ${clen} bytes is too short`);
  if (blocksize < 1) throw new FitsError('bad_tile', `RICE_1 block size ${blocksize} is invalid`);
  let c = 0;
  let lastpix = 0;
  for (let k = 0; k < bytepix; k++) lastpix = (lastpix << 8) | src[c++];
  if (bytepix === 2) lastpix = (lastpix << 16) >> 16;
  const wrap16 = bytepix === 2;
  const wrap8 = bytepix === 1;
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
        diff >>>= 0;
        const d = (diff & 1) === 0 ? diff >>> 1 : ~(diff >>> 1);
        let v = (d + lastpix) | 0;
        if (wrap16) v = (v << 16) >> 16;
        else if (wrap8) v &= 0xff;
        out[i] = v;
        lastpix = v;
      }
    } else {
      for (; i < imax; i++) {
        while (b === 0) {
          nbits += 8;
          b = src[c++];
          if (c > clen) throw new FitsError('bad_tile', 'RICE_1 stream ended early');
        }
        const nzero = nbits - NONZERO[b];
        nbits -= nzero + 1;
        b ^= 1 << nbits;
        nbits -= fs;
        while (nbits < 0) {
          b = (b << 8) | src[c++];
          nbits += 8;
        }
        const diff = ((nzero << fs) | (b >>> nbits)) >>> 0;
        b &= (1 << nbits) - 1;
        const d = (diff & 1) === 0 ? diff >>> 1 : ~(diff >>> 1);
        let v = (d + lastpix) | 0;
        if (wrap16) v = (v << 16) >> 16;
        else if (wrap8) v &= 0xff;
        out[i] = v;
        lastpix = v;
      }
    }
    if (c > clen) throw new FitsError('bad_tile', `RICE_1 stream ended early (${c} of ${clen} bytes read at pixel ${i})`);
  }
}
