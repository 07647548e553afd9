import { sql as init } from './0001-init.js';
import { sql as tasksRunner } from './0002-tasks-runner.js';
import { sql as photometry } from './0003-photometry.js';
import { sql as taskIndexes } from './0004-task-indexes.js';
import { sql as photometryLimits } from './0005-photometry-limits.js';
import { sql as normalisedDates, run as normaliseDates } from './0006-normalised-dates.js';
import { sql as productIdFloor } from './0007-product-id-floor.js';
import { sql as listIndexes } from './0008-list-indexes.js';
import { sql as calibration, run as calibrationTypes } from './0009-calibration.js';
import { sql as solve } from './0010-solve.js';
import { sql as calibChoices } from './0011-calib-choices.js';
import { sql as listByDate } from './0012-list-by-date.js';
import { sql as importBatches } from './0013-import-batches.js';
import { sql as hopelessFitsErrors } from './0014-hopeless-fits-errors.js';
import type Database from 'better-sqlite3';

/**
 * Numbered migrations, applied in order; `PRAGMA user_version` records how many ran.
 * Add a migration by appending `{ version: n + 1, name, sql }`; never edit a released one.
 * `run`, when given, follows the SQL in the same transaction, for a change SQL cannot make
 * (re-reading stored headers with the FITS date parser).
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  run?: (db: Database.Database) => void;
}

export const migrations: readonly Migration[] = [
  { version: 1, name: 'init', sql: init },
  { version: 2, name: 'tasks-runner', sql: tasksRunner },
  { version: 3, name: 'photometry', sql: photometry },
  { version: 4, name: 'task-indexes', sql: taskIndexes },
  { version: 5, name: 'photometry-limits', sql: photometryLimits },
  { version: 6, name: 'normalised-dates', sql: normalisedDates, run: normaliseDates },
  { version: 7, name: 'product-id-floor', sql: productIdFloor },
  { version: 8, name: 'list-indexes', sql: listIndexes },
  { version: 9, name: 'calibration', sql: calibration, run: calibrationTypes },
  { version: 10, name: 'solve', sql: solve },
  { version: 11, name: 'calib-choices', sql: calibChoices },
  { version: 12, name: 'list-by-date', sql: listByDate },
  { version: 13, name: 'import-batches', sql: importBatches },
  { version: 14, name: 'hopeless-fits-errors', sql: hopelessFitsErrors },
];
