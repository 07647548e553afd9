import { describe, expect, it } from 'vitest';
import { hintsFromHeader } from '../../../src/core/solve/hints.js';

const lookup = (r: Record<string, string | number>) => ({ get: (k: string) => r[k] });

describe('solver hints from a header', () => {
  it('reads RA/DEC in degrees, OBJCTRA/OBJCTDEC sexagesimal, CRVAL of a celestial WCS', () => {
    expect(hintsFromHeader(lookup({ RA: 150.25, DEC: -30.5 }))).toMatchObject({ ra: 150.25, dec: -30.5, positionFrom: 'RA/DEC' });
    const h = hintsFromHeader(lookup({ OBJCTRA: '10 01 00.0', OBJCTDEC: '-30 30 00' }));
    expect(h.ra).toBeCloseTo(150.25, 9);
    expect(h.dec).toBeCloseTo(-30.5, 9);
    expect(hintsFromHeader(lookup({ CTYPE1: 'RA---TAN', CTYPE2: 'DEC--TAN', CRVAL1: 10, CRVAL2: 20 }))).toMatchObject({ ra: 10, dec: 20 });
    expect(hintsFromHeader(lookup({ CTYPE1: 'GLON-TAN', CTYPE2: 'GLAT-TAN', CRVAL1: 10, CRVAL2: 20 })).ra).toBeUndefined();
    expect(hintsFromHeader(lookup({ RA: 'junk', DEC: 12 })).ra).toBeUndefined();
  });
  it('reads the pixel scale from PIXSCALE, SECPIX or XPIXSZ·XBINNING/FOCALLEN', () => {
    expect(hintsFromHeader(lookup({ PIXSCALE: 1.5 })).scale).toBe(1.5);
    expect(hintsFromHeader(lookup({ SECPIX: 2 })).scale).toBe(2);
    // 3.76 µm × 2 at 530 mm: 2.926 arcsec/pixel
    expect(hintsFromHeader(lookup({ XPIXSZ: 3.76, XBINNING: 2, FOCALLEN: 530 })).scale).toBeCloseTo(2.9265, 3);
  });
});
