/**
 * A TAN WCS header (north up, east left, `scaleArcsec` per pixel) centred on (ra, dec) for a
 * width×height image: the FITS keywords as a record, ready for `writeFits` or `headerFromRecord`.
 */
export function tanHeader(ra: number, dec: number, width: number, height: number, scaleArcsec = 0.4): Record<string, string | number> {
  const s = scaleArcsec / 3600;
  return {
    CTYPE1: 'RA---TAN',
    CTYPE2: 'DEC--TAN',
    CRVAL1: ra,
    CRVAL2: dec,
    CRPIX1: (width + 1) / 2,
    CRPIX2: (height + 1) / 2,
    CD1_1: -s,
    CD1_2: 0,
    CD2_1: 0,
    CD2_2: s,
    RADESYS: 'ICRS',
    EQUINOX: 2000,
  };
}
