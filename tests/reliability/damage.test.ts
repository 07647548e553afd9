/**
 * Damage that must not go unnoticed: a database with garbage in the middle, a 0-byte database
 * beside a full store, stored files damaged or gone, orphans — found at open or by
 * `nightshift check`, and repaired by `check --repair` without losing what can be kept.
 */
import { existsSync, openSync, readFileSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync, writeSync, closeSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLibrary } from '../../src/main/services/library/library-check.js';
import { silentLogger } from '../../src/main/services/logger.js';
import { dataPaths } from '../../src/main/services/paths.js';
import { createServices } from '../../src/main/services/services.js';
import { runCli } from '../helpers/cli.js';
import { starFits, writeStarFits } from '../helpers/star-fits.js';
import { tempDir } from '../helpers/tmp.js';

/** A library with `n` imported images; returns its folder, the originals and the product ids. */
async function library(n: number): Promise<{ root: string; originals: string[]; cleanup: () => void }> {
  const { dir, cleanup } = tempDir();
  const root = join(dir, 'lib');
  const originals: string[] = [];
  const services = createServices({ dataDir: root, logger: silentLogger });
  try {
    for (let i = 0; i < n; i++) {
      const file = writeStarFits(join(dir, `img-${i}.fits`), { seed: 100 + i, object: `field ${i}` });
      await services.library.importFile(file);
      originals.push(file);
    }
    // enough rows to spread the database over many pages
    services.db.exec("CREATE TABLE IF NOT EXISTS filler (x TEXT); INSERT INTO filler SELECT hex(randomblob(200)) FROM (WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 2000) SELECT i FROM c);");
  } finally {
    await services.close();
  }
  return { root, originals, cleanup };
}

const productCount = (root: string) => {
  const s = createServices({ dataDir: root, logger: silentLogger });
  try {
    return (s.db.prepare('SELECT COUNT(*) AS n FROM data_products').get() as { n: number }).n;
  } finally {
    void s.close();
  }
};

describe('a damaged database', () => {
  it('is refused at open (quick_check), untouched, and rebuilt by check --repair', async () => {
    const { root, cleanup } = await library(3);
    try {
      const db = dataPaths(root).db;
      expect(existsSync(`${db}-wal`)).toBe(false);
      const pages = statSync(db).size / 4096;
      expect(pages).toBeGreaterThan(20);
      const fd = openSync(db, 'r+');
      writeSync(fd, Buffer.alloc(4096 * 3, 0xa5), 0, 4096 * 3, 4096 * Math.floor(pages / 2));
      closeSync(fd);
      const damaged = readFileSync(db);
      expect(() => createServices({ dataDir: root, logger: silentLogger })).toThrow(/damaged .*quick_check.*nightshift check --repair/s);
      expect(readFileSync(db).equals(damaged)).toBe(true); // nothing written to it
      const found = await checkLibrary(dataPaths(root));
      expect(found.database.state).toBe('damaged');
      expect(found.ok).toBe(false);
      const fixed = await checkLibrary(dataPaths(root), { repair: true });
      expect(fixed.database).toMatchObject({ state: 'damaged', repaired: true, keptAs: expect.stringContaining('nightshift.db.damaged-') });
      expect(readFileSync(fixed.database.keptAs!).equals(damaged)).toBe(true);
      expect((await checkLibrary(dataPaths(root))).ok).toBe(true);
      expect(productCount(root)).toBe(3);
    } finally {
      cleanup();
    }
  });

  it('0 bytes beside a non-empty store is not a new library: refused, then rebuilt from the store by check --repair', async () => {
    const { root, cleanup } = await library(3);
    try {
      const db = dataPaths(root).db;
      truncateSync(db, 0);
      expect(() => createServices({ dataDir: root, logger: silentLogger })).toThrow(/empty \(0 bytes\) but the library's store holds files/);
      expect(statSync(db).size).toBe(0);
      const found = await checkLibrary(dataPaths(root));
      expect(found).toMatchObject({ ok: false, database: { state: 'empty' } });
      const fixed = await checkLibrary(dataPaths(root), { repair: true });
      expect(fixed.ok).toBe(true);
      expect(fixed.orphans.map((o) => o.repaired)).toEqual([true, true, true]);
      const s = createServices({ dataDir: root, logger: silentLogger });
      try {
        const objects = (s.db.prepare('SELECT object FROM data_products ORDER BY object').pluck().all() as string[]);
        expect(objects).toEqual(['field 0', 'field 1', 'field 2']);
      } finally {
        await s.close();
      }
    } finally {
      cleanup();
    }
  });
});

describe('stored files and leftovers', () => {
  it('finds damaged and missing copies, orphans and partial imports; --repair restores, re-imports or sets aside', async () => {
    const { root, originals, cleanup } = await library(3);
    try {
      const paths = dataPaths(root);
      const s = createServices({ dataDir: root, logger: silentLogger });
      const rows = s.db.prepare('SELECT id, store_path FROM data_products ORDER BY id').all() as Array<{ id: number; store_path: string }>;
      await s.close();
      // damaged at the same size; missing; missing with its original gone too
      const first = join(root, rows[0]!.store_path);
      const bytes = readFileSync(first);
      bytes[bytes.length - 10] ^= 0x55;
      writeFileSync(first, bytes);
      rmSync(join(root, rows[1]!.store_path));
      rmSync(join(root, rows[2]!.store_path));
      rmSync(originals[2]!);
      // an orphan FITS, an orphan that is not FITS, a partial import of a dead process
      mkdirSync(join(paths.files, 'zz'), { recursive: true });
      writeFileSync(join(paths.files, 'zz', 'stray.fits'), starFits({ seed: 999, object: 'stray' }));
      writeFileSync(join(paths.files, 'zz', 'junk.fits'), 'not FITS at all\n'.repeat(300));
      writeFileSync(join(paths.tmp, 'import-2147483646-abcdef'), 'half');

      const cli = await runCli(['check', '--data', root, '--json']);
      expect(cli.code).toBe(1);
      const found = JSON.parse(cli.stdout) as Awaited<ReturnType<typeof checkLibrary>>;
      expect(found.files.map((f) => [f.productId, f.problem])).toEqual([
        [rows[0]!.id, 'damaged'],
        [rows[1]!.id, 'missing'],
        [rows[2]!.id, 'missing'],
      ]);
      expect(found.orphans.map((o) => o.path).sort()).toEqual([join('files', 'zz', 'junk.fits'), join('files', 'zz', 'stray.fits')]);
      expect(found.staleTemp).toEqual(['import-2147483646-abcdef']);
      expect(existsSync(join(paths.tmp, 'import-2147483646-abcdef'))).toBe(true); // only --repair removes

      const fixed = await checkLibrary(paths, { repair: true });
      expect(fixed.files.map((f) => f.repaired)).toEqual([true, true, false]);
      expect(fixed.files[2]!.reason).toMatch(/is gone or has changed/);
      const junk = fixed.orphans.find((o) => o.path.endsWith('junk.fits'))!;
      expect(junk).toMatchObject({ repaired: true, movedTo: join('orphans', 'junk.fits') });
      expect(fixed.orphans.find((o) => o.path.endsWith('stray.fits'))!.productId).toBeGreaterThan(0);
      expect(readdirSync(paths.tmp)).toEqual([]);
      expect(fixed.ok).toBe(false); // one file cannot be restored: said, not hidden
      const again = await runCli(['check', '--data', root]);
      expect(again.code).toBe(1);
      expect(again.stdout).toMatch(/stored files: 4 checked against their SHA-256, 1 missing or damaged/);
      expect(again.stdout).toMatch(/orphans \(stored files no product points to\): 0/);
    } finally {
      cleanup();
    }
  });
});
