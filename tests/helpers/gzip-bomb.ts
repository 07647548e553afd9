import { constants, createGzip } from 'node:zlib';
import { writeFits } from '../../src/core/fits/index.js';

/**
 * A gzip bomb in the shape of a `.fits.gz`: a small valid FITS file (a 10×10 float32 image, so
 * the headers declare 5760 bytes) followed by `zeroBytes` of zeros, gzipped at level 9 (about
 * 1 KB of gzip per MB of zeros). With `isize`, the trailer's size field is overwritten (a lie).
 * Built chunk by chunk: the zeros are never all in memory.
 */
export async function fitsGzipBomb(zeroBytes: number, options: { isize?: number; fits?: Uint8Array } = {}): Promise<Buffer> {
  const fits = options.fits ?? writeFits([{ data: new Float32Array(100).fill(7), shape: [10, 10] }]);
  const gz = createGzip({ level: constants.Z_BEST_COMPRESSION, chunkSize: 1 << 16 });
  const parts: Buffer[] = [];
  gz.on('data', (b: Buffer) => parts.push(b));
  const done = new Promise<void>((resolve, reject) => {
    gz.on('end', resolve);
    gz.on('error', reject);
  });
  const write = (b: Uint8Array) => new Promise<void>((resolve) => (gz.write(b) ? resolve() : gz.once('drain', resolve)));
  await write(fits);
  const zeros = Buffer.alloc(1 << 20);
  for (let left = zeroBytes; left > 0; left -= zeros.length) await write(left >= zeros.length ? zeros : zeros.subarray(0, left));
  gz.end();
  await done;
  const out = Buffer.concat(parts);
  if (options.isize !== undefined) out.writeUInt32LE(options.isize >>> 0, out.length - 4);
  return out;
}
