/**
 * What removing images from the library takes from the targets (issue 15): their links
 * (`target_products`, unlinked pairs too) and their photometry points. Ids are
 * `data_products.id`; unknown ids count nothing.
 */
import type { Db } from '../db/open.js';

/** The photometry points of these images, and the targets whose image list or light curve they are in (ascending ids). */
export function targetsOfProducts(db: Db, productIds: readonly number[]): { points: number; targetIds: number[] } {
  const ids = JSON.stringify(productIds);
  const points = (db.prepare('SELECT count(*) AS n FROM photometry WHERE product_id IN (SELECT value FROM json_each(?))').get(ids) as { n: number }).n;
  const targetIds = (
    db
      .prepare(
        `SELECT target_id FROM target_products WHERE product_id IN (SELECT value FROM json_each(?)) AND unlinked = 0
         UNION SELECT target_id FROM photometry WHERE product_id IN (SELECT value FROM json_each(?)) ORDER BY target_id`,
      )
      .all(ids, ids) as Array<{ target_id: number }>
  ).map((r) => r.target_id);
  return { points, targetIds };
}

/**
 * Deletes the links and photometry points of these images. Call it inside the transaction that
 * removes the images (it opens a savepoint of its own); announce `targets:changed` after it commits.
 */
export function forgetProducts(db: Db, productIds: readonly number[]): void {
  const ids = JSON.stringify(productIds);
  db.transaction(() => {
    db.prepare('DELETE FROM photometry WHERE product_id IN (SELECT value FROM json_each(?))').run(ids);
    db.prepare('DELETE FROM target_products WHERE product_id IN (SELECT value FROM json_each(?))').run(ids);
  })();
}
