import { atan2d, cosd, D2R, R2D, sind } from '../angles.js';
import { WcsError } from '../errors.js';
import { R0, type Projection, type ProjectionParams } from './types.js';

/**
 * ZPN, zenithal polynomial (Paper II §5.1.7): R = R0 · Σ P_m ζ^m with ζ = (90 - theta) in
 * radians and P_m = PV2_m, m = 0..20 (used e.g. by VISTA/VIRCAM and UKIRT/WFCAM). The
 * deprojection solves the polynomial on its first monotonic branch, so only zenith distances
 * up to the first maximum of R (or 180 degrees) are representable; with P_0 > 0 the centre of
 * the plane (R < P_0) is a hole.
 */
export class Zpn implements Projection {
  readonly code = 'ZPN';
  readonly phi0 = 0;
  readonly theta0 = 90;
  private readonly p: Float64Array;
  private readonly n: number;
  /** Largest zenith distance (radians) on the first increasing branch. */
  private readonly zdMax: number;
  /** R/R0 at zdMax. */
  private readonly rMax: number;

  constructor(pv: ProjectionParams) {
    const p = new Float64Array(21);
    let n = -1;
    for (let m = 0; m <= 20; m++) {
      p[m] = pv[m] ?? 0;
      if (p[m] !== 0) n = m;
    }
    if (n < 1) throw new WcsError('wcs_bad_parameter', 'ZPN needs at least one PV2_m with m ≥ 1', 'PV2_1');
    this.p = p;
    this.n = n;
    // find the first maximum of R(ζ) in [0, π]
    if (this.deriv(0) <= 0) throw new WcsError('wcs_bad_parameter', 'ZPN polynomial does not increase from the centre', 'PV2_1');
    let zd = Math.PI;
    const steps = 2000;
    for (let i = 1; i <= steps; i++) {
      const z = (Math.PI * i) / steps;
      if (this.deriv(z) <= 0) {
        // refine the root of the derivative by bisection
        let lo = (Math.PI * (i - 1)) / steps;
        let hi = z;
        for (let k = 0; k < 60; k++) {
          const mid = (lo + hi) / 2;
          if (this.deriv(mid) > 0) lo = mid;
          else hi = mid;
        }
        zd = lo;
        break;
      }
    }
    this.zdMax = zd;
    this.rMax = this.poly(zd);
  }

  private poly(z: number): number {
    let s = 0;
    for (let m = this.n; m >= 0; m--) s = s * z + this.p[m];
    return s;
  }

  private deriv(z: number): number {
    let s = 0;
    for (let m = this.n; m >= 1; m--) s = s * z + m * this.p[m];
    return s;
  }

  fromNative(phi: number, theta: number): [number, number] {
    const z = (90 - theta) * D2R;
    if (z > this.zdMax + 1e-12) return [NaN, NaN];
    const r = R0 * this.poly(z);
    return [r * sind(phi), -r * cosd(phi)];
  }

  toNative(x: number, y: number): [number, number] {
    const r = Math.hypot(x, y) / R0;
    const phi = r === 0 ? 0 : atan2d(x, -y);
    const r0 = this.p[0];
    if (r < r0 - 1e-13 || r > this.rMax + 1e-13) return [NaN, NaN];
    let z: number;
    if (this.n === 1) {
      z = (r - r0) / this.p[1];
    } else {
      // bisection + Newton on the monotonic branch [0, zdMax]
      let lo = 0;
      let hi = this.zdMax;
      z = (r - r0) / this.p[1];
      if (!(z > lo && z < hi)) z = (lo + hi) / 2;
      for (let k = 0; k < 100; k++) {
        const f = this.poly(z) - r;
        if (f > 0) hi = z;
        else lo = z;
        const d = this.deriv(z);
        let next = d > 0 ? z - f / d : (lo + hi) / 2;
        if (!(next > lo && next < hi)) next = (lo + hi) / 2;
        if (Math.abs(next - z) < 1e-15) {
          z = next;
          break;
        }
        z = next;
      }
    }
    return [phi, 90 - z * R2D];
  }
}
