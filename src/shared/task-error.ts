import { isNoSpaceError, noSpaceMessage } from './errors.js';

/**
 * Task failures as they cross from a worker to the task service: a code (stored in the task
 * row and shown to the user), a message for people, and whether trying again may help.
 */
export const TASK_ERROR_CODES = [
  'invalid_argument', // the payload does not fit the kind's schema
  'unknown_kind', // no handler for this kind here
  'not_found', // the input file or product is gone
  'integrity', // the file's bytes do not match the expected sha256
  'fits_error', // the file is not a readable FITS image, for a reason a retry may get past (over the Largest image setting)
  'bad_image', // the stored file itself cannot be measured (too small, truncated, not an image): running again cannot help
  'extract_error', // the extractor refused the image or options
  'calib_error', // calibration refused the frames or masters (sizes, exposures, a flat of zero)
  'bad_index', // an astrometry.net index file cannot be read or is not an index (plate solving)
  'smtp_error', // the mail server refused or could not be reached
  'cancelled', // the user cancelled
  'timed_out', // the task ran past its time limit
  'worker_crashed', // the worker thread threw outside the handler or died
  'worker_exited', // the worker thread called process.exit
  'out_of_memory', // the worker thread hit the pool's memory limit
  'unavailable', // the broker (Redis) or another service is unreachable
  'no_space', // the disk (or the library's database) is full
  'internal', // a bug
] as const;

export type TaskErrorCode = (typeof TASK_ERROR_CODES)[number];

export interface TaskErrorInfo {
  code: TaskErrorCode;
  message: string;
  /** True when the same task may succeed if run again later (network, crash of a process). */
  retryable: boolean;
}

/** Failures that come from the stored file itself: the same file fails the same way however often it is run. */
const PERMANENT: ReadonlySet<string> = new Set<TaskErrorCode>(['bad_image']);

/**
 * Why Retry is not offered for a failure (`error` as stored with a task or an image), or null
 * when trying again may help (a crash, a full disk, a setting since changed, a cancel).
 */
export function retryCannotHelp(error: { code: string; message: string } | null): string | null {
  if (!error || !PERMANENT.has(error.code)) return null;
  return 'Trying again cannot help: the stored file itself cannot be measured as it is.';
}

/** A failure with a code, thrown by task handlers and runners. */
export class TaskError extends Error {
  constructor(
    readonly code: TaskErrorCode,
    message: string,
    readonly retryable = false,
  ) {
    super(message);
    this.name = 'TaskError';
  }

  toInfo(): TaskErrorInfo {
    return { code: this.code, message: this.message, retryable: this.retryable };
  }
}

export function isTaskErrorInfo(value: unknown): value is TaskErrorInfo {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && (TASK_ERROR_CODES as readonly string[]).includes(v.code) && typeof v.message === 'string' && typeof v.retryable === 'boolean';
}

/** Any thrown value as a TaskErrorInfo (unknown errors are `internal`, not retryable). */
export function toTaskErrorInfo(err: unknown): TaskErrorInfo {
  if (err instanceof TaskError) return err.toInfo();
  if (isTaskErrorInfo(err)) return err;
  if (isNoSpaceError(err)) return { code: 'no_space', message: noSpaceMessage('storing the result', err), retryable: false };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message, retryable: false };
}
