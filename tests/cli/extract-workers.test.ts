import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { startsWorkersEarly } from '../../src/cli/commands/extract.js';
import { primaryImagePixels } from '../../src/main/services/extract/load.js';

const dir = mkdtempSync(join(tmpdir(), 'ns-extract-workers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A header of `cards` (keyword = value), padded to a block, then a sparse data unit of `dataBytes`. */
function fits(name: string, cards: [string, string | number | boolean][], dataBytes: number, gzip = false): string {
  const text = cards.map(([k, v]) => `${k.padEnd(8)}= ${String(typeof v === 'boolean' ? (v ? 'T' : 'F') : v).padStart(20)}`.padEnd(80)).join('') + 'END'.padEnd(80);
  const header = Buffer.from(text.padEnd(Math.ceil(text.length / 2880) * 2880, ' '), 'latin1');
  const path = join(dir, name);
  if (gzip) {
    writeFileSync(path, gzipSync(Buffer.concat([header, Buffer.alloc(dataBytes)])));
    return path;
  }
  writeFileSync(path, header);
  truncateSync(path, header.length + Math.ceil(dataBytes / 2880) * 2880);
  return path;
}

const image = (w: number, h: number, planes?: number): [string, string | number | boolean][] => [
  ['SIMPLE', true],
  ['BITPIX', -32],
  ['NAXIS', planes === undefined ? 2 : 3],
  ['NAXIS1', w],
  ['NAXIS2', h],
  ...(planes === undefined ? [] : ([['NAXIS3', planes]] as [string, number][])),
];

describe('nightshift extract: workers started before reading', () => {
  it('start for an image of pixels enough for two threads, on two threads or more', () => {
    const big = fits('big.fits', image(8192, 4096), 8192 * 4096 * 4);
    expect(primaryImagePixels(big)).toBe(8192 * 4096);
    expect(startsWorkersEarly(big, undefined, 2)).toBe(true);
    expect(startsWorkersEarly(big, 0, 3)).toBe(true);
    expect(startsWorkersEarly(big, undefined, 1)).toBe(false);
  });

  it('never start for a small image, however large its file (a cube of small planes)', () => {
    // 64 × 64 × 2100 float32: a 34 MB file, whose size alone once started them
    const cube = fits('cube.fits', image(64, 64, 2100), 64 * 64 * 2100 * 4);
    expect(primaryImagePixels(cube)).toBe(64 * 64);
    expect(startsWorkersEarly(cube, undefined, 2)).toBe(false);
    expect(startsWorkersEarly(fits('small.fits', image(2048, 2048), 2048 * 2048 * 4), undefined, 8)).toBe(false);
    // 4096²: one thread is faster than two on a 2-core machine (parallel.ts MIN_PIXELS_PER_THREAD)
    expect(startsWorkersEarly(fits('4096.fits', image(4096, 4096), 4096 * 4096 * 4), undefined, 2)).toBe(false);
  });

  it('do not start, without reading its header, for a file too small to hold pixels enough for two threads', () => {
    // a header claiming 8192 × 4096 pixels, the data unit cut short: under a byte a pixel
    const short = fits('short.fits', image(8192, 4096), 2880);
    expect(primaryImagePixels(short)).toBe(8192 * 4096);
    expect(startsWorkersEarly(short, undefined, 2)).toBe(false);
  });

  it('wait for the image when the primary header does not describe it (extension, gzip, other HDU, no file)', () => {
    const ext = fits('ext.fits', [['SIMPLE', true], ['BITPIX', 8], ['NAXIS', 0], ['EXTEND', true]], 0);
    expect(primaryImagePixels(ext)).toBeUndefined();
    const gz = fits('big.fits.gz', image(4096, 2048), 2880, true);
    expect(primaryImagePixels(gz)).toBeUndefined();
    expect(startsWorkersEarly(gz, undefined, 2)).toBe(false);
    const big = fits('big2.fits', image(4096, 2048), 4096 * 2048 * 4);
    expect(primaryImagePixels(big, 1)).toBeUndefined();
    expect(primaryImagePixels(join(dir, 'missing.fits'))).toBeUndefined();
  });
});
