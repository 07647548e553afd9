import { describe, expect, it } from 'vitest';
import { DARK_SUN_ALTITUDE, highestInDark } from '../../src/renderer/src/targets/highest-in-dark.js';

const sample = (mjd: number, altitude: number, sunAltitude: number) => ({ mjd, altitude, sunAltitude });

describe('the highest point of a target in the dark', () => {
  it('is the highest sample with the Sun below −18° (astronomical darkness, as the caption says)', () => {
    expect(DARK_SUN_ALTITUDE).toBe(-18);
    const best = highestInDark([sample(1, 70, -5), sample(2, 60, -13), sample(3, 55, -20), sample(4, 30, -25)]);
    expect(best?.sample.mjd).toBe(3);
    expect(best?.darkness).toBe('astronomical');
  });

  it('does not count nautical twilight (Sun between −12° and −18°) as dark on a night with astronomical darkness', () => {
    // the target peaks at 80° in nautical twilight, 40° at most in the dark
    const best = highestInDark([sample(1, 80, -15), sample(2, 40, -19), sample(3, 20, -30)]);
    expect(best?.sample.altitude).toBe(40);
  });

  it('falls back to nautical darkness (Sun below −12°) on a night without astronomical darkness, and says so', () => {
    const best = highestInDark([sample(1, 30, -10), sample(2, 50, -14), sample(3, 45, -16)]);
    expect(best?.sample.mjd).toBe(2);
    expect(best?.darkness).toBe('nautical');
  });

  it('is none when the target stays below the horizon in the dark (Sgr A* in December was "highest in the dark -6°")', () => {
    expect(highestInDark([sample(1, -6, -19), sample(2, -20, -25), sample(3, 10, -3)])).toBeNull();
  });

  it('is none on a night with no dark', () => {
    expect(highestInDark([sample(1, 50, -8)])).toBeNull();
  });
});
