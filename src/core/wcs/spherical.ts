import { acosd, asind, atan2d, cosd, sind } from './angles.js';
import { WcsError } from './errors.js';

/**
 * Euler angles of the native → celestial rotation (Paper II §2.4, wcslib's `celset`):
 * celestial coordinates of the native pole (alphaP, deltaP) and native longitude of the
 * celestial pole phiP, all in degrees.
 */
export interface CelestialPole {
  readonly alphaP: number;
  readonly deltaP: number;
  readonly phiP: number;
}

const TOL = 1e-10;

/**
 * Compute the celestial pole from the reference point (CRVAL: lng0, lat0), the projection's
 * fiducial point (phi0, theta0), LONPOLE (undefined → default: phi0 if lat0 ≥ theta0, else
 * phi0 + 180) and LATPOLE (undefined → +90), as wcslib does. Degrees throughout.
 */
export function celestialPole(
  lng0: number,
  lat0: number,
  phi0: number,
  theta0: number,
  lonpole: number | undefined,
  latpole: number | undefined,
): CelestialPole {
  const phiP = lonpole ?? (lat0 < theta0 ? 180 : 0) + phi0;
  let latp = latpole ?? 90;
  let lngp: number;
  if (theta0 === 90) {
    // fiducial point at the native pole: the native pole is the reference point
    return { alphaP: lng0, deltaP: lat0, phiP };
  }
  const slat0 = sind(lat0);
  const clat0 = cosd(lat0);
  const sthe0 = sind(theta0);
  const cthe0 = cosd(theta0);
  const sphip = sind(phiP - phi0);
  const cphip = cosd(phiP - phi0);
  const x = cthe0 * cphip;
  const y = sthe0;
  const z = Math.sqrt(x * x + y * y);
  if (z === 0) {
    if (slat0 !== 0) throw new WcsError('wcs_bad_parameter', 'no celestial pole solution for this LONPOLE', 'LONPOLE');
    // latp is arbitrary: keep LATPOLE
  } else {
    let slz = slat0 / z;
    if (Math.abs(slz) > 1) {
      if (Math.abs(slz) - 1 < TOL) slz = slz > 0 ? 1 : -1;
      else throw new WcsError('wcs_bad_parameter', 'no celestial pole solution for this LONPOLE', 'LONPOLE');
    }
    const u = atan2d(y, x);
    const v = acosd(slz);
    let latp1 = u + v;
    if (latp1 > 180) latp1 -= 360;
    else if (latp1 < -180) latp1 += 360;
    let latp2 = u - v;
    if (latp2 > 180) latp2 -= 360;
    else if (latp2 < -180) latp2 += 360;
    if (Math.abs(latp - latp1) < Math.abs(latp - latp2)) {
      latp = Math.abs(latp1) < 90 + TOL ? latp1 : latp2;
    } else {
      latp = Math.abs(latp2) < 90 + TOL ? latp2 : latp1;
    }
    if (Math.abs(latp) > 90 + TOL) {
      throw new WcsError('wcs_bad_parameter', 'no valid celestial pole latitude for this LONPOLE and reference point', 'LONPOLE');
    }
    if (Math.abs(latp) > 90) latp = latp > 0 ? 90 : -90;
  }
  const zz = cosd(latp) * clat0;
  if (Math.abs(zz) < TOL) {
    if (Math.abs(clat0) < TOL) {
      lngp = lng0; // celestial pole at the fiducial point
    } else if (latp > 0) {
      lngp = lng0 + phiP - phi0 - 180; // celestial north pole at the native pole
    } else {
      lngp = lng0 - phiP + phi0; // celestial south pole at the native pole
    }
  } else {
    const xx = (sthe0 - sind(latp) * slat0) / zz;
    const yy = (sphip * cthe0) / clat0;
    if (xx === 0 && yy === 0) throw new WcsError('wcs_bad_parameter', 'no celestial pole solution', 'LATPOLE');
    lngp = lng0 - atan2d(yy, xx);
  }
  if (lng0 >= 0) {
    if (lngp < 0) lngp += 360;
    else if (lngp > 360) lngp -= 360;
  } else if (lngp > 0) lngp -= 360;
  else if (lngp < -360) lngp += 360;
  return { alphaP: lngp, deltaP: latp, phiP };
}

/**
 * A spherical rotation between native (phi, theta) and celestial (lng, lat) coordinates,
 * degrees. Celestial longitudes are returned in [0, 360).
 */
export class SphericalRotation {
  /** Celestial longitude of the native pole, native longitude of the celestial pole (degrees), sin and cos of the native pole's latitude. */
  readonly alphaP: number;
  readonly phiP: number;
  readonly sdp: number;
  readonly cdp: number;

  constructor(pole: CelestialPole) {
    this.alphaP = pole.alphaP;
    this.phiP = pole.phiP;
    this.sdp = sind(pole.deltaP);
    this.cdp = cosd(pole.deltaP);
  }

  /** Native (phi, theta) → celestial (lng, lat). */
  toCelestial(phi: number, theta: number): [number, number] {
    const dphi = phi - this.phiP;
    const sthe = sind(theta);
    const cthe = cosd(theta);
    const sdphi = sind(dphi);
    const cdphi = cosd(dphi);
    const x = sthe * this.cdp - cthe * this.sdp * cdphi;
    const y = -cthe * sdphi;
    let lng = this.alphaP + atan2d(y, x);
    lng %= 360;
    if (lng < 0) lng += 360;
    const z = sthe * this.sdp + cthe * this.cdp * cdphi;
    // latitude from the more accurate of asin/acos
    let lat: number;
    if (Math.abs(z) > 0.99) {
      const h = Math.hypot(x, y);
      lat = (z >= 0 ? 1 : -1) * acosd(Math.min(1, h));
    } else {
      lat = asind(z);
    }
    return [lng === 360 ? 0 : lng, lat];
  }

  /** Celestial (lng, lat) → native (phi, theta), phi in (-180, 180]. */
  toNative(lng: number, lat: number): [number, number] {
    const dlng = lng - this.alphaP;
    const slat = sind(lat);
    const clat = cosd(lat);
    const sdl = sind(dlng);
    const cdl = cosd(dlng);
    const x = slat * this.cdp - clat * this.sdp * cdl;
    const y = -clat * sdl;
    let phi = this.phiP + atan2d(y, x);
    phi = ((phi % 360) + 540) % 360 - 180;
    const z = slat * this.sdp + clat * this.cdp * cdl;
    let theta: number;
    if (Math.abs(z) > 0.99) {
      theta = (z >= 0 ? 1 : -1) * acosd(Math.min(1, Math.hypot(x, y)));
    } else {
      theta = asind(z);
    }
    return [phi, theta];
  }
}
