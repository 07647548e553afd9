import { describe, expect, it } from 'vitest';
import { highestInDark } from '../../src/renderer/src/targets/highest-in-dark.js';

const sample = (mjd: number, altitude: number, sunAltitude: number) => ({ mjd, altitude, sunAltitude });

describe('the highest point of a target in the dark', () => {
  it('is the highest sample with the Sun below −12°', () => {
    const best = highestInDark([sample(1, 70, -5), sample(2, 40, -13), sample(3, 55, -20), sample(4, 30, -25)]);
    expect(best?.mjd).toBe(3);
  });

  it('is none when the target stays below the horizon in the dark (Sgr A* in December was "highest in the dark -6°")', () => {
    expect(highestInDark([sample(1, -6, -13), sample(2, -20, -25), sample(3, 10, -3)])).toBeNull();
  });

  it('is none on a night with no dark', () => {
    expect(highestInDark([sample(1, 50, -8)])).toBeNull();
  });
});
