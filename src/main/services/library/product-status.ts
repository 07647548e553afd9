/**
 * A product's row and status as its extraction moves it along (issue 16: the library is the
 * only code that writes `data_products`). Status goes `imported` → `queued` → `extracting` →
 * `extracted` or `failed` (back to `imported` when cancelled before a catalogue exists); every
 * change is announced as `products:changed`.
 */
import { type Clock, isoNow } from '../clock.js';
import type { Db } from '../db/open.js';
import type { EventBus } from '../events.js';
import type { ProductRow } from './product-rows.js';

/** What writing a product's status needs (a task kind's context has it). */
export interface ProductWriteDeps {
  db: Db;
  clock: Clock;
  events: EventBus;
}

/** The whole `data_products` row of an id, or undefined. */
export function productRow(db: Db, id: number): ProductRow | undefined {
  return db.prepare('SELECT * FROM data_products WHERE id = ?').get(id) as ProductRow | undefined;
}

/** Whether a product with this id exists. */
export function productExists(db: Db, id: number): boolean {
  return db.prepare('SELECT 1 FROM data_products WHERE id = ?').get(id) !== undefined;
}

/** Sets a product's status and error (null clears it), stamps `updated_at`, and announces the change. */
export function setProductStatus(deps: ProductWriteDeps, id: number, status: ProductRow['status'], error: { code: string; message: string } | null = null): void {
  deps.db
    .prepare('UPDATE data_products SET status = ?, error_code = ?, error_message = ?, updated_at = ? WHERE id = ?')
    .run(status, error?.code ?? null, error?.message ?? null, isoNow(deps.clock), id);
  deps.events.emit('products:changed', { ids: [id] });
}
