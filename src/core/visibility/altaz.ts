/**
 * Altitude, azimuth and airmass of a sidereal target at a site (astronomy-engine).
 */
import {
  AstroTime,
  BaryState,
  Body,
  Equator,
  EquatorFromVector,
  Horizon,
  Observer,
  Rotation_EQJ_EQD,
  RotateVector,
  Spherical,
  VectorFromSphere,
} from 'astronomy-engine';

/** An observing site (geodetic). */
export interface ObservingSite {
  /** Degrees north. */
  latitude: number;
  /** Degrees east. */
  longitude: number;
  /** Metres above the ellipsoid. */
  height: number;
}

/** astronomy-engine time of an MJD (UTC; UT1 − UTC < 0.9 s is neglected). */
export function astroTime(mjdUtc: number): AstroTime {
  return new AstroTime(mjdUtc - 51544.5);
}

/** Horizontal position: degrees; azimuth from north through east, altitude with refraction when asked. */
export interface HorizontalPosition {
  altitude: number;
  azimuth: number;
}

/** Speed of light, AU per day. */
const C_AU_DAY = (299_792_458 * 86400) / 149_597_870_700;

/**
 * Altitude/azimuth (degrees) of an ICRS/J2000 position (RA, Dec in degrees) at MJD (UTC)
 * `mjdUtc` seen from `site`: annual aberration applied (Earth's barycentric velocity),
 * precessed and nutated to the equator of date, then astronomy-engine's `Horizon` (with
 * standard refraction unless `refraction` is false). Diurnal aberration (< 0.3″) is neglected.
 */
export function altAz(ra: number, dec: number, mjdUtc: number, site: ObservingSite, refraction = true): HorizontalPosition {
  const t = astroTime(mjdUtc);
  const n = VectorFromSphere(new Spherical(dec, ra, 1), t);
  const e = BaryState(Body.Earth, t);
  n.x += e.vx / C_AU_DAY;
  n.y += e.vy / C_AU_DAY;
  n.z += e.vz / C_AU_DAY;
  const v = n;
  const ofDate = EquatorFromVector(RotateVector(Rotation_EQJ_EQD(t), v));
  const h = Horizon(t, new Observer(site.latitude, site.longitude, site.height), ofDate.ra, ofDate.dec, refraction ? 'normal' : '');
  return { altitude: h.altitude, azimuth: h.azimuth };
}

/**
 * Airmass of an apparent altitude in degrees (Pickering 2002: 1 / sin(h + 244/(165 + 47 h^1.1))),
 * good down to the horizon (≈ 38 at 0°); NaN below the horizon.
 */
export function airmass(altitudeDeg: number): number {
  if (!(altitudeDeg >= 0)) return NaN;
  const h = altitudeDeg;
  return 1 / Math.sin(((h + 244 / (165 + 47 * h ** 1.1)) * Math.PI) / 180);
}

/** Airmass of a target (RA, Dec degrees) at MJD (UTC) from a site; NaN below the horizon. */
export function airmassAt(ra: number, dec: number, mjdUtc: number, site: ObservingSite): number {
  return airmass(altAz(ra, dec, mjdUtc, site).altitude);
}

/**
 * Altitude/azimuth (degrees; refracted unless `refraction` is false) of the Sun or the Moon at
 * MJD (UTC) from a site, and its topocentric J2000 RA/Dec (degrees) for separations.
 */
export function bodyAltAz(body: 'sun' | 'moon', mjdUtc: number, site: ObservingSite, refraction = true): HorizontalPosition & { ra: number; dec: number } {
  const t = astroTime(mjdUtc);
  const obs = new Observer(site.latitude, site.longitude, site.height);
  const eq = Equator(body === 'sun' ? Body.Sun : Body.Moon, t, obs, true, true);
  const h = Horizon(t, obs, eq.ra, eq.dec, refraction ? 'normal' : '');
  // J2000 position for separations from catalogue targets.
  const j2000 = Equator(body === 'sun' ? Body.Sun : Body.Moon, t, obs, false, true);
  return { altitude: h.altitude, azimuth: h.azimuth, ra: j2000.ra * 15, dec: j2000.dec };
}
