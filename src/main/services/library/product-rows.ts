import type { ProductStatus, ProductView, StoredProductStatus } from '../../../shared/domain.js';
import type { LibraryRow } from '../../../shared/library-list.js';
import type { Db } from '../db/open.js';
import { prepared } from '../db/prepared.js';
import { isProductSolving, solvingProductIds } from '../tasks/running-solves.js';
import { SOLUTION_SELECT, solutionView, type SolutionColumns } from './solution-rows.js';

/** A `data_products` row as SQLite returns it. */
export interface ProductRow {
  id: number;
  sha256: string;
  name: string;
  store_path: string;
  original_path: string | null;
  size: number;
  status: StoredProductStatus;
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
  frame_type: 'bias' | 'dark' | 'flat' | 'light' | null;
  frame_type_by_hand: 0 | 1;
  kind: 'raw' | 'master' | 'calibrated';
  raw_id: number | null;
  calib_json: string | null;
  calib_wait: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * The columns a {@link ProductView} is made of: the product's, and its solution's when the row
 * was read with them ({@link productViewRow}, {@link listProductRows}; a row without them has no
 * solution in its view).
 */
export type ProductViewRow = Pick<
  ProductRow,
  | 'id' | 'name' | 'sha256' | 'size' | 'source_count' | 'error_code' | 'error_message' | 'object' | 'date_obs' | 'filter' | 'width' | 'height' | 'has_wcs' | 'created_at'
  | 'frame_type' | 'kind' | 'raw_id' | 'calib_json' | 'calib_wait'
> &
  Partial<SolutionColumns> & {
    /** The stored status, or `solving` while the product's plate solve runs (tasks/running-solves.ts). */
    status: ProductStatus;
  };

export function toProductView(row: ProductViewRow): ProductView {
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
    kind: row.kind,
    frameType: row.frame_type,
    rawId: row.raw_id,
    masters: row.kind === 'calibrated' ? mastersOf(row.calib_json) : null,
    calibWait: row.calib_wait,
    solution: solutionView(row),
  };
}

/** The master ids a calibrated product's `calib_json` names. */
function mastersOf(json: string | null): { bias: number | null; dark: number | null; flat: number | null } {
  let c: Record<string, unknown> = {};
  try {
    c = json ? (JSON.parse(json) as Record<string, unknown>) : {};
  } catch {
    c = {};
  }
  const id = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) ? v : null);
  return { bias: id(c.biasId), dark: id(c.darkId), flat: id(c.flatId) };
}

/** A product's row with its solution's columns, or undefined. */
export function productViewRow(db: Db, id: number): (Omit<ProductRow, 'status'> & SolutionColumns & { status: ProductStatus }) | undefined {
  const row = db.prepare(`SELECT d.*, ${SOLUTION_SELECT} FROM data_products d LEFT JOIN solutions s ON s.product_id = d.id WHERE d.id = ?`).get(id) as
    | (ProductRow & SolutionColumns)
    | undefined;
  return row && isProductSolving(db, id) ? { ...row, status: 'solving' } : row;
}

/**
 * The library's list: the columns of a {@link ProductView}, newest first. Index
 * `data_products_list` (migration 0008) covers it, so the rows and their stored headers are not read.
 */
export const PRODUCT_LIST_SQL = `SELECT id, name, sha256, size, status, source_count, error_code, error_message, object, date_obs, filter, width, height, has_wcs, created_at,
         frame_type, kind, raw_id, calib_json, calib_wait
       FROM data_products ORDER BY id DESC LIMIT ?`;

/**
 * The same list in the library's default order: the latest DATE-OBS first, undated images last,
 * then newest first. Index `data_products_by_date` (migration 0012) is in this order, so a
 * screenful reads its rows without sorting the library.
 */
export const PRODUCT_LIST_BY_DATE_SQL = `SELECT id, name, sha256, size, status, source_count, error_code, error_message, object, date_obs, filter, width, height, has_wcs, created_at,
         frame_type, kind, raw_id, calib_json, calib_wait
       FROM data_products ORDER BY date_obs IS NULL, date_obs DESC, id DESC LIMIT ?`;

/** Up to this many rows, their solutions are read by id rather than the whole table. */
const FEW_ROWS = 500;

/**
 * Products newest first (`order` `id`), or latest DATE-OBS first with undated images last
 * (`date`, the library's default order, for its first screenful), with only the columns of a
 * {@link ProductView}: the stored header and footprint (kilobytes a row) stay out, so a list of
 * 10,000 images is quick to read and send.
 */
export function listProductRows(db: Db, limit = 10_000, order: 'id' | 'date' = 'id'): ProductViewRow[] {
  const stored = prepared(db, order === 'date' ? PRODUCT_LIST_BY_DATE_SQL : PRODUCT_LIST_SQL).all(limit) as ProductViewRow[];
  // those being solved read as `solving` (a handful of running tasks, read apart)
  const solving = solvingProductIds(db);
  const rows = solving.size === 0 ? stored : stored.map((r) => (solving.has(r.id) ? { ...r, status: 'solving' as const } : r));
  // the plate solutions beside them, read apart so that the list keeps its index: a screenful's
  // by their ids, a whole list's all at once
  const solutions = (
    rows.length <= FEW_ROWS
      ? prepared(db, `SELECT s.product_id AS id, ${SOLUTION_SELECT} FROM solutions s WHERE s.product_id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(rows.map((r) => r.id)))
      : prepared(db, `SELECT s.product_id AS id, ${SOLUTION_SELECT} FROM solutions s`).all()
  ) as Array<SolutionColumns & { id: number }>;
  if (solutions.length === 0) return rows;
  const byId = new Map(solutions.map((x) => [x.id, x]));
  return rows.map((r) => {
    const sol = byId.get(r.id);
    return sol ? { ...r, ...sol, id: r.id } : r;
  });
}

/** The columns of a {@link LibraryRow}, as SQLite returns them. */
type LibraryRowColumns = Pick<
  ProductRow,
  'id' | 'name' | 'source_count' | 'error_code' | 'error_message' | 'object' | 'date_obs' | 'filter' | 'width' | 'kind' | 'frame_type' | 'calib_wait'
> & { status: ProductStatus };

/**
 * The library's list in its default order ({@link PRODUCT_LIST_BY_DATE_SQL}'s), with only what
 * the list shows and filters by. Read from index `data_products_list`, which holds every one of
 * these columns, and sorted: by index `data_products_by_date`, SQLite would read each row of the
 * table for its columns, past the stored header (kilobytes in overflow pages): 10,000 images
 * 83-193 ms that way, 46-87 ms this way (4 runs each at load ~6).
 */
export const LIBRARY_LIST_SQL = `SELECT id, name, status, source_count, error_code, error_message, object, date_obs, filter, width, kind, frame_type, calib_wait
       FROM data_products INDEXED BY data_products_list ORDER BY date_obs IS NULL, date_obs DESC, id DESC LIMIT ?`;

/**
 * The library's whole list ({@link LibraryRow}s, at most `limit`), latest DATE-OBS first with
 * undated images last, then newest first; those being plate-solved read as `solving`. No plate
 * solutions, hashes or headers: the list shows none of them.
 */
export function listLibraryRows(db: Db, limit = 100_000): LibraryRow[] {
  const stored = prepared(db, LIBRARY_LIST_SQL).all(limit) as LibraryRowColumns[];
  const solving = solvingProductIds(db);
  const rows = new Array<LibraryRow>(stored.length);
  for (let i = 0; i < stored.length; i++) {
    const r = stored[i]!;
    rows[i] = {
      id: r.id,
      name: r.name,
      status: solving.has(r.id) ? 'solving' : r.status,
      sources: r.source_count,
      error: r.error_code ? { code: r.error_code, message: r.error_message ?? '' } : null,
      object: r.object,
      dateObs: r.date_obs,
      filter: r.filter,
      width: r.width,
      kind: r.kind,
      frameType: r.frame_type,
      calibWait: r.calib_wait,
    };
  }
  return rows;
}
