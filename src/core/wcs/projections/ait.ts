import { asind, atan2d, cosd, sind } from '../angles.js';
import { R0, type Projection } from './types.js';

/** AIT, Hammer-Aitoff equal-area (Paper II §5.3.4), fiducial point at (0, 0). */
export class Ait implements Projection {
  readonly code = 'AIT';
  readonly phi0 = 0;
  readonly theta0 = 0;

  fromNative(phi: number, theta: number): [number, number] {
    const cthe = cosd(theta);
    const w = 1 + cthe * cosd(phi / 2);
    if (w <= 0) return [NaN, NaN];
    const g = R0 * Math.sqrt(2 / w);
    return [2 * g * cthe * sind(phi / 2), g * sind(theta)];
  }

  toNative(x: number, y: number): [number, number] {
    const u = x / (4 * R0);
    const v = y / (2 * R0);
    const z2 = 1 - u * u - v * v;
    // the boundary ellipse: Z^2 >= 1/2
    if (z2 < 0.5 - 1e-13) return [NaN, NaN];
    const z = Math.sqrt(Math.max(z2, 0.5));
    const phi = 2 * atan2d((z * x) / (2 * R0), 2 * z * z - 1);
    const theta = asind((y * z) / R0);
    if (Number.isNaN(theta)) return [NaN, NaN];
    return [phi, theta];
  }
}
