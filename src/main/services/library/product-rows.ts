import type { ProductStatus, ProductView } from '../../../shared/domain.js';
import type { Db } from '../db/open.js';

/** A `data_products` row as SQLite returns it. */
export interface ProductRow {
  id: number;
  sha256: string;
  name: string;
  store_path: string;
  original_path: string | null;
  size: number;
  status: ProductStatus;
  error_code: string | null;
  error_message: string | null;
  hdu: number | null;
  header_json: string | null;
  object: string | null;
  date_obs: string | null;
  mjd_obs: number | null;
  exptime: number | null;
  filter: string | null;
  telescope: string | null;
  instrument: string | null;
  width: number | null;
  height: number | null;
  has_wcs: 0 | 1;
  footprint_json: string | null;
  source_count: number | null;
  created_at: string;
  updated_at: string;
}

export function toProductView(row: ProductRow): ProductView {
  return {
    id: row.id,
    name: row.name,
    sha256: row.sha256,
    size: row.size,
    status: row.status,
    sources: row.source_count,
    error: row.error_code ? { code: row.error_code, message: row.error_message ?? '' } : null,
    object: row.object,
    dateObs: row.date_obs,
    filter: row.filter,
    width: row.width,
    height: row.height,
    hasWcs: row.has_wcs === 1,
    createdAt: row.created_at,
  };
}

/** Products newest first. */
export function listProductRows(db: Db, limit = 10_000): ProductRow[] {
  return db.prepare('SELECT * FROM data_products ORDER BY id DESC LIMIT ?').all(limit) as ProductRow[];
}
