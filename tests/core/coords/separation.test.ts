import { describe, expect, it } from 'vitest';
import { angularSeparation, applyProperMotion, mjdToJulianEpoch, positionAngle } from '../../../src/core/coords/index.js';

describe('angularSeparation', () => {
  it('is exact at simple cases and stable at tiny and antipodal separations', () => {
    expect(angularSeparation(0, 0, 90, 0)).toBeCloseTo(90, 12);
    expect(angularSeparation(10, 89, 190, 89)).toBeCloseTo(2, 10);
    expect(angularSeparation(0, 0, 180, 0)).toBeCloseTo(180, 10);
    expect(angularSeparation(150, 2, 150, 2 + 1e-7) * 3600).toBeCloseTo(3.6e-4, 10);
    // 1 arcsec in RA at dec 60 is 0.5 arcsec on the sky.
    expect(angularSeparation(0, 60, 1 / 3600, 60) * 3600).toBeCloseTo(0.5, 6);
  });
  it('position angle is east of north', () => {
    expect(positionAngle(0, 0, 0, 1)).toBeCloseTo(0, 10);
    expect(positionAngle(0, 0, 1, 0)).toBeCloseTo(90, 10);
    expect(positionAngle(0, 0, 0, -1)).toBeCloseTo(180, 10);
    expect(positionAngle(1, 0, 0, 0)).toBeCloseTo(270, 10);
  });
});

describe('applyProperMotion', () => {
  it("moves Barnard's star like the linear formula over a short span", () => {
    // Gaia DR3: 269.44850252, 4.73942005 (J2016); pmra -801.551, pmdec 10362.394 mas/yr.
    const p = applyProperMotion(269.44850252, 4.73942005, { pmRa: -801.551, pmDec: 10362.394 }, 2016, 2026);
    const cosd = Math.cos((4.73942005 * Math.PI) / 180);
    expect(p.dec).toBeCloseTo(4.73942005 + (10362.394 * 10) / 3.6e6, 6);
    expect(p.ra).toBeCloseTo(269.44850252 + (-801.551 * 10) / 3.6e6 / cosd, 6);
    // Total motion is |pm| * dt.
    const total = angularSeparation(269.44850252, 4.73942005, p.ra, p.dec) * 3.6e6;
    expect(total).toBeCloseTo(Math.hypot(801.551, 10362.394) * 10, 1);
  });
  it('is the identity without motion and works across the pole', () => {
    expect(applyProperMotion(10, 20, { pmRa: 0, pmDec: 0 }, 2000, 2030)).toEqual({ ra: 10, dec: 20 });
    const p = applyProperMotion(0, 89.99999, { pmRa: 0, pmDec: 1000 }, 2000, 2100);
    expect(p.dec).toBeLessThan(90);
    expect(angularSeparation(0, 89.99999, p.ra, p.dec) * 3600).toBeCloseTo(100, 6);
    expect(mjdToJulianEpoch(51544.5)).toBe(2000);
  });
});
