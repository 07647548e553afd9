import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../helpers/cli.js';
import { writeStarFits } from '../helpers/star-fits.js';
import { tempDir } from '../helpers/tmp.js';

const N = 40;
let dir: string;
let cleanup: () => void;

beforeAll(() => {
  ({ dir, cleanup } = tempDir());
  for (let i = 0; i < N; i++) writeStarFits(join(dir, 'night', `n${String(i).padStart(2, '0')}.fits`), { seed: 1000 + i, size: 192, stars: 12 });
});
afterAll(() => cleanup());

function count(dbFile: string, sql: string): number {
  try {
    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare(sql).get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}

describe('kill -9 during an import', () => {
  it('a restarted import finishes with exactly one catalog per image, nothing running, an intact database', async () => {
    const lib = join(dir, 'lib');
    const dbFile = join(lib, 'nightshift.db');
    const child = spawnCli(['import', '--data', lib, '--threads', '2', join(dir, 'night')]);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // Kill it once some (not all) catalogs are stored.
    let catalogs = 0;
    for (let i = 0; i < 600; i++) {
      catalogs = count(dbFile, 'SELECT COUNT(*) AS n FROM catalogs');
      if (catalogs >= 5 || child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    await exited;
    expect(child.signalCode).toBe('SIGKILL');
    const before = count(dbFile, 'SELECT COUNT(*) AS n FROM catalogs');
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(N);

    const again = await runCli(['import', '--data', lib, '--threads', '2', join(dir, 'night')]);
    expect(again.stdout).toContain(`${N} image(s): ${N} extracted`);
    expect(again.code).toBe(0);

    const db = new Database(dbFile, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.prepare('SELECT COUNT(*) AS n FROM data_products').get()).toEqual({ n: N });
      expect(db.prepare('SELECT COUNT(*) AS n FROM catalogs').get()).toEqual({ n: N });
      expect(db.prepare("SELECT COUNT(*) AS n FROM data_products WHERE status = 'extracted'").get()).toEqual({ n: N });
      expect(db.prepare("SELECT COUNT(*) AS n FROM tasks WHERE status IN ('running', 'queued', 'waiting')").get()).toEqual({ n: 0 });
      // One successful extraction per image, and each catalog's sources are all there.
      expect(db.prepare("SELECT COUNT(DISTINCT product_id) AS n FROM tasks WHERE kind = 'extract' AND status = 'succeeded'").get()).toEqual({ n: N });
      expect(db.prepare("SELECT COUNT(*) AS n FROM tasks WHERE kind = 'extract' AND status = 'succeeded'").get()).toEqual({ n: N });
      const mismatched = db
        .prepare('SELECT COUNT(*) AS n FROM catalogs c WHERE c.source_count != (SELECT COUNT(*) FROM sources s WHERE s.product_id = c.product_id)')
        .get();
      expect(mismatched).toEqual({ n: 0 });
    } finally {
      db.close();
    }
    const stored = readdirSync(join(lib, 'files'), { recursive: true }).filter((f) => String(f).endsWith('.fits'));
    expect(stored).toHaveLength(N);
  });
});
