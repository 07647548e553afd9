/** Error codes raised by the WCS layer. */
export type WcsErrorCode =
  | 'WCS_BAD_KEYWORD' // a keyword has the wrong type or an impossible value
  | 'WCS_SINGULAR_MATRIX' // the linear transformation cannot be inverted
  | 'WCS_UNSUPPORTED_PROJECTION' // a projection code this library does not implement
  | 'WCS_UNSUPPORTED_FRAME' // a celestial frame that cannot be converted to RA/Dec
  | 'WCS_BAD_PARAMETER'; // projection or pole parameters without a valid solution

/** An error from the WCS layer, carrying a stable `code` and, when known, the keyword at fault. */
export class WcsError extends Error {
  readonly code: WcsErrorCode;
  readonly keyword: string | undefined;

  constructor(code: WcsErrorCode, message: string, keyword?: string) {
    super(keyword ? `${message} (${keyword})` : message);
    this.name = 'WcsError';
    this.code = code;
    this.keyword = keyword;
  }
}
