/** Error codes of the photometry layer. */
export type PhotometryErrorCode =
  | 'PHOT_BAD_ARGUMENT'
  | 'PHOT_OFF_IMAGE'
  | 'PHOT_NO_COMPARISONS'
  | 'PHOT_TOO_FEW_IMAGES';

/** A photometry request that cannot be served; `code` crosses layers, not the prose. */
export class PhotometryError extends Error {
  readonly code: PhotometryErrorCode;
  constructor(code: PhotometryErrorCode, message: string) {
    super(message);
    this.name = 'PhotometryError';
    this.code = code;
  }
}
