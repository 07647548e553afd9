import { cosd, D2R, R2D, sind } from '../angles.js';
import type { Projection } from './types.js';

/**
 * Quad-cube projections (Paper II §5.6): the sphere is projected onto the six faces of a cube,
 * unfolded on the plane with faces 1–4 along the equator (centres at x = 0, 90, 180, 270
 * degrees) and faces 0 (north) and 5 (south) above and below face 1. Each face is 90 × 90
 * degrees; the fiducial point is (0, 0).
 *
 * With the direction cosines l = cos θ cos φ, m = cos θ sin φ, n = sin θ, the face is the one
 * whose axis is nearest the point (the largest of n, l, m, -l, -m, -n, first one on ties), and
 * (zeta, xi, eta) are the point's coordinates along that face's axis and its two in-face
 * axes (Paper II table 10).
 */
abstract class QuadCube implements Projection {
  abstract readonly code: string;
  readonly phi0 = 0;
  readonly theta0 = 0;

  /** Face coordinates (-45 … 45 degrees) of a point with in-face direction cosines. */
  protected abstract toFace(zeta: number, xi: number, eta: number): [number, number];
  /** In-face direction cosines (zeta, xi, eta) of face coordinates (-45 … 45), or null. */
  protected abstract fromFace(u: number, v: number): [number, number, number] | null;

  fromNative(phi: number, theta: number): [number, number] {
    if (!(Math.abs(theta) <= 90)) return [NaN, NaN];
    const ct = cosd(theta);
    const l = ct * cosd(phi);
    const m = ct * sind(phi);
    const n = sind(theta);
    let face = 0;
    let best = n;
    if (l > best) [face, best] = [1, l];
    if (m > best) [face, best] = [2, m];
    if (-l > best) [face, best] = [3, -l];
    if (-m > best) [face, best] = [4, -m];
    if (-n > best) face = 5;
    let fx: number;
    let fy: number;
    switch (face) {
      case 0:
        [fx, fy] = this.toFace(n, m, -l);
        return [fx, fy + 90];
      case 1:
        return this.toFace(l, m, n);
      case 2:
        [fx, fy] = this.toFace(m, -l, n);
        return [fx + 90, fy];
      case 3:
        [fx, fy] = this.toFace(-l, -m, n);
        return [fx + 180, fy];
      case 4:
        [fx, fy] = this.toFace(-m, l, n);
        return [fx + 270, fy];
      default:
        [fx, fy] = this.toFace(-n, m, l);
        return [fx, fy - 90];
    }
  }

  toNative(x: number, y: number): [number, number] {
    // the layout: faces 1-4 along |y| ≤ 45 from x = -45 to 315 (x down to -315 is taken
    // as x + 360, as in wcslib), faces 0 and 5 above and below face 1
    if (Math.abs(x) <= 45) {
      if (Math.abs(y) > 135) return [NaN, NaN];
    } else if (Math.abs(x) > 315 || Math.abs(y) > 45) {
      return [NaN, NaN];
    }
    let xx = x < -45 ? x + 360 : x;
    let u: number;
    let v = y;
    let face: number;
    if (xx > 225) face = 4;
    else if (xx > 135) face = 3;
    else if (xx > 45) face = 2;
    else if (y > 45) face = 0;
    else if (y < -45) face = 5;
    else face = 1;
    if (face === 0) v = y - 90;
    else if (face === 5) v = y + 90;
    else xx -= 90 * (face - 1);
    u = xx;
    u = Math.max(-45, Math.min(45, u));
    v = Math.max(-45, Math.min(45, v));
    const f = this.fromFace(u, v);
    if (!f) return [NaN, NaN];
    const [zeta, xi, eta] = f;
    let l: number;
    let m: number;
    let n: number;
    switch (face) {
      case 0:
        [n, m, l] = [zeta, xi, -eta];
        break;
      case 1:
        [l, m, n] = [zeta, xi, eta];
        break;
      case 2:
        [m, l, n] = [zeta, -xi, eta];
        break;
      case 3:
        [l, m, n] = [-zeta, -xi, eta];
        break;
      case 4:
        [m, l, n] = [-zeta, xi, eta];
        break;
      default:
        [n, m, l] = [-zeta, xi, eta];
    }
    const h = Math.hypot(l, m);
    const phi = h === 0 ? 0 : Math.atan2(m, l) * R2D;
    return [phi, Math.atan2(n, h) * R2D];
  }
}

/** TSC, tangential spherical cube: gnomonic projection onto each face. */
export class Tsc extends QuadCube {
  readonly code = 'TSC';
  protected toFace(zeta: number, xi: number, eta: number): [number, number] {
    return [(45 * xi) / zeta, (45 * eta) / zeta];
  }
  protected fromFace(u: number, v: number): [number, number, number] {
    const chi = u / 45;
    const psi = v / 45;
    const t = 1 / Math.sqrt(1 + chi * chi + psi * psi);
    return [t, chi * t, psi * t];
  }
}

// COBE quadrilateralized spherical cube: the polynomial approximations of Chan & O'Neill (1975)
// as given in Paper II §5.6.2 (forward: gamma*, M, Gamma, Omega_1, C_ij, D_i; inverse: P_ij).
const GSTAR = 1.37484847732;
const MM = 0.004869491981;
const GAMMA = -0.13161671474;
const OMEGA1 = -0.159596235474;
const C00 = 0.141189631152;
const C10 = 0.0809701286525;
const C01 = -0.281528535557;
const C20 = -0.178251207466;
const C11 = 0.15384112876;
const C02 = 0.106959469314;
const D0 = 0.0759196200467;
const D1 = -0.0217762490699;
/** P[i][j], coefficient of X^2i Y^2j in the inverse series (i + j ≤ 6). */
const P: readonly (readonly number[])[] = [
  [-0.27292696, -0.02819452, 0.2705816, -0.6044156, 0.93412077, -0.63915306, 0.14381585],
  [-0.07629969, -0.01471565, -0.56800938, 1.50880086, -1.4160192, 0.52032238],
  [-0.22797056, 0.48051509, 0.30803317, -0.93678576, 0.33887446],
  [0.54852384, -1.74114454, 0.98938102, 0.08693841],
  [-0.62930065, 1.71547508, -0.83180469],
  [0.25795794, -0.53022337],
  [0.02584375],
];

/** CSC forward distortion: face coordinate (in face half-widths) from the gnomonic (chi, psi). */
function cscForward(chi: number, psi: number): number {
  const c2 = chi * chi;
  const p2 = psi * psi;
  const omc2 = 1 - c2;
  const cij = C00 + C10 * c2 + C01 * p2 + C20 * c2 * c2 + C11 * c2 * p2 + C02 * p2 * p2;
  const f =
    chi * GSTAR +
    chi * c2 * (1 - GSTAR) +
    chi * p2 * omc2 * (GAMMA + (MM - GAMMA) * c2 + (1 - p2) * cij) +
    chi * c2 * omc2 * (OMEGA1 - omc2 * (D0 + D1 * c2));
  return Math.max(-1, Math.min(1, f));
}

/** CSC inverse series: gnomonic chi from face coordinates (X, Y) in face half-widths. */
function cscInverse(X: number, Y: number): number {
  const x2 = X * X;
  const y2 = Y * Y;
  let s = 0;
  let xp = 1;
  for (let i = 0; i < P.length; i++) {
    let yp = 1;
    const row = P[i];
    for (let j = 0; j < row.length; j++) {
      s += row[j] * xp * yp;
      yp *= y2;
    }
    xp *= x2;
  }
  return X + X * (1 - x2) * s;
}

/**
 * CSC, COBE quadrilateralized spherical cube: approximately equal-area; forward and inverse
 * are separate polynomial fits, so a round trip closes only to ~1e-4 of a face (~0.01 degree
 * at 45 degrees per half face), as in wcslib.
 */
export class Csc extends QuadCube {
  readonly code = 'CSC';
  protected toFace(zeta: number, xi: number, eta: number): [number, number] {
    const chi = xi / zeta;
    const psi = eta / zeta;
    return [45 * cscForward(chi, psi), 45 * cscForward(psi, chi)];
  }
  protected fromFace(u: number, v: number): [number, number, number] {
    const X = u / 45;
    const Y = v / 45;
    const chi = cscInverse(X, Y);
    const psi = cscInverse(Y, X);
    const t = 1 / Math.sqrt(1 + chi * chi + psi * psi);
    return [t, chi * t, psi * t];
  }
}

/**
 * QSC, quadrilateralized spherical cube (exactly equal-area). On a face, with the larger in-face
 * cosine |a| (a = xi or eta), the other b and omega = b / a:
 *   u = 45 sign(a) sqrt((1 - zeta) / (1 - 1/sqrt(2 + omega²))),
 *   v = (u / 15) [atan(omega) - asin(omega / sqrt(2 (1 + omega²)))]   (degrees),
 * u along a's axis and v along b's.
 */
export class Qsc extends QuadCube {
  readonly code = 'QSC';
  protected toFace(zeta: number, xi: number, eta: number): [number, number] {
    if (xi === 0 && eta === 0) return [0, 0];
    const swap = Math.abs(xi) < Math.abs(eta);
    const a = swap ? eta : xi;
    const b = swap ? xi : eta;
    const omega = b / a;
    // 1 - zeta without cancellation near the face centre
    const omz = (xi * xi + eta * eta) / (1 + zeta);
    const u = 45 * Math.sign(a) * Math.sqrt(omz / (1 - 1 / Math.sqrt(2 + omega * omega)));
    const v = (u / 15) * (Math.atan(omega) - Math.asin(omega / Math.sqrt(2 * (1 + omega * omega)))) * R2D;
    return swap ? [v, u] : [u, v];
  }
  protected fromFace(x: number, y: number): [number, number, number] {
    if (x === 0 && y === 0) return [1, 0, 0];
    const swap = Math.abs(x) < Math.abs(y);
    const u = swap ? y : x;
    const v = swap ? x : y;
    const w = 15 * (v / u) * D2R;
    const omega = Math.sin(w) / (Math.cos(w) - Math.SQRT1_2);
    const q = u / 45;
    const omz = q * q * (1 - 1 / Math.sqrt(2 + omega * omega)); // 1 - zeta
    const zeta = 1 - omz;
    const a = Math.sign(u) * Math.sqrt(Math.max(0, (omz * (2 - omz)) / (1 + omega * omega)));
    const b = omega * a;
    return swap ? [zeta, b, a] : [zeta, a, b];
  }
}
