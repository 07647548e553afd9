import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { extractionOverridesSchema } from '../../../../shared/domain.js';
import { issueText } from '../../../../shared/errors.js';
import { TaskError } from '../../../../workers/tasks/errors.js';
import type { ExtractOutput } from '../../../../workers/tasks/kinds/extract.js';
import { SOURCE_FIELDS } from '../../../../workers/tasks/kinds/source-columns.js';
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

/** The catalog's summary and the shape of its columns (their values are checked by {@link checkedOutput}). */
const summarySchema = z.object({
  hdu: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  globalBackground: z.number(),
  globalRms: z.number(),
  options: z.record(z.string(), z.unknown()),
  sources: z.object({ count: z.number().int().min(0), apertures: z.number().int().min(0).max(64) }).passthrough(),
});

/** A column value: a number, or null where JSON (the broker) carried a NaN. */
const isValue = (v: unknown): boolean => typeof v === 'number' || v === null;

/**
 * The catalog a worker returned, checked, as it may come from another machine through the
 * broker: the summary by schema, then every column (see source-columns.ts) an array of
 * `count` numbers or nulls (`fluxAper`, `fluxAperErr`: count × apertures), ids integers and x, y
 * finite. The columns are checked in place, not parsed into copies: this runs on the app's
 * main thread. Throws TaskError `internal` naming what is wrong.
 */
export function checkedOutput(result: unknown): ExtractOutput {
  const bad = (what: string): TaskError => new TaskError('internal', `extract returned a malformed catalog: ${what}`);
  const parsed = summarySchema.safeParse(result);
  if (!parsed.success) {
    throw bad(issueText(parsed.error));
  }
  const columns = parsed.data.sources as Record<string, unknown> & { count: number; apertures: number };
  const { count, apertures } = columns;
  const column = (name: string, length: number): unknown[] => {
    const c = columns[name];
    if (!Array.isArray(c) || c.length !== length) throw bad(`sources.${name} must be an array of ${length} numbers`);
    return c as unknown[];
  };
  for (const field of SOURCE_FIELDS) {
    const c = column(field, count);
    const ok = field === 'id' ? Number.isInteger : field === 'x' || field === 'y' ? Number.isFinite : isValue;
    for (let i = 0; i < count; i++) if (!ok(c[i])) throw bad(`sources.${field}[${i}] is ${String(c[i])}`);
  }
  for (const field of ['fluxAper', 'fluxAperErr']) {
    const c = column(field, count * apertures);
    for (let i = 0; i < c.length; i++) if (!isValue(c[i])) throw bad(`sources.${field}[${i}] is ${String(c[i])}`);
  }
  return parsed.data as unknown as ExtractOutput;
}

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
    return { workerKind: 'extract', input: { file, hdu: row.hdu, options, maxImageMb: ctx.settings.get().images.maxImageMb }, file };
  },
  ingest(ctx, task, p, result) {
    storeCatalog(ctx, p.productId, task.id, checkedOutput(result));
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
