/**
 * The time of an exposure from its FITS header: mid-exposure MJD (UTC).
 */
import { headerNumber } from '../fits/index.js';
import { mjdToCalendar, mjdToIso, parseFitsDate, parseTimeOfDay } from './calendar.js';
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
  return headerNumber(h.get(key));
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
      throw new TimeError('time_bad_date', `unsupported TIMESYS "${timesys}"`);
  }
}

/**
 * The start of the exposure as the header gives it, MJD in the header's time scale: `DATE-OBS`
 * with a time of day, `DATE-OBS` (date only) + `TIME-OBS`/`UT`/`UTSTART`, `MJD-OBS`, `JD`.
 * `DATE-OBS` is preferred over `MJD-OBS` because a printed MJD often carries fewer digits than
 * a second needs. `day` is the integer MJD of a `DATE-OBS` without a time of day (and no time
 * keyword); `dateError` the error of a malformed `DATE-OBS` (then MJD-OBS and JD are tried).
 */
function headerStart(
  h: TimeHeaderLookup,
  isUtc: boolean,
): { start: { mjd: number; source: ExposureTimeSource } | null; day: number | null; dateObs: string | undefined; dateError: TimeError | null } {
  /** MJD in the header's scale of a day + seconds since its 0h. */
  const at = (mjdDay: number, seconds: number): number => mjdDay + seconds / (isUtc ? utcDayLength(mjdDay) : 86400);
  const dateObs = str(h, 'DATE-OBS');
  let day: number | null = null;
  let dateError: TimeError | null = null;
  if (dateObs !== undefined) {
    try {
      const p = parseFitsDate(dateObs);
      if (p.seconds !== null) return { start: { mjd: at(p.mjdDay, p.seconds), source: 'DATE-OBS' }, day: null, dateObs, dateError };
      for (const k of TIME_KEYS) {
        const t = str(h, k);
        if (t === undefined) continue;
        return { start: { mjd: at(p.mjdDay, parseTimeOfDay(t)), source: 'DATE-OBS+TIME-OBS' }, day: null, dateObs, dateError };
      }
      day = p.mjdDay;
    } catch (err) {
      if (!(err instanceof TimeError)) throw err;
      dateError = err;
    }
  }
  const mjdObs = num(h, 'MJD-OBS');
  if (mjdObs !== undefined) return { start: { mjd: mjdObs, source: 'MJD-OBS' }, day: null, dateObs, dateError };
  const jd = num(h, 'JD');
  if (jd !== undefined) return { start: { mjd: jd - 2400000.5, source: 'JD' }, day: null, dateObs, dateError };
  return { start: null, day, dateObs, dateError };
}

/** A header's TIMESYS, upper case ('UTC' when absent), and whether it is a form of UT. */
function timeSystem(h: TimeHeaderLookup): { timesys: string; isUtc: boolean } {
  const timesys = (str(h, 'TIMESYS') ?? 'UTC').toUpperCase();
  return { timesys, isUtc: ['UTC', 'UT', 'UT1', 'GMT', 'Z'].includes(timesys) };
}

/**
 * Mid-exposure time (MJD UTC) of an image from its header. In order of preference:
 * `DATE-AVG` / `MJD-AVG` (already mid-exposure), `DATE-OBS` with a time of day,
 * `DATE-OBS` (date only) + `TIME-OBS`/`UT`/`UTSTART`, `MJD-OBS`, `JD`; the start time plus
 * half of `EXPTIME` (or EXPOSURE/ITIME) seconds. `DATE-OBS` is preferred over `MJD-OBS`
 * because a printed MJD often carries fewer digits than a second needs. `TIMESYS` TT, TAI
 * and GPS are converted to UTC. Throws `TimeError` `time_no_date` when the header has no
 * usable date, `time_bad_date` when it is malformed.
 */
export function midExposure(h: TimeHeaderLookup): ExposureTime {
  const { timesys, isUtc } = timeSystem(h);
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

  const { start, dateObs, dateError } = headerStart(h, isUtc);
  // A malformed DATE-OBS is an error here even when MJD-OBS is present: photometry must not guess.
  if (dateError) throw dateError;
  if (start) return fromStart(start.mjd, start.source);
  if (dateObs !== undefined) {
    // A date without a time of day cannot give a time to the second.
    throw new TimeError('time_no_date', `DATE-OBS "${dateObs}" has no time of day and no TIME-OBS/UT/MJD-OBS`);
  }
  throw new TimeError('time_no_date', 'no DATE-OBS, MJD-OBS or JD in the header');
}

/** When an observation started, as the library lists and sorts it. */
export interface ObservationDate {
  /**
   * ISO 8601 UTC: `YYYY-MM-DDThh:mm:ss.sss` (milliseconds always written, so the text sorts as
   * the date), or `YYYY-MM-DD` when the header gives the day only.
   */
  iso: string;
  /** MJD (UTC) of the start, days; 0h of the day when only the day is known. */
  mjd: number;
  /** The keyword(s) it was read from; `DATE-OBS (day)` for a date without a time of day. */
  source: ExposureTimeSource | 'DATE-OBS (day)';
}

/**
 * The start of an observation in UTC, from `DATE-OBS` in every form FITS allows (ISO 8601
 * `YYYY-MM-DD[Thh:mm:ss[.s…]]` and the old `DD/MM/YY` of 1900–1999), with `TIME-OBS`/`UT`
 * when `DATE-OBS` has no time of day, else `MJD-OBS`, else `JD` (the same reading as
 * {@link midExposure}, without the exposure time); `TIMESYS` TT, TAI and GPS are converted to
 * UTC. A `DATE-OBS` with a day only gives that day. Null when the header has no date. A
 * malformed `DATE-OBS` is passed over for `MJD-OBS`/`JD`; with neither, it throws `TimeError`
 * `time_bad_date` (as does an unsupported TIMESYS).
 */
export function observationDate(h: TimeHeaderLookup): ObservationDate | null {
  const { timesys, isUtc } = timeSystem(h);
  const { start, day, dateError } = headerStart(h, isUtc);
  if (start) {
    const mjd = isUtc ? start.mjd : toUtc(start.mjd, timesys);
    return { iso: mjdToIso(mjd, 3, true), mjd, source: start.source };
  }
  if (dateError) throw dateError;
  if (day === null) return null;
  const { year, month, day: d } = mjdToCalendar(day);
  const p2 = (n: number): string => String(n).padStart(2, '0');
  return { iso: `${String(year).padStart(4, '0')}-${p2(month)}-${p2(d)}`, mjd: day, source: 'DATE-OBS (day)' };
}
