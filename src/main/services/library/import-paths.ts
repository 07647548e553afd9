import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AppError, isNoSpaceError, noSpaceMessage } from '../../../shared/errors.js';
import { hasCatalog } from './catalog-ingest.js';
import { needsSolve } from './solutions.js';
import type { LibraryService } from './library-service.js';
import type { TaskService } from '../tasks/task-service.js';
import type { Db } from '../db/open.js';
import type { ImportBatches } from '../notices/batch-notices.js';

/**
 * The imports under way (OpenImports): the notices' side of an import, the products it holds
 * from calibration planning until its end, and its end (which plans its calibration).
 */
export interface ImportTracker extends ImportBatches {
  /** A file of the import is in the library. */
  fileImported(batchId: string, productId: number): void;
  /** Ends the import: plans its calibration into its batch, then its notice may come; returns the tasks queued. */
  end(batchId: string): number[];
}
import type { SettingsService } from '../settings/settings-service.js';

/** File names a folder import picks up. */
const FITS_NAME = /\.(fits?|fts|fz)(\.(gz|fz))?$/i;

/** Every FITS file under the given files and folders (folders recursively, sorted by path). */
export function expandPaths(paths: readonly string[]): { files: string[]; errors: ImportError[] } {
  const files: string[] = [];
  const errors: ImportError[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    } catch (err) {
      errors.push({ path: dir, code: 'not_found', message: (err as Error).message });
      return;
    }
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && FITS_NAME.test(e.name)) files.push(p);
    }
  };
  for (const p of paths) {
    try {
      if (statSync(p).isDirectory()) walk(p);
      else files.push(p);
    } catch (err) {
      errors.push({ path: p, code: 'not_found', message: `cannot read ${p}: ${(err as Error).message}` });
    }
  }
  return { files, errors };
}

export interface ImportError {
  path: string;
  code: string;
  message: string;
}

export interface ImportedFile {
  path: string;
  productId: number;
  /** False when the library already had these bytes. */
  created: boolean;
  /** The image's name in the library (for bytes it already had, the name they were first imported under). */
  name: string;
  /** The task that will produce (or is producing) its catalog (`solve`, then `extract`; or `extract`); null if it has one. */
  taskId: number | null;
}

export interface ImportSummary {
  imported: ImportedFile[];
  errors: ImportError[];
  /** The calibration tasks the batch caused (masters, calibrated lights, their extraction). */
  calibrationTasks: number[];
}

/**
 * What an import asks of calibration (CalibrationPlanner): which products are not extracted (a
 * bias, dark or flat frame, a master, a raw light to calibrate first), and the work a batch causes.
 */
export interface ImportCalibration {
  holdsBack(productId: number): boolean;
  plan(options: { batchId?: string | null }): number[];
}

/**
 * The extract task a product needs: none when it has a catalog, the unfinished one if there is
 * one (after a crash), else a new one.
 */
export function ensureExtraction(db: Db, tasks: TaskService, productId: number, options: { priority?: number; batchId?: string | null } = {}): number | null {
  if (hasCatalog(db, productId)) return null;
  const open = tasks.queries.openTaskOf('extract', productId);
  if (open !== undefined) return open;
  return tasks.enqueue('extract', { productId }, { priority: options.priority, batchId: options.batchId ?? null }).id;
}

/**
 * The first task a product needs towards its catalog: none when it has one; an unfinished
 * `solve` or `extract` task if there is one; with `solve`, a new `solve` task for an image with
 * pixels but no celestial WCS that has no solve answer yet (its extraction follows the solve:
 * the kind's `extractAfter`); else an `extract` task.
 */
export function ensureProcessing(db: Db, tasks: TaskService, productId: number, options: { priority?: number; batchId?: string | null; solve?: boolean } = {}): number | null {
  if (hasCatalog(db, productId)) return null;
  const solving = tasks.queries.openTaskOf('solve', productId);
  if (solving !== undefined) return solving;
  if (options.solve && tasks.queries.openTaskOf('extract', productId) === undefined && needsSolve(db, productId)) {
    return tasks.enqueue('solve', { productId }, { priority: options.priority, batchId: options.batchId ?? null }).id;
  }
  return ensureExtraction(db, tasks, productId, options);
}

/**
 * Imports files and folders and (unless `extract` is false) makes sure each image gets a
 * catalog, plate-solving first an image without a celestial WCS (unless *Settings → Plate
 * solving → on import* is off). Safe to run again on the same paths: nothing is duplicated and
 * unfinished work is picked up. Per-file failures are collected, not thrown.
 *
 * With a `batchId` and `deps.imports`, the import is announced as the user's batch: its
 * summary notice waits until the import ends — when this call returns, or, with `more`
 * (one file of a drop uploaded to the host), when the caller ends the batch itself
 * ({@link endImportBatch}). With `more`, calibration is planned when the batch ends, not after
 * each file: masters are made once from the whole drop's frames, not first from the few that
 * came first and again from all of them (until the end, the import's products are held from
 * the planning other tasks' ends ask for). A drop whose caller never ends it (the page was
 * closed) is ended by the service (library/open-imports.ts).
 */
export async function importPaths(
  deps: { db: Db; library: LibraryService; tasks: TaskService; imports?: ImportTracker; calibration?: ImportCalibration; settings?: SettingsService },
  paths: readonly string[],
  options: { extract?: boolean; priority?: number; batchId?: string | null; more?: boolean; onFile?: (done: number, total: number, path: string) => void } = {},
): Promise<ImportSummary> {
  const batchId = options.batchId;
  const imports = deps.imports;
  if (!batchId || !imports) return importEach(deps, paths, { ...options, plan: !options.more });
  imports.beginImport(batchId);
  let summary: ImportSummary | undefined;
  try {
    // planned when the import ends (its frames are held from planning until then)
    summary = await importEach(deps, paths, { ...options, plan: false, onProduct: (productId) => imports.fileImported(batchId, productId) });
    imports.recordImport(batchId, summary);
    return summary;
  } finally {
    if (!options.more) {
      const queued = imports.end(batchId);
      if (summary) summary.calibrationTasks = queued;
    }
  }
}

async function importEach(
  deps: { db: Db; library: LibraryService; tasks: TaskService; calibration?: ImportCalibration; settings?: SettingsService },
  paths: readonly string[],
  options: {
    extract?: boolean;
    priority?: number;
    batchId?: string | null;
    plan: boolean;
    onFile?: (done: number, total: number, path: string) => void;
    onProduct?: (productId: number) => void;
  },
): Promise<ImportSummary> {
  const solve = deps.settings?.get().solve.onImport ?? true;
  const { files, errors } = expandPaths(paths);
  const imported: ImportedFile[] = [];
  let n = 0;
  for (const path of files) {
    try {
      const { product, created } = await deps.library.importFile(path);
      options.onProduct?.(product.id);
      const held = deps.calibration?.holdsBack(product.id) === true;
      const taskId = options.extract === false || held ? null : ensureProcessing(deps.db, deps.tasks, product.id, { ...options, solve });
      imported.push({ path, productId: product.id, created, name: product.name, taskId });
    } catch (err) {
      if (isNoSpaceError(err)) errors.push({ path, code: 'no_space', message: noSpaceMessage(`cannot import ${path}`, err) });
      else errors.push({ path, code: err instanceof AppError ? err.code : 'internal', message: err instanceof Error ? err.message : String(err) });
    }
    options.onFile?.(++n, files.length, path);
  }
  const calibrationTasks = options.plan && deps.calibration && imported.length > 0 ? deps.calibration.plan({ batchId: options.batchId ?? null }) : [];
  return { imported, errors, calibrationTasks };
}

/**
 * Ends a batch imported a file at a time (`importPaths` with `more`: a drop uploaded to the
 * host): plans the calibration the whole batch needs (its tasks join the batch), then ends the
 * batch's notice. Returns the calibration tasks queued.
 */
export function endImportBatch(deps: { imports?: ImportTracker; calibration?: ImportCalibration }, batchId: string): number[] {
  return deps.imports ? deps.imports.end(batchId) : (deps.calibration?.plan({ batchId }) ?? []);
}
