import { asind, atan2d, cosd, D2R, R2D, sind } from '../angles.js';
import { WcsError } from '../errors.js';
import { R0, type Projection, type ProjectionParams } from './types.js';

/** MER, Mercator (Paper II §5.2.5): x = phi, y = R0 ln tan((90 + theta)/2). */
export class Mer implements Projection {
  readonly code = 'MER';
  readonly phi0 = 0;
  readonly theta0 = 0;
  fromNative(phi: number, theta: number): [number, number] {
    if (theta <= -90 || theta >= 90) return [NaN, NaN];
    return [phi, R0 * Math.log(Math.tan(((90 + theta) / 2) * D2R))];
  }
  toNative(x: number, y: number): [number, number] {
    if (Math.abs(x) > 180 + 1e-10) return [NaN, NaN];
    return [Math.max(-180, Math.min(180, x)), 2 * Math.atan(Math.exp(y / R0)) * R2D - 90];
  }
}

/** CEA, cylindrical equal area with lambda = PV2_1 (default 1): y = R0 sin(theta) / lambda. */
export class Cea implements Projection {
  readonly code = 'CEA';
  readonly phi0 = 0;
  readonly theta0 = 0;
  private readonly lambda: number;
  constructor(lambda = 1) {
    if (!(lambda > 0 && lambda <= 1)) throw new WcsError('wcs_bad_parameter', 'CEA needs 0 < lambda ≤ 1', 'PV2_1');
    this.lambda = lambda;
  }
  fromNative(phi: number, theta: number): [number, number] {
    return [phi, (R0 * sind(theta)) / this.lambda];
  }
  toNative(x: number, y: number): [number, number] {
    const t = asind((this.lambda * y) / R0);
    if (Number.isNaN(t) || Math.abs(x) > 180 + 1e-10) return [NaN, NaN];
    return [Math.max(-180, Math.min(180, x)), t];
  }
}

/** SFL, Sanson-Flamsteed (Paper II §5.3.1): x = phi cos(theta), y = theta. */
export class Sfl implements Projection {
  readonly code = 'SFL';
  readonly phi0 = 0;
  readonly theta0 = 0;
  fromNative(phi: number, theta: number): [number, number] {
    return [phi * cosd(theta), theta];
  }
  toNative(x: number, y: number): [number, number] {
    if (Math.abs(y) > 90 + 1e-10) return [NaN, NaN];
    const c = cosd(y);
    if (c === 0) return x === 0 ? [0, y] : [NaN, NaN];
    const phi = x / c;
    return Math.abs(phi) > 180 + 1e-10 ? [NaN, NaN] : [phi, y];
  }
}

/** PAR, parabolic (Paper II §5.3.2). */
export class Par implements Projection {
  readonly code = 'PAR';
  readonly phi0 = 0;
  readonly theta0 = 0;
  fromNative(phi: number, theta: number): [number, number] {
    const s = sind(theta / 3);
    return [phi * (1 - 4 * s * s), 180 * s];
  }
  toNative(x: number, y: number): [number, number] {
    const s = y / 180;
    // |y| ≤ 90: theta = 3 asin(y / 180) stays within ±90
    if (Math.abs(s) > 0.5 + 1e-13) return [NaN, NaN];
    const k = 1 - 4 * s * s;
    const theta = Math.max(-90, Math.min(90, 3 * asind(Math.max(-1, Math.min(1, s)))));
    if (k === 0) return x === 0 ? [0, theta] : [NaN, NaN];
    const phi = x / k;
    return Math.abs(phi) > 180 + 1e-10 ? [NaN, NaN] : [phi, theta];
  }
}

/** MOL, Mollweide (Paper II §5.3.3). */
export class Mol implements Projection {
  readonly code = 'MOL';
  readonly phi0 = 0;
  readonly theta0 = 0;
  fromNative(phi: number, theta: number): [number, number] {
    // solve 2g + sin(2g) = pi sin(theta) for the auxiliary angle g
    const target = Math.PI * sind(theta);
    let g: number;
    if (Math.abs(Math.abs(theta) - 90) < 1e-12) {
      g = Math.sign(theta) * (Math.PI / 2);
    } else {
      g = theta * D2R;
      for (let k = 0; k < 100; k++) {
        const f = 2 * g + Math.sin(2 * g) - target;
        const d = 2 + 2 * Math.cos(2 * g);
        if (d === 0) break;
        const dg = f / d;
        g -= dg;
        if (Math.abs(dg) < 1e-15) break;
      }
    }
    return [((2 * Math.SQRT2) / Math.PI) * phi * Math.cos(g), Math.SQRT2 * R0 * Math.sin(g)];
  }
  toNative(x: number, y: number): [number, number] {
    const s = y / (Math.SQRT2 * R0);
    if (Math.abs(s) > 1 + 1e-13) return [NaN, NaN];
    const sc = Math.max(-1, Math.min(1, s));
    const g = Math.asin(sc);
    const c = Math.cos(g);
    const theta = asind((2 * g + Math.sin(2 * g)) / Math.PI);
    if (c === 0) return x === 0 ? [0, theta] : [NaN, NaN];
    const phi = (Math.PI * x) / (2 * Math.SQRT2 * c);
    return Math.abs(phi) > 180 + 1e-10 || Number.isNaN(theta) ? [NaN, NaN] : [phi, theta];
  }
}

/**
 * CYP, cylindrical perspective (Paper II §5.2.1) with mu = PV2_1 (distance of the point of
 * projection from the centre of the sphere, in radii; default 1) and lambda = PV2_2 (radius of
 * the cylinder; default 1): x = lambda phi, y = R0 (mu + lambda) sin(theta) / (mu + cos(theta)).
 */
export class Cyp implements Projection {
  readonly code = 'CYP';
  readonly phi0 = 0;
  readonly theta0 = 0;
  private readonly mu: number;
  private readonly lambda: number;
  constructor(mu = 1, lambda = 1) {
    if (!Number.isFinite(lambda) || lambda === 0) throw new WcsError('wcs_bad_parameter', 'CYP needs lambda ≠ 0', 'PV2_2');
    if (!Number.isFinite(mu) || mu + lambda === 0) throw new WcsError('wcs_bad_parameter', 'CYP needs mu + lambda ≠ 0', 'PV2_1');
    this.mu = mu;
    this.lambda = lambda;
  }
  fromNative(phi: number, theta: number): [number, number] {
    const d = this.mu + cosd(theta);
    if (d === 0) return [NaN, NaN];
    return [this.lambda * phi, (R0 * (this.mu + this.lambda) * sind(theta)) / d];
  }
  toNative(x: number, y: number): [number, number] {
    const phi = x / this.lambda;
    if (Math.abs(phi) > 180 + 1e-10) return [NaN, NaN];
    const eta = y / (R0 * (this.mu + this.lambda));
    const theta = atan2d(eta, 1) + asind((eta * this.mu) / Math.sqrt(eta * eta + 1));
    if (Number.isNaN(theta) || Math.abs(theta) > 90 + 1e-10) return [NaN, NaN];
    return [Math.max(-180, Math.min(180, phi)), Math.max(-90, Math.min(90, theta))];
  }
}

/** Build a cylindrical or pseudo-cylindrical projection (other than CAR) from its code. */
export function makeCylindrical(code: string, pv: ProjectionParams): Projection | null {
  switch (code) {
    case 'MER':
      return new Mer();
    case 'CEA':
      return new Cea(pv[1] ?? 1);
    case 'SFL':
      return new Sfl();
    case 'PAR':
      return new Par();
    case 'MOL':
      return new Mol();
    case 'CYP':
      return new Cyp(pv[1] ?? 1, pv[2] ?? 1);
    default:
      return null;
  }
}
