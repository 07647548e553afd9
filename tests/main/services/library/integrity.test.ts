import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFits } from '../../../../src/core/fits/index.js';
import { readHeaderSummary } from '../../../../src/main/services/library/header-summary.js';
import { fileSha256 } from '../../../../src/main/services/library/library-service.js';
import { createServices, type Services } from '../../../../src/main/services/services.js';
import { silentLogger } from '../../../../src/main/services/logger.js';
import { fitsGzipBomb } from '../../../helpers/gzip-bomb.js';
import { testServices } from '../../../helpers/services.js';
import { starFits, writeStarFits } from '../../../helpers/star-fits.js';
import { tempDir } from '../../../helpers/tmp.js';

let services: Services;
let done: () => Promise<void>;
let dir: string;
let cleanup: () => void;

beforeAll(() => {
  ({ services, done } = testServices());
  ({ dir, cleanup } = tempDir());
});
afterAll(async () => {
  await done();
  cleanup();
});

/** Every file under the store (`files/`). */
function storedFiles(root: string): string[] {
  const filesDir = join(root, 'files');
  if (!existsSync(filesDir)) return [];
  return readdirSync(filesDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** A copy of `bytes` with the value of card `keyword` replaced by `value` (right-aligned in columns 11–30). */
function setValue(bytes: Uint8Array, keyword: string, value: string): Uint8Array {
  const out = bytes.slice();
  for (let at = 0; at + 80 <= out.length; at += 80) {
    if (Buffer.from(out.subarray(at, at + 8)).toString('latin1') !== keyword.padEnd(8)) continue;
    const card = `${keyword.padEnd(8)}= ${value.padStart(20)}`.padEnd(80);
    out.set(Buffer.from(card, 'latin1'), at);
    return out;
  }
  throw new Error(`no ${keyword}`);
}

describe('damage that must not go unnoticed (library store)', () => {
  it('re-import replaces a stored copy damaged at the same size', async () => {
    const file = writeStarFits(join(dir, 'damaged.fits'), { seed: 41 });
    const { product } = await services.library.importFile(file);
    const stored = join(services.paths.root, 'files', product.sha256.slice(0, 2), `${product.sha256}.fits`);
    const bytes = readFileSync(stored);
    bytes[bytes.length - 100] ^= 0xff; // same size, different bytes
    writeFileSync(stored, bytes);
    expect(await fileSha256(stored)).not.toBe(product.sha256);
    const again = await services.library.importFile(file);
    expect(again).toMatchObject({ created: false, product: { id: product.id } });
    expect(await fileSha256(stored)).toBe(product.sha256);
  });

  it('refuses NAXIS1 = 1e20 as a FITS error and leaves no file in the store', async () => {
    const before = storedFiles(services.paths.root).length;
    const bad = setValue(starFits({ seed: 42 }), 'NAXIS1', '100000000000000000000');
    const file = join(dir, 'naxis-1e20.fits');
    writeFileSync(file, bad);
    await expect(services.library.importFile(file)).rejects.toMatchObject({ code: 'fits_error', message: expect.stringMatching(/naxis-1e20\.fits: .*NAXIS1/) });
    // An image whose data unit is longer than the file is refused the same way.
    const long = join(dir, 'naxis-long.fits');
    writeFileSync(long, setValue(starFits({ seed: 43 }), 'NAXIS2', '100000'));
    await expect(services.library.importFile(long)).rejects.toMatchObject({ code: 'fits_error', message: expect.stringMatching(/truncated/) });
    expect(storedFiles(services.paths.root)).toHaveLength(before);
  });

  it('removes the partial copies of imports whose process is gone, and only those', () => {
    const { dir: root, cleanup: rm } = tempDir();
    try {
      const tmp = join(root, 'tmp');
      mkdirSync(tmp, { recursive: true });
      const dead = 'import-2147483646-a1b2c3'; // no process has this pid
      const live = `import-${process.ppid}-d4e5f6`;
      writeFileSync(join(tmp, dead), 'half a file');
      writeFileSync(join(tmp, live), 'being copied');
      writeFileSync(join(tmp, 'other'), 'not ours');
      const s = createServices({ dataDir: root, logger: silentLogger });
      try {
        expect(readdirSync(tmp).sort()).toEqual([live, 'other'].sort());
      } finally {
        void s.close();
      }
    } finally {
      rm();
    }
  });
});

describe('gzip bombs at import', () => {
  it('reads the header summary of a bomb without inflating past the first image header', async () => {
    const file = join(dir, 'bomb.fits.gz');
    writeFileSync(file, await fitsGzipBomb(256 << 20));
    const { product } = await services.library.importFile(file);
    expect(product).toMatchObject({ width: 10, height: 10 });
  });

  it('skips a table declared before the image on zlib threads: the event loop keeps turning', async () => {
    // A 1-D primary HDU of 64 MB (zeros), then the image.
    const primary = writeFits([{ data: new Uint8Array(64 << 20), shape: [64 << 20] }]);
    const image = writeFits([{ data: new Float32Array(12), shape: [4, 3] }]);
    const ext = Buffer.from(image).toString('latin1').replace('SIMPLE  =                    T', "XTENSION= 'IMAGE   '          ");
    const fits = Buffer.concat([primary, Buffer.from(ext, 'latin1').subarray(0, image.length)]);
    const file = join(dir, 'behind.fits.gz');
    writeFileSync(file, gzipSync(fits, { level: 1 }));
    let settled = false;
    const summary = readHeaderSummary(file).finally(() => (settled = true));
    let turns = 0;
    while (!settled) {
      await new Promise((r) => setImmediate(r));
      turns++;
    }
    expect(await summary).toMatchObject({ hdu: 1, width: 4, height: 3 });
    expect(turns).toBeGreaterThan(10);
  });
});
