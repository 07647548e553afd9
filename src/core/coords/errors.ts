/** Error codes of the coordinate helpers. */
export type CoordsErrorCode = 'coords_bad_ra' | 'coords_bad_dec' | 'coords_bad_argument';

/** A coordinate that cannot be parsed or is out of range; `code` crosses layers, not the prose. */
export class CoordsError extends Error {
  readonly code: CoordsErrorCode;
  constructor(code: CoordsErrorCode, message: string) {
    super(message);
    this.name = 'CoordsError';
    this.code = code;
  }
}
