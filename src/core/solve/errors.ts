/** Errors raised while reading astrometry.net index files or plate solving, with a machine code. */

/** Machine-readable reason for a {@link SolveError}. */
export type SolveErrorCode =
  | 'not_index' // the FITS file is not an astrometry.net index (no quad table, no kd-trees)
  | 'bad_index' // a table's size, type or contents contradict the index's own header
  | 'unsupported' // a valid index layout this reader does not implement
  | 'bad_argument'; // a caller-supplied argument is invalid

/** An error reading an index or solving, with a code. */
export class SolveError extends Error {
  override readonly name = 'SolveError';
  constructor(
    readonly code: SolveErrorCode,
    message: string,
  ) {
    super(message);
  }
}
