/**
 * Storing an extraction's catalogue: the `catalogs` row of the product, its `sources`, and the
 * product's status and source count (issue 16: the library is the only code that writes these
 * tables). See stored-catalog.ts for how the columns are stored and read back.
 */
import type { ExtractOutput } from '../tasks/kinds/extract/schema.js';
import { isoNow } from '../clock.js';
import type { Db } from '../db/open.js';
import type { ProductWriteDeps } from './product-status.js';

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * Source `i`'s `k` values of a per-aperture column as the JSON text stored for them, written
 * as `JSON.stringify` would write the list (a non-finite value as null), without making it.
 */
function apertureJson(values: ReadonlyArray<number | null>, i: number, k: number): string {
  if (k === 1) return `[${num(values[i]) ?? 'null'}]`;
  const parts: string[] = [];
  for (let j = 0; j < k; j++) parts.push(`${num(values[i * k + j]) ?? 'null'}`);
  return `[${parts.join(',')}]`;
}

/**
 * Stores a catalog: one `catalogs` row keyed by product and its `sources`, replacing an older
 * catalog of the product, and marks the product `extracted` with its source count (and its
 * size in pixels if it had none). Storing the same task's result again changes nothing.
 * Call it inside a transaction. Returns the product id.
 */
export function storeCatalog(deps: ProductWriteDeps, productId: number, taskId: number | null, output: ExtractOutput): number {
  const db = deps.db;
  const existing = db.prepare('SELECT task_id FROM catalogs WHERE product_id = ?').get(productId) as { task_id: number | null } | undefined;
  if (existing && taskId !== null && existing.task_id === taskId) return productId;
  if (existing) db.prepare('DELETE FROM catalogs WHERE product_id = ?').run(productId);
  const now = isoNow(deps.clock);
  db.prepare(
    'INSERT INTO catalogs (product_id, task_id, source_count, global_background, global_rms, options_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(productId, taskId, output.sources.count, num(output.globalBackground), num(output.globalRms), JSON.stringify(output.options), now);
  const insert = db.prepare(
    `INSERT INTO sources (product_id, id, x, y, ra, dec, a, b, theta, npix, peak, flux_iso, flux_iso_err, flux_aper, flux_aper_err,
       flux_auto, flux_auto_err, kron_radius, fwhm, background, flags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const c = output.sources;
  const k = c.apertures;
  for (let i = 0; i < c.count; i++) {
    const npix = c.npix[i];
    const flags = c.flags[i];
    insert.run(
      productId, c.id[i], c.x[i], c.y[i], num(c.ra[i]), num(c.dec[i]), num(c.a[i]), num(c.b[i]), num(c.theta[i]), Number.isInteger(npix) ? npix : null, num(c.peak[i]),
      num(c.fluxIso[i]), num(c.fluxIsoErr[i]), apertureJson(c.fluxAper, i, k), apertureJson(c.fluxAperErr, i, k),
      num(c.fluxAuto[i]), num(c.fluxAutoErr[i]), num(c.kronRadius[i]), num(c.fwhm[i]), num(c.background[i]), Number.isInteger(flags) ? flags : 0,
    );
  }
  db.prepare(
    "UPDATE data_products SET status = 'extracted', source_count = ?, error_code = NULL, error_message = NULL, width = COALESCE(width, ?), height = COALESCE(height, ?), updated_at = ? WHERE id = ?",
  ).run(c.count, output.width, output.height, now, productId);
  deps.events.emit('products:changed', { ids: [productId] });
  return productId;
}

/** Whether the product has a stored catalogue (its extraction succeeded at least once). */
export function hasCatalog(db: Db, productId: number): boolean {
  return db.prepare('SELECT 1 FROM catalogs WHERE product_id = ?').get(productId) !== undefined;
}
