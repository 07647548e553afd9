/** The public shape of a celestial WCS (see `parseWcs`). */
export interface Wcs {
  /**
   * Pixel → sky. (x, y) are 0-based pixel coordinates (the centre of the first pixel is
   * (0, 0), i.e. FITS pixel minus 1). Returns (RA, Dec) in degrees, RA in [0, 360): in the
   * header's equatorial system (ICRS, FK5 or FK4 as RADESYS/EQUINOX state, not converted), or
   * ICRS for galactic and ecliptic headers. NaN, NaN where the projection is undefined.
   */
  pixToSky(x: number, y: number): [number, number];
  /** Sky → 0-based pixel, the inverse of {@link pixToSky}; NaN, NaN if not representable. */
  skyToPix(ra: number, dec: number): [number, number];
  /**
   * CTYPEs of the two celestial axes, the sky position of the image centre (or of the
   * reference pixel when the size is unknown) in degrees, the pixel scale in arcsec (square
   * root of the pixel's solid angle at that point), and a label of the frame of the RA/Dec
   * returned by `pixToSky` (e.g. `ICRS`, `FK5 J2000.0`, `ICRS (from galactic)`).
   */
  summary(): { ctype: string[]; center: [number, number] | null; pixelScaleArcsec: number | null; frame: string };
  /** NAXIS1 (or ZNAXIS1 for tile-compressed images) when the header states it. */
  readonly width: number | null;
  /** NAXIS2 (or ZNAXIS2) when the header states it. */
  readonly height: number | null;
}
