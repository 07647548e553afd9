import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { downsample } from '../../../../src/core/display/index.js';
import { openDb } from '../../../../src/main/services/db/open.js';
import { dataPaths } from '../../../../src/main/services/paths.js';
import { ThumbnailService } from '../../../../src/main/services/thumbnails/thumbnails.js';
import { seedProduct, starField } from '../../../helpers/seed.js';
import { tempDir } from '../../../helpers/tmp.js';
import { fitsGzipBomb } from '../../../helpers/gzip-bomb.js';

describe('thumbnails', () => {
  it('block-averages finite pixels and keeps the aspect ratio', () => {
    const data = Float32Array.from([1, 3, 5, 7, Number.NaN, 2, 9, 9, 4, 4, 4, 4]);
    const r = downsample(data, 4, 3, 2);
    expect([r.width, r.height]).toEqual([2, 2]);
    expect([...r.data]).toEqual([2, 7.5, 4, 4]);
  });

  it('writes a PNG of at most 128 px, once, on a thread of its own, with the image flipped so FITS row 0 is at the bottom', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const id = seedProduct(dir, starField(300, 150, [{ x: 10, y: 10, flux: 1e6 }], 100, 2, 3), []);
      const db = openDb(dataPaths(dir).db);
      const thumbs = new ThumbnailService({ db, paths: dataPaths(dir) });
      const first = await thumbs.path(id);
      const png = readFileSync(first.path);
      expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
      const width = png.readUInt32BE(16);
      const height = png.readUInt32BE(20);
      expect([width, height]).toEqual([100, 50]);
      // Decode the single IDAT: the bright star near FITS (10, 10) lands near the bottom-left.
      const idatAt = png.indexOf('IDAT');
      const raw = inflateSync(png.subarray(idatAt + 4, idatAt + 4 + png.readUInt32BE(idatAt - 4)));
      const px = (x: number, y: number) => raw[y * (width * 4 + 1) + 1 + x * 4]!;
      expect(px(3, 46)).toBeGreaterThan(200);
      expect(px(3, 3)).toBeLessThan(200);
      expect((await thumbs.path(id)).path).toBe(first.path);
      await thumbs.close();
      db.close();
    } finally {
      cleanup();
    }
  });

  it('renders off the main thread and reports a gzip bomb as fits_error, while the event loop keeps turning', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const id = seedProduct(dir, await fitsGzipBomb(64 << 20), [], 'bomb.fits.gz');
      const db = openDb(dataPaths(dir).db);
      const thumbs = new ThumbnailService({ db, paths: dataPaths(dir) });
      let settled = false;
      const outcome = thumbs.path(id).then(
        () => null,
        (err: unknown) => err,
      );
      void outcome.finally(() => (settled = true));
      let turns = 0;
      while (!settled) {
        await new Promise((r) => setImmediate(r));
        turns++;
      }
      expect(await outcome).toMatchObject({ code: 'fits_error', message: expect.stringMatching(/gzip_bomb/) });
      // the thread's start alone takes many turns of the loop: nothing ran on this thread
      expect(turns).toBeGreaterThan(10);
      await thumbs.close();
      db.close();
    } finally {
      cleanup();
    }
  });
});
