/**
 * The observing night of a frame (core/calib/night.ts): local noon to local noon at the site's
 * longitude, named by its evening; longitudes from header keywords in their usual spellings.
 */
import { describe, expect, it } from 'vitest';
import { headerLongitude, observingNight, parseLongitude } from '../../../src/core/calib/index.js';

describe('observing night', () => {
  it('keeps an evening and the next morning in one night, at any longitude', () => {
    // La Palma (−17.9°): 19:00 and 06:00 UTC are evening and morning
    expect(observingNight('2026-11-20T19:00:00.000', -17.9)).toBe('2026-11-20');
    expect(observingNight('2026-11-21T06:00:00', -17.9)).toBe('2026-11-20');
    expect(observingNight('2026-11-21T13:30:00', -17.9)).toBe('2026-11-21');
    // Siding Spring (149.1°, local = UTC + 9.9 h): 08:00 UTC is 17:56 local, 19:00 UTC is 04:56 local the next day
    expect(observingNight('2026-11-20T08:00:00', 149.1)).toBe('2026-11-20');
    expect(observingNight('2026-11-20T19:00:00', 149.1)).toBe('2026-11-20');
    expect(observingNight('2026-11-21T01:00:00', 149.1)).toBe('2026-11-20');
    expect(observingNight('2026-11-21T03:00:00', 149.1)).toBe('2026-11-21');
    // Cerro Pachón (−70.7°, local = UTC − 4.7 h): 23:00 UTC and 09:00 UTC the next day
    expect(observingNight('2026-11-20T23:00:00', -70.7)).toBe('2026-11-20');
    expect(observingNight('2026-11-21T09:00:00', -70.7)).toBe('2026-11-20');
    // UTC (longitude 0): noon to noon; a year's end
    expect(observingNight('2027-01-01T11:59:59.9', 0)).toBe('2026-12-31');
    expect(observingNight('2027-01-01T12:00:00', 0)).toBe('2027-01-01');
  });

  it('names a day-only date as written and has no night without a date', () => {
    expect(observingNight('2026-11-20', 149)).toBe('2026-11-20');
    expect(observingNight(null, 0)).toBeNull();
    expect(observingNight('yesterday', 0)).toBeNull();
  });

  it('reads the longitude from SITELONG, LONG-OBS, OBSGEO-L or OBS-LONG', () => {
    expect(parseLongitude(-17.88)).toBeCloseTo(-17.88, 9);
    expect(parseLongitude('-17 52 53.8')).toBeCloseTo(-17.8816, 4);
    expect(parseLongitude('17:52:53.8 W')).toBeCloseTo(-17.8816, 4);
    expect(parseLongitude('+149d03m40s')).toBeCloseTo(149.0611, 4);
    expect(parseLongitude('289.3')).toBeCloseTo(-70.7, 9);
    expect(parseLongitude('east')).toBeNull();
    expect(parseLongitude(undefined)).toBeNull();
    const h: Record<string, string | number> = { 'LONG-OBS': '149.07', SITELONG: 'n/a' };
    expect(headerLongitude((k) => h[k])).toBeCloseTo(149.07, 9);
    expect(headerLongitude(() => undefined)).toBeNull();
  });
});
