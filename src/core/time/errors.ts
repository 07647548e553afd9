/** Error codes of the time helpers. */
export type TimeErrorCode = 'time_bad_date' | 'time_no_date' | 'time_out_of_range' | 'time_bad_argument';

/** A date that cannot be read or converted; `code` crosses layers, not the prose. */
export class TimeError extends Error {
  readonly code: TimeErrorCode;
  constructor(code: TimeErrorCode, message: string) {
    super(message);
    this.name = 'TimeError';
    this.code = code;
  }
}
