import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/main/services/services.js';
import { cli } from '../helpers/cli-main.js';
import { writeStarFits } from '../helpers/star-fits.js';
import { tempDir } from '../helpers/tmp.js';

let dir: string;
let cleanup: () => void;
let lib: string;
const ids: number[] = [];
const files: string[] = [];

beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  lib = join(dir, 'lib');
  const services = createServices({ dataDir: lib });
  try {
    for (let i = 0; i < 3; i++) {
      const { product } = await services.library.importFile(writeStarFits(join(dir, `f${i}.fits`), { seed: 30 + i }));
      ids.push(product.id);
      files.push(join(lib, 'files', product.sha256.slice(0, 2), `${product.sha256}.fits`));
    }
  } finally {
    await services.close();
  }
});
afterAll(() => cleanup());

function remaining(): number[] {
  const services = createServices({ dataDir: lib });
  try {
    return (services.db.prepare('SELECT id FROM data_products ORDER BY id').all() as Array<{ id: number }>).map((r) => r.id);
  } finally {
    void services.close();
  }
}

describe('nightshift products remove', () => {
  it('without --yes says what would go, removes nothing and exits 1', async () => {
    const r = await cli('products', 'remove', String(ids[0]), String(ids[1]), '--data', lib);
    expect(r.stdout).toContain('would remove 2 images, 0 catalogs (0 sources), 0 photometry points, 0 unfinished tasks, 2 stored files');
    expect(r.stdout).toContain('f0.fits, f1.fits');
    expect(r.code).toBe(1);
    expect(remaining()).toEqual(ids);
  });

  it('with --yes removes them and their files (options before or after the ids)', async () => {
    const r = await cli('products', '--data', lib, 'remove', '--yes', '--json', String(ids[0]));
    // `--data` before `remove` belongs to `products`: it must not be taken for the list's
    const out = JSON.parse(r.stdout) as { removed: boolean; images: number; files: number };
    expect(out).toMatchObject({ removed: true, images: 1, files: 1 });
    expect(r.code).toBe(0);
    expect(remaining()).toEqual(ids.slice(1));
    expect(files.map(existsSync)).toEqual([false, true, true]);
  });

  it('refuses an unknown or malformed id in one line, exit 2, removing nothing', async () => {
    const unknown = await cli('products', 'remove', String(ids[1]), '999', '--yes', '--data', lib);
    expect(unknown.stderr).toBe('nightshift: products remove: no image with id 999 in the library\n');
    expect(unknown.code).toBe(2);
    const bad = await cli('products', 'remove', 'f1.fits', '--data', lib);
    expect(bad.stderr).toContain('"f1.fits" is not a product id');
    expect(bad.code).toBe(2);
    expect(remaining()).toEqual(ids.slice(1));
  });

  it('still lists products', async () => {
    const r = await cli('products', '--data', lib, '--json');
    expect((JSON.parse(r.stdout) as unknown[]).length).toBe(2);
  });
});
