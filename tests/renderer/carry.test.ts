import { describe, expect, it } from 'vitest';
import { headerFromRecord, parseWcs } from '../../src/core/wcs/index.js';
import { carryToNextImage, forgetCarriedView, limitsFor, matchingPixel, takeCarriedView, viewCentredOn, type ViewerCarry } from '../../src/renderer/src/viewer/carry.js';
import { screenToImage } from '../../src/renderer/src/viewer/view.js';

const tan = (crpix1: number, crpix2: number) => {
  const wcs = parseWcs(
    headerFromRecord({
      NAXIS: 2,
      NAXIS1: 64,
      NAXIS2: 64,
      CTYPE1: 'RA---TAN',
      CTYPE2: 'DEC--TAN',
      CRPIX1: crpix1,
      CRPIX2: crpix2,
      CRVAL1: 150.1,
      CRVAL2: 2.2,
      CD1_1: -0.0001,
      CD1_2: 0,
      CD2_1: 0,
      CD2_2: 0.0001,
    }),
  );
  if (!wcs) throw new Error('no WCS in the test header');
  return wcs;
};

describe('the view carried to the next image', () => {
  it('finds the same sky on an image pointed elsewhere, and the same pixel without a WCS', () => {
    const a = tan(32, 32);
    const sky = a.pixToSky(20, 40);
    const b = matchingPixel({ x: 20, y: 40, sky }, tan(36, 29));
    expect(b.x).toBeCloseTo(24, 6);
    expect(b.y).toBeCloseTo(37, 6);
    expect(matchingPixel({ x: 20, y: 40, sky }, null)).toEqual({ x: 20, y: 40 });
    expect(matchingPixel({ x: 20, y: 40, sky: null }, a)).toEqual({ x: 20, y: 40 });
  });

  it('puts that pixel at the centre of the stage at the same zoom', () => {
    const v = viewCentredOn(24, 37, 64, 6.5, 800, 500);
    const [x, y] = screenToImage(v, 64, 400, 250);
    expect(x).toBeCloseTo(24, 9);
    expect(y).toBeCloseTo(37, 9);
    expect(v.scale).toBe(6.5);
  });

  it('applies the limits mode to each image, and typed limits as numbers', () => {
    const image = { low: 90, high: 130, min: 50, max: 4000, percentiles: { '99': [80, 600] as [number, number] } };
    expect(limitsFor(image, 'zscale', { low: '', high: '' })).toEqual([90, 130]);
    expect(limitsFor(image, 'minmax', { low: '', high: '' })).toEqual([50, 4000]);
    expect(limitsFor(image, '99', { low: '', high: '' })).toEqual([80, 600]);
    expect(limitsFor(image, 'manual', { low: '100', high: '2e3' })).toEqual([100, 2000]);
    expect(limitsFor(image, 'manual', { low: 'x', high: '2' })).toEqual([90, 130]);
  });

  it('is given to the image it was carried to only, until its page closes', () => {
    const carry = { scale: 2, centre: { x: 1, y: 2, sky: null } } as ViewerCarry;
    carryToNextImage(7, carry);
    expect(takeCarriedView(8)).toBeNull();
    expect(takeCarriedView(7)).toBe(carry);
    expect(takeCarriedView(7)).toBe(carry);
    forgetCarriedView(8);
    expect(takeCarriedView(7)).toBe(carry);
    forgetCarriedView(7);
    expect(takeCarriedView(7)).toBeNull();
  });
});
