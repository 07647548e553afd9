/**
 * `nightshift check`: everything that can be wrong with a library on disk, found and (with
 * `repair`) fixed without losing anything:
 *
 * - the database: `PRAGMA integrity_check`; a damaged one is rebuilt with `VACUUM INTO` (or,
 *   when SQLite cannot read it whole, table by table into a fresh database) and kept beside
 *   as `nightshift.db.damaged-<time>`; a 0-byte or missing one next to a non-empty store is
 *   moved aside and the list of images rebuilt from the store;
 * - every stored file against its SHA-256: a missing or damaged copy is restored from the
 *   file it was imported from when that still has the same bytes;
 * - orphans, files in the store no product points to: imported again (their header read
 *   anew), or moved to `orphans/` when they cannot be;
 * - partial temporary files of imports whose process is gone: removed.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import Database from 'better-sqlite3';
import { systemClock } from '../clock.js';
import { type Db, databaseProblems, openDb } from '../db/open.js';
import { countStoredFiles } from '../db/empty-guard.js';
import { EventBus } from '../events.js';
import { silentLogger } from '../logger.js';
import type { DataPaths } from '../paths.js';
import { LibraryService, fileSha256, removeStaleImports } from './library-service.js';

export interface FileProblem {
  productId: number;
  name: string;
  /** The stored file, relative to the library folder. */
  path: string;
  problem: 'missing' | 'damaged';
  repaired: boolean;
  /** Why it could not be repaired (with `repair`). */
  reason?: string;
}

export interface CheckReport {
  root: string;
  database: {
    state: 'ok' | 'damaged' | 'empty' | 'missing';
    /** What integrity_check (or opening) said; empty when sound. */
    problems: string[];
    repaired: boolean;
    /** Where the damaged or empty file was moved by the repair. */
    keptAs?: string;
  };
  /** Products whose stored file was verified. */
  checked: number;
  files: FileProblem[];
  /** Store files no product points to, relative to the library folder. */
  orphans: Array<{ path: string; repaired: boolean; movedTo?: string; productId?: number; reason?: string }>;
  /** Partial temporary files of imports whose process is gone (removed with `repair`). */
  staleTemp: string[];
  /** True when nothing is left to fix. */
  ok: boolean;
}

function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

/** Moves the database file (and its -wal/-shm) aside; returns the new name of the main file. */
function moveAside(file: string, suffix: string): string {
  const to = `${file}.${suffix}-${stamp()}`;
  for (const ext of ['', '-wal', '-shm']) if (existsSync(file + ext)) renameSync(file + ext, to + ext);
  return to;
}

/** Every file under `files/`, relative to the library folder. */
function storeFiles(paths: DataPaths): string[] {
  if (!existsSync(paths.files)) return [];
  return readdirSync(paths.files, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(paths.root, join(e.parentPath, e.name)));
}

/**
 * Rebuilds a damaged database into `to`: `VACUUM INTO` when SQLite can still read it whole,
 * else a fresh database with every table copied over on its own (tables it cannot read are
 * named in the returned list).
 */
function rebuild(damaged: Db, to: string): string[] {
  try {
    damaged.prepare('VACUUM INTO ?').run(to);
    const copy = new Database(to);
    try {
      if (databaseProblems(copy, true).length === 0) return [];
    } finally {
      copy.close();
    }
  } catch {
    // fall through to the table-by-table copy
  }
  for (const ext of ['', '-wal', '-shm']) rmSync(to + ext, { force: true });
  const lost: string[] = [];
  const fresh = openDb(to);
  try {
    fresh.pragma('foreign_keys = OFF');
    const tables = fresh.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
    const source = damaged.name;
    fresh.prepare('ATTACH DATABASE ? AS damaged').run(source);
    for (const t of tables) {
      try {
        const cols = (fresh.pragma(`table_info("${t}")`) as Array<{ name: string }>).map((c) => `"${c.name}"`).join(', ');
        fresh.exec(`INSERT OR IGNORE INTO main."${t}" (${cols}) SELECT ${cols} FROM damaged."${t}"`);
      } catch {
        lost.push(t);
      }
    }
    fresh.exec('DETACH DATABASE damaged');
  } finally {
    fresh.close();
  }
  return lost;
}

interface ProductFileRow {
  id: number;
  sha256: string;
  name: string;
  store_path: string;
  original_path: string | null;
}

/** Checks the library at `paths` (see the module comment); repairs what it can with `repair`. */
export async function checkLibrary(paths: DataPaths, options: { repair?: boolean } = {}): Promise<CheckReport> {
  const repair = options.repair === true;
  const report: CheckReport = { root: paths.root, database: { state: 'ok', problems: [], repaired: false }, checked: 0, files: [], orphans: [], staleTemp: [], ok: false };
  let rebuildFromStore = false;

  // 1. The database.
  const size = existsSync(paths.db) ? statSync(paths.db).size : -1;
  const walHasPages = existsSync(`${paths.db}-wal`) && statSync(`${paths.db}-wal`).size > 0;
  if ((size <= 0 && !walHasPages) && countStoredFiles(paths.files, 1) > 0) {
    report.database.state = size < 0 ? 'missing' : 'empty';
    report.database.problems.push(`${size < 0 ? 'no database' : 'a 0-byte database'} next to ${countStoredFiles(paths.files)} stored files`);
    if (repair) {
      if (size === 0) report.database.keptAs = moveAside(paths.db, 'empty');
      rebuildFromStore = true;
      report.database.repaired = true;
    }
  } else if (size > 0) {
    let db: Db | null = null;
    try {
      db = new Database(paths.db, { fileMustExist: true });
      report.database.problems = databaseProblems(db, true);
    } catch (err) {
      report.database.problems = [(err as Error).message];
    }
    if (report.database.problems.length > 0) {
      report.database.state = 'damaged';
      if (repair && db) {
        const to = `${paths.db}.rebuilt-${stamp()}`;
        const lost = rebuild(db, to);
        db.close();
        db = null;
        report.database.keptAs = moveAside(paths.db, 'damaged');
        renameSync(to, paths.db);
        report.database.repaired = true;
        if (lost.length > 0) report.database.problems.push(`tables that could not be read and start empty: ${lost.join(', ')}`);
        if (lost.includes('data_products')) rebuildFromStore = true;
      }
    }
    db?.close();
  }
  const dbUsable = report.database.state === 'ok' || report.database.repaired;
  if (!dbUsable) {
    report.staleTemp = removeStaleImports(paths.tmp, { dryRun: true });
    return report;
  }

  // 2. Every product's stored file.
  const db = openDb(paths.db);
  try {
    mkdirSync(paths.files, { recursive: true });
    const rows = db.prepare('SELECT id, sha256, name, store_path, original_path FROM data_products ORDER BY id').all() as ProductFileRow[];
    const referenced = new Set<string>();
    for (const row of rows) {
      const rel = row.store_path;
      referenced.add(rel.split('/').join(sep));
      const path = join(paths.root, rel);
      report.checked++;
      const problem = !existsSync(path) ? 'missing' : (await fileSha256(path).catch(() => '')) !== row.sha256 ? 'damaged' : null;
      if (!problem) continue;
      const entry: FileProblem = { productId: row.id, name: row.name, path: rel, problem, repaired: false };
      if (repair) {
        const original = row.original_path;
        if (original && existsSync(original) && (await fileSha256(original).catch(() => '')) === row.sha256) {
          mkdirSync(join(path, '..'), { recursive: true });
          const tmp = `${path}.repair-${process.pid}`;
          copyFileSync(original, tmp);
          renameSync(tmp, path);
          entry.repaired = (await fileSha256(path)) === row.sha256;
        } else {
          entry.reason = original ? `the original ${original} is gone or has changed` : 'no original path is recorded';
        }
      }
      report.files.push(entry);
    }

    // 3. Orphans (and, after a lost database, every stored file).
    let library: LibraryService | null = null;
    for (const rel of storeFiles(paths)) {
      if (referenced.has(rel)) continue;
      if (rel.endsWith('.tmp') || /\.repair-\d+$/.test(rel)) continue;
      const entry: CheckReport['orphans'][number] = { path: rel, repaired: false };
      if (repair || rebuildFromStore) {
        const abs = join(paths.root, rel);
        try {
          library ??= new LibraryService({ db, clock: systemClock, logger: silentLogger, events: new EventBus(), paths });
          const { product } = await library.importFile(abs);
          entry.productId = product.id;
          // the import stored it under its own name: the orphan itself may now be a duplicate
          if (join(paths.root, db.prepare('SELECT store_path FROM data_products WHERE id = ?').pluck().get(product.id) as string) !== abs) rmSync(abs, { force: true });
          entry.repaired = true;
        } catch (err) {
          entry.reason = (err as Error).message;
          if (existsSync(abs)) {
            const dir = join(paths.root, 'orphans');
            mkdirSync(dir, { recursive: true });
            entry.movedTo = relative(paths.root, join(dir, basename(abs)));
            renameSync(abs, join(paths.root, entry.movedTo));
            entry.repaired = true;
          }
        }
      }
      report.orphans.push(entry);
    }
  } finally {
    db.close();
  }

  // 4. Partial temporary files of dead imports.
  report.staleTemp = removeStaleImports(paths.tmp, { dryRun: !repair });

  report.ok =
    (report.database.state === 'ok' || report.database.repaired) &&
    report.files.every((f) => f.repaired) &&
    report.orphans.every((o) => o.repaired) &&
    (repair || report.staleTemp.length === 0);
  return report;
}
