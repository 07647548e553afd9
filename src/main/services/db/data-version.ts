import type { Db } from './open.js';

/**
 * A reader of the version of the database's data as the connection `db` sees it: text that
 * changes whenever a row is written, by this connection (SQLite's `total_changes()`, which counts
 * the rows of every INSERT, UPDATE and DELETE it ran, rolled back or not) or committed by another
 * (`PRAGMA data_version`: the task pool's threads, another process). What a kept answer made from
 * the database is checked against (host/answer-cache.ts). Two statements, microseconds a call.
 */
export function dataVersion(db: Db): () => string {
  const own = db.prepare('SELECT total_changes()').pluck();
  const others = db.prepare('PRAGMA data_version').pluck();
  return () => `${String(others.get())}:${String(own.get())}`;
}
