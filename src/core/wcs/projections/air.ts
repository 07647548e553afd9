import { D2R, R2D } from '../angles.js';
import { WcsError } from '../errors.js';
import { bracketedNewton } from './root.js';
import { R0 } from './types.js';
import { Zenithal } from './zenithal.js';

/**
 * AIR, Airy's zenithal projection (Paper II §5.1.8), minimising the scale error inside the
 * native latitude theta_b = PV2_1 (degrees, default 90, -90 < theta_b):
 *
 *   R = -2 R0 [ ln(cos xi) / tan xi + ln(cos xi_b) / tan² xi_b · tan xi ],
 *   xi = (90 - theta)/2, xi_b = (90 - theta_b)/2,
 *
 * the second coefficient being -1/2 for theta_b = 90. The southern native pole is not
 * representable; the deprojection solves R(xi) = r by bracketing and Newton steps.
 */
export class Air extends Zenithal {
  readonly code = 'AIR';
  /** -ln(cos xi_b) / tan² xi_b (1/2 for theta_b = 90). */
  private readonly k: number;

  constructor(thetaB = 90) {
    super();
    if (!(thetaB > -90) || !Number.isFinite(thetaB)) throw new WcsError('wcs_bad_parameter', `AIR needs theta_b > -90 degrees, got ${thetaB}`, 'PV2_1');
    const xib = ((90 - thetaB) / 2) * D2R;
    if (xib === 0) {
      this.k = 0.5;
    } else {
      const t = Math.tan(xib);
      this.k = -lnCos(xib) / (t * t);
    }
  }

  /** R / (2 R0) for xi in radians. */
  private scaled(xi: number): number {
    if (xi === 0) return 0;
    const t = Math.tan(xi);
    return -lnCos(xi) / t + this.k * t;
  }

  protected radius(theta: number): number {
    if (!(theta > -90) || theta > 90) return NaN;
    return 2 * R0 * this.scaled(((90 - theta) / 2) * D2R);
  }

  /** d(R / 2 R0)/d xi. */
  private slope(xi: number): number {
    if (xi === 0) return 0.5 + this.k;
    const s = Math.sin(xi);
    const c = Math.cos(xi);
    return 1 + lnCos(xi) / (s * s) + this.k / (c * c);
  }

  protected latitude(r: number): number {
    const target = r / (2 * R0);
    if (target === 0) return 90;
    if (!(target > 0) || !Number.isFinite(target)) return NaN;
    // bracket: halve the distance to xi = 90 degrees until R exceeds r
    let lo = 0;
    let hi = Math.PI / 4;
    let k = 0;
    while (this.scaled(hi) < target) {
      lo = hi;
      hi = (hi + Math.PI / 2) / 2;
      if (++k > 60) return NaN;
    }
    const xi = bracketedNewton(
      (t) => this.scaled(t) - target,
      (t) => this.slope(t),
      lo,
      hi,
    );
    return 90 - 2 * xi * R2D;
  }
}

/** ln(cos x) without cancellation for small x. */
function lnCos(x: number): number {
  const s = Math.sin(x / 2);
  return Math.log1p(-2 * s * s);
}
