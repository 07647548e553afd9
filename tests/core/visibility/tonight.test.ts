import { describe, expect, it } from 'vitest';
import { tonightVisibility, tonightWindow, twilight, visibilityNight, type ObservingSite } from '../../../src/core/visibility/index.js';

const LA_PALMA: ObservingSite = { latitude: 28.7606, longitude: -17.8816, height: 2326 };
/** 2026-12-01 00:00 UTC. */
const DEC1 = 61375;

describe('the dark window of tonight', () => {
  it('is the astronomical night under way, from now, or else the next one', () => {
    const night = twilight(DEC1 - 0.5, LA_PALMA);
    // At 22:00 UTC on 30 Nov: the night of the 30th, from now to its astronomical dawn.
    const inside = tonightWindow(DEC1 - 2 / 24, LA_PALMA)!;
    expect(inside.kind).toBe('astronomical');
    expect(inside.start).toBeCloseTo(DEC1 - 2 / 24, 9);
    expect(inside.end).toBeCloseTo(night.astronomicalDawn!, 9);
    // At 15:00 UTC on 30 Nov (afternoon): the coming night, whole.
    const before = tonightWindow(DEC1 - 9 / 24, LA_PALMA)!;
    expect(before.start).toBeCloseTo(night.astronomicalDusk!, 9);
    // At 09:00 UTC on 1 Dec (after dawn): the night of 1 December.
    const after = tonightWindow(DEC1 + 9 / 24, LA_PALMA)!;
    expect(after.start).toBeGreaterThan(DEC1 + 0.75);
    expect(after.end).toBeLessThan(DEC1 + 1.35);
  });

  it('falls back to nautical darkness where there is no astronomical night, and is null in polar day', () => {
    // At 52° N on 20 June the Sun goes down to −14.6°: nautical darkness, no astronomical.
    const north: ObservingSite = { latitude: 52, longitude: 0, height: 0 };
    expect(tonightWindow(61212 + 0.5, north)?.kind).toBe('nautical'); // 20 June 2026
    expect(tonightWindow(61212 + 0.5, { latitude: 78, longitude: 15, height: 0 })).toBeNull();
  });
});

describe('hours above the altitude limit', () => {
  it('agree with the full altitude model (refraction, aberration) within 12 minutes', () => {
    const w = tonightWindow(DEC1 - 9 / 24, LA_PALMA)!;
    const targets = [
      { ra: 10, dec: 41 },
      { ra: 85, dec: -5 },
      { ra: 150.1, dec: 2.2 },
      { ra: 300, dec: 20 },
      { ra: 30, dec: -70 },
      { ra: 200, dec: 80 },
    ];
    const fast = tonightVisibility(targets, w, LA_PALMA, 30);
    targets.forEach((t, i) => {
      // The reference: core/visibility's chart samples every 2 minutes, counted inside the window.
      const night = visibilityNight(t.ra, t.dec, DEC1 - 9 / 24, LA_PALMA, 2);
      const hours = night.samples.filter((s) => s.mjd >= w.start && s.mjd <= w.end && s.altitude >= 30).length * (2 / 60);
      const highest = Math.max(...night.samples.filter((s) => s.mjd >= w.start && s.mjd <= w.end).map((s) => s.altitude));
      expect(Math.abs(fast[i]!.hours - hours), `target ${i}`).toBeLessThan(0.2);
      // Refraction lifts a star near the horizon by up to 0.6°; high up it is a few arcminutes.
      if (highest > 20) expect(Math.abs(fast[i]!.maxAltitude - highest), `target ${i}`).toBeLessThan(0.1);
    });
    expect(fast[4]!.hours).toBe(0);
    expect(fast[4]!.maxAltitude).toBeLessThan(0);
  });
});
