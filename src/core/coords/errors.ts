/** Error codes of the coordinate helpers. */
export type CoordsErrorCode = 'COORDS_BAD_RA' | 'COORDS_BAD_DEC' | 'COORDS_BAD_ARGUMENT';

/** A coordinate that cannot be parsed or is out of range; `code` crosses layers, not the prose. */
export class CoordsError extends Error {
  readonly code: CoordsErrorCode;
  constructor(code: CoordsErrorCode, message: string) {
    super(message);
    this.name = 'CoordsError';
    this.code = code;
  }
}
