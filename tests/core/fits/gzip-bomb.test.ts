import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { FitsError, openFits, readImage, writeFits } from '../../../src/core/fits/index.js';
import { fitsGzipBomb } from '../../helpers/gzip-bomb.js';

function fitsErrorOf(fn: () => unknown): FitsError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(FitsError);
    return err as FitsError;
  }
  throw new Error('no error thrown');
}

/** The 10×10 float32 image of the bomb: header block + one data block. */
const DECLARED = 2 * 2880;
/** Stray bytes allowed past the last HDU, and the most one input slice can overshoot by. */
const SLACK = 1 << 20;
const OVERSHOOT = (16 << 20) + (2 << 20);

describe('gzip bombs (.fits.gz that inflate far beyond what their headers declare)', () => {
  it('stops a 64 MB stream of zeros behind a 5760-byte FITS file as gzip_bomb, soon after the declared end', async () => {
    const bomb = await fitsGzipBomb(64 << 20);
    expect(bomb.length).toBeLessThan(100_000);
    const e = fitsErrorOf(() => openFits(bomb));
    expect(e.code).toBe('gzip_bomb');
    expect(e.message).toMatch(/5760 bytes its FITS headers declare/);
    // Inflation stopped within one slice of the limit, not at 64 MB.
    expect(e.offset).toBeGreaterThan(DECLARED + SLACK);
    expect(e.offset).toBeLessThan(DECLARED + SLACK + OVERSHOOT);
  });

  it('does the same when the size trailer lies (small or huge)', async () => {
    for (const isize of [5760, 100, 2 ** 31]) {
      const lied = Buffer.from(bomb64);
      lied.writeUInt32LE(isize, lied.length - 4);
      const e2 = fitsErrorOf(() => openFits(lied));
      expect(e2.code).toBe('gzip_bomb');
      expect(e2.offset).toBeLessThan(DECLARED + SLACK + OVERSHOOT);
    }
  });

  it('stops at the largest-image limit when a header declares more than it allows, before inflating the data', async () => {
    // A 4000×4000 float32 image (64 MB) of zeros, opened with a 16 MB limit.
    const header = writeFits([{ data: new Float32Array(1), shape: [1, 1] }]).subarray(0, 2880);
    const text = Buffer.from(header).toString('latin1').replace('NAXIS1  =                    1', 'NAXIS1  =                 4000').replace('NAXIS2  =                    1', 'NAXIS2  =                 4000');
    const bomb = await fitsGzipBomb(64_000_000, { fits: Buffer.from(text, 'latin1') });
    const e = fitsErrorOf(() => openFits(bomb, { maxDataBytes: 16 << 20 }));
    expect(e.code).toBe('too_large');
    expect(e.message).toMatch(/limit of 16777216 bytes/);
    // Without the limit it is a valid (if dull) image.
    const ok = openFits(bomb);
    expect(ok.hdus[0]!.shape).toEqual([4000, 4000]);
  });

  it('keeps reading ordinary gzipped files, multi-HDU and with a little trailing padding', () => {
    const fits = writeFits([
      { data: Float32Array.from({ length: 300 * 200 }, (_, i) => i % 977), shape: [300, 200] },
      { data: new Int16Array([1, 2, 3, 4, 5, 6]), shape: [3, 2] },
    ]);
    const file = openFits(gzipSync(fits));
    expect(file.hdus).toHaveLength(2);
    expect(Array.from(readImage(file, 1).data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(readImage(file, 0).data[301]).toBe(301 % 977);
    const padded = new Uint8Array(fits.length + 3 * 2880);
    padded.set(fits);
    expect(openFits(gzipSync(padded)).hdus).toHaveLength(2);
  });

  it('reports a gzipped file that is not FITS as not_fits without inflating it all', async () => {
    const e = fitsErrorOf(() => openFits(gzipSync(Buffer.alloc(32 << 20))));
    expect(e.code).toBe('not_fits');
  });
});

let bomb64: Buffer;
beforeAll(async () => {
  bomb64 = await fitsGzipBomb(64 << 20);
});
