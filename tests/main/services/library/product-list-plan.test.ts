import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../../../src/main/services/db/open.js';
import { LIBRARY_LIST_SQL, listLibraryRows, listProductRows, PRODUCT_LIST_BY_DATE_SQL, PRODUCT_LIST_SQL, toProductView } from '../../../../src/main/services/library/product-rows.js';
import type { LibraryRow } from '../../../../src/shared/library-list.js';
import { BATCH_COUNTS_SQL } from '../../../../src/main/services/tasks/task-query-store.js';

let db: Db;
beforeAll(() => {
  db = openDb(':memory:');
});
afterAll(() => db.close());

const plan = (sql: string, ...args: unknown[]) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as Array<{ detail: string }>).map((r) => r.detail).join('; ');

describe('query plans of the lists that grow with the library', () => {
  it("the library's list reads an index that covers it, never the rows and their stored headers", () => {
    expect(plan(PRODUCT_LIST_SQL, 10)).toMatch(/USING COVERING INDEX data_products_list/);
    expect(plan(PRODUCT_LIST_SQL, 10)).not.toMatch(/TEMP B-TREE/);
    expect(listProductRows(db, 5)).toEqual([]);
  });

  it("the library's whole list (library:list) reads that index too, and sorts it, never the rows", () => {
    expect(plan(LIBRARY_LIST_SQL, 10)).toMatch(/USING COVERING INDEX data_products_list/);
    expect(listLibraryRows(db, 5)).toEqual([]);
  });

  it("a batch's counts read the batch's tasks by index, not every task", () => {
    expect(plan(BATCH_COUNTS_SQL, 'b')).toMatch(/USING INDEX tasks_by_batch/);
  });
});

describe('the first screenful of the library', () => {
  it('lists the newest dates first, undated last, as the library sorts by default, by an index in that order', () => {
    const now = new Date().toISOString();
    const insert = db.prepare("INSERT INTO data_products (sha256, name, store_path, size, date_obs, created_at, updated_at) VALUES (?, ?, 'f', 1, ?, ?, ?)");
    const dates = ['2026-09-02T01:00:00', null, '2026-09-03T01:00:00', '2026-09-01T01:00:00', '2026-09-03T01:00:00'];
    dates.forEach((d, i) => insert.run(`s${i}`, `n${i}.fits`, d, now, now));
    expect(listProductRows(db, 10, 'date').map((r) => r.name)).toEqual(['n4.fits', 'n2.fits', 'n0.fits', 'n3.fits', 'n1.fits']);
    expect(listProductRows(db, 2, 'date').map((r) => r.name)).toEqual(['n4.fits', 'n2.fits']);
    expect(listProductRows(db, 10).map((r) => r.name)).toEqual(['n4.fits', 'n3.fits', 'n2.fits', 'n1.fits', 'n0.fits']);
    // read in order: the first rows without sorting the whole library
    expect(plan(PRODUCT_LIST_BY_DATE_SQL, 10)).toMatch(/USING INDEX data_products_by_date/);
    expect(plan(PRODUCT_LIST_BY_DATE_SQL, 10)).not.toMatch(/TEMP B-TREE/);
  });

  it("carries the plate solutions of its rows (read by id for a screenful, all at once for a long list)", () => {
    const now = new Date().toISOString();
    const ids = (db.prepare('SELECT id FROM data_products ORDER BY id').all() as Array<{ id: number }>).map((r) => r.id);
    const solve = db.prepare('INSERT INTO solutions (product_id, solved, ra, dec, sources, seconds, created_at) VALUES (?, 1, ?, 2.5, 10, 1, ?)');
    solve.run(ids[2], 150.25, now);
    solve.run(ids[3], 151.5, now);
    const solvedRa = (rows: ReturnType<typeof listProductRows>) => rows.map((r) => [r.name, r.sol_ra ?? null]);
    expect(solvedRa(listProductRows(db, 2, 'date'))).toEqual([['n4.fits', null], ['n2.fits', 150.25]]);
    expect(solvedRa(listProductRows(db, 10, 'date'))).toEqual([['n4.fits', null], ['n2.fits', 150.25], ['n0.fits', null], ['n3.fits', 151.5], ['n1.fits', null]]);
    expect(listProductRows(db, 600, 'date').find((r) => r.name === 'n3.fits')?.sol_ra).toBe(151.5);
  });
});

describe("the library's whole list (library:list)", () => {
  it('is the full list in the default order with only what the list shows', () => {
    const now = new Date().toISOString();
    db.prepare(
      "INSERT INTO data_products (sha256, name, store_path, size, status, error_code, error_message, object, filter, width, height, date_obs, kind, frame_type, calib_wait, created_at, updated_at) VALUES ('e1', 'bad.fits', 'f', 1, 'failed', 'fits_error', 'truncated', 'M31', 'R', 64, 64, '2026-09-02T03:00:00', 'raw', 'light', 'no flat', ?, ?)",
    ).run(now, now);
    const pick = (p: LibraryRow): LibraryRow => ({
      id: p.id,
      name: p.name,
      status: p.status,
      sources: p.sources,
      error: p.error,
      object: p.object,
      dateObs: p.dateObs,
      filter: p.filter,
      width: p.width,
      kind: p.kind,
      frameType: p.frameType,
      calibWait: p.calibWait,
    });
    const full = listProductRows(db, 100, 'date').map(toProductView).map(pick);
    expect(full.length).toBeGreaterThan(5);
    expect(full.some((p) => p.error !== null && p.calibWait !== null)).toBe(true);
    expect(listLibraryRows(db, 100)).toEqual(full);
    expect(listLibraryRows(db, 3)).toEqual(full.slice(0, 3));
  });
});
