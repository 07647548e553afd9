import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors.js';
import type { DataPaths } from '../paths.js';

/** How many stored files `files/` holds, counting at most `max` (the guard needs only "any"). */
export function countStoredFiles(filesDir: string, max = Number.POSITIVE_INFINITY): number {
  let n = 0;
  let shards: string[];
  try {
    shards = readdirSync(filesDir);
  } catch {
    return 0;
  }
  for (const shard of shards) {
    let names: string[];
    try {
      names = readdirSync(join(filesDir, shard));
    } catch {
      continue; // a file, not a shard folder
    }
    n += names.length;
    if (n >= max) return n;
  }
  return n;
}

/** A library whose database was lost (0 bytes, or gone) while its store still holds files. */
export class EmptyDatabaseError extends AppError {
  constructor(
    readonly file: string,
    readonly storedFiles: number,
    readonly state: 'empty' | 'missing',
  ) {
    super(
      'unavailable',
      `the library database ${file} is ${state === 'empty' ? 'empty (0 bytes)' : 'missing'} but the library's store holds files: ` +
        'it was truncated or lost, and opening it would start a new, empty library over them. ' +
        'Restore it from a backup, or run "nightshift check --repair" to rebuild the list of images from the store',
    );
  }
}

/**
 * Refuses to open a library whose database is 0 bytes, or missing, while `files/` holds stored
 * files: SQLite would silently make a new, empty database and the images would vanish from
 * the library. (A new library has neither; a library that never imported has no files.)
 */
export function guardAgainstLostDatabase(paths: DataPaths): void {
  const state = !existsSync(paths.db) ? 'missing' : statSync(paths.db).size === 0 ? 'empty' : null;
  if (!state) return;
  // a database in WAL mode whose main file is empty but whose -wal holds pages is not lost
  if (state === 'empty' && existsSync(`${paths.db}-wal`) && statSync(`${paths.db}-wal`).size > 0) return;
  const n = countStoredFiles(paths.files, 1);
  if (n > 0) throw new EmptyDatabaseError(paths.db, countStoredFiles(paths.files), state);
}
