/**
 * `CalibFileError`: a failure of calibration on files (a frame that cannot be read, masters that
 * do not fit, a wrong frame type), with a lower snake_case code. Its message is one line that
 * names the file and ends with `[code]`, as the command line prints it.
 */
import { FitsError } from '../../../core/fits/index.js';
import { TaskError } from '../../../shared/task-error.js';

export class CalibFileError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'CalibFileError';
  }
}

/** Throws `message [code]` as a {@link CalibFileError}. */
export function calibFail(code: string, message: string): never {
  throw new CalibFileError(code, `${message} [${code}]`);
}

/** A FitsError as one line naming the file (other errors pass through). */
export function fitsFailure(path: string, err: unknown): never {
  if (err instanceof CalibFileError) throw err;
  if (err instanceof FitsError) {
    const where = [err.hdu >= 0 ? `HDU ${err.hdu}` : '', err.offset >= 0 ? `byte ${err.offset}` : ''].filter(Boolean).join(', ');
    throw new CalibFileError(err.code, `${path}: ${err.message} [${err.code}${where ? `, ${where}` : ''}]`);
  }
  throw err;
}

/** A calibration failure as a task's error (`calib_error`, or `not_found` for a file that cannot be read). */
export function calibTaskError(e: unknown): never {
  if (e instanceof CalibFileError) throw new TaskError(e.code === 'io' ? 'not_found' : 'calib_error', e.message);
  throw e;
}
