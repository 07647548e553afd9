import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { angularSeparation } from '../../../src/core/coords/index.js';
import { airmass, airmassAt, altAz, bodyAltAz, twilight, visibilityNight, type ObservingSite } from '../../../src/core/visibility/index.js';

interface Fixture {
  sites: Record<string, ObservingSite>;
  altaz: Array<{ site: string; mjd: number; ra?: number; dec?: number; body?: 'sun'; alt: number; az: number }>;
  twilight: Array<{ site: string; mjd: number; noon: number; sunset: Array<number | null>; civil: Array<number | null>; nautical: Array<number | null>; astronomical: Array<number | null> }>;
}
const fx = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/photometry/visibility.json'), 'utf8')) as Fixture;

describe('altitude and azimuth against astropy (no refraction)', () => {
  it('agree within 3″ for stars and 20″ for the Sun', () => {
    let worst = 0;
    let worstSun = 0;
    for (const c of fx.altaz) {
      const site = fx.sites[c.site]!;
      if (c.body === 'sun') {
        const s = bodyAltAz('sun', c.mjd, site, false);
        worstSun = Math.max(worstSun, angularSeparation(s.azimuth, s.altitude, c.az, c.alt));
        continue;
      }
      const a = altAz(c.ra!, c.dec!, c.mjd, site, false);
      // Compare on the sky (azimuth is degenerate near the zenith).
      const d = angularSeparation(a.azimuth, a.altitude, c.az, c.alt);
      worst = Math.max(worst, d);
    }
    console.log(`alt/az vs astropy: worst ${(worst * 3600).toFixed(2)}″ (stars), ${(worstSun * 3600).toFixed(2)}″ (Sun)`);
    expect(worst).toBeLessThan(3 / 3600);
    expect(worstSun).toBeLessThan(20 / 3600);
  });
  it('airmass follows sec z high up and stays finite at the horizon', () => {
    expect(airmass(90)).toBeCloseTo(1, 3);
    expect(airmass(30)).toBeCloseTo(1.994, 2);
    expect(airmass(0)).toBeGreaterThan(30);
    expect(airmass(0)).toBeLessThan(45);
    expect(airmass(-1)).toBeNaN();
    const site = fx.sites.paranal!;
    const c = fx.altaz.find((x) => x.site === 'paranal' && x.ra !== undefined && x.alt > 40)!;
    expect(airmassAt(c.ra!, c.dec!, c.mjd, site)).toBeCloseTo(1 / Math.sin((c.alt * Math.PI) / 180), 2);
  });
});

describe('twilight against astropy', () => {
  it('finds dusk and dawn within a minute (sunset/sunrise within 3 minutes), or none', () => {
    for (const n of fx.twilight) {
      const t = twilight(n.mjd, fx.sites[n.site]!);
      const pairs: Array<[number | null, number | null | undefined, number]> = [
        [t.civilDusk, n.civil[0], 1],
        [t.civilDawn, n.civil[1], 1],
        [t.nauticalDusk, n.nautical[0], 1],
        [t.nauticalDawn, n.nautical[1], 1],
        [t.astronomicalDusk, n.astronomical[0], 1],
        [t.astronomicalDawn, n.astronomical[1], 1],
        [t.sunset, n.sunset[0], 3],
        [t.sunrise, n.sunset[1], 3],
      ];
      for (const [ours, ref, minutes] of pairs) {
        if (ref === null || ref === undefined) {
          expect(ours, `${n.site} ${n.mjd}`).toBeNull();
        } else {
          expect(ours, `${n.site} ${n.mjd}`).not.toBeNull();
          expect(Math.abs(ours! - ref) * 1440, `${n.site} ${n.mjd}`).toBeLessThan(minutes);
        }
      }
    }
  });
});

describe('visibilityNight', () => {
  it('samples the night with target, Sun and Moon', () => {
    const site = fx.sites.lapalma!;
    const night = visibilityNight(83.633, 22.0145, 61371.9, site, 30);
    expect(night.samples).toHaveLength(49);
    expect(night.start).toBeLessThanOrEqual(61371.9);
    expect(night.twilight.astronomicalDusk! - night.start).toBeGreaterThan(0);
    const dark = night.samples.filter((s) => s.sunAltitude < -18);
    expect(dark.length).toBeGreaterThan(10);
    // The Crab culminates near midnight in late November at La Palma: high in the dark hours.
    expect(Math.max(...dark.map((s) => s.altitude))).toBeGreaterThan(75);
    for (const s of night.samples) {
      expect(s.moonSeparation).toBeGreaterThanOrEqual(0);
      expect(s.moonSeparation).toBeLessThanOrEqual(180);
      if (s.altitude < 0) expect(s.airmass).toBeNaN();
    }
    expect(night.moonIllumination).toBeGreaterThanOrEqual(0);
    expect(night.moonIllumination).toBeLessThanOrEqual(1);
  });
});
