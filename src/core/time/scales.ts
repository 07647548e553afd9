/**
 * Time scales: UTC → TAI → TT → TDB, all as MJD in days of the named scale. MJD (UTC) follows
 * ERFA/astropy: on a day ending with a leap second the fraction of the day counts 86401 s.
 */
import { taiMinusUtc, utcDayLength } from './leap-seconds.js';

/** TT − TAI, seconds (exact by definition). */
export const TT_MINUS_TAI = 32.184;

/** MJD (TAI) of an MJD (UTC) (as ERFA's `utctai`, also for the drifting UTC of 1961–1971). */
export function utcToTai(mjdUtc: number): number {
  const day = Math.floor(mjdUtc);
  let fd = mjdUtc - day;
  const dat0 = taiMinusUtc(day);
  const dat12 = taiMinusUtc(day + 0.5);
  const dat24 = taiMinusUtc(day + 1);
  const dlod = 2 * (dat12 - dat0);
  const dleap = dat24 - (dat0 + dlod);
  fd *= (86400 + dleap) / 86400;
  fd *= (86400 + dlod) / 86400;
  return day + fd + dat0 / 86400;
}

/** MJD (UTC) of an MJD (TAI) (inverse of {@link utcToTai}, by iteration as ERFA's `taiutc`). */
export function taiToUtc(mjdTai: number): number {
  let u = mjdTai;
  for (let i = 0; i < 4; i++) u += mjdTai - utcToTai(u);
  return u;
}

/** MJD (TT) of an MJD (UTC): TT = UTC + (TAI − UTC) + 32.184 s. */
export function utcToTt(mjdUtc: number): number {
  return utcToTai(mjdUtc) + TT_MINUS_TAI / 86400;
}

/** MJD (UTC) of an MJD (TT). */
export function ttToUtc(mjdTt: number): number {
  return taiToUtc(mjdTt - TT_MINUS_TAI / 86400);
}

/**
 * Adds `seconds` (SI seconds, may be negative) to an MJD (UTC), counting leap seconds, e.g.
 * half an exposure that spans 23:59:60.
 */
export function addSecondsUtc(mjdUtc: number, seconds: number): number {
  if (seconds === 0) return mjdUtc;
  const day = Math.floor(mjdUtc);
  // Fast path: stays within an ordinary day.
  const len = utcDayLength(day);
  const after = (mjdUtc - day) * len + seconds;
  if (len === 86400 && after >= 0 && after < 86400) return day + after / 86400;
  return taiToUtc(utcToTai(mjdUtc) + seconds / 86400);
}

/**
 * TDB − TT in seconds at MJD (TT): the periodic terms of the Earth's orbit
 * (0.001657 sin g + 0.000014 sin 2g, g the Earth's mean anomaly; Explanatory Supplement),
 * accurate to about 30 µs — far below what photometry needs. Geocentric (the topocentric
 * term is at most 2 µs).
 */
export function tdbMinusTt(mjdTt: number): number {
  const g = ((357.53 + 0.98560028 * (mjdTt - 51544.5)) * Math.PI) / 180;
  return 0.001657 * Math.sin(g) + 0.000014 * Math.sin(2 * g);
}

/** MJD (TDB) of an MJD (TT). */
export function ttToTdb(mjdTt: number): number {
  return mjdTt + tdbMinusTt(mjdTt) / 86400;
}

/** MJD (TDB) of an MJD (UTC). */
export function utcToTdb(mjdUtc: number): number {
  return ttToTdb(utcToTt(mjdUtc));
}
