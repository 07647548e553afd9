import Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors.js';
import { type Migration, migrations as allMigrations } from './migrations/index.js';

export type Db = Database.Database;

export interface OpenDbOptions {
  /** Apply only migrations up to this version (tests of upgrades); default all. */
  upTo?: number;
  migrations?: readonly Migration[];
}

/**
 * Opens (creating if needed) the library database with WAL, foreign keys and a busy timeout,
 * then brings its schema up to date. `:memory:` works for tests.
 */
export function openDb(file: string, options: OpenDbOptions = {}): Db {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, options);
    return db;
  } catch (err) {
    db.close();
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
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return schemaVersion(db);
}
