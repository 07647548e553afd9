/** Error codes raised by the WCS layer. */
export type WcsErrorCode =
  | 'wcs_bad_keyword' // a keyword has the wrong type or an impossible value
  | 'wcs_singular_matrix' // the linear transformation cannot be inverted
  | 'wcs_unsupported_projection' // a projection code this library does not implement
  | 'wcs_unsupported_frame' // a celestial frame that cannot be converted to RA/Dec
  | 'wcs_bad_parameter'; // projection or pole parameters without a valid solution

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
