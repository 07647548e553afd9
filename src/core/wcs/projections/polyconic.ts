import { atan2d, cosd, D2R, sind, tand } from '../angles.js';
import { WcsError } from '../errors.js';
import { Sfl } from './cylindrical.js';
import { bracketedNewton } from './root.js';
import { R0, type Projection, type ProjectionParams } from './types.js';

/**
 * BON, Bonne's equal-area pseudoconic projection (Paper II §5.6.1) with the standard parallel
 * theta_1 = PV2_1 (degrees, required). Fiducial point (0, 0). All in degrees:
 *
 *   R_theta = Y0 - theta,  Y0 = R0 cot theta_1 + theta_1,  A = R0 phi cos(theta) / R_theta,
 *   x = R_theta sin A,  y = -R_theta cos A + Y0.
 *
 * theta_1 = 0 is the Sanson-Flamsteed projection (SFL), as in wcslib.
 */
export class Bon implements Projection {
  readonly code = 'BON';
  readonly phi0 = 0;
  readonly theta0 = 0;
  private readonly theta1: number;
  private readonly y0: number;

  constructor(theta1: number) {
    if (!Number.isFinite(theta1) || theta1 === 0 || Math.abs(theta1) > 90) {
      throw new WcsError('wcs_bad_parameter', `BON needs 0 < |theta_1| ≤ 90 degrees, got ${theta1}`, 'PV2_1');
    }
    this.theta1 = theta1;
    this.y0 = (R0 * cosd(theta1)) / sind(theta1) + theta1;
  }

  fromNative(phi: number, theta: number): [number, number] {
    const r = this.y0 - theta;
    const a = r === 0 ? 0 : (R0 * phi * cosd(theta)) / r;
    return [r * sind(a), -r * cosd(a) + this.y0];
  }

  toNative(x: number, y: number): [number, number] {
    const dy = this.y0 - y;
    let r = Math.hypot(x, dy);
    if (this.theta1 < 0) r = -r;
    const theta = this.y0 - r;
    if (!(Math.abs(theta) <= 90 + 1e-10)) return [NaN, NaN];
    const ct = cosd(theta);
    const a = r === 0 ? 0 : atan2d(x / r, dy / r);
    const phi = ct === 0 || Math.abs(theta) >= 90 ? 0 : (a * r) / (R0 * ct);
    if (!(Math.abs(phi) <= 180 + 1e-10)) return [NaN, NaN];
    return [Math.max(-180, Math.min(180, phi)), Math.max(-90, Math.min(90, theta))];
  }
}

/**
 * PCO, polyconic (Paper II §5.6.2), fiducial point (0, 0). For theta ≠ 0, with
 * E = phi sin(theta) and c = R0 cot(theta): x = c sin E, y = theta + c (1 - cos E); on the
 * equator x = phi, y = 0. The inverse solves x² + (y - theta)² - 2 (y - theta) c = 0 for
 * theta (bracketed Newton on [0, 90]), then E = atan2(x / c, 1 - (y - theta) / c).
 */
export class Pco implements Projection {
  readonly code = 'PCO';
  readonly phi0 = 0;
  readonly theta0 = 0;

  fromNative(phi: number, theta: number): [number, number] {
    if (theta === 0) return [phi, 0];
    const st = sind(theta);
    const c = (R0 * cosd(theta)) / st;
    const e = phi * st;
    const h = sind(e / 2);
    return [c * sind(e), theta + 2 * c * h * h];
  }

  toNative(x: number, y: number): [number, number] {
    if (y === 0) return Math.abs(x) <= 180 + 1e-10 ? [Math.max(-180, Math.min(180, x)), 0] : [NaN, NaN];
    const s = y > 0 ? 1 : -1;
    const ya = Math.abs(y);
    const xa = x;
    // f(t) tan(t) for t in (0, 90): negative near 0, positive towards 90 (or at 90)
    const x2 = xa * xa;
    const f = (t: number): number => {
      const d = ya - t;
      return (x2 + d * d) * tand(t) - 2 * R0 * d;
    };
    const df = (t: number): number => {
      const d = ya - t;
      const c = cosd(t);
      return -2 * d * tand(t) + ((x2 + d * d) * D2R) / (c * c) + 2 * R0;
    };
    if (x2 + (ya - 90) * (ya - 90) === 0) return [0, 90 * s];
    const t = bracketedNewton(f, df, 0, 90);
    const tt = tand(t);
    const d = ya - t;
    const e = atan2d((xa * tt) / R0, 1 - (d * tt) / R0);
    const phi = e / sind(t);
    if (!(Math.abs(phi) <= 180 + 1e-10)) return [NaN, NaN];
    return [Math.max(-180, Math.min(180, phi)), s * t];
  }
}

/** Build a pseudoconic or polyconic projection from its code and PV parameters. */
export function makePolyconic(code: string, pv: ProjectionParams): Projection | null {
  switch (code) {
    case 'BON': {
      const t1 = pv[1];
      if (t1 === undefined) throw new WcsError('wcs_bad_parameter', 'BON needs PV2_1 (theta_1)', 'PV2_1');
      return t1 === 0 ? new Sfl() : new Bon(t1);
    }
    case 'PCO':
      return new Pco();
    default:
      return null;
  }
}
