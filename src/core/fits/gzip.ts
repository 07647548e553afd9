/**
 * Whole-file gzip (`.fits.gz`): detection and bounded inflation.
 */
import { gunzipSync } from 'fflate';
import { FitsError } from './errors.js';

/** True when the bytes start with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Inflate a gzip file into a buffer sized from the gzip trailer (ISIZE), refusing sizes above
 * `maxBytes` before allocating. Output beyond ISIZE is dropped, so a lying trailer can only
 * produce a short (then `truncated`) FITS file, never an unbounded allocation.
 */
export function gunzipBounded(bytes: Uint8Array, maxBytes: number): Uint8Array {
  if (bytes.length < 18) throw new FitsError('bad_gzip', `gzip file too short (${bytes.length} bytes)`, -1, 0);
  const n = bytes.length;
  const isize = (bytes[n - 4] | (bytes[n - 3] << 8) | (bytes[n - 2] << 16) | (bytes[n - 1] << 24)) >>> 0;
  if (isize > maxBytes) {
    throw new FitsError('too_large', `gzip file inflates to ${isize} bytes, above the limit of ${maxBytes}`, -1, n - 4);
  }
  try {
    return gunzipSync(bytes, { out: new Uint8Array(isize) });
  } catch (err) {
    throw new FitsError('bad_gzip', `cannot inflate gzip file: ${err instanceof Error ? err.message : String(err)}`, -1, 0);
  }
}
