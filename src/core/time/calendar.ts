/**
 * Calendar dates ↔ Modified Julian Date (MJD = JD − 2400000.5), proleptic Gregorian.
 * Times of day are read and written as given (no time zone: FITS dates are UTC unless
 * TIMESYS says otherwise).
 */
import { TimeError } from './errors.js';
import { utcDayLength } from './leap-seconds.js';

/** MJD of 0h on a Gregorian calendar date (year, month 1–12, day 1–31). Integer. */
export function calendarToMjd(year: number, month: number, day: number): number {
  // Fliegel & Van Flandern, integer arithmetic (valid for all years > -4800).
  const a = Math.floor((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  const jdn =
    day + Math.floor((153 * m + 2) / 5) + 365 * y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400) - 32045;
  return jdn - 2400001;
}

/** Calendar date (year, month 1–12, day 1–31) of an integer MJD. */
export function mjdToCalendar(mjdDay: number): { year: number; month: number; day: number } {
  const jdn = Math.floor(mjdDay) + 2400001;
  const a = jdn + 32044;
  const b = Math.floor((4 * a + 3) / 146097);
  const c = a - Math.floor((146097 * b) / 4);
  const d = Math.floor((4 * c + 3) / 1461);
  const e = c - Math.floor((1461 * d) / 4);
  const m = Math.floor((5 * e + 2) / 153);
  return {
    day: e - Math.floor((153 * m + 2) / 5) + 1,
    month: m + 3 - 12 * Math.floor(m / 10),
    year: 100 * b + d - 4800 + Math.floor(m / 10),
  };
}

function daysInMonth(year: number, month: number): number {
  return calendarToMjd(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - calendarToMjd(year, month, 1);
}

/**
 * Seconds since 0h of a time of day `hh:mm:ss[.sss]` (also `hh:mm`). Seconds up to 60.999
 * (a leap second) are accepted. Throws `time_bad_date`.
 */
export function parseTimeOfDay(text: string): number {
  const m = /^\s*(\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d*)?))?\s*$/.exec(text);
  if (!m) throw new TimeError('time_bad_date', `not a time of day: "${text}"`);
  const h = Number(m[1]);
  const mi = Number(m[2]);
  const s = m[3] === undefined ? 0 : Number(m[3]);
  if (h > 24 || mi > 59 || s >= 61 || (h === 24 && (mi > 0 || s > 0))) {
    throw new TimeError('time_bad_date', `time of day out of range: "${text}"`);
  }
  return h * 3600 + mi * 60 + s;
}

/** A parsed date: the day (integer MJD) and seconds since its 0h (null if the text had no time). */
export interface ParsedDate {
  mjdDay: number;
  seconds: number | null;
}

/**
 * Parses a FITS date: ISO 8601 `YYYY-MM-DD[Thh:mm:ss[.sss]]` (also with a blank instead of
 * `T` and an optional trailing `Z`), or the old FITS form `DD/MM/YY` (years 1900–1999).
 * Throws `time_bad_date` on anything else or impossible dates.
 */
export function parseFitsDate(text: string): ParsedDate {
  const t = text.trim();
  const iso = /^([+-]?\d{4,5})-(\d{2})-(\d{2})(?:[T ](.+?))?Z?$/.exec(t);
  let year: number;
  let month: number;
  let day: number;
  let seconds: number | null = null;
  if (iso) {
    year = Number(iso[1]);
    month = Number(iso[2]);
    day = Number(iso[3]);
    if (iso[4] !== undefined) seconds = parseTimeOfDay(iso[4]);
  } else {
    const old = /^(\d{2})\/(\d{2})\/(\d{2})$/.exec(t);
    if (!old) throw new TimeError('time_bad_date', `not a FITS date: "${text}"`);
    day = Number(old[1]);
    month = Number(old[2]);
    year = 1900 + Number(old[3]);
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new TimeError('time_bad_date', `impossible date: "${text}"`);
  }
  return { mjdDay: calendarToMjd(year, month, day), seconds };
}

/**
 * ISO 8601 text `YYYY-MM-DDThh:mm:ss.sss` of an MJD, with `decimals` digits of seconds
 * (default 3), rounding carried into minutes/days. With `utc` (default true) a day ending
 * with a leap second has 86401 s and can print 23:59:60.x; pass false for TT/TDB/TAI.
 */
export function mjdToIso(mjd: number, decimals = 3, utc = true): string {
  if (!Number.isFinite(mjd)) throw new TimeError('time_bad_argument', `MJD is not finite: ${mjd}`);
  const scale = 10 ** decimals;
  let day = Math.floor(mjd);
  const len = utc ? utcDayLength(day) : 86400;
  let units = Math.round((mjd - day) * len * scale);
  if (units >= len * scale) {
    day += 1;
    units -= len * scale;
  }
  const { year, month, day: d } = mjdToCalendar(day);
  const h = Math.min(23, Math.floor(units / (3600 * scale)));
  const mi = Math.min(59, Math.floor((units - h * 3600 * scale) / (60 * scale)));
  const s = (units - h * 3600 * scale - mi * 60 * scale) / scale;
  const p2 = (n: number): string => String(n).padStart(2, '0');
  const sText = s.toFixed(decimals);
  const [si, sf] = sText.split('.');
  return `${String(year).padStart(4, '0')}-${p2(month)}-${p2(d)}T${p2(h)}:${p2(mi)}:${si!.padStart(2, '0')}${sf === undefined ? '' : `.${sf}`}`;
}

/**
 * MJD (days) of an ISO date-time (see {@link parseFitsDate}); a date alone is 0h. With
 * `utc` (default true) the seconds of a day ending with a leap second are divided by 86401
 * (ERFA/astropy convention); pass false for TT/TDB/TAI dates.
 */
export function isoToMjd(text: string, utc = true): number {
  const p = parseFitsDate(text);
  return p.mjdDay + (p.seconds ?? 0) / (utc ? utcDayLength(p.mjdDay) : 86400);
}

/** JD of an MJD (days): JD = MJD + 2400000.5. */
export function mjdToJd(mjd: number): number {
  return mjd + 2400000.5;
}

/** MJD of a JD (days). */
export function jdToMjd(jd: number): number {
  return jd - 2400000.5;
}
