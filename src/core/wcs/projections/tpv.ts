import { forwardDifference, newtonInverse2d, type PlaneMap } from '../newton.js';

/**
 * TPV distortion (the SCAMP / IRAF "TPV" convention, as wcslib's dis.c implements it): a
 * polynomial applied to intermediate world coordinates (degrees) before the TAN
 * deprojection. Axis 1 uses PV1_0..PV1_39 on (x, y, r); axis 2 uses PV2_0..PV2_39 on the
 * swapped variables (y, x, r). If the header has no PV1_m/PV2_m at all the distortion is the
 * identity; otherwise missing coefficients are zero (as wcslib/astropy do).
 */
export class TpvDistortion {
  private readonly c1: Float64Array;
  private readonly c2: Float64Array;
  private readonly maxTerm: number;

  constructor(pv1: ReadonlyArray<number | undefined>, pv2: ReadonlyArray<number | undefined>) {
    this.c1 = new Float64Array(40);
    this.c2 = new Float64Array(40);
    let max = 0;
    for (let k = 0; k < 40; k++) {
      this.c1[k] = pv1[k] ?? 0;
      this.c2[k] = pv2[k] ?? 0;
      if (this.c1[k] !== 0 || this.c2[k] !== 0) max = k;
    }
    this.maxTerm = max;
  }

  /** True when at least one PV1_m/PV2_m is present (else TPV is plain TAN). */
  static present(pv1: ReadonlyArray<number | undefined>, pv2: ReadonlyArray<number | undefined>): boolean {
    for (let k = 0; k < 40; k++) if (pv1[k] !== undefined || pv2[k] !== undefined) return true;
    return false;
  }

  /** Distorted (x', y') from undistorted intermediate (x, y), degrees. */
  apply(x: number, y: number): [number, number] {
    return [poly(this.c1, x, y, this.maxTerm), poly(this.c2, y, x, this.maxTerm)];
  }

  /**
   * Inverse by Newton iteration with a numerical Jacobian: (x, y) such that apply(x, y) is
   * (xd, yd). Returns NaN when it does not converge.
   */
  invert(xd: number, yd: number): [number, number] {
    let x = xd;
    let y = yd;
    // start from the linear part (then Newton with the Jacobian by forward differences of 1e-7)
    const a11 = this.c1[1];
    const a12 = this.c1[2];
    const a21 = this.c2[2];
    const a22 = this.c2[1];
    const det0 = a11 * a22 - a12 * a21;
    if (det0 !== 0 && Number.isFinite(det0)) {
      const bx = xd - this.c1[0];
      const by = yd - this.c2[0];
      x = (a22 * bx - a12 * by) / det0;
      y = (-a21 * bx + a11 * by) / det0;
    }
    const map: PlaneMap = (u, v) => this.apply(u, v);
    return newtonInverse2d(map, forwardDifference(map, 1e-7), xd, yd, x, y, { maxIterations: 50, stepTolerance: 1e-15, residualTolerance: 1e-14, finalTolerance: 1e-11 });
  }
}

/** Sum of c[k] * term_k(u, v, r), r = sqrt(u^2 + v^2), for the 40 TPV terms. */
function poly(c: Float64Array, u: number, v: number, maxTerm: number): number {
  const r = Math.sqrt(u * u + v * v);
  const u2 = u * u;
  const v2 = v * v;
  let s = c[0] + c[1] * u + c[2] * v + c[3] * r;
  if (maxTerm <= 3) return s;
  s += c[4] * u2 + c[5] * u * v + c[6] * v2;
  if (maxTerm <= 6) return s;
  const u3 = u2 * u;
  const v3 = v2 * v;
  s += c[7] * u3 + c[8] * u2 * v + c[9] * u * v2 + c[10] * v3 + c[11] * r * r * r;
  if (maxTerm <= 11) return s;
  const u4 = u3 * u;
  const v4 = v3 * v;
  s += c[12] * u4 + c[13] * u3 * v + c[14] * u2 * v2 + c[15] * u * v3 + c[16] * v4;
  if (maxTerm <= 16) return s;
  const r2 = r * r;
  s += c[17] * u4 * u + c[18] * u4 * v + c[19] * u3 * v2 + c[20] * u2 * v3 + c[21] * u * v4 + c[22] * v4 * v;
  s += c[23] * r2 * r2 * r;
  if (maxTerm <= 23) return s;
  s += c[24] * u4 * u2 + c[25] * u4 * u * v + c[26] * u4 * v2 + c[27] * u3 * v3 + c[28] * u2 * v4 + c[29] * u * v4 * v + c[30] * v4 * v2;
  if (maxTerm <= 30) return s;
  s +=
    c[31] * u4 * u3 +
    c[32] * u4 * u2 * v +
    c[33] * u4 * u * v2 +
    c[34] * u4 * v3 +
    c[35] * u3 * v4 +
    c[36] * u2 * v4 * v +
    c[37] * u * v4 * v2 +
    c[38] * v4 * v3;
  s += c[39] * r2 * r2 * r2 * r;
  return s;
}
