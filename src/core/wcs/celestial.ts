import { cosd, sind, R2D } from './angles.js';
import type { SkyFrame } from './frames.js';
import type { LinearTransform } from './linear.js';
import type { Projection } from './projections/types.js';
import type { TpvDistortion } from './projections/tpv.js';
import type { Sip } from './sip.js';
import type { SphericalRotation } from './spherical.js';
import type { Wcs } from './types.js';

/** The pieces a celestial WCS is composed of, in pipeline order. */
export interface CelestialParts {
  /** CTYPE strings of the two image axes as given in the header. */
  readonly ctype: string[];
  /** Whether the first image axis is latitude (axes swapped, e.g. DEC--TAN / RA---TAN). */
  readonly swapped: boolean;
  readonly sip: Sip | null;
  readonly linear: LinearTransform;
  readonly tpv: TpvDistortion | null;
  readonly projection: Projection;
  /** Intermediate-coordinate offset of the fiducial point when PVi_1/PVi_2 move it. */
  readonly offset: [number, number];
  readonly rotation: SphericalRotation;
  readonly frame: SkyFrame;
  readonly width: number | null;
  readonly height: number | null;
}

/**
 * A celestial WCS: pixel → SIP → linear (CD/PC) → TPV → projection → spherical rotation →
 * frame conversion, and the reverse.
 */
export class CelestialWcs implements Wcs {
  readonly width: number | null;
  readonly height: number | null;
  readonly parts: CelestialParts;

  constructor(parts: CelestialParts) {
    this.parts = parts;
    this.width = parts.width;
    this.height = parts.height;
  }

  pixToSky(x: number, y: number): [number, number] {
    const p = this.parts;
    let u = x + 1 - p.linear.crpix[0];
    let v = y + 1 - p.linear.crpix[1];
    if (p.sip) [u, v] = p.sip.forward(u, v);
    const m = p.linear.m;
    let xi = m[0][0] * u + m[0][1] * v;
    let eta = m[1][0] * u + m[1][1] * v;
    if (p.tpv) {
      // TPV works on the intermediate coordinates in header axis order
      if (p.swapped) [eta, xi] = p.tpv.apply(eta, xi);
      else [xi, eta] = p.tpv.apply(xi, eta);
    }
    const [phi, theta] = p.projection.toNative(xi + p.offset[0], eta + p.offset[1]);
    if (Number.isNaN(phi) || Number.isNaN(theta)) return [NaN, NaN];
    const [lng, lat] = p.rotation.toCelestial(phi, theta);
    return p.frame.toOutput ? p.frame.toOutput(lng, lat) : [lng, lat];
  }

  skyToPix(ra: number, dec: number): [number, number] {
    if (!Number.isFinite(ra) || !Number.isFinite(dec) || Math.abs(dec) > 90) return [NaN, NaN];
    const p = this.parts;
    const [lng, lat] = p.frame.fromOutput ? p.frame.fromOutput(ra, dec) : [ra, dec];
    const [phi, theta] = p.rotation.toNative(lng, lat);
    let [xi, eta] = p.projection.fromNative(phi, theta);
    if (Number.isNaN(xi) || Number.isNaN(eta)) return [NaN, NaN];
    xi -= p.offset[0];
    eta -= p.offset[1];
    if (p.tpv) {
      if (p.swapped) [eta, xi] = p.tpv.invert(eta, xi);
      else [xi, eta] = p.tpv.invert(xi, eta);
    }
    const inv = p.linear.inv;
    let u = inv[0][0] * xi + inv[0][1] * eta;
    let v = inv[1][0] * xi + inv[1][1] * eta;
    if (p.sip) [u, v] = p.sip.inverse(u, v);
    if (!Number.isFinite(u) || !Number.isFinite(v)) return [NaN, NaN];
    return [u + p.linear.crpix[0] - 1, v + p.linear.crpix[1] - 1];
  }

  summary(): { ctype: string[]; center: [number, number] | null; pixelScaleArcsec: number | null; frame: string } {
    const p = this.parts;
    const cx = this.width !== null ? (this.width - 1) / 2 : p.linear.crpix[0] - 1;
    const cy = this.height !== null ? (this.height - 1) / 2 : p.linear.crpix[1] - 1;
    const c = this.pixToSky(cx, cy);
    const center: [number, number] | null = Number.isFinite(c[0]) && Number.isFinite(c[1]) ? c : null;
    return { ctype: [...p.ctype], center, pixelScaleArcsec: center ? pixelScale(this, cx, cy, center) : null, frame: p.frame.label };
  }
}

/** sqrt of the solid angle of one pixel at (x, y), arcsec (from the tangent plane at that point). */
export function pixelScale(wcs: Wcs, x: number, y: number, at?: [number, number]): number | null {
  const [ra0, dec0] = at ?? wcs.pixToSky(x, y);
  const p1 = wcs.pixToSky(x + 0.5, y);
  const m1 = wcs.pixToSky(x - 0.5, y);
  const p2 = wcs.pixToSky(x, y + 0.5);
  const m2 = wcs.pixToSky(x, y - 0.5);
  const t = (s: [number, number]): [number, number] => gnomonic(ra0, dec0, s[0], s[1]);
  const a = t(p1);
  const b = t(m1);
  const c = t(p2);
  const d = t(m2);
  const ux = a[0] - b[0];
  const uy = a[1] - b[1];
  const vx = c[0] - d[0];
  const vy = c[1] - d[1];
  const area = Math.abs(ux * vy - uy * vx);
  const s = Math.sqrt(area) * R2D * 3600;
  return Number.isFinite(s) && s > 0 ? s : null;
}

/** Gnomonic (tangent-plane) coordinates of (ra, dec) about (ra0, dec0), radians. */
function gnomonic(ra0: number, dec0: number, ra: number, dec: number): [number, number] {
  const cd = cosd(dec);
  const sd = sind(dec);
  const cd0 = cosd(dec0);
  const sd0 = sind(dec0);
  const cda = cosd(ra - ra0);
  const den = sd * sd0 + cd * cd0 * cda;
  return [(cd * sind(ra - ra0)) / den, (sd * cd0 - cd * sd0 * cda) / den];
}
