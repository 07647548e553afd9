/**
 * Plate solutions of data products (the `solutions` table, migration 0009; the library owns
 * it). A `solve` task's answer is stored here; a solution's WCS cards are laid over the
 * product's stored header (`header_json`, `has_wcs`, `footprint_json`) so that the catalog view,
 * target matching and the viewer see the WCS, and handed to the extraction and photometry that
 * read the image file (which is never rewritten).
 */
import { footprint, headerFromRecord, readWcs, type HeaderValue } from '../../../core/wcs/index.js';
import { isoNow } from '../clock.js';
import type { Db } from '../db/open.js';
import type { SolveOutput } from '../tasks/kinds/solve/schema.js';
import { recordWithWcs } from '../solve/wcs-header.js';
import type { ProductWriteDeps } from './product-status.js';

/**
 * Stores a `solve` task's answer for a product, replacing an older one (the same task's answer
 * stored again changes nothing). A solution's cards replace the WCS of the stored header and
 * give the product its footprint. Call inside a transaction; announces `products:changed`.
 */
export function storeSolution(deps: ProductWriteDeps, productId: number, taskId: number | null, output: SolveOutput): void {
  const { db } = deps;
  const existing = db.prepare('SELECT task_id FROM solutions WHERE product_id = ?').get(productId) as { task_id: number | null } | undefined;
  if (existing && taskId !== null && existing.task_id === taskId) return;
  const now = isoNow(deps.clock);
  const s = output.solved ? output : null;
  const u = output.solved ? null : output;
  db.prepare(
    `INSERT OR REPLACE INTO solutions (product_id, task_id, solved, ra, dec, scale_arcsec, rotation_deg, parity, matched, rms_arcsec, index_id, wcs_json,
       reason, message, sources, seconds, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    productId, taskId, s ? 1 : 0, s?.ra ?? null, s?.dec ?? null, s?.scaleArcsec ?? null, s?.rotationDeg ?? null, s?.parity ?? null, s?.matched ?? null,
    s?.rmsArcsec ?? null, s?.indexId ?? null, s ? JSON.stringify(s.header) : null, u?.reason ?? null, u?.message ?? null, output.sources, output.seconds, now,
  );
  if (s) {
    const row = db.prepare('SELECT header_json, width, height FROM data_products WHERE id = ?').get(productId) as
      | { header_json: string | null; width: number | null; height: number | null }
      | undefined;
    if (row) {
      let record: Record<string, HeaderValue> = {};
      try {
        record = row.header_json ? (JSON.parse(row.header_json) as Record<string, HeaderValue>) : {};
      } catch {
        record = {};
      }
      const header = recordWithWcs<HeaderValue>(record, s.header);
      const { wcs } = readWcs(headerFromRecord(header));
      const fp = wcs && row.width && row.height ? footprint(wcs, row.width, row.height).filter(([ra, dec]) => Number.isFinite(ra) && Number.isFinite(dec)) : null;
      db.prepare('UPDATE data_products SET header_json = ?, has_wcs = ?, footprint_json = ?, updated_at = ? WHERE id = ?').run(
        JSON.stringify(header), wcs ? 1 : 0, fp ? JSON.stringify(fp) : null, now, productId,
      );
    }
  }
  deps.events.emit('products:changed', { ids: [productId] });
}

/** The WCS cards of a product's solution, or null when it has none (not solved, or its image had a WCS). */
export function solvedWcs(db: Db, productId: number): Record<string, string | number> | null {
  const row = db.prepare('SELECT wcs_json FROM solutions WHERE product_id = ? AND solved = 1').get(productId) as { wcs_json: string | null } | undefined;
  if (!row?.wcs_json) return null;
  try {
    return JSON.parse(row.wcs_json) as Record<string, string | number>;
  } catch {
    return null;
  }
}

/** Whether a product has a stored solve answer (solved or not). */
export function hasSolution(db: Db, productId: number): boolean {
  return db.prepare('SELECT 1 FROM solutions WHERE product_id = ?').get(productId) !== undefined;
}

/**
 * Whether a product's image should be plate-solved: it has pixels (width and height > 1), no
 * celestial WCS that could be read, no WCS whose CTYPEs name a frame that is not RA/Dec (the
 * Sun's HPLN/HPLT: star index files cannot match it), and no solve answer yet.
 */
export function needsSolve(db: Db, productId: number): boolean {
  const row = db.prepare('SELECT has_wcs, width, height, header_json FROM data_products WHERE id = ?').get(productId) as
    | { has_wcs: 0 | 1; width: number | null; height: number | null; header_json: string | null }
    | undefined;
  if (!row || row.has_wcs === 1 || !(row.width && row.width > 1 && row.height && row.height > 1)) return false;
  if (isOtherSkyFrame(row.header_json)) return false;
  return !hasSolution(db, productId);
}

/** Whether a stored header (`header_json`) declares a WCS in a frame, named by its CTYPEs, that is not the celestial sphere of RA/Dec. */
function isOtherSkyFrame(headerJson: string | null): boolean {
  if (!headerJson) return false;
  try {
    const error = readWcs(headerFromRecord(JSON.parse(headerJson) as Record<string, HeaderValue>)).error;
    return error?.code === 'wcs_unsupported_frame' && (error.keyword ?? '').startsWith('CTYPE');
  } catch {
    return false;
  }
}
