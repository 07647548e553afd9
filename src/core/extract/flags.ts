/**
 * SExtractor's FLAGS bits as the extraction sets them on a `Source` (stored as is in the
 * `sources.flags` column and the catalogue CSV). SExtractor's 1 (crowded), 32 (isophotal data
 * incomplete) and 128 (extraction memory overflow) are never set here. Forced photometry's
 * `PhotFlags` (core/photometry/point-flags.ts) give the same bits other meanings: a value is
 * one or the other, never both.
 */
export const ExtractFlags = {
  /** The object was deblended from others (or merged into one, SExtractor's mergeobject). */
  BLENDED: 2,
  /** Its peak plus the local background reaches the saturation level. */
  SATURATED: 4,
  /** It touches the image border. */
  TRUNCATED: 8,
  /** An aperture (circular, Kron or AUTO) runs off the image. */
  APERTURE_INCOMPLETE: 16,
  /** The deblender ran out of room (more sub-objects than it keeps). */
  DEBLEND_OVERFLOW: 64,
} as const;

