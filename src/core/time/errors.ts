/** Error codes of the time helpers. */
export type TimeErrorCode = 'TIME_BAD_DATE' | 'TIME_NO_DATE' | 'TIME_OUT_OF_RANGE' | 'TIME_BAD_ARGUMENT';

/** A date that cannot be read or converted; `code` crosses layers, not the prose. */
export class TimeError extends Error {
  readonly code: TimeErrorCode;
  constructor(code: TimeErrorCode, message: string) {
    super(message);
    this.name = 'TimeError';
    this.code = code;
  }
}
