import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost } from '../../src/main/host/server.js';
import { createDispatch } from '../../src/main/api/dispatch.js';
import { importPaths } from '../../src/main/services/library/import-paths.js';
import { silentLogger } from '../../src/main/services/logger.js';
import { createServices, type Services } from '../../src/main/services/services.js';
import { starFits, writeStarFits } from '../helpers/star-fits.js';
import { tempDir } from '../helpers/tmp.js';

let dir: string;
let cleanup: () => void;

beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

/** A store whose disk fills after `room` bytes: writes past it fail with ENOSPC, as `fs` reports it. */
function fullDisk(room: number): (path: string) => Writable {
  return (path) => {
    let written = 0;
    const out = new Writable({
      write(chunk: Buffer, _enc, cb) {
        written += chunk.length;
        if (written > room) cb(Object.assign(new Error(`ENOSPC: no space left on device, write`), { code: 'ENOSPC', errno: -28, syscall: 'write', path }));
        else cb();
      },
    });
    return out;
  };
}

function catalogs(s: Services): number {
  return (s.db.prepare('SELECT COUNT(*) AS n FROM catalogs').get() as { n: number }).n;
}

describe('a full disk', () => {
  it('a refused progress write (the first write a full disk refuses) does not end the process; the task still finishes', async () => {
    const s = createServices({ dataDir: join(dir, 'progress'), logger: silentLogger, tasks: { threads: 1 } });
    try {
      await s.tasks.start();
      // Every progress update (0 < progress < 1) is refused, as SQLite refuses writes on a full disk.
      s.db.exec(`CREATE TEMP TRIGGER refuse_progress BEFORE UPDATE OF progress ON tasks WHEN NEW.progress > 0 AND NEW.progress < 1
                 BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`);
      const { product } = await s.library.importFile(writeStarFits(join(dir, 'p.fits'), { seed: 3, size: 768, stars: 40 }));
      const [task] = await s.tasks.waitFor([s.tasks.enqueue('extract', { productId: product.id }).id]);
      expect(task!.status).toBe('succeeded');
      expect(catalogs(s)).toBe(1);
    } finally {
      await s.close();
    }
  }, 60_000);

  it('the database full: extraction fails no_space with a notice, what was stored stays intact, and a retry with room succeeds', async () => {
    const s = createServices({ dataDir: join(dir, 'sqlite-full'), logger: silentLogger, tasks: { threads: 1 } });
    try {
      await s.tasks.start();
      const products = [];
      for (let i = 0; i < 3; i++) products.push((await s.library.importFile(writeStarFits(join(dir, `f${i}.fits`), { seed: 60 + i, size: 512, stars: 60 }))).product);
      const [first] = await s.tasks.waitFor([s.tasks.enqueue('extract', { productId: products[0]!.id }).id]);
      expect(first!.status).toBe('succeeded');
      const sources = (s.db.prepare('SELECT COUNT(*) AS n FROM sources').get() as { n: number }).n;
      expect(sources).toBeGreaterThan(20);
      // The database may not grow by a page: SQLITE_FULL on the next insert of many rows.
      const pages = s.db.pragma('page_count', { simple: true }) as number;
      s.db.pragma(`max_page_count = ${pages}`);
      const ids = products.slice(1).map((p) => s.tasks.enqueue('extract', { productId: p.id }, { batchId: 'full' }).id);
      const failed = await s.tasks.waitFor(ids);
      for (const t of failed) {
        expect(t).toMatchObject({ status: 'failed', error: { code: 'no_space' } });
        expect(t.error!.message).toMatch(/out of disk space \(SQLITE_FULL: database or disk is full\)/);
      }
      // The user is told (the notice of the batch's failures carries the reason).
      await new Promise((r) => setTimeout(r, 300));
      expect(s.notices.recent().some((n) => /out of disk space/.test(n.body))).toBe(true);
      // Nothing already stored was damaged.
      expect(s.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(catalogs(s)).toBe(1);
      expect((s.db.prepare('SELECT COUNT(*) AS n FROM sources').get() as { n: number }).n).toBe(sources);
      // Room again: a retry stores the catalogs.
      s.db.pragma('max_page_count = 1073741823');
      for (const id of ids) await s.tasks.retry(id);
      const again = await s.tasks.waitFor(ids);
      expect(again.every((t) => t.status === 'succeeded')).toBe(true);
      expect(catalogs(s)).toBe(3);
    } finally {
      await s.close();
    }
  }, 90_000);

  it('the file store full: the import says out of space (not "not found"), keeps nothing half-copied, and an upload answers 507', async () => {
    const s = createServices({ dataDir: join(dir, 'store-full'), logger: silentLogger, storage: { createWriteStream: fullDisk(64 * 1024) } });
    const renderer = join(dir, 'renderer');
    mkdirSync(renderer, { recursive: true });
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Nightshift</title>');
    const host = await startHost({
      dispatch: createDispatch({ services: s, shell: 'host' }, silentLogger),
      events: s.events,
      logger: silentLogger,
      rendererDir: renderer,
      port: 0,
      upload: { tmpDir: join(dir, 'uploads'), importFile: (path, batch) => importPaths(s, [path], { extract: false, batchId: batch }) },
    });
    try {
      const path = writeStarFits(join(dir, 'big.fits'), { seed: 9, size: 256, stars: 10 });
      const summary = await importPaths(s, [path], { extract: false });
      expect(summary.imported).toEqual([]);
      expect(summary.errors).toHaveLength(1);
      expect(summary.errors[0]).toMatchObject({ path, code: 'no_space' });
      expect(summary.errors[0]!.message).toBe(`cannot copy ${path} into the library: out of disk space (ENOSPC: no space left on device, write)`);
      expect(s.db.prepare('SELECT COUNT(*) AS n FROM data_products').get()).toEqual({ n: 0 });
      expect(readdirSync(s.paths.tmp)).toEqual([]);
      // The browser's upload of the same file: an error the page shows, not a 200.
      const origin = `http://127.0.0.1:${host.port}`;
      const token = new URL(host.url).searchParams.get('token')!;
      const res = await fetch(`${origin}/upload?name=big.fits&batch=b1&token=${token}`, { method: 'POST', body: starFits({ seed: 9, size: 256, stars: 10 }), headers: { Origin: origin } });
      expect(res.status).toBe(507);
      expect(await res.json()).toMatchObject({ ok: false, code: 'no_space', message: expect.stringMatching(/out of disk space/) });
    } finally {
      await host.close();
      await s.close();
    }
  }, 60_000);
});
