import { acosd, asind, atan2d, cosd, D2R, R2D, sind, tand } from '../angles.js';
import { WcsError } from '../errors.js';
import { R0, type Projection, type ProjectionParams } from './types.js';

/**
 * Zenithal projections (Paper II §5.1): fiducial point at the native pole (phi0 = 0,
 * theta0 = 90). Each is defined by R(theta) on the plane, with x = R sin(phi), y = -R cos(phi).
 */
export abstract class Zenithal implements Projection {
  abstract readonly code: string;
  readonly phi0 = 0;
  readonly theta0 = 90;

  /** Radius in degrees for native latitude theta, NaN where undefined. */
  protected abstract radius(theta: number): number;
  /** Native latitude for radius r (degrees), NaN where undefined. */
  protected abstract latitude(r: number): number;

  toNative(x: number, y: number): [number, number] {
    const r = Math.hypot(x, y);
    const phi = r === 0 ? 0 : atan2d(x, -y);
    const theta = this.latitude(r);
    return Number.isNaN(theta) ? [NaN, NaN] : [phi, theta];
  }

  fromNative(phi: number, theta: number): [number, number] {
    const r = this.radius(theta);
    if (Number.isNaN(r)) return [NaN, NaN];
    return [r * sind(phi), -r * cosd(phi)];
  }
}

/** TAN, gnomonic: R = R0 cot(theta); only theta > 0 is representable. */
export class Tan extends Zenithal {
  readonly code = 'TAN';
  protected radius(theta: number): number {
    const s = sind(theta);
    if (!(s > 0)) return NaN;
    return (R0 * cosd(theta)) / s;
  }
  protected latitude(r: number): number {
    return atan2d(R0, r);
  }
}

/** ARC, zenithal equidistant: R = 90 - theta (degrees). */
export class Arc extends Zenithal {
  readonly code = 'ARC';
  protected radius(theta: number): number {
    return 90 - theta;
  }
  protected latitude(r: number): number {
    return r > 180 + 1e-10 ? NaN : 90 - Math.min(r, 180);
  }
}

/** ZEA, zenithal equal-area: R = 2 R0 sin((90 - theta)/2). */
export class Zea extends Zenithal {
  readonly code = 'ZEA';
  protected radius(theta: number): number {
    return 2 * R0 * sind((90 - theta) / 2);
  }
  protected latitude(r: number): number {
    const s = r / (2 * R0);
    return 90 - 2 * asind(s);
  }
}

/** STG, stereographic: R = 2 R0 tan((90 - theta)/2); theta = -90 is at infinity. */
export class Stg extends Zenithal {
  readonly code = 'STG';
  protected radius(theta: number): number {
    const c = 1 + sind(theta);
    if (c === 0) return NaN;
    return (2 * R0 * cosd(theta)) / c;
  }
  protected latitude(r: number): number {
    return 90 - 2 * Math.atan(r / (2 * R0)) * R2D;
  }
}

/**
 * SIN, orthographic / slant orthographic with xi = PV2_1, eta = PV2_2 (Paper II eq. 38-44).
 * Only the hemisphere facing the observer is representable. Legacy NCP is SIN with
 * xi = 0, eta = cot(delta0).
 */
export class Sin implements Projection {
  readonly code = 'SIN';
  readonly phi0 = 0;
  readonly theta0 = 90;
  /** The slant parameters (PV2_1, PV2_2); both 0 for the plain orthographic projection. */
  readonly xi: number;
  readonly eta: number;

  constructor(xi = 0, eta = 0) {
    this.xi = xi;
    this.eta = eta;
  }

  fromNative(phi: number, theta: number): [number, number] {
    const t = (90 - Math.abs(theta)) * D2R;
    // z = 1 - sin(theta), computed without cancellation near the pole
    let z: number;
    if (t < 1e-5) {
      z = theta > 0 ? (t * t) / 2 : 2 - (t * t) / 2;
    } else {
      z = 1 - sind(theta);
    }
    const cthe = cosd(theta);
    const sphi = sind(phi);
    const cphi = cosd(phi);
    if (this.xi === 0 && this.eta === 0) {
      if (theta < 0) return [NaN, NaN];
      return [R0 * cthe * sphi, -R0 * cthe * cphi];
    }
    // hemisphere limit of the slant projection
    const limit = -Math.atan(this.xi * sphi - this.eta * cphi) * R2D;
    if (theta < limit) return [NaN, NaN];
    return [R0 * (cthe * sphi + this.xi * z), -R0 * (cthe * cphi - this.eta * z)];
  }

  toNative(x: number, y: number): [number, number] {
    const X = x / R0;
    const Y = y / R0;
    if (this.xi === 0 && this.eta === 0) {
      const r2 = X * X + Y * Y;
      if (r2 > 1 + 1e-13) return [NaN, NaN];
      const phi = r2 === 0 ? 0 : atan2d(X, -Y);
      // theta = acos(r), with a series near the pole
      const theta = r2 < 1e-10 ? 90 - Math.sqrt(r2) * R2D * (1 + r2 / 6) : acosd(Math.sqrt(Math.min(r2, 1)));
      return [phi, theta];
    }
    const xi = this.xi;
    const eta = this.eta;
    const a = xi * xi + eta * eta + 1;
    const b = xi * (X - xi) + eta * (Y - eta);
    // with z = 1 - sin(theta): a z² - 2 (a + b) z + (X² + Y²) = 0, solved without cancellation
    // so that points near the native pole keep their precision
    const r2 = X * X + Y * Y;
    const h = a + b;
    const d = h * h - a * r2;
    if (d < 0) return [NaN, NaN];
    const q = h + (h >= 0 ? Math.sqrt(d) : -Math.sqrt(d));
    const z1 = q / a;
    const z2 = q !== 0 ? r2 / q : z1;
    // the solution nearest the native pole (smallest z) that is on the sphere
    const cand = [z1, z2].filter((v) => v >= -1e-13 && v <= 2 + 1e-13);
    if (cand.length === 0) return [NaN, NaN];
    const z = Math.max(0, Math.min(2, Math.min(...cand)));
    const theta = 90 - 2 * Math.asin(Math.sqrt(z / 2)) * R2D;
    const phi = atan2d(X - xi * z, -(Y - eta * z));
    return [phi, theta];
  }
}

/**
 * AZP, zenithal perspective with mu = PV2_1 (distance of the point of projection from the
 * centre, in sphere radii) and gamma = PV2_2 (tilt, degrees) (Paper II eq. 20-27).
 */
export class Azp implements Projection {
  readonly code = 'AZP';
  readonly phi0 = 0;
  readonly theta0 = 90;
  private readonly mu: number;
  private readonly gamma: number;

  constructor(mu = 0, gamma = 0) {
    if (mu === -1) throw new WcsError('wcs_bad_parameter', 'AZP with mu = -1 is degenerate', 'PV2_1');
    this.mu = mu;
    this.gamma = gamma;
  }

  fromNative(phi: number, theta: number): [number, number] {
    const cthe = cosd(theta);
    const sthe = sind(theta);
    const cphi = cosd(phi);
    const sphi = sind(phi);
    const tg = tand(this.gamma);
    const den = this.mu + sthe + cthe * cphi * tg;
    if (den === 0) return [NaN, NaN];
    // points behind the point of projection are not representable
    if (Math.abs(this.mu) > 1 && sthe < -1 / this.mu && this.mu > 0) return [NaN, NaN];
    if (den < 0 && this.mu >= 0) return [NaN, NaN];
    const r = (R0 * (this.mu + 1) * cthe) / den;
    return [r * sphi, (-r * cphi) / cosd(this.gamma)];
  }

  toNative(x: number, y: number): [number, number] {
    const cg = cosd(this.gamma);
    const sg = sind(this.gamma);
    const ycg = y * cg;
    const r = Math.hypot(x, ycg);
    if (r === 0) return [0, 90];
    const phi = atan2d(x, -ycg);
    const rho = r / (R0 * (this.mu + 1) + y * sg);
    const psi = atan2d(1, rho);
    const s = (rho * this.mu) / Math.sqrt(rho * rho + 1);
    const omega = asind(s);
    if (Number.isNaN(omega)) return [NaN, NaN];
    const t1 = psi - omega;
    let t2 = psi + omega + 180;
    if (t2 > 90) t2 -= 360;
    // choose the solution nearer the native pole
    const theta = Math.abs(t1 - 90) <= Math.abs(t2 - 90) ? t1 : t2;
    if (theta < -90 - 1e-10 || theta > 90 + 1e-10) return [NaN, NaN];
    return [phi, theta];
  }
}

/** Build a zenithal projection from its code and the latitude axis's PV parameters. */
export function makeZenithal(code: string, pv: ProjectionParams): Projection | null {
  switch (code) {
    case 'TAN':
      return new Tan();
    case 'ARC':
      return new Arc();
    case 'ZEA':
      return new Zea();
    case 'STG':
      return new Stg();
    case 'SIN':
      return new Sin(pv[1] ?? 0, pv[2] ?? 0);
    case 'AZP':
      return new Azp(pv[1] ?? 0, pv[2] ?? 0);
    default:
      return null;
  }
}
