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
    if (!(h > 0) || !Number.isFinite(h)) throw new WcsError('WCS_BAD_PARAMETER', `HPX needs H > 0, got ${h}`, 'PV2_1');
    if (!(k > 0) || !Number.isFinite(k)) throw new WcsError('WCS_BAD_PARAMETER', `HPX needs K > 0, got ${k}`, 'PV2_2');
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
