import { constants, createGzip } from 'node:zlib';
import { writeFits } from '../../src/core/fits/index.js';

/**
 * A gzip bomb in the shape of a `.fits.gz`: a small valid FITS file (a 10×10 float32 image, so
 * the headers declare 5760 bytes) followed by `zeroBytes` of zeros, gzipped at level 9 (about
 * 1 KB of gzip per MB of zeros). With `isize`, the trailer's size field is overwritten (a lie).
 * `tail` is written after the zeros. Built chunk by chunk: the zeros are never all in memory.
 */
export async function fitsGzipBomb(zeroBytes: number, options: { isize?: number; fits?: Uint8Array; tail?: Uint8Array } = {}): Promise<Buffer> {
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
  if (options.tail) await write(options.tail);
  gz.end();
  await done;
  const out = Buffer.concat(parts);
  if (options.isize !== undefined) out.writeUInt32LE(options.isize >>> 0, out.length - 4);
  return out;
}

/**
 * A valid `.fits.gz` that takes real work to open: a 1-D primary HDU of `zeroBytes` zeros
 * (BITPIX 8; padded to whole 2880-byte blocks), then a 10×10 float32 IMAGE extension. Its headers declare
 * every byte, so readers must inflate all of it to reach the image.
 */
export async function fitsGzipBehindZeros(zeroBytes: number): Promise<Buffer> {
  const head = Buffer.from(writeFits([{ data: new Uint8Array(1), shape: [1] }]).subarray(0, 2880)).toString('latin1');
  const primary = Buffer.from(head.replace('NAXIS1  =                    1', `NAXIS1  = ${String(zeroBytes).padStart(20)}`), 'latin1');
  const image = Buffer.from(writeFits([{ data: new Float32Array(100).fill(3), shape: [10, 10] }]));
  const ext = Buffer.from(image.toString('latin1').replace('SIMPLE  =                    T', "XTENSION= 'IMAGE   '          "), 'latin1');
  return fitsGzipBomb(Math.ceil(zeroBytes / 2880) * 2880, { fits: primary, tail: ext });
}
