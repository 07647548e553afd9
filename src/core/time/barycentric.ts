/**
 * Barycentric Julian Date in TDB (BJD_TDB): the time a wavefront from a target would reach
 * the solar-system barycentre (Eastman et al. 2010). The Earth's barycentric position comes
 * from astronomy-engine (VSOP87-based; its error corresponds to ≲ 0.1 s of light time).
 */
import { AstroTime, BaryState, Body, Observer, ObserverVector } from 'astronomy-engine';
import { mjdToJd } from './calendar.js';
import { TimeError } from './errors.js';
import { utcToTdb, utcToTt } from './scales.js';

/** Speed of light in AU per day (c · 86400 s / 1 au). */
const C_AU_PER_DAY = (299_792_458 * 86400) / 149_597_870_700;
const D2R = Math.PI / 180;

/** An observing site on the Earth (geodetic). */
export interface Site {
  /** Geodetic latitude, degrees north. */
  latitude: number;
  /** Longitude, degrees east. */
  longitude: number;
  /** Height above the ellipsoid, metres. */
  height: number;
}

/** The barycentric correction of one time. */
export interface BarycentricTime {
  /** BJD_TDB, Julian Date (days). */
  bjdTdb: number;
  /** The same as a Modified Julian Date in TDB (days). */
  mjdTdb: number;
  /** Barycentric light-travel-time correction added to the TDB time, seconds. */
  lightTimeSec: number;
}

/** J2000-days (TT) for astronomy-engine from an MJD (TT). */
function astroTimeFromMjdTt(mjdTt: number): AstroTime {
  return AstroTime.FromTerrestrialTime(mjdTt - 51544.5);
}

/**
 * The Earth's (or the observatory's, with `site`) position relative to the solar-system
 * barycentre in the ICRS/J2000 equatorial frame, AU, at MJD (UTC) `mjdUtc`.
 */
export function barycentricPosition(mjdUtc: number, site?: Site): [number, number, number] {
  const t = astroTimeFromMjdTt(utcToTt(mjdUtc));
  const e = BaryState(Body.Earth, t);
  let x = e.x;
  let y = e.y;
  let z = e.z;
  if (site) {
    const o = ObserverVector(t, new Observer(site.latitude, site.longitude, site.height), false);
    x += o.x;
    y += o.y;
    z += o.z;
  }
  return [x, y, z];
}

/**
 * BJD_TDB of an observation at MJD (UTC) `mjdUtc` (usually mid-exposure) of a target at
 * (ra, dec) degrees (ICRS/J2000, at the epoch of observation when proper motion matters):
 * BJD_TDB = JD_TDB + (r · n̂) / c, with r the Earth's (or, with `site`, the observatory's —
 * up to ±21 ms more) barycentric position and n̂ the unit vector to the target. Matches
 * astropy's `Time.tdb + Time.light_travel_time(target, 'barycentric')` to ≲ 0.1 s.
 */
export function bjdTdb(mjdUtc: number, ra: number, dec: number, site?: Site): BarycentricTime {
  if (!Number.isFinite(mjdUtc) || !Number.isFinite(ra) || !Number.isFinite(dec)) {
    throw new TimeError('time_bad_argument', 'bjdTdb needs finite MJD, RA and Dec');
  }
  const [x, y, z] = barycentricPosition(mjdUtc, site);
  const cd = Math.cos(dec * D2R);
  const n = [cd * Math.cos(ra * D2R), cd * Math.sin(ra * D2R), Math.sin(dec * D2R)];
  const ltDays = (x * n[0]! + y * n[1]! + z * n[2]!) / C_AU_PER_DAY;
  const mjdTdb = utcToTdb(mjdUtc) + ltDays;
  return { bjdTdb: mjdToJd(mjdTdb), mjdTdb, lightTimeSec: ltDays * 86400 };
}
