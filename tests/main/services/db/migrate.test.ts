import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openDb, schemaVersion, type Db } from '../../../../src/main/services/db/open.js';
import { migrations } from '../../../../src/main/services/db/migrations/index.js';
import { tempDir } from '../../../helpers/tmp.js';

const latest = migrations[migrations.length - 1]!.version;

function schema(db: Db): Array<{ type: string; name: string; sql: string | null }> {
  return db
    .prepare("SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
    .all() as Array<{ type: string; name: string; sql: string | null }>;
}

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function dbFile(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return join(t.dir, 'nightshift.db');
}

describe('migrations', () => {
  it('are numbered 1..n without gaps', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('create a fresh database at the latest version with WAL, foreign keys and STRICT tables', () => {
    const db = openDb(dbFile());
    expect(schemaVersion(db)).toBe(latest);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = (db.prepare("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'").all() as Array<{ name: string; strict: number }>);
    expect(tables.map((t) => t.name).sort()).toEqual(expect.arrayContaining(['catalogs', 'data_products', 'settings', 'sources', 'targets', 'tasks']));
    for (const t of tables) expect(t.strict, `${t.name} is STRICT`).toBe(1);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('re-running on an up-to-date database changes nothing', () => {
    const file = dbFile();
    const db = openDb(file);
    db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('workers', '{}', 'now')").run();
    const before = schema(db);
    db.close();
    const again = openDb(file);
    expect(schemaVersion(again)).toBe(latest);
    expect(schema(again)).toEqual(before);
    expect(again.prepare('SELECT count(*) AS n FROM settings').get()).toEqual({ n: 1 });
    again.close();
  });

  it.each(Array.from({ length: latest }, (_, i) => i))('upgrade from version %i gives the same schema as a fresh one', (from) => {
    const fresh = openDb(':memory:');
    const file = dbFile();
    const old = openDb(file, { upTo: from });
    expect(schemaVersion(old)).toBe(from);
    old.close();
    const upgraded = openDb(file);
    expect(schemaVersion(upgraded)).toBe(latest);
    expect(schema(upgraded)).toEqual(schema(fresh));
    upgraded.close();
    fresh.close();
  });

  it('0006: a stored date becomes ISO UTC from the stored header (DD/MM/YY, DATE-OBS + UT, MJD-OBS, JD); unreadable text stays', () => {
    const file = dbFile();
    const old = openDb(file, { upTo: 5 });
    const insert = old.prepare(
      `INSERT INTO data_products (sha256, name, store_path, size, header_json, date_obs, created_at, updated_at) VALUES (?, ?, 'f', 1, ?, ?, 'now', 'now')`,
    );
    insert.run('a', 'old-form.fits', JSON.stringify({ 'DATE-OBS': '29/11/51' }), '29/11/51');
    insert.run('b', 'with-ut.fits', JSON.stringify({ 'DATE-OBS': '2026-01-15', UT: '22:01:02' }), '2026-01-15');
    insert.run('c', 'mjd-only.fits', JSON.stringify({ 'MJD-OBS': 60000.5 }), null);
    insert.run('d', 'jd-only.fits', JSON.stringify({ JD: 2460000.75 }), null);
    insert.run('e', 'no-header.fits', null, '03/04/97');
    insert.run('f', 'unreadable.fits', null, 'spring 1997');
    insert.run('g', 'undated.fits', JSON.stringify({ OBJECT: 'M 31' }), null);
    old.close();
    const db = openDb(file);
    const dates = db.prepare('SELECT name, date_obs FROM data_products ORDER BY date_obs IS NULL, date_obs').all();
    expect(dates).toEqual([
      { name: 'old-form.fits', date_obs: '1951-11-29' },
      { name: 'no-header.fits', date_obs: '1997-04-03' },
      { name: 'jd-only.fits', date_obs: '2023-02-25T06:00:00.000' },
      { name: 'mjd-only.fits', date_obs: '2023-02-25T12:00:00.000' },
      { name: 'with-ut.fits', date_obs: '2026-01-15T22:01:02.000' },
      { name: 'unreadable.fits', date_obs: 'spring 1997' },
      { name: 'undated.fits', date_obs: null },
    ]);
    db.close();
  });

  it('0014: failures of the stored file recorded as fits_error before bad_image existed become bad_image (no Retry); the Largest image limit and other failures stay', () => {
    const file = dbFile();
    const old = openDb(file, { upTo: 13 });
    // messages as the extract, solve and thumbnail tasks wrote them before bad_image (4f8813e)
    const messages: Array<[string, string]> = [
      ['fits_error', 'truncated: data unit of HDU 0 ends at byte 2880 of 5760'],
      ['fits_error', 'not_fits: the file does not start with SIMPLE'],
      ['fits_error', 'gzip_bomb: the file inflates past 4 GiB'],
      ['fits_error', 'HDU 0 is 1×1 px, too small to extract sources from (at least 2×2)'],
      ['fits_error', 'HDU 2 does not exist (the file has 1)'],
      ['fits_error', 'HDU 0 is not a 2-D image (100)'],
      ['fits_error', '/data/store/ab/abcd.fits: no END card in the header of HDU 0 [no_end]'],
      ['fits_error', 'too_large: the data unit of HDU 0 claims 9 GiB (Settings → Largest image: 2048 MiB)'],
      ['fits_error', 'x.fits: the data unit claims 9 GiB (Settings → Largest image: 2048 MiB) [too_large]'],
      ['fits_error', 'truncatedness: not a code of ours'],
      ['fits_error', 'notXfits: LIKE would take this for not_fits'],
      ['extract_error', 'truncated: not a FITS failure'],
      ['worker_crashed', 'the worker died'],
    ];
    const task = old.prepare(
      `INSERT INTO tasks (kind, payload, status, error_code, error_message, created_at, updated_at) VALUES ('extract', '{}', 'failed', ?, ?, 'now', 'now')`,
    );
    const product = old.prepare(
      `INSERT INTO data_products (sha256, name, store_path, size, status, error_code, error_message, created_at, updated_at) VALUES (?, ?, 'f', 1, 'failed', ?, ?, 'now', 'now')`,
    );
    messages.forEach(([code, message], i) => {
      task.run(code, message);
      product.run(`s${i}`, `p${i}.fits`, code, message);
    });
    old.close();
    const db = openDb(file);
    const expected = ['bad_image', 'bad_image', 'bad_image', 'bad_image', 'bad_image', 'bad_image', 'bad_image', 'fits_error', 'fits_error', 'fits_error', 'fits_error', 'extract_error', 'worker_crashed'];
    expect((db.prepare('SELECT error_code FROM tasks ORDER BY id').pluck().all() as string[])).toEqual(expected);
    expect((db.prepare('SELECT error_code FROM data_products ORDER BY id').pluck().all() as string[])).toEqual(expected);
    // the messages themselves are kept as written
    expect(db.prepare('SELECT error_message FROM tasks ORDER BY id').pluck().all()).toEqual(messages.map((m) => m[1]));
    db.close();
  });

  it('0004: the dispatcher reads queued tasks in order from tasks_by_state; lookups by product use tasks_by_product', () => {
    const db = openDb(':memory:');
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>).map((r) => r.detail).join('; ');
    const due = plan("SELECT id FROM tasks WHERE status = 'queued' AND runner = 'local' AND job_id IS NULL ORDER BY priority DESC, id LIMIT 16");
    expect(due).toContain('USING INDEX tasks_by_state (status=? AND runner=?)');
    expect(due).not.toContain('TEMP B-TREE');
    expect(plan("SELECT id FROM tasks WHERE runner = 'broker' AND status IN ('queued', 'waiting')")).toContain('tasks_by_state');
    expect(plan('SELECT id FROM tasks WHERE product_id = 7')).toContain('tasks_by_product');
    // The foreign key still clears a deleted product's tasks.
    const now = new Date().toISOString();
    db.prepare("INSERT INTO data_products (id, name, sha256, size, store_path, status, created_at, updated_at) VALUES (7, 'a.fits', 'x', 1, 'files/a', 'queued', ?, ?)").run(now, now);
    db.prepare("INSERT INTO tasks (kind, payload, status, product_id, created_at, updated_at) VALUES ('extract', '{}', 'queued', 7, ?, ?), ('noop', '{}', 'queued', NULL, ?, ?)").run(now, now, now, now);
    db.prepare('DELETE FROM data_products WHERE id = 7').run();
    expect(db.prepare('SELECT count(*) AS n FROM tasks WHERE product_id IS NULL').get()).toEqual({ n: 2 });
    db.close();
  });

  it('refuses a database from a newer Nightshift', () => {
    const file = dbFile();
    const raw = new Database(file);
    raw.pragma(`user_version = ${latest + 1}`);
    raw.close();
    expect(() => openDb(file)).toThrow(/newer than this Nightshift/);
  });

  it('rolls back a failing migration as a whole, leaving the previous version', () => {
    const db = new Database(':memory:');
    const broken = [
      ...migrations,
      { version: latest + 1, name: 'broken', sql: 'CREATE TABLE half_done (x INTEGER) STRICT; INSERT INTO no_such_table VALUES (1);' },
    ];
    expect(() => migrate(db, { migrations: broken })).toThrow();
    expect(schemaVersion(db)).toBe(latest);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'half_done'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('enforces foreign keys and STRICT types', () => {
    const db = openDb(':memory:');
    expect(() =>
      db.prepare("INSERT INTO sources (product_id, id, x, y) VALUES (999, 1, 0, 0)").run(),
    ).toThrow(/FOREIGN KEY/);
    expect(() =>
      db.prepare("INSERT INTO targets (name, ra, dec, created_at, updated_at) VALUES ('t', 'not a number', 0, 'a', 'b')").run(),
    ).toThrow();
    db.close();
  });
});
