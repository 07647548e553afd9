/**
 * GZIP_1 and GZIP_2 tiles: the tile's big-endian pixel bytes deflated with gzip (cfitsio writes
 * the gzip wrapper; zlib and raw deflate are accepted too). GZIP_2 first shuffles the bytes:
 * all most-significant bytes, then the next ones, and so on.
 */
import { gunzipSync, inflateSync, unzlibSync } from 'fflate';
import { FitsError } from '../errors.js';

/**
 * Inflate one tile into exactly `expected` bytes. Output beyond `expected` is dropped by
 * fflate, so a corrupt tile cannot allocate more than that; a short result is `bad_tile`.
 */
export function inflateTile(src: Uint8Array, expected: number): Uint8Array {
  const out = new Uint8Array(expected);
  let got: Uint8Array;
  try {
    if (src.length >= 2 && src[0] === 0x1f && src[1] === 0x8b) got = gunzipSync(src, { out });
    else if (src.length >= 2 && (src[0] & 0x0f) === 8 && ((src[0] << 8) | src[1]) % 31 === 0) got = unzlibSync(src, { out });
    else got = inflateSync(src, { out });
  } catch (err) {
    throw new FitsError('bad_tile', `cannot inflate tile: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (got.length < expected) throw new FitsError('bad_tile', `tile inflates to ${got.length} bytes, expected ${expected}`);
  return got.buffer === out.buffer && got.byteOffset === 0 ? out : got.slice(0, expected);
}

/** Undo GZIP_2 byte shuffling of `n` elements of `size` bytes. */
export function unshuffleBytes(src: Uint8Array, n: number, size: number): Uint8Array {
  if (size === 1) return src;
  const out = new Uint8Array(n * size);
  for (let k = 0; k < size; k++) {
    const plane = k * n;
    for (let i = 0; i < n; i++) out[i * size + k] = src[plane + i];
  }
  return out;
}
