/**
 * The task error for a FITS file a task could not read or measure: `bad_image` when the
 * stored file itself is the cause (running the task again cannot change it), `fits_error` when
 * a limit the settings set is (Largest image), `extract_error` when the extractor refused.
 */
import { FitsError, type FitsErrorCode } from '../../../core/fits/index.js';
import { ExtractError } from '../../../core/extract/index.js';
import { TaskError } from '../../../shared/task-error.js';
import { LoadError } from './load.js';

/** FITS errors of the file's bytes (the library's copy never changes): not a limit, not a bug. */
const OF_THE_FILE: ReadonlySet<FitsErrorCode> = new Set<FitsErrorCode>([
  'not_fits', 'truncated', 'no_end', 'bad_bitpix', 'bad_header', 'bad_tile', 'bad_gzip', 'gzip_bomb', 'bad_table', 'no_image', 'bad_hdu', 'unsupported',
]);

/**
 * `err` as a TaskError when it is a reading or extraction failure (else null: the caller
 * rethrows it). `prefix` (the file's path and ": ") is cut from a LoadError's own message,
 * as the task names its product.
 */
export function fitsTaskError(err: unknown, prefix: string): TaskError | null {
  const cause = err instanceof LoadError ? (err.cause ?? err) : err;
  if (cause instanceof FitsError) return new TaskError(OF_THE_FILE.has(cause.code) ? 'bad_image' : 'fits_error', `${cause.code}: ${cause.message}`);
  if (cause instanceof ExtractError) return new TaskError('extract_error', `${cause.code}: ${cause.message}`);
  // the loader's own refusals (too small, not 2-D, no such HDU) are of the file's image
  if (cause instanceof LoadError) return new TaskError('bad_image', cause.message.startsWith(prefix) ? cause.message.slice(prefix.length) : cause.message);
  return null;
}
