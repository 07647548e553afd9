import { describe, expect, it } from 'vitest';
import { separationDeg } from '../../../src/core/wcs/angles.js';
import {
  eclipticFrame,
  equatorialFrame,
  galacticFrame,
  ICRS_TO_FK5_J2000,
  rotateLonLat,
} from '../../../src/core/wcs/frames.js';

// expected values printed by astropy 5.2 (SkyCoord transforms)
const MAS = 1 / 3_600_000;

describe('frames', () => {
  it('galactic centre and pole → ICRS as astropy', () => {
    const g = galacticFrame();
    const [ra, dec] = g.toOutput!(0, 0);
    expect(separationDeg(ra, dec, 266.4049882865447, -28.93617776179147)).toBeLessThan(0.01 * MAS);
    const [ra2, dec2] = g.toOutput!(0, 90);
    expect(separationDeg(ra2, dec2, 192.85947789477606, 27.128252414968028)).toBeLessThan(0.01 * MAS);
    const [l, b] = g.fromOutput!(ra, dec);
    expect(separationDeg(l, b, 0, 0)).toBeLessThan(1e-12);
  });

  it('ecliptic (J2000) pole → ICRS as astropy BarycentricMeanEcliptic', () => {
    const e = eclipticFrame(undefined);
    const [ra, dec] = e.toOutput!(0, 90);
    expect(separationDeg(ra, dec, 269.9999852977778, 66.56071866138889)).toBeLessThan(0.01 * MAS);
    expect(e.label).toBe('ICRS (from ecliptic J2000.0)');
  });

  it('ICRS → FK5 J2000 frame bias as astropy', () => {
    const [ra, dec] = rotateLonLat(ICRS_TO_FK5_J2000, 10, 20);
    expect(separationDeg(ra, dec, 10.000008502254534, 20.000001529485864)).toBeLessThan(0.01 * MAS);
  });

  it('resolves the equatorial system like astropy', () => {
    expect(equatorialFrame(undefined, undefined).system).toBe('ICRS');
    expect(equatorialFrame(undefined, 2000).system).toBe('FK5');
    expect(equatorialFrame(undefined, 1950).system).toBe('FK4');
    expect(equatorialFrame('fk5', undefined).equinox).toBe(2000);
    expect(equatorialFrame('FK4', undefined).equinox).toBe(1950);
    expect(equatorialFrame('ICRS', 2000).label).toBe('ICRS');
    // every equatorial frame but ICRS is converted (frames-reference.test.ts checks the values)
    expect(equatorialFrame('ICRS', 2000).toOutput).toBeNull();
    expect(equatorialFrame('FK5', 2000).toOutput).not.toBeNull();
  });
});
