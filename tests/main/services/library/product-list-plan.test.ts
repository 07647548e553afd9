import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../../../src/main/services/db/open.js';
import { listProductRows, PRODUCT_LIST_SQL } from '../../../../src/main/services/library/product-rows.js';
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

  it("a batch's counts read the batch's tasks by index, not every task", () => {
    expect(plan(BATCH_COUNTS_SQL, 'b')).toMatch(/USING INDEX tasks_by_batch/);
  });
});
