import { describe, expect, it } from 'vitest';
import { footprint, headerFromRecord, locate, parseWcs, separationDeg } from '../../../src/core/wcs/index.js';
import { loadCases } from './cases.js';

// Two headers as they come from the field (tests/fixtures/wcs/cases.json, scripts/fixtures/wcs-make.py):
// astropy's comp.fits (NGC 1316, EQUINOX 1950 without RADESYS: FK4 B1950) and a SCAMP header
// (RA---TAN/DEC--TAN with PV1_*/PV2_*). reference.test.ts checks them point by point against
// astropy; these tests state what a user would see.
const cases = loadCases();
const byName = (name: string) => {
  const c = cases.find((k) => k.name === name);
  if (!c) throw new Error(`fixture case ${name} missing`);
  return c;
};

describe('FK4 B1950 header (astropy comp.fits, NGC 1316)', () => {
  const c = byName('fk4-comp-ngc1316');
  const wcs = parseWcs(headerFromRecord(c.header))!;

  it('puts the galaxy J2000/ICRS position on the nucleus, not 22′ away', () => {
    // NED: NGC 1316 at 03h22m41.718s −37°12′29.62″ (ICRS). The header's CRVAL is the B1950 nucleus
    // at CRPIX (225, 146 0-based); the image peak is at (224.0, 145.0), 7″ pixels.
    const ra = (3 + 22 / 60 + 41.718 / 3600) * 15;
    const dec = -(37 + 12 / 60 + 29.62 / 3600);
    const at = locate(wcs, 440, 300, ra, dec)!;
    expect(at).not.toBeNull();
    expect(Math.hypot(at.x - 225, at.y - 146)).toBeLessThan(0.1);
    const [cra, cdec] = wcs.pixToSky(225, 146);
    expect(separationDeg(cra, cdec, ra, dec) * 3600).toBeLessThan(1);
    expect(wcs.summary().frame).toBe('ICRS (from FK4 B1950.0, epoch = equinox)');
  });
});

describe('SCAMP header: RA---TAN with PVi_m', () => {
  const c = byName('scamp-tan-pv');
  const wcs = parseWcs(headerFromRecord(c.header))!;

  it('is read as TPV: the image spans 0.6° × 1.2°, not a point', () => {
    const [ra0, dec0] = wcs.pixToSky(0, 4095.5);
    const [ra1, dec1] = wcs.pixToSky(4095, 4095.5);
    const [ra2, dec2] = wcs.pixToSky(2047.5, 0);
    const [ra3, dec3] = wcs.pixToSky(2047.5, 8191);
    expect(separationDeg(ra0, dec0, ra1, dec1)).toBeCloseTo(0.603, 2);
    expect(separationDeg(ra2, dec2, ra3, dec3)).toBeCloseTo(1.206, 2);
    expect(footprint(wcs, 4096, 8192).length).toBeGreaterThan(4);
    expect(wcs.summary().pixelScaleArcsec).toBeCloseTo(0.53, 2);
  });

  it('without the PV2_m keywords TAN keeps PV1_1/PV1_2 as its fiducial point (wcslib)', () => {
    const h = { ...c.header };
    for (const k of Object.keys(h)) if (k.startsWith('PV2_') || (k.startsWith('PV1_') && k !== 'PV1_1' && k !== 'PV1_2')) delete h[k];
    h.PV1_1 = 0;
    h.PV1_2 = 90;
    const plain = parseWcs(headerFromRecord(h))!;
    const ref = parseWcs(headerFromRecord(Object.fromEntries(Object.entries(h).filter(([k]) => !k.startsWith('PV')))))!;
    const [a, b] = plain.pixToSky(10, 20);
    const [e, f] = ref.pixToSky(10, 20);
    expect(separationDeg(a, b, e, f)).toBeLessThan(1e-12);
  });
});

describe('DSS plate solution (astropy dss.14.29.56-62.41.05 header)', () => {
  it('is converted from FK5 J2000 to ICRS like any other header, and says so', () => {
    const c = cases.find((k) => k.name === 'real-dss-plate');
    if (!c) return; // the sample was missing when the fixture was made
    const wcs = parseWcs(headerFromRecord(c.header))!;
    expect(wcs.summary().frame).toBe('ICRS (from FK5 J2000.0, DSS plate solution)');
  });
});
