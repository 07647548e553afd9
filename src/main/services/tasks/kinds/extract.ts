import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { extractionOverridesSchema } from '../../../../shared/domain.js';
import { TaskError } from '../../../../workers/tasks/errors.js';
import type { ExtractOutput } from '../../../../workers/tasks/kinds/extract.js';
import { isoNow } from '../../clock.js';
import type { ProductRow } from '../../library/product-rows.js';
import { defineKind, type KindContext } from './types.js';

export const extractPayloadSchema = z
  .object({
    productId: z.number().int().positive(),
    /** Overrides of the extraction settings; the rest comes from the settings when the task runs. */
    options: extractionOverridesSchema.optional(),
  })
  .strict();
export type ExtractPayload = z.infer<typeof extractPayloadSchema>;

const outputSchema = z.object({
  hdu: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  globalBackground: z.number(),
  globalRms: z.number(),
  options: z.record(z.string(), z.unknown()),
  sources: z.array(z.object({ id: z.number().int(), x: z.number(), y: z.number() }).passthrough()),
});

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
  ).run(productId, taskId, output.sources.length, num(output.globalBackground), num(output.globalRms), JSON.stringify(output.options), now);
  const insert = db.prepare(
    `INSERT INTO sources (product_id, id, x, y, ra, dec, a, b, theta, npix, peak, flux_iso, flux_iso_err, flux_aper, flux_aper_err,
       flux_auto, flux_auto_err, kron_radius, fwhm, background, flags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const s of output.sources) {
    insert.run(
      productId, s.id, s.x, s.y, num(s.ra), num(s.dec), num(s.a), num(s.b), num(s.theta), Number.isInteger(s.npix) ? s.npix : null, num(s.peak),
      num(s.fluxIso), num(s.fluxIsoErr), JSON.stringify(s.fluxAper ?? []), JSON.stringify(s.fluxAperErr ?? []),
      num(s.fluxAuto), num(s.fluxAutoErr), num(s.kronRadius), num(s.fwhm), num(s.background), Number.isInteger(s.flags) ? s.flags : 0,
    );
  }
  db.prepare(
    "UPDATE data_products SET status = 'extracted', source_count = ?, error_code = NULL, error_message = NULL, width = COALESCE(width, ?), height = COALESCE(height, ?), updated_at = ? WHERE id = ?",
  ).run(output.sources.length, output.width, output.height, now, productId);
  ctx.events.emit('products:changed', { ids: [productId] });
  return productId;
}

/** `extract`: a data product's image → its catalog in `catalogs` + `sources`. */
export const extractKind = defineKind<ExtractPayload>({
  name: 'extract',
  execution: 'pool',
  payload: extractPayloadSchema,
  defaults: { priority: 0, maxAttempts: 2, timeLimitMs: 30 * 60_000 },
  productOf: (p) => p.productId,
  onQueued: (ctx, _task, p) => setProductStatus(ctx, p.productId, 'queued'),
  onStarted: (ctx, _task, p) => setProductStatus(ctx, p.productId, 'extracting'),
  prepare(ctx, p) {
    const row = product(ctx, p.productId);
    const settings = ctx.settings.get().extraction;
    const file = { path: isAbsolute(row.store_path) ? row.store_path : join(ctx.paths.root, row.store_path), size: row.size, sha256: row.sha256 };
    const options = { thresh: settings.thresh, minarea: settings.minarea, apertures: settings.apertures, ...p.options };
    return { workerKind: 'extract', input: { file, hdu: row.hdu, options }, file };
  },
  ingest(ctx, task, p, result) {
    const parsed = outputSchema.safeParse(result);
    if (!parsed.success) throw new TaskError('internal', `extract returned a malformed catalog: ${parsed.error.issues[0]?.message}`);
    storeCatalog(ctx, p.productId, task.id, parsed.data as unknown as ExtractOutput);
    return `catalog:${p.productId}`;
  },
  onEnded(ctx, task, p, status) {
    const row = ctx.db.prepare('SELECT source_count FROM catalogs WHERE product_id = ?').get(p.productId) as { source_count: number } | undefined;
    if (!ctx.db.prepare('SELECT 1 FROM data_products WHERE id = ?').get(p.productId)) return;
    if (row) setProductStatus(ctx, p.productId, 'extracted');
    else if (status === 'cancelled') setProductStatus(ctx, p.productId, 'imported');
    else setProductStatus(ctx, p.productId, 'failed', { code: task.error_code ?? 'internal', message: task.error_message ?? '' });
  },
});
