/**
 * Reads of `data_products` for other features (targets, automation, notices, thumbnails): the
 * library owns the table (issue 16), so they ask these named questions instead of writing SQL
 * on it. Ids are `data_products.id`; an unknown id reads as "no such product" (undefined,
 * false, or left out), never as an error.
 */
import type { ProductStatus } from '../../../shared/domain.js';
import type { Db } from '../db/open.js';
import { prepared } from '../db/prepared.js';

/** The names of those of `ids` that exist. */
export function productNames(db: Db, ids: readonly number[]): Map<number, string> {
  const names = new Map<number, string>();
  if (ids.length === 0) return names;
  for (const r of prepared(db, 'SELECT id, name FROM data_products WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids)) as Array<{
    id: number;
    name: string;
  }>) {
    names.set(r.id, r.name);
  }
  return names;
}

/** What a list of images shows of a product: name, DATE-OBS (ISO), FILTER and status. */
export interface ProductBrief {
  name: string;
  dateObs: string | null;
  filter: string | null;
  status: ProductStatus;
}

export function productBrief(db: Db, id: number): ProductBrief | undefined {
  const r = prepared(db, 'SELECT name, date_obs, filter, status FROM data_products WHERE id = ?').get(id) as
    | { name: string; date_obs: string | null; filter: string | null; status: ProductStatus }
    | undefined;
  return r && { name: r.name, dateObs: r.date_obs, filter: r.filter, status: r.status };
}

/** Whether the product exists and its header has a usable WCS. */
export function hasWcs(db: Db, id: number): boolean {
  return prepared(db, 'SELECT 1 FROM data_products WHERE id = ? AND has_wcs = 1').get(id) !== undefined;
}

/** Whether the product has a WCS and its extraction succeeded (status `extracted`): it can be measured. */
export function isExtractedWithWcs(db: Db, id: number): boolean {
  return prepared(db, "SELECT 1 FROM data_products WHERE id = ? AND status = 'extracted' AND has_wcs = 1").get(id) !== undefined;
}

/** The columns target matching reads of a product (header and footprint as stored JSON). */
export interface ProductMatchRow {
  id: number;
  header_json: string | null;
  footprint_json: string | null;
  width: number | null;
  height: number | null;
  has_wcs: 0 | 1;
  object: string | null;
}

export function productMatchRow(db: Db, id: number): ProductMatchRow | undefined {
  return prepared(db, 'SELECT id, header_json, footprint_json, width, height, has_wcs, object FROM data_products WHERE id = ?').get(id) as
    | ProductMatchRow
    | undefined;
}

/**
 * Every product with a WCS and its stored footprint (JSON [[ra, dec], …] in degrees, or null), by
 * storage order — of the images targets are matched to: not bias, dark or flat frames nor
 * masters, nor raw lights whose calibrated frame exists or that wait for calibration (issue 17).
 */
export function wcsFootprints(db: Db): Array<{ id: number; footprint_json: string | null }> {
  return prepared(
    db,
    `SELECT id, footprint_json FROM data_products p WHERE has_wcs = 1 AND kind != 'master' AND (frame_type IS NULL OR frame_type = 'light')
       AND calib_wait IS NULL AND NOT EXISTS (SELECT 1 FROM data_products c WHERE c.raw_id = p.id)`,
  ).all() as Array<{ id: number; footprint_json: string | null }>;
}

/** What target photometry needs of an image: its stored file, HDU, size in pixels and catalogue size. */
export interface ProductImageRow {
  id: number;
  /** Relative to the library folder, or absolute. */
  store_path: string;
  hdu: number | null;
  width: number | null;
  height: number | null;
  source_count: number | null;
  has_wcs: 0 | 1;
}

export function productImageRow(db: Db, id: number): ProductImageRow | undefined {
  return prepared(db, 'SELECT id, store_path, hdu, width, height, source_count, has_wcs FROM data_products WHERE id = ?').get(id) as ProductImageRow | undefined;
}

/** A product's stored file by size (bytes) and SHA-256 (hex), so that a runner can ship its bytes; undefined for an unknown id. */
export function productFileRef(db: Db, id: number): { size: number; sha256: string } | undefined {
  return prepared(db, 'SELECT size, sha256 FROM data_products WHERE id = ?').get(id) as { size: number; sha256: string } | undefined;
}
