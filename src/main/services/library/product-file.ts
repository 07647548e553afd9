import { isAbsolute, join, relative } from 'node:path';
import { AppError } from '../../../shared/errors.js';
import type { Db } from '../db/open.js';
import type { DataPaths } from '../paths.js';

/**
 * The stored file of a product, as an absolute path inside the library's `files/` folder.
 * Throws `not_found` for an unknown product and `forbidden` for a row that points elsewhere
 * (a hand-edited database must not turn the file endpoint into a way to read any file).
 */
export function productFilePath(db: Db, paths: DataPaths, productId: number): { path: string; name: string; size: number; sha256: string } {
  const row = db.prepare('SELECT store_path, name, size, sha256 FROM data_products WHERE id = ?').get(productId) as
    | { store_path: string; name: string; size: number; sha256: string }
    | undefined;
  if (!row) throw new AppError('not_found', `no product ${productId}`);
  const path = isAbsolute(row.store_path) ? row.store_path : join(paths.root, row.store_path);
  const rel = relative(paths.files, path);
  if (rel.startsWith('..') || isAbsolute(rel)) throw new AppError('forbidden', `product ${productId} is stored outside the library`);
  return { path, name: row.name, size: row.size, sha256: row.sha256 };
}
