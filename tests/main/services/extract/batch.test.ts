import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extract } from '../../../../src/core/extract/extract.js';
import { writeFits } from '../../../../src/core/fits/index.js';
import { extractBatch } from '../../../../src/main/services/extract/batch.js';
import { renderCatalog } from '../../../../src/main/services/extract/render.js';
import { BufferPool, loadImage, readPixels } from '../../../../src/main/services/extract/load.js';
import { addGaussian, skyImage } from '../../../core/extract/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'ns-batch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A star field of `n` stars (float32, or int16 which cannot be decoded in place: the pixels then travel by transfer). */
function field(name: string, seed: number, int16 = false): string {
  const W = 300;
  const H = 260;
  const img = skyImage(W, H, 300, 6, seed);
  let s = seed * 7919;
  const rnd = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  for (let k = 0; k < 60; k++) addGaussian(img, W, H, 4 + rnd() * (W - 8), 4 + rnd() * (H - 8), 300 + 20000 * rnd() ** 3, 1.2 + rnd());
  const file = join(dir, name);
  const data = int16 ? Int16Array.from(img, (v) => Math.min(32767, Math.round(v))) : img;
  writeFileSync(file, writeFits([{ data, shape: [W, H], header: { GAIN: 2.0, SATURATE: 30000 } }]));
  return file;
}

/** The catalog of one file extracted alone, on this thread. */
function alone(file: string): string {
  const im = loadImage(file);
  return renderCatalog(extract(im.image, im.width, im.height, { saturate: im.saturate, gain: im.gain }, { pixToSky: im.pixToSky }), 'csv', file);
}

describe('extractBatch', () => {
  let files: string[];
  beforeAll(() => {
    files = [field('a.fits', 1), field('b.fits', 2, true), field('c.fits', 3), field('d.fits', 4, true), field('e.fits', 5)];
  });

  it('reads a file into a buffer a finished image gave back (the last file was decoded in it in place)', () => {
    const pool = new BufferPool();
    const first = readPixels(files[0], undefined, { shared: true, pool });
    expect(first.image.buffer).toBeInstanceOf(SharedArrayBuffer);
    pool.give(first.image.buffer as SharedArrayBuffer);
    const next = readPixels(files[2], undefined, { shared: true, pool });
    expect(next.image.buffer).toBe(first.image.buffer);
    expect(Array.from(next.image)).toEqual(Array.from(loadImage(files[2]).image));
  });

  it('measures images prepared on a worker exactly as each file extracted alone', async () => {
    const out = join(dir, 'prepared');
    // every image goes through the preparing worker
    await extractBatch(files, undefined, {}, 'csv', out, 2);
    for (const f of files) {
      const name = f.split('/').pop()!.replace('.fits', '.csv');
      expect(readFileSync(join(out, name), 'utf8')).toBe(alone(f));
    }
  }, 60_000);

  it('gives the same catalogs on one thread and with workers taking whole files, and reports progress', async () => {
    for (const [label, threads] of [
      ['mixed', 2],
      ['one', 1],
      ['four', 4],
    ] as const) {
      const out = join(dir, label);
      const seen: number[] = [];
      await extractBatch(files, undefined, { apertures: [5, 3] }, 'csv', out, threads, (written, total) => {
        expect(total).toBe(files.length);
        seen.push(written);
      });
      // counts only grow, and the last report says all were written
      expect(seen.at(-1), label).toBe(files.length);
      expect([...seen].sort((a, b) => a - b)).toEqual(seen);
      for (const f of files) {
        const im = loadImage(f);
        const want = renderCatalog(extract(im.image, im.width, im.height, { apertures: [5, 3], saturate: im.saturate, gain: im.gain }), 'csv', f);
        expect(readFileSync(join(out, f.split('/').pop()!.replace('.fits', '.csv')), 'utf8'), `${label} ${f}`).toBe(want);
      }
    }
  }, 60_000);

  it('stops with an error that names the file when one cannot be read', async () => {
    const bad = join(dir, 'truncated.fits');
    writeFileSync(bad, readFileSync(files[0]).subarray(0, 5000));
    const list = [files[0], bad, files[2]];
    await expect(extractBatch(list, undefined, {}, 'csv', join(dir, 'bad1'), 2)).rejects.toThrow(/truncated\.fits/);
    await expect(extractBatch(list, undefined, {}, 'csv', join(dir, 'bad2'), 2)).rejects.toThrow(/truncated\.fits/);
    await expect(extractBatch([files[0], join(dir, 'missing.fits')], undefined, {}, 'csv', join(dir, 'bad3'), 2)).rejects.toThrow(/missing\.fits/);
  }, 60_000);
});
