import Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors.js';
import { type Migration, migrations as allMigrations } from './migrations/index.js';

export type Db = Database.Database;

export interface OpenDbOptions {
  /** Apply only migrations up to this version (tests of upgrades); default all. */
  upTo?: number;
  migrations?: readonly Migration[];
  /** Run `PRAGMA quick_check` and refuse a damaged database (default true). */
  check?: boolean;
}

/** A library database SQLite reports as damaged: nothing is written to it. */
export class DamagedDatabaseError extends AppError {
  constructor(
    readonly file: string,
    readonly detail: string,
  ) {
    super('unavailable', `the library database ${file} is damaged (${detail}); nothing was written to it. Run "nightshift check --repair" on this library, or restore the file from a backup`);
  }
}

/** SQLite's codes for a file that is not (or no longer) a whole database. */
function isCorruption(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT_'));
}

/**
 * The first problems `PRAGMA quick_check` (or `integrity_check`, with `full`) finds, or an
 * empty list for a sound database. A database too damaged to be checked gives its error.
 */
export function databaseProblems(db: Db, full = false, max = 20): string[] {
  try {
    const rows = db.pragma(`${full ? 'integrity_check' : 'quick_check'}(${max})`) as Array<Record<string, unknown>>;
    const lines = rows.map((r) => String(Object.values(r)[0]));
    return lines.length === 1 && lines[0] === 'ok' ? [] : lines;
  } catch (err) {
    if (isCorruption(err)) return [(err as Error).message];
    throw err;
  }
}

/**
 * Opens (creating if needed) the library database with WAL, foreign keys and a busy timeout,
 * checks it with `PRAGMA quick_check` (a damaged one is refused with
 * {@link DamagedDatabaseError} before anything is written), then brings its schema up to date.
 * `:memory:` works for tests.
 */
export function openDb(file: string, options: OpenDbOptions = {}): Db {
  let db: Db;
  try {
    db = new Database(file);
  } catch (err) {
    if (isCorruption(err)) throw new DamagedDatabaseError(file, (err as Error).message);
    throw err;
  }
  try {
    db.pragma('busy_timeout = 5000');
    if (options.check !== false) {
      const problems = databaseProblems(db, false, 3);
      if (problems.length > 0) throw new DamagedDatabaseError(file, `quick_check: ${problems.join('; ')}`);
    }
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, options);
    return db;
  } catch (err) {
    db.close();
    if (isCorruption(err)) throw new DamagedDatabaseError(file, (err as Error).message);
    throw err;
  }
}

/** The schema version of an open database (`PRAGMA user_version`). */
export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies every migration newer than the database, each in its own transaction with the
 * version bump, so a crash leaves the database at a whole version. Refuses a database made by
 * a newer Nightshift rather than guessing.
 */
export function migrate(db: Db, options: OpenDbOptions = {}): number {
  const list = options.migrations ?? allMigrations;
  const latest = list.length === 0 ? 0 : list[list.length - 1]!.version;
  const target = Math.min(options.upTo ?? latest, latest);
  const current = schemaVersion(db);
  if (current > latest) {
    throw new AppError(
      'conflict',
      `database schema version ${current} is newer than this Nightshift understands (${latest})`,
    );
  }
  for (const migration of list) {
    if (migration.version <= current || migration.version > target) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      migration.run?.(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return schemaVersion(db);
}
