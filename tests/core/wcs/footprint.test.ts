import { describe, expect, it } from 'vitest';
import { footprint, headerFromRecord, locate, parseWcs, separationDeg } from '../../../src/core/wcs/index.js';

const header = headerFromRecord({
  NAXIS: 2,
  NAXIS1: 200,
  NAXIS2: 100,
  CTYPE1: 'RA---TAN',
  CTYPE2: 'DEC--TAN',
  CRVAL1: 359.99,
  CRVAL2: -12,
  CRPIX1: 100.5,
  CRPIX2: 50.5,
  CD1_1: -0.001,
  CD1_2: 0.0002,
  CD2_1: 0.0002,
  CD2_2: 0.001,
});
const wcs = parseWcs(header)!;

describe('footprint', () => {
  it('walks the outer pixel edges, corners first on each side', () => {
    const poly = footprint(wcs, 200, 100);
    expect(poly).toHaveLength(16);
    const corners: Array<[number, number]> = [
      [-0.5, -0.5],
      [199.5, -0.5],
      [199.5, 99.5],
      [-0.5, 99.5],
    ];
    corners.forEach(([x, y], i) => {
      const [ra, dec] = wcs.pixToSky(x, y);
      expect(separationDeg(poly[i * 4][0], poly[i * 4][1], ra, dec)).toBeLessThan(1e-12);
    });
    expect(footprint(wcs, 200, 100, 1)).toHaveLength(4);
  });

  it('leaves out edge points that are off the sky', () => {
    const ait = parseWcs(
      headerFromRecord({ CTYPE1: 'RA---AIT', CTYPE2: 'DEC--AIT', CRVAL1: 0, CRVAL2: 0, CRPIX1: 150.5, CRPIX2: 75.5, CDELT1: -1, CDELT2: 1 }),
    )!;
    // 300 x 150 degrees: the corners are outside the AIT ellipse, the edge midpoints inside
    const poly = footprint(ait, 300, 150, 8);
    expect(poly.length).toBeLessThan(32);
    expect(poly.length).toBeGreaterThan(0);
    for (const [ra, dec] of poly) {
      expect(Number.isFinite(ra) && Number.isFinite(dec)).toBe(true);
    }
  });
});

describe('locate', () => {
  it('finds the pixel of a position on the image', () => {
    const [ra, dec] = wcs.pixToSky(12.25, 80.75);
    const p = locate(wcs, 200, 100, ra, dec)!;
    expect(p.x).toBeCloseTo(12.25, 8);
    expect(p.y).toBeCloseTo(80.75, 8);
  });

  it('works across RA = 0', () => {
    const [ra, dec] = wcs.pixToSky(20, 50);
    expect(ra).toBeLessThan(1);
    expect(locate(wcs, 200, 100, ra, dec)).not.toBeNull();
    const [ra2, dec2] = wcs.pixToSky(150, 50);
    expect(ra2).toBeGreaterThan(359);
    expect(locate(wcs, 200, 100, ra2, dec2)).not.toBeNull();
  });

  it('applies the half-pixel edges of the grid', () => {
    const inside = wcs.pixToSky(-0.49, 99.49);
    expect(locate(wcs, 200, 100, inside[0], inside[1])).not.toBeNull();
    const outside = wcs.pixToSky(-0.51, 50);
    expect(locate(wcs, 200, 100, outside[0], outside[1])).toBeNull();
    const above = wcs.pixToSky(100, 99.51);
    expect(locate(wcs, 200, 100, above[0], above[1])).toBeNull();
  });

  it('returns null far away, at the antipode, and for invalid input', () => {
    expect(locate(wcs, 200, 100, 180, 12)).toBeNull();
    expect(locate(wcs, 200, 100, 10, 40)).toBeNull();
    expect(locate(wcs, 200, 100, NaN, 0)).toBeNull();
  });
});
