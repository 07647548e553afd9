/**
 * Removing images from the library (issue 15): the images' rows, their catalogs and sources,
 * their target links and photometry points, and the cancellation of their unfinished tasks are
 * one transaction; the stored files and thumbnails are deleted after it commits. A crash in
 * between leaves at most a file no row points to (harmless: `nightshift check` lists it), never
 * a row pointing to a missing file.
 */
import { rmSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type { RemovalView } from '../../../shared/domain.js';
import { AppError } from '../../../shared/errors.js';
import type { Db } from '../db/open.js';
import type { EventBus } from '../events.js';
import type { Logger } from '../logger.js';
import type { DataPaths } from '../paths.js';
import type { TaskService } from '../tasks/task-service.js';
import { forgetProducts, targetsOfProducts } from '../targets/index.js';
import { thumbnailPath } from '../thumbnails/thumb-path.js';

export interface RemovalDeps {
  db: Db;
  events: EventBus;
  logger: Logger;
  paths: DataPaths;
  tasks: TaskService;
}

interface RemovedRow {
  id: number;
  name: string;
  sha256: string;
  store_path: string;
  size: number;
}

/** The rows of `ids` (every id must exist: `not_found` names those that do not). */
function rowsOf(db: Db, ids: readonly number[]): RemovedRow[] {
  const unique = [...new Set(ids)];
  const rows = db
    .prepare('SELECT id, name, sha256, store_path, size FROM data_products WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id')
    .all(JSON.stringify(unique)) as RemovedRow[];
  if (rows.length < unique.length) {
    const found = new Set(rows.map((r) => r.id));
    const missing = unique.filter((id) => !found.has(id));
    throw new AppError('not_found', `no image with id ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ` (and ${missing.length - 10} more)` : ''} in the library`);
  }
  return rows;
}

/** Counts what removing these rows takes (the stored files: those no other image shares). */
function count(db: Db, rows: readonly RemovedRow[], tasks: number): RemovalView {
  const ids = JSON.stringify(rows.map((r) => r.id));
  const catalogs = (db.prepare('SELECT count(*) AS n FROM catalogs WHERE product_id IN (SELECT value FROM json_each(?))').get(ids) as { n: number }).n;
  const sources = (db.prepare('SELECT count(*) AS n FROM sources WHERE product_id IN (SELECT value FROM json_each(?))').get(ids) as { n: number }).n;
  const { points, targetIds } = targetsOfProducts(db, rows.map((r) => r.id));
  const files = filesToDelete(db, rows);
  return {
    images: rows.length,
    names: rows.map((r) => r.name),
    catalogs,
    sources,
    photometryPoints: points,
    targets: targetIds.length,
    tasks,
    files: files.length,
    bytes: files.reduce((sum, f) => sum + f.size, 0),
  };
}

/** The stored files of `rows` that no image outside `rows` uses (by stored path). */
function filesToDelete(db: Db, rows: readonly RemovedRow[]): RemovedRow[] {
  const going = new Set(rows.map((r) => r.id));
  const users = db.prepare('SELECT id FROM data_products WHERE store_path = ?');
  const seen = new Set<string>();
  return rows.filter((r) => {
    if (seen.has(r.store_path)) return false;
    seen.add(r.store_path);
    return (users.all(r.store_path) as Array<{ id: number }>).every((u) => going.has(u.id));
  });
}

/** What removing these images would take, without removing anything. Throws `not_found` for an unknown id. */
export function removalPreview(deps: Pick<RemovalDeps, 'db' | 'tasks'>, ids: readonly number[]): RemovalView {
  const rows = rowsOf(deps.db, ids);
  return count(deps.db, rows, deps.tasks.openOfProducts(rows.map((r) => r.id)).length);
}

/**
 * Removes these images (see the file's comment for what goes and in which order) and returns
 * what went. Announces `products:changed` (the removed ids), `targets:changed` (the targets
 * whose image list or light curve lost something) and the cancelled tasks' `tasks:changed`.
 * Throws `not_found` for an unknown id, before anything is removed.
 */
export async function removeProducts(deps: RemovalDeps, ids: readonly number[]): Promise<RemovalView> {
  const { db } = deps;
  let summary: RemovalView | null = null;
  let files: RemovedRow[] = [];
  let targetIds: number[] = [];
  let afterCommit: () => Promise<void> = async () => {};
  db.transaction(() => {
    const rows = rowsOf(db, ids);
    const productIds = rows.map((r) => r.id);
    summary = count(db, rows, deps.tasks.openOfProducts(productIds).length);
    files = filesToDelete(db, rows);
    targetIds = targetsOfProducts(db, productIds).targetIds;
    afterCommit = deps.tasks.cancelOfProducts(productIds);
    forgetProducts(db, productIds);
    // Catalogs and sources go with their image (ON DELETE CASCADE); finished tasks keep their
    // history with the product id cleared (ON DELETE SET NULL).
    db.prepare('DELETE FROM data_products WHERE id IN (SELECT value FROM json_each(?))').run(JSON.stringify(productIds));
    // Their ids are not given to later imports (migration 0007).
    db.prepare('INSERT INTO product_id_floor (only, last_id) VALUES (1, ?) ON CONFLICT (only) DO UPDATE SET last_id = max(last_id, excluded.last_id)').run(
      Math.max(...productIds),
    );
  })();
  const done = summary as RemovalView | null;
  if (!done) throw new AppError('internal', 'removal finished without a summary');
  for (const f of files) {
    const path = isAbsolute(f.store_path) ? f.store_path : join(deps.paths.root, f.store_path);
    // A row that points outside the library's files (a hand-edited database) never deletes there.
    const inside = !relative(deps.paths.files, path).startsWith('..') && !isAbsolute(relative(deps.paths.files, path));
    for (const p of inside ? [path, thumbnailPath(deps.paths.root, f.sha256)] : [thumbnailPath(deps.paths.root, f.sha256)]) {
      try {
        rmSync(p, { force: true });
      } catch (err) {
        deps.logger.warn('library: a removed image left its file behind', { path: p, error: String(err) });
      }
    }
  }
  deps.events.emit('products:changed', { ids: [...new Set(ids)] });
  if (targetIds.length > 0) deps.events.emit('targets:changed', { ids: targetIds });
  await afterCommit();
  return done;
}
