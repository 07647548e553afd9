import { isAbsolute, join } from 'node:path';
import { TaskError } from '../../../../../shared/task-error.js';
import { storeCatalog, hasCatalog } from '../../../library/catalog-ingest.js';
import { productExists, productRow, setProductStatus } from '../../../library/product-status.js';
import type { ProductRow } from '../../../library/product-rows.js';
import { solvedWcs } from '../../../library/solutions.js';
import type { KindContext, PoolHooks } from '../types.js';
import type { ExtractInputValue, ExtractOutput, ExtractPayload } from './schema.js';

function product(ctx: KindContext, id: number): ProductRow {
  const row = productRow(ctx.db, id);
  if (!row) throw new TaskError('not_found', `data product ${id} does not exist`);
  return row;
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
    const wcs = solvedWcs(ctx.db, p.productId);
    return { file, hdu: row.hdu, options, maxImageMb: ctx.settings.get().images.maxImageMb, ...(wcs ? { wcs } : {}) };
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
    if (!productExists(ctx.db, p.productId)) return;
    if (hasCatalog(ctx.db, p.productId)) setProductStatus(ctx, p.productId, 'extracted');
    else if (status === 'cancelled') setProductStatus(ctx, p.productId, 'imported');
    else setProductStatus(ctx, p.productId, 'failed', { code: task.error_code ?? 'internal', message: task.error_message ?? '' });
  },
};
