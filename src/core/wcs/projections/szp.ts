import { atan2d, cosd, D2R, sind } from '../angles.js';
import { WcsError } from '../errors.js';
import { R0, type Projection } from './types.js';

/**
 * SZP, slant zenithal perspective (Paper II §5.1.2): the sphere (unit radius) is projected
 * from a point at distance mu = PV2_1 (sphere radii, default 0) from its centre, in the
 * direction opposite to (phi_c, theta_c) = (PV2_2, PV2_3) (degrees, default 0 and 90), onto
 * the plane tangent at the native pole. With theta_c = 90 it is AZP without tilt.
 *
 * In coordinates measured from the tangent point, depth positive into the sphere, the point of
 * projection is at (xp, yp) = (-mu cos theta_c sin phi_c, mu cos theta_c cos phi_c) and depth
 * zp = 1 + mu sin theta_c; a point of the sphere is at depth z = 1 - sin theta (eq. 31-33).
 *
 * Not represented: points deeper than a point of projection that lies inside the sphere's
 * depth range (divergence), and, when the point of projection is outside the sphere (|mu| > 1),
 * the intersection of each line of sight farther from the plane (overlap). The overlap limit
 * is the geometric one; wcslib 7.12 (and 8.x) computes it with (zp - 1) zp - 1 where its
 * documentation and the geometry give (zp - 1)², so it rejects a few degrees of valid sky
 * beyond the limb for mu > 1 and accepts hidden points for mu < -1.
 */
export class Szp implements Projection {
  readonly code = 'SZP';
  readonly phi0 = 0;
  readonly theta0 = 90;
  private readonly mu: number;
  private readonly xp: number;
  private readonly yp: number;
  private readonly zp: number;

  constructor(mu = 0, phiC = 0, thetaC = 90) {
    if (!Number.isFinite(mu)) throw new WcsError('wcs_bad_parameter', `SZP needs a finite mu, got ${mu}`, 'PV2_1');
    if (!Number.isFinite(phiC)) throw new WcsError('wcs_bad_parameter', `SZP needs a finite phi_c, got ${phiC}`, 'PV2_2');
    if (!Number.isFinite(thetaC)) throw new WcsError('wcs_bad_parameter', `SZP needs a finite theta_c, got ${thetaC}`, 'PV2_3');
    this.mu = mu;
    this.xp = -mu * cosd(thetaC) * sind(phiC);
    this.yp = mu * cosd(thetaC) * cosd(phiC);
    this.zp = 1 + mu * sind(thetaC);
    if (!Number.isFinite(this.zp) || this.zp === 0) {
      throw new WcsError('wcs_bad_parameter', 'SZP with mu·sin(theta_c) = -1 puts the point of projection in the plane', 'PV2_1');
    }
  }

  fromNative(phi: number, theta: number): [number, number] {
    const cthe = cosd(theta);
    const sphi = sind(phi);
    const cphi = cosd(phi);
    const z = 1 - sind(theta);
    const t = this.zp - z;
    if (t === 0) return [NaN, NaN];
    // with the point of projection between the plane and the far side of the sphere, points
    // deeper than it would be projected backwards (divergence)
    if (this.zp > 0 && this.zp < 2 && t < 0) return [NaN, NaN];
    if (Math.abs(this.mu) > 1) {
      // the point of projection is outside the sphere: the line through it and the point
      // meets the sphere again at parameter t2 (the point at 1, the point of projection at
      // 0); only the intersection nearer the plane (nearer the native pole) is represented
      const pq = this.xp * cthe * sphi - this.yp * cthe * cphi + (1 - this.zp) * (1 - z);
      const t2 = (this.mu * this.mu - 1) / (1 - 2 * pq + this.mu * this.mu);
      if ((t2 - 1) * (z - this.zp) < -1e-13) return [NaN, NaN];
    }
    return [(R0 * (this.zp * cthe * sphi - this.xp * z)) / t, (-R0 * (this.zp * cthe * cphi + this.yp * z)) / t];
  }

  toNative(x: number, y: number): [number, number] {
    const X = x / R0;
    const Y = y / R0;
    const X1 = (X - this.xp) / this.zp;
    const Y1 = (Y - this.yp) / this.zp;
    // z² (X1² + Y1² + 1) - 2 z (X X1 + Y Y1 + 1) + (X² + Y²) = 0, from cos²θ = 2z - z²
    const a = X1 * X1 + Y1 * Y1 + 1;
    const b = X * X1 + Y * Y1 + 1;
    const c = X * X + Y * Y;
    const d = b * b - a * c;
    if (d < 0) return [NaN, NaN];
    const sq = Math.sqrt(d);
    // roots of the quadratic; the one nearest the native pole (smallest depth) unless negative
    const zHi = (b + sq) / a;
    const zLo = zHi !== 0 ? c / (a * zHi) : 0; // = (b - sq) / a without cancellation
    let z = zLo;
    if (z < -1e-13) z = zHi;
    if (z < -1e-13 || z > 2 + 1e-13) return [NaN, NaN];
    z = Math.min(2, Math.max(0, z));
    const sthe = 1 - z;
    const cthe = Math.sqrt(Math.max(0, z * (2 - z)));
    const theta = Math.atan2(sthe, cthe) / D2R;
    const u = X - X1 * z;
    const v = -(Y - Y1 * z);
    const phi = u === 0 && v === 0 ? 0 : atan2d(u, v);
    return [phi, theta];
  }
}

