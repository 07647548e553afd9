/**
 * Flags of a light-curve point (a `photometry` row): the target measurement's aperture flags
 * ({@link PhotFlags}, bits 1–16) and what the series made of the point (bits 32–128), with the
 * sentence the app shows for each.
 */

/** Flag bits of aperture and forced photometry (distinct from the extraction's `ExtractFlags`, which give the same bits other meanings). */
export const PhotFlags = {
  /** The aperture extends beyond the image. */
  TRUNCATED: 1,
  /** Masked pixels (NaN or ±Infinity: no measurement) in the aperture were skipped. */
  MASKED: 2,
  /** A pixel in the aperture is at or above the saturation level. */
  SATURATED: 4,
  /** Too few sky pixels in the annulus (< 10): the sky or its noise is unreliable. */
  BAD_SKY: 8,
  /** The background-subtracted flux is not positive. */
  NONPOSITIVE: 16,
} as const;

/** Bits a light-curve point adds to the target's aperture flags. */
export const PointFlags = {
  /** No comparison star was usable on this image: no relative flux, no differential magnitude. */
  NO_COMPARISON: 32,
  /** The target is below the detection limit (S/N < 3): `mag` is empty and `magLimit` holds the 3σ limit. */
  UPPER_LIMIT: 64,
  /** The header has no gain: the one set for the instrument (or the default) was assumed for the photon noise. */
  GAIN_ASSUMED: 128,
} as const;

/** S/N below which the target counts as not detected on an image (the limit is this many σ). */
export const DETECTION_SNR = 3;

const REASONS: Array<[number, string]> = [
  [PointFlags.NO_COMPARISON, 'no comparison star usable on this image (off the frame, saturated, flagged or variable)'],
  [PointFlags.UPPER_LIMIT, `target below the detection limit (S/N < ${DETECTION_SNR}): an upper limit`],
  [PhotFlags.TRUNCATED, 'target aperture runs off the image'],
  [PhotFlags.MASKED, 'masked (NaN or infinite) pixels in the target aperture'],
  [PhotFlags.SATURATED, 'target saturated'],
  [PhotFlags.BAD_SKY, 'too few sky pixels around the target'],
  [PointFlags.GAIN_ASSUMED, 'gain not in the header: assumed from Settings'],
];

/** The reasons a point's flags give, most important first (empty for a clean point). */
export function pointFlagReasons(flags: number): string[] {
  return REASONS.filter(([bit]) => (flags & bit) !== 0).map(([, text]) => text);
}

/**
 * Why a point has no differential magnitude, or null when it has one: no comparison star on
 * its image, an upper limit, or a target measurement that cannot be used (all that apply,
 * joined by "; ").
 */
export function noMagnitudeReason(point: { mag: number | null; flags: number }): string | null {
  if (point.mag !== null) return null;
  const why = REASONS.filter(([bit]) => bit !== PointFlags.GAIN_ASSUMED && bit !== PhotFlags.SATURATED && bit !== PhotFlags.BAD_SKY && (point.flags & bit) !== 0);
  return why.length > 0 ? why.map(([, text]) => text).join('; ') : 'target flux not measurable';
}
