/** Error codes of the photometry layer. */
export type PhotometryErrorCode =
  | 'phot_bad_argument'
  | 'phot_off_image'
  | 'phot_no_comparisons'
  | 'phot_too_few_images';

/** A photometry request that cannot be served; `code` crosses layers, not the prose. */
export class PhotometryError extends Error {
  readonly code: PhotometryErrorCode;
  constructor(code: PhotometryErrorCode, message: string) {
    super(message);
    this.name = 'PhotometryError';
    this.code = code;
  }
}
