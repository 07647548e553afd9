/**
 * Which products have their plate solve running: the library reads them as `solving`
 * (library/product-rows.ts). The SQL on `tasks` stays here, with the table's owner; index
 * `tasks_by_status` finds the running rows.
 */
import type { Db } from '../db/open.js';
import { prepared } from '../db/prepared.js';

const RUNNING_SOLVES_SQL = "SELECT product_id FROM tasks WHERE status = 'running' AND kind = 'solve' AND product_id IS NOT NULL";
const PRODUCT_SOLVING_SQL = "SELECT 1 FROM tasks WHERE product_id = ? AND kind = 'solve' AND status = 'running'";

/** Ids of the products whose `solve` task is running. */
export function solvingProductIds(db: Db): Set<number> {
  return new Set(prepared(db, RUNNING_SOLVES_SQL).pluck().all() as number[]);
}

/** Whether product `id`'s `solve` task is running. */
export function isProductSolving(db: Db, id: number): boolean {
  return prepared(db, PRODUCT_SOLVING_SQL).get(id) !== undefined;
}
