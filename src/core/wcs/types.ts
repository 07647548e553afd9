/** The public shape of a celestial WCS (see `parseWcs`). */
export interface Wcs {
  /**
   * Pixel → sky. (x, y) are 0-based pixel coordinates (the centre of the first pixel is
   * (0, 0), i.e. FITS pixel minus 1). Returns ICRS (RA, Dec) in degrees, RA in [0, 360),
   * whatever frame the header states (FK5, FK4, FK4-NO-E, galactic and ecliptic are converted
   * as astropy's SkyCoord does; see `summary().frame`). NaN, NaN where the projection is undefined.
   */
  pixToSky(x: number, y: number): [number, number];
  /** ICRS sky → 0-based pixel, the inverse of {@link pixToSky}; NaN, NaN if not representable. */
  skyToPix(ra: number, dec: number): [number, number];
  /**
   * CTYPEs of the two celestial axes, the sky position of the image centre (or of the
   * reference pixel when the size is unknown) in degrees, the pixel scale in arcsec (square
   * root of the pixel's solid angle at that point), and `frame`: `ICRS`, or the header's frame
   * the ICRS RA/Dec came from (e.g. `ICRS (from FK5 J2000.0)`, `ICRS (from FK4 B1950.0, epoch =
   * equinox)`, `ICRS (from galactic)`).
   */
  summary(): { ctype: string[]; center: [number, number] | null; pixelScaleArcsec: number | null; frame: string };
  /** NAXIS1 (or ZNAXIS1 for tile-compressed images) when the header states it. */
  readonly width: number | null;
  /** NAXIS2 (or ZNAXIS2) when the header states it. */
  readonly height: number | null;
}
