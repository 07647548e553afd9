import { describe, expect, it } from 'vitest';
import { headerFromRecord, parseWcs, WcsError, type HeaderValue } from '../../../src/core/wcs/index.js';

const base: Record<string, HeaderValue> = {
  NAXIS: 2,
  NAXIS1: 100,
  NAXIS2: 80,
  CTYPE1: 'RA---TAN',
  CTYPE2: 'DEC--TAN',
  CRVAL1: 150,
  CRVAL2: 2,
  CRPIX1: 50.5,
  CRPIX2: 40.5,
  CD1_1: -0.0002,
  CD1_2: 0,
  CD2_1: 0,
  CD2_2: 0.0002,
};

function parse(extra: Record<string, HeaderValue | undefined>, alt?: string) {
  const h: Record<string, HeaderValue> = { ...base };
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete h[k];
    else h[k] = v;
  }
  return parseWcs(headerFromRecord(h), alt ? { alt } : undefined);
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof WcsError) return e.code;
    throw e;
  }
  return undefined;
}

describe('parseWcs', () => {
  it('maps CRPIX (1-based) to CRVAL: 0-based pixel CRPIX - 1', () => {
    const w = parse({})!;
    const [ra, dec] = w.pixToSky(49.5, 39.5);
    expect(ra).toBeCloseTo(150, 12);
    expect(dec).toBeCloseTo(2, 12);
    const [x, y] = w.skyToPix(150, 2);
    expect(x).toBeCloseTo(49.5, 10);
    expect(y).toBeCloseTo(39.5, 10);
  });

  it('returns null without a celestial WCS', () => {
    expect(parse({ CTYPE1: '', CTYPE2: '' })).toBeNull();
    expect(parse({ CTYPE1: undefined, CTYPE2: undefined })).toBeNull();
    expect(parse({ CTYPE1: 'LINEAR', CTYPE2: 'LINEAR' })).toBeNull();
    expect(parse({ CTYPE1: 'RA---TAN', CTYPE2: 'FREQ' })).toBeNull();
    expect(parseWcs(headerFromRecord({ NAXIS: 2, NAXIS1: 10, NAXIS2: 10 }))).toBeNull();
  });

  it('returns null for an absent alternate description', () => {
    expect(parse({}, 'B')).toBeNull();
  });

  it('rejects bad alternate letters', () => {
    expect(codeOf(() => parse({}, 'ab'))).toBe('wcs_bad_keyword');
  });

  it('throws coded errors for unusable celestial headers', () => {
    expect(codeOf(() => parse({ CTYPE1: 'RA---XYZ', CTYPE2: 'DEC--XYZ' }))).toBe('wcs_unsupported_projection');
    // a conic needs theta_a (PV2_1): there is no default
    expect(codeOf(() => parse({ CTYPE1: 'RA---COE', CTYPE2: 'DEC--COE' }))).toBe('wcs_bad_parameter');
    expect(codeOf(() => parse({ CTYPE1: 'RA---TAN', CTYPE2: 'DEC--SIN' }))).toBe('wcs_bad_keyword');
    expect(codeOf(() => parse({ CD1_1: 0, CD2_2: 0 }))).toBe('wcs_singular_matrix');
    expect(codeOf(() => parse({ CRVAL1: 'abc' }))).toBe('wcs_bad_keyword');
    expect(codeOf(() => parse({ CUNIT1: 'furlong' }))).toBe('wcs_bad_keyword');
    expect(codeOf(() => parse({ CTYPE1: 'HPLN-TAN', CTYPE2: 'HPLT-TAN' }))).toBe('wcs_unsupported_frame');
    expect(codeOf(() => parse({ A_ORDER: 2 }))).toBe('wcs_bad_keyword');
  });

  it('accepts numbers written as strings (including Fortran D exponents)', () => {
    const w = parse({ CRVAL1: '1.5D2', CRVAL2: ' 2.0 ' })!;
    expect(w.pixToSky(49.5, 39.5)[0]).toBeCloseTo(150, 12);
  });

  it('reads the size from NAXISn or ZNAXISn', () => {
    expect(parse({})!.width).toBe(100);
    expect(parse({})!.height).toBe(80);
    const z = parse({ NAXIS1: 8, NAXIS2: 80, ZNAXIS1: 4000, ZNAXIS2: 2000 })!;
    expect(z.width).toBe(4000);
    expect(z.height).toBe(2000);
    const none = parse({ NAXIS1: undefined, NAXIS2: undefined })!;
    expect(none.width).toBeNull();
    expect(none.height).toBeNull();
  });

  it('summarises CTYPE, centre, scale and frame', () => {
    const s = parse({ RADESYS: 'FK5', EQUINOX: 2000 })!.summary();
    expect(s.ctype).toEqual(['RA---TAN', 'DEC--TAN']);
    expect(s.pixelScaleArcsec).toBeCloseTo(0.72, 6);
    // converted to ICRS: the FK5 J2000 frame bias moves it by 23 mas
    expect(s.center![0]).toBeCloseTo(150, 4);
    expect(s.center![1]).toBeCloseTo(2, 4);
    expect(s.frame).toBe('ICRS (from FK5 J2000.0)');
    expect(parse({})!.summary().frame).toBe('ICRS');
    expect(parse({ EQUINOX: 1950 })!.summary().frame).toBe('ICRS (from FK4 B1950.0, epoch = equinox)');
    expect(parse({ EQUINOX: 1950, 'MJD-OBS': 47892.31 })!.summary().frame).toBe('ICRS (from FK4 B1950.0, epoch J1990.001 from MJD-OBS)');
    expect(parse({ EPOCH: 2000 })!.summary().frame).toBe('ICRS (from FK5 J2000.0)');
    expect(parse({ RADECSYS: 'ICRS', EQUINOX: 2000 })!.summary().frame).toBe('ICRS');
  });

  it('uses the reference pixel as the centre when the size is unknown', () => {
    const s = parse({ NAXIS1: undefined, NAXIS2: undefined })!.summary();
    expect(s.center![0]).toBeCloseTo(150, 12);
    expect(s.center![1]).toBeCloseTo(2, 12);
  });

  it('returns NaN for sky positions the projection cannot represent', () => {
    const w = parse({})!;
    expect(w.skyToPix(330, -2).every(Number.isNaN)).toBe(true); // antipode of a TAN
    expect(w.skyToPix(150, 95).every(Number.isNaN)).toBe(true);
    expect(w.skyToPix(NaN, 0).every(Number.isNaN)).toBe(true);
    const sin = parse({ CTYPE1: 'RA---SIN', CTYPE2: 'DEC--SIN', CD1_1: -0.1, CD2_2: 0.1 })!;
    expect(sin.skyToPix(330, -2).every(Number.isNaN)).toBe(true); // far hemisphere
    expect(sin.pixToSky(5000, 0).every(Number.isNaN)).toBe(true); // off the disc
  });

  it('treats TPV without PV keywords as TAN (wcslib would collapse the image onto CRVAL)', () => {
    const tan = parse({})!;
    const tpv = parse({ CTYPE1: 'RA---TPV', CTYPE2: 'DEC--TPV' })!;
    expect(tpv.pixToSky(3, 7)).toEqual(tan.pixToSky(3, 7));
  });

  it('keeps RA in [0, 360)', () => {
    const w = parse({ CRVAL1: 0.001 })!;
    const [ra] = w.pixToSky(60, 40);
    expect(ra).toBeGreaterThanOrEqual(0);
    expect(ra).toBeLessThan(360);
    expect(ra).toBeGreaterThan(359);
  });
});
