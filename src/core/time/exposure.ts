/**
 * The time of an exposure from its FITS header: mid-exposure MJD (UTC).
 */
import { parseFitsDate, parseTimeOfDay } from './calendar.js';
import { TimeError } from './errors.js';
import { utcDayLength } from './leap-seconds.js';
import { addSecondsUtc, taiToUtc, ttToUtc } from './scales.js';

/** A FITS header value as the FITS layer hands it over. */
export type TimeHeaderValue = string | number | boolean | null | { re: number; im: number };

/** Anything that can look up an (upper-case) header keyword. */
export interface TimeHeaderLookup {
  get(key: string): TimeHeaderValue | undefined;
}

/** Where the mid-exposure time came from. */
export type ExposureTimeSource = 'DATE-AVG' | 'MJD-AVG' | 'DATE-OBS' | 'MJD-OBS' | 'DATE-OBS+TIME-OBS' | 'JD';

/** The timing of one exposure. */
export interface ExposureTime {
  /** Mid-exposure, MJD (UTC), days. */
  mjdMid: number;
  /** Start of the exposure, MJD (UTC), days (equal to `mjdMid` when only a mid time is known and no exposure time). */
  mjdStart: number;
  /** Exposure time in seconds (0 if the header has none). */
  exptime: number;
  /** Keyword(s) the time was read from. */
  source: ExposureTimeSource;
  /** Time scale of the header (TIMESYS; 'UTC' when absent). */
  timesys: string;
}

const EXPTIME_KEYS = ['EXPTIME', 'EXPOSURE', 'ITIME', 'EXP_TIME', 'TELAPSE'];
const TIME_KEYS = ['TIME-OBS', 'UT', 'UTSTART', 'UT-START', 'UTC-OBS', 'UTC'];

function num(h: TimeHeaderLookup, key: string): number | undefined {
  const v = h.get(key);
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

function str(h: TimeHeaderLookup, key: string): string | undefined {
  const v = h.get(key);
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/**
 * Whether the header is a Digitized Sky Survey plate scan (its plate solution PLTRAH and
 * AMDX1 are present): DSS gives EXPOSURE in minutes.
 */
export function isDssPlate(h: TimeHeaderLookup): boolean {
  return num(h, 'PLTRAH') !== undefined && num(h, 'AMDX1') !== undefined;
}

/**
 * Exposure time in seconds from EXPTIME / EXPOSURE / ITIME / EXP_TIME / TELAPSE, or null if
 * none. A DSS plate's EXPOSURE is in minutes and is converted.
 */
export function exposureTime(h: TimeHeaderLookup): number | null {
  for (const k of EXPTIME_KEYS) {
    const v = num(h, k);
    if (v !== undefined && v >= 0) return k === 'EXPOSURE' && isDssPlate(h) ? v * 60 : v;
  }
  return null;
}

/** {@link exposureTime}, 0 if none. */
export function exposureSeconds(h: TimeHeaderLookup): number {
  return exposureTime(h) ?? 0;
}

function toUtc(mjd: number, timesys: string): number {
  switch (timesys) {
    case 'UTC':
    case 'UT':
    case 'UT1':
    case 'GMT':
    case 'Z':
      return mjd;
    case 'TT':
    case 'TDT':
    case 'ET':
    case 'TDB': // within 2 ms of TT
      return ttToUtc(mjd);
    case 'TAI':
    case 'IAT':
      return taiToUtc(mjd);
    case 'GPS':
      return taiToUtc(mjd + 19 / 86400);
    default:
      throw new TimeError('TIME_BAD_DATE', `unsupported TIMESYS "${timesys}"`);
  }
}

/**
 * Mid-exposure time (MJD UTC) of an image from its header. In order of preference:
 * `DATE-AVG` / `MJD-AVG` (already mid-exposure), `DATE-OBS` with a time of day,
 * `DATE-OBS` (date only) + `TIME-OBS`/`UT`/`UTSTART`, `MJD-OBS`, `JD`; the start time plus
 * half of `EXPTIME` (or EXPOSURE/ITIME) seconds. `DATE-OBS` is preferred over `MJD-OBS`
 * because a printed MJD often carries fewer digits than a second needs. `TIMESYS` TT, TAI
 * and GPS are converted to UTC. Throws `TimeError` `TIME_NO_DATE` when the header has no
 * usable date, `TIME_BAD_DATE` when it is malformed.
 */
export function midExposure(h: TimeHeaderLookup): ExposureTime {
  const timesys = (str(h, 'TIMESYS') ?? 'UTC').toUpperCase();
  const isUtc = ['UTC', 'UT', 'UT1', 'GMT', 'Z'].includes(timesys);
  const exptime = exposureSeconds(h);
  /** MJD in the header's scale of a day + seconds since its 0h. */
  const at = (mjdDay: number, seconds: number): number => mjdDay + seconds / (isUtc ? utcDayLength(mjdDay) : 86400);
  /** Shift by seconds in the header's scale, then convert to UTC. */
  const shifted = (mjd: number, seconds: number): number =>
    isUtc ? addSecondsUtc(mjd, seconds) : toUtc(mjd + seconds / 86400, timesys);
  const fromStart = (start: number, source: ExposureTimeSource): ExposureTime => ({
    mjdMid: shifted(start, exptime / 2),
    mjdStart: shifted(start, 0),
    exptime,
    source,
    timesys,
  });
  const fromMid = (mid: number, source: ExposureTimeSource): ExposureTime => ({
    mjdMid: shifted(mid, 0),
    mjdStart: shifted(mid, -exptime / 2),
    exptime,
    source,
    timesys,
  });

  const dateAvg = str(h, 'DATE-AVG');
  if (dateAvg !== undefined) {
    const p = parseFitsDate(dateAvg);
    if (p.seconds !== null) return fromMid(at(p.mjdDay, p.seconds), 'DATE-AVG');
  }
  const mjdAvg = num(h, 'MJD-AVG');
  if (mjdAvg !== undefined) return fromMid(mjdAvg, 'MJD-AVG');

  const dateObs = str(h, 'DATE-OBS');
  if (dateObs !== undefined) {
    const p = parseFitsDate(dateObs);
    if (p.seconds !== null) return fromStart(at(p.mjdDay, p.seconds), 'DATE-OBS');
    for (const k of TIME_KEYS) {
      const t = str(h, k);
      if (t === undefined) continue;
      return fromStart(at(p.mjdDay, parseTimeOfDay(t)), 'DATE-OBS+TIME-OBS');
    }
  }
  const mjdObs = num(h, 'MJD-OBS');
  if (mjdObs !== undefined) return fromStart(mjdObs, 'MJD-OBS');
  const jd = num(h, 'JD');
  if (jd !== undefined) return fromStart(jd - 2400000.5, 'JD');
  if (dateObs !== undefined) {
    // A date without a time of day cannot give a time to the second.
    throw new TimeError('TIME_NO_DATE', `DATE-OBS "${dateObs}" has no time of day and no TIME-OBS/UT/MJD-OBS`);
  }
  throw new TimeError('TIME_NO_DATE', 'no DATE-OBS, MJD-OBS or JD in the header');
}
