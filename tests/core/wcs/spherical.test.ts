import { describe, expect, it } from 'vitest';
import { celestialPole, SphericalRotation } from '../../../src/core/wcs/spherical.js';

describe('spherical rotation', () => {
  it('zenithal: the native pole is the reference point, LONPOLE defaults to 180 or 0', () => {
    expect(celestialPole(150, 2, 0, 90, undefined, undefined)).toEqual({ alphaP: 150, deltaP: 2, phiP: 180 });
    expect(celestialPole(150, 90, 0, 90, undefined, undefined).phiP).toBe(0);
  });

  it('maps the fiducial point to CRVAL for cylindrical projections', () => {
    for (const [lng, lat, latpole] of [
      [30, 40, undefined],
      [30, 40, -30],
      [200, -65, undefined],
      [0, 0, undefined],
    ] as Array<[number, number, number | undefined]>) {
      const rot = new SphericalRotation(celestialPole(lng, lat, 0, 0, undefined, latpole));
      const [a, d] = rot.toCelestial(0, 0);
      expect(Math.abs(((a - lng + 540) % 360) - 180)).toBeLessThan(1e-10);
      expect(d).toBeCloseTo(lat, 10);
    }
  });

  it('round trips celestial → native → celestial', () => {
    const rot = new SphericalRotation(celestialPole(83.6, -5.4, 0, 90, 170, undefined));
    for (let lat = -85; lat <= 85; lat += 17) {
      for (let lng = 0; lng < 360; lng += 33) {
        const [phi, theta] = rot.toNative(lng, lat);
        const [l2, b2] = rot.toCelestial(phi, theta);
        expect(Math.abs(((l2 - lng + 540) % 360) - 180)).toBeLessThan(1e-9);
        expect(Math.abs(b2 - lat)).toBeLessThan(1e-9);
      }
    }
  });

  it('rejects LONPOLE values without a pole solution', () => {
    expect(() => celestialPole(80, 50, 0, 0, 90, undefined)).toThrowError(expect.objectContaining({ code: 'wcs_bad_parameter' }));
  });
});
