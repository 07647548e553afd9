/**
 * One image on worker threads (parallel.ts): the catalog of the single-threaded extractor,
 * and the pool's workers released once the extraction needs them no more (`closePool`).
 */
import { describe, expect, it } from 'vitest';
import { extract } from '../../../../src/core/extract/extract.js';
import { crowdedField } from '../../../../src/core/synth/index.js';
import { extractParallel, StripPool } from '../../../../src/main/services/extract/parallel.js';
import { addGaussian, skyImage } from '../../../core/extract/helpers.js';

/** Pixels per thread in these tests: images of a few Mpixel split as the default splits 32 Mpixel and more. */
const minPixelsPerThread = 1 << 22;

describe('extractParallel', () => {
  it('gives the single-threaded catalog and, with closePool, ends its pool\'s workers', async () => {
    // just large enough for two threads
    const w = 2048;
    const h = Math.ceil((2 * minPixelsPerThread) / w);
    const img = skyImage(w, h, 300, 6, 7);
    for (let k = 0; k < 40; k++) addGaussian(img, w, h, (k * 397) % w, (k * 1931) % h, 4000 + 100 * k, 1.4);
    const want = extract(Float32Array.from(img), w, h).sources;
    const pool = new StripPool(1);
    const exited = new Promise<number>((resolve) => pool.workers[0].once('exit', resolve));
    try {
      const cat = await extractParallel(img, w, h, {}, {}, 2, pool, { closePool: true, minPixelsPerThread });
      expect(cat.sources.length).toBeGreaterThan(30);
      expect(cat.sources).toEqual(want);
      await exited;
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('gives the single-threaded catalog of a crowded field on three threads (blends deblended early and after the merge, objects across strips)', async () => {
    const size = 3100;
    const img = crowdedField(size, 6000, 5);
    const want = extract(Float32Array.from(img), size, size).sources;
    expect(want.filter((s) => s.flags & 2).length).toBeGreaterThan(100);
    const pool = new StripPool(2);
    try {
      const cat = await extractParallel(img, size, size, {}, {}, 3, pool, { minPixelsPerThread });
      expect(cat.sources).toEqual(want);
    } finally {
      await pool.close();
    }
  }, 120_000);
});
