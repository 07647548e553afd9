import type { Projection } from './types.js';

/** CAR, plate carrée (Paper II §5.2.3): x = phi, y = theta, fiducial point at (0, 0). */
export class Car implements Projection {
  readonly code = 'CAR';
  readonly phi0 = 0;
  readonly theta0 = 0;

  toNative(x: number, y: number): [number, number] {
    if (Math.abs(y) > 90 + 1e-10 || Math.abs(x) > 180 + 1e-10) return [NaN, NaN];
    return [Math.max(-180, Math.min(180, x)), Math.max(-90, Math.min(90, y))];
  }

  fromNative(phi: number, theta: number): [number, number] {
    return [phi, theta];
  }
}
