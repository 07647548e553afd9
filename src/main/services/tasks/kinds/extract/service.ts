import { isAbsolute, join } from 'node:path';
import { TaskError } from '../../../../../shared/task-error.js';
import { isoNow } from '../../../clock.js';
import type { ProductRow } from '../../../library/product-rows.js';
import type { KindContext, PoolHooks } from '../types.js';
import type { ExtractInputValue, ExtractOutput, ExtractPayload } from './schema.js';

function product(ctx: KindContext, id: number): ProductRow {
  const row = ctx.db.prepare('SELECT * FROM data_products WHERE id = ?').get(id) as ProductRow | undefined;
  if (!row) throw new TaskError('not_found', `data product ${id} does not exist`);
  return row;
}

function setProductStatus(ctx: KindContext, id: number, status: ProductRow['status'], error: { code: string; message: string } | null = null): void {
  ctx.db
    .prepare('UPDATE data_products SET status = ?, error_code = ?, error_message = ?, updated_at = ? WHERE id = ?')
    .run(status, error?.code ?? null, error?.message ?? null, isoNow(ctx.clock), id);
  ctx.events.emit('products:changed', { ids: [id] });
}

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
 * catalog of the product. Storing the same task's result again changes nothing.
 */
export function storeCatalog(ctx: KindContext, productId: number, taskId: number | null, output: ExtractOutput): number {
  const db = ctx.db;
  const existing = db.prepare('SELECT task_id FROM catalogs WHERE product_id = ?').get(productId) as { task_id: number | null } | undefined;
  if (existing && taskId !== null && existing.task_id === taskId) return productId;
  if (existing) db.prepare('DELETE FROM catalogs WHERE product_id = ?').run(productId);
  const now = isoNow(ctx.clock);
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
  ctx.events.emit('products:changed', { ids: [productId] });
  return productId;
}

/**
 * The main-side hooks of `extract` (a data product's image → its catalog in `catalogs` +
 * `sources`): the product's status follows the task, and the catalog is stored on success.
 */
export const extractHooks: PoolHooks<ExtractPayload, ExtractInputValue, ExtractOutput> = {
  productOf: (p) => p.productId,
  onQueued: (ctx, _task, p) => setProductStatus(ctx, p.productId, 'queued'),
  onStarted: (ctx, _task, p) => setProductStatus(ctx, p.productId, 'extracting'),
  prepare(ctx, p) {
    const row = product(ctx, p.productId);
    const settings = ctx.settings.get().extraction;
    const file = { path: isAbsolute(row.store_path) ? row.store_path : join(ctx.paths.root, row.store_path), size: row.size, sha256: row.sha256 };
    const options = { thresh: settings.thresh, minarea: settings.minarea, apertures: settings.apertures, ...p.options };
    return { file, hdu: row.hdu, options, maxImageMb: ctx.settings.get().images.maxImageMb };
  },
  // One image.
  files: (input) => [input.file],
  ingest(ctx, task, p, output) {
    storeCatalog(ctx, p.productId, task.id, output);
    return `catalog:${p.productId}`;
  },
  // After extract succeeds, photometry for the targets on the image.
  followUps: { measureTargetsOn: (p) => p.productId },
  onEnded(ctx, task, p, status) {
    const row = ctx.db.prepare('SELECT source_count FROM catalogs WHERE product_id = ?').get(p.productId) as { source_count: number } | undefined;
    if (!ctx.db.prepare('SELECT 1 FROM data_products WHERE id = ?').get(p.productId)) return;
    if (row) setProductStatus(ctx, p.productId, 'extracted');
    else if (status === 'cancelled') setProductStatus(ctx, p.productId, 'imported');
    else setProductStatus(ctx, p.productId, 'failed', { code: task.error_code ?? 'internal', message: task.error_message ?? '' });
  },
};
