import { isAbsolute, join } from 'node:path';
import { headerFromRecord, type HeaderValue } from '../../../../../core/wcs/index.js';
import { TaskError } from '../../../../../shared/task-error.js';
import { productExists, productRow, setProductStatus } from '../../../library/product-status.js';
import { hasCatalog } from '../../../library/catalog-ingest.js';
import { storeSolution } from '../../../library/solutions.js';
import { existingIndexDirs } from '../../../solve/index-dirs.js';
import { BLIND_SCALE, chooseIndexes, IndexFilesError, listIndexes } from '../../../solve/index-files.js';
import { indexFileRef } from '../../../solve/index-refs.js';
import { searchOf } from '../../../solve/solve-image.js';
import type { PoolHooks } from '../types.js';
import type { SolveInputValue, SolveOutput, SolvePayload } from './schema.js';

function storedHeader(json: string | null): Record<string, HeaderValue> {
  try {
    return json ? (JSON.parse(json) as Record<string, HeaderValue>) : {};
  } catch {
    return {};
  }
}

/**
 * The main-side hooks of `solve` (an image without a celestial WCS → its plate solution): the
 * input names the image and only the index files whose quads can fit it at the header's scale
 * (so a broker worker is sent only those), the answer — solved or why not — is stored with the
 * product (library/solutions.ts), and the product is extracted once the solve has ended,
 * however it ended (a failed solve still gives a pixel-only catalog).
 */
export const solveHooks: PoolHooks<SolvePayload, SolveInputValue, SolveOutput> = {
  productOf: (p) => p.productId,
  onQueued: (ctx, _task, p) => setProductStatus(ctx, p.productId, 'queued'),
  // the product reads as `solving` while this task runs (product-rows.ts): the views change with the task's state
  onStarted: (ctx, _task, p) => ctx.events.emit('products:changed', { ids: [p.productId] }),
  prepare(ctx, p) {
    const row = productRow(ctx.db, p.productId);
    if (!row) throw new TaskError('not_found', `data product ${p.productId} does not exist`);
    const settings = ctx.settings.get();
    const dirs = existingIndexDirs(settings.solve.indexDirs);
    let all;
    try {
      all = listIndexes(dirs, { missing: 'skip' });
    } catch (err) {
      if (err instanceof IndexFilesError) throw new TaskError('bad_index', err.message);
      throw err;
    }
    // the worker reads the header's hints again from the file; here they only choose the indexes
    const search = searchOf(headerFromRecord(storedHeader(row.header_json)));
    const chosen = row.width && row.height ? chooseIndexes(all, row.width, row.height, search.scaleLow ?? BLIND_SCALE[0], search.scaleHigh ?? BLIND_SCALE[1]) : all;
    return {
      image: { path: isAbsolute(row.store_path) ? row.store_path : join(ctx.paths.root, row.store_path), size: row.size, sha256: row.sha256 },
      hdu: row.hdu,
      indexes: chosen.map((ix) => ({ file: indexFileRef(ix.path), id: ix.id, dimquads: ix.dimquads, scaleLow: ix.scaleLow, scaleHigh: ix.scaleHigh })),
      indexesFound: all.length,
      indexDirs: settings.solve.indexDirs,
      hints: {},
      timeLimitMs: Math.round(settings.solve.timeLimitS * 1000),
      maxImageMb: settings.images.maxImageMb,
    };
  },
  // The image and the chosen index files.
  files: (input) => [input.image, ...input.indexes.map((ix) => ix.file)],
  ingest(ctx, task, p, output) {
    if (!productExists(ctx.db, p.productId)) return null;
    storeSolution(ctx, p.productId, task.id, output);
    return `solution:${p.productId}:${output.solved ? 'solved' : output.reason}`;
  },
  // After the solve ends (succeeded or failed), the product's extraction.
  followUps: { extractAfter: (p) => p.productId },
  onEnded(ctx, _task, p, status) {
    // a cancelled solve leaves the product as imported (extraction can be asked for by hand)
    if (status === 'cancelled' && productExists(ctx.db, p.productId) && !hasCatalog(ctx.db, p.productId)) setProductStatus(ctx, p.productId, 'imported');
    else ctx.events.emit('products:changed', { ids: [p.productId] });
  },
};
