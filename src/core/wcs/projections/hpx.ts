import { D2R, R2D, sind } from '../angles.js';
import { WcsError } from '../errors.js';
import type { Projection } from './types.js';

/**
 * HPX, HEALPix (Calabretta & Roukema 2007) with H = PV2_1 facets in longitude (default 4) and
 * K = PV2_2 in latitude (default 3); fiducial point (0, 0). All in degrees.
 *
 * Equatorial zone, |sin θ| ≤ (K - 1)/K:  x = φ,  y = (90 K / H) sin θ.
 * Polar zones, with sigma = sqrt(K (1 - |sin θ|)), omega = 1 if K is odd or θ > 0 else 0,
 *   φ_c = -180 + (2 floor((φ + 180) H / 360 + (1 - omega)/2) + omega) 180 / H,
 *   x = φ_c + (φ - φ_c) sigma,  y = ±(180 / H) ((K + 1)/2 - sigma).
 * Points of the plane between the polar triangles are outside the projection (NaN).
 */
export class Hpx implements Projection {
  readonly code = 'HPX';
  readonly phi0 = 0;
  readonly theta0 = 0;
  private readonly h: number;
  private readonly k: number;
  private readonly kOdd: boolean;
  /** y of the boundary between the equatorial and polar zones. */
  private readonly yx: number;

  constructor(h = 4, k = 3) {
    if (!(h > 0) || !Number.isFinite(h)) throw new WcsError('wcs_bad_parameter', `HPX needs H > 0, got ${h}`, 'PV2_1');
    if (!(k > 0) || !Number.isFinite(k)) throw new WcsError('wcs_bad_parameter', `HPX needs K > 0, got ${k}`, 'PV2_2');
    this.h = h;
    this.k = k;
    this.kOdd = Math.round(k) % 2 === 1;
    this.yx = (90 * (k - 1)) / h;
  }

  /** Longitude of the centre of the polar facet holding longitude p. */
  private facetCentre(p: number, north: boolean): number {
    const omega = this.kOdd || north ? 1 : 0;
    const c = -180 + (2 * Math.floor(((p + 180) * this.h) / 360 + (1 - omega) / 2) + omega) * (180 / this.h);
    // phi = 180 is the eastern edge of the last facet, not the western edge of one beyond
    return c > 180 ? c - 360 / this.h : c;
  }

  fromNative(phi: number, theta: number): [number, number] {
    if (!(Math.abs(theta) <= 90)) return [NaN, NaN];
    const s = sind(theta);
    if (Math.abs(s) <= (this.k - 1) / this.k) return [phi, ((90 * this.k) / this.h) * s];
    // sigma = sqrt(K (1 - |sin θ|)) = sqrt(2K) sin((90 - |θ|)/2), exact near the poles
    const sigma = Math.sqrt(2 * this.k) * Math.sin(((90 - Math.abs(theta)) / 2) * D2R);
    const north = theta > 0;
    const pc = this.facetCentre(phi, north);
    const x = pc + (phi - pc) * sigma;
    const y = (180 / this.h) * ((this.k + 1) / 2 - sigma);
    return [x, north ? y : -y];
  }

  toNative(x: number, y: number): [number, number] {
    const tol = 1e-12;
    if (Math.abs(y) <= this.yx) {
      if (Math.abs(x) > 180 + 1e-10) return [NaN, NaN];
      const s = (y * this.h) / (90 * this.k);
      return [Math.max(-180, Math.min(180, x)), Math.asin(Math.max(-1, Math.min(1, s))) * R2D];
    }
    const sigma = (this.k + 1) / 2 - (Math.abs(y) * this.h) / 180;
    if (sigma < -tol) return [NaN, NaN];
    const north = y > 0;
    const theta = 90 - 2 * Math.asin(Math.max(0, sigma) / Math.sqrt(2 * this.k)) * R2D;
    const xc = this.facetCentre(x, north);
    let phi: number;
    if (sigma <= 0) {
      phi = 0;
    } else {
      phi = xc + (x - xc) / sigma;
      // outside the polar triangle of this facet
      if (Math.abs(x - xc) > (180 / this.h) * sigma + 1e-10) return [NaN, NaN];
    }
    if (!(Math.abs(phi) <= 180 + 1e-10)) return [NaN, NaN];
    return [Math.max(-180, Math.min(180, phi)), north ? theta : -theta];
  }
}

/**
 * XPH, HEALPix polar ("butterfly") projection (Calabretta & Lowe 2013): HPX with H = 4, K = 3
 * cut into its four longitude quadrants, each rotated so that the north polar facets meet at
 * the native pole; fiducial point (0, 90). In a quadrant φ_q ≤ φ < φ_q + 90 (φ_q = -180, -90,
 * 0, 90) with HEALPix coordinates ξ = φ - φ_q - 45 and η - 90 (η from HPX, degrees), the
 * plane coordinates are a rotation of (ξ, η - 90) by a multiple of 90 degrees plus 45, scaled
 * by 1/√2 each way.
 */
export class Xph implements Projection {
  readonly code = 'XPH';
  readonly phi0 = 0;
  readonly theta0 = 90;

  fromNative(phi: number, theta: number): [number, number] {
    if (!(Math.abs(theta) <= 90) || !Number.isFinite(phi)) return [NaN, NaN];
    // longitude in [-180, 180), then the quadrant and the position within it
    let chi = phi % 360;
    if (chi < -180) chi += 360;
    else if (chi >= 180) chi -= 360;
    chi += 180;
    const q = Math.min(3, Math.floor(chi / 90));
    const psi = chi - 90 * q;
    const s = sind(theta);
    let xi = psi - 45;
    let eta: number;
    if (Math.abs(s) <= 2 / 3) {
      eta = 67.5 * s;
    } else {
      const sigma = Math.sqrt(6) * Math.sin(((90 - Math.abs(theta)) / 2) * D2R);
      xi *= sigma;
      eta = 90 - 45 * sigma;
      if (theta < 0) eta = -eta;
    }
    const e = eta - 90;
    let xr: number;
    let yr: number;
    switch (q) {
      case 0:
        [xr, yr] = [(e - xi) / 2, -(xi + e) / 2];
        break;
      case 1:
        [xr, yr] = [(xi + e) / 2, (e - xi) / 2];
        break;
      case 2:
        [xr, yr] = [(xi - e) / 2, (xi + e) / 2];
        break;
      default:
        [xr, yr] = [-(xi + e) / 2, (xi - e) / 2];
    }
    return [Math.SQRT2 * xr, Math.SQRT2 * yr];
  }

  toNative(x: number, y: number): [number, number] {
    const tol = 1e-12;
    const xr = x / Math.SQRT2;
    const yr = y / Math.SQRT2;
    let xi1: number;
    let eta1: number;
    let base: number;
    if (xr <= 0 && yr > 0) {
      [xi1, eta1, base] = [-xr - yr, xr - yr, -180];
    } else if (xr < 0 && yr <= 0) {
      [xi1, eta1, base] = [xr - yr, xr + yr, -90];
    } else if (xr >= 0 && yr < 0) {
      [xi1, eta1, base] = [xr + yr, yr - xr, 0];
    } else {
      [xi1, eta1, base] = [yr - xr, -xr - yr, 90];
    }
    const eta = eta1 + 90;
    const ae = Math.abs(eta);
    if (ae > 90) return [NaN, NaN];
    let phi: number;
    let theta: number;
    if (ae <= 45) {
      if (Math.abs(xi1) > 45 + tol) return [NaN, NaN];
      phi = base + 45 + xi1;
      theta = Math.asin(eta / 67.5) * R2D;
    } else {
      const sigma = (90 - ae) / 45;
      // the southern triangles of a quadrant: outside them is not on the sky
      if (eta < -45 && Math.abs(xi1) > eta + 90 + tol) return [NaN, NaN];
      phi = sigma === 0 ? base + 45 : base + 45 + xi1 / sigma;
      theta = 90 - 2 * Math.asin(sigma / Math.sqrt(6)) * R2D;
      if (eta < 0) theta = -theta;
    }
    if (!(Math.abs(phi) <= 180 + tol)) return [NaN, NaN];
    return [Math.max(-180, Math.min(180, phi)), theta];
  }
}
