import { atan2d, cosd, D2R, R2D, sind, tand } from '../angles.js';
import { WcsError } from '../errors.js';
import { R0, type Projection, type ProjectionParams } from './types.js';

/**
 * Conic projections (Paper II §5.5): theta_a = PV2_1 (degrees, required, ≠ 0) and eta = PV2_2
 * (degrees, default 0) give the standard parallels theta_1,2 = theta_a ∓ eta. The cone is
 * unrolled with apex at (0, Y0) and constant C:
 *
 *   x = R_theta sin(C phi),   y = -R_theta cos(C phi) + Y0,   Y0 = R_theta_a,
 *
 * and the fiducial point is (phi0, theta0) = (0, theta_a). The inverse takes
 * R_theta = sign(theta_a) sqrt(x² + (Y0 - y)²), phi = atan2(x / R, (Y0 - y) / R) / C.
 */
abstract class Conic implements Projection {
  abstract readonly code: string;
  readonly phi0 = 0;
  readonly theta0: number;
  protected readonly thetaA: number;
  protected readonly eta: number;
  /** Constant of the cone (phi on the plane = C phi). */
  protected abstract readonly c: number;
  /** Distance of the fiducial point from the apex (degrees). */
  protected abstract readonly y0: number;

  constructor(code: string, thetaA: number | undefined, eta: number) {
    if (thetaA === undefined) throw new WcsError('wcs_bad_parameter', `${code} needs PV2_1 (theta_a)`, 'PV2_1');
    if (!Number.isFinite(thetaA) || Math.abs(thetaA) > 90) throw new WcsError('wcs_bad_parameter', `${code} needs |theta_a| ≤ 90 degrees`, 'PV2_1');
    if (!Number.isFinite(eta)) throw new WcsError('wcs_bad_parameter', `${code}: invalid eta`, 'PV2_2');
    this.thetaA = thetaA;
    this.eta = eta;
    this.theta0 = thetaA;
  }

  /** R_theta (degrees, signed like theta_a), NaN where undefined. */
  protected abstract radius(theta: number): number;
  /** Native latitude for a signed R_theta, NaN where undefined. */
  protected abstract latitude(r: number): number;

  fromNative(phi: number, theta: number): [number, number] {
    const r = this.radius(theta);
    if (!Number.isFinite(r)) return [NaN, NaN];
    const a = this.c * phi;
    return [r * sind(a), -r * cosd(a) + this.y0];
  }

  toNative(x: number, y: number): [number, number] {
    const dy = this.y0 - y;
    let r = Math.hypot(x, dy);
    if (this.thetaA < 0) r = -r;
    const phi = r === 0 ? 0 : atan2d(x / r, dy / r) / this.c;
    if (!(Math.abs(phi) <= 180 + 1e-10)) return [NaN, NaN];
    const theta = this.latitude(r);
    if (!(Math.abs(theta) <= 90 + 1e-10)) return [NaN, NaN];
    return [Math.max(-180, Math.min(180, phi)), Math.max(-90, Math.min(90, theta))];
  }
}

/** COP, conic perspective: C = sin theta_a, R = R0 cos(eta) [cot theta_a - tan(theta - theta_a)]. */
export class Cop extends Conic {
  readonly code = 'COP';
  protected readonly c: number;
  protected readonly y0: number;
  private readonly k: number; // R0 cos(eta)
  private readonly cot: number; // cot(theta_a)

  constructor(thetaA: number | undefined, eta = 0) {
    super('COP', thetaA, eta);
    this.c = sind(this.thetaA);
    if (this.c === 0) throw new WcsError('wcs_bad_parameter', 'COP needs theta_a ≠ 0', 'PV2_1');
    this.k = R0 * cosd(eta);
    if (cosd(eta) === 0) throw new WcsError('wcs_bad_parameter', 'COP needs cos(eta) ≠ 0', 'PV2_2');
    this.cot = cosd(this.thetaA) / this.c;
    this.y0 = this.k * this.cot;
  }

  protected radius(theta: number): number {
    const d = theta - this.thetaA;
    const cd = cosd(d);
    if (cd === 0) return NaN;
    // the pole on the apex's side is the apex; the other one is not represented
    if (Math.abs(theta) === 90) return theta < 0 === this.thetaA < 0 ? 0 : NaN;
    const r = this.k * (this.cot - sind(d) / cd);
    // beyond the divergence R changes sign: that part is not represented
    if (r * this.c < 0) return NaN;
    return r;
  }

  protected latitude(r: number): number {
    return this.thetaA + Math.atan(this.cot - r / this.k) * R2D;
  }
}

/** COE, conic equal-area: gamma = sin theta_1 + sin theta_2, C = gamma / 2. */
export class Coe extends Conic {
  readonly code = 'COE';
  protected readonly c: number;
  protected readonly y0: number;
  private readonly gamma: number;
  private readonly s1s2: number; // 1 + sin theta_1 sin theta_2

  constructor(thetaA: number | undefined, eta = 0) {
    super('COE', thetaA, eta);
    const s1 = sind(this.thetaA - eta);
    const s2 = sind(this.thetaA + eta);
    this.gamma = s1 + s2;
    if (this.gamma === 0 || !Number.isFinite(this.gamma)) {
      throw new WcsError('wcs_bad_parameter', 'COE needs sin(theta_1) + sin(theta_2) ≠ 0', 'PV2_1');
    }
    this.c = this.gamma / 2;
    this.s1s2 = 1 + s1 * s2;
    this.y0 = this.radius(this.thetaA);
  }

  protected radius(theta: number): number {
    return ((2 * R0) / this.gamma) * Math.sqrt(Math.max(0, this.s1s2 - this.gamma * sind(theta)));
  }

  protected latitude(r: number): number {
    const w = (r * this.gamma) / (2 * R0);
    const s = (this.s1s2 - w * w) / this.gamma;
    if (Math.abs(s) > 1 + 1e-12) return NaN;
    return Math.asin(Math.max(-1, Math.min(1, s))) * R2D;
  }
}

/** COD, conic equidistant: C = sin theta_a sin eta / eta, R = theta_a - theta + eta cot eta cot theta_a. */
export class Cod extends Conic {
  readonly code = 'COD';
  protected readonly c: number;
  protected readonly y0: number;

  constructor(thetaA: number | undefined, eta = 0) {
    super('COD', thetaA, eta);
    const sa = sind(this.thetaA);
    if (sa === 0) throw new WcsError('wcs_bad_parameter', 'COD needs theta_a ≠ 0', 'PV2_1');
    const cotA = cosd(this.thetaA) / sa;
    if (eta === 0) {
      this.c = sa;
      this.y0 = R0 * cotA;
    } else {
      const er = eta * D2R;
      this.c = (sa * Math.sin(er)) / er;
      this.y0 = ((eta * Math.cos(er)) / Math.sin(er)) * cotA;
    }
    if (this.c === 0 || !Number.isFinite(this.c) || !Number.isFinite(this.y0)) {
      throw new WcsError('wcs_bad_parameter', 'COD: invalid eta', 'PV2_2');
    }
  }

  protected radius(theta: number): number {
    return this.thetaA - theta + this.y0;
  }

  protected latitude(r: number): number {
    return this.thetaA + this.y0 - r;
  }
}

/** COO, conic orthomorphic (Lambert conformal): R = psi tan^C((90 - theta)/2). */
export class Coo extends Conic {
  readonly code = 'COO';
  protected readonly c: number;
  protected readonly y0: number;
  private readonly psi: number;

  constructor(thetaA: number | undefined, eta = 0) {
    super('COO', thetaA, eta);
    const t1 = this.thetaA - eta;
    const t2 = this.thetaA + eta;
    const tan1 = tand((90 - t1) / 2);
    let c: number;
    if (t1 === t2) c = sind(t1);
    else c = Math.log(cosd(t2) / cosd(t1)) / Math.log(tand((90 - t2) / 2) / tan1);
    if (c === 0 || !Number.isFinite(c)) throw new WcsError('wcs_bad_parameter', 'COO needs a cone constant ≠ 0 (theta_a ≠ 0, standard parallels off the poles)', 'PV2_1');
    this.c = c;
    this.psi = (R0 * cosd(t1)) / (c * Math.pow(tan1, c));
    if (this.psi === 0 || !Number.isFinite(this.psi)) throw new WcsError('wcs_bad_parameter', 'COO: a standard parallel at a pole', 'PV2_2');
    this.y0 = this.radius(this.thetaA);
  }

  protected radius(theta: number): number {
    const t = tand((90 - theta) / 2);
    if (theta === -90 || theta === 90) {
      // the pole on the side of the apex is the apex; the other is at infinity
      if ((theta === 90) === this.c > 0) return 0;
      return NaN;
    }
    return this.psi * Math.pow(t, this.c);
  }

  protected latitude(r: number): number {
    if (r === 0) return this.c > 0 ? 90 : -90;
    const q = r / this.psi;
    if (!(q > 0)) return NaN;
    return 90 - 2 * Math.atan(Math.pow(q, 1 / this.c)) * R2D;
  }
}

/** Build a conic projection from its code and the latitude axis's PV parameters. */
export function makeConic(code: string, pv: ProjectionParams): Projection | null {
  switch (code) {
    case 'COP':
      return new Cop(pv[1], pv[2] ?? 0);
    case 'COE':
      return new Coe(pv[1], pv[2] ?? 0);
    case 'COD':
      return new Cod(pv[1], pv[2] ?? 0);
    case 'COO':
      return new Coo(pv[1], pv[2] ?? 0);
    default:
      return null;
  }
}
