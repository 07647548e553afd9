/**
 * TAI − UTC (seconds) from the IERS/USNO table `tai-utc.dat`, the same table as ERFA's
 * `dat.c` (last change 2017-01-01, 37 s; IERS Bulletin C announces none before 2027).
 * Before 1972 UTC had rate offsets: TAI − UTC = a + (MJD − m0) · rate.
 */
import { TimeError } from './errors.js';

/** [first MJD (UTC) of validity, TAI−UTC (s), reference MJD, rate (s/day)]. */
const TABLE: ReadonlyArray<readonly [number, number, number, number]> = [
  [37300, 1.422818, 37300, 0.001296],
  [37512, 1.372818, 37300, 0.001296],
  [37665, 1.845858, 37665, 0.0011232],
  [38334, 1.945858, 37665, 0.0011232],
  [38395, 3.24013, 38761, 0.001296],
  [38486, 3.34013, 38761, 0.001296],
  [38639, 3.44013, 38761, 0.001296],
  [38761, 3.54013, 38761, 0.001296],
  [38820, 3.64013, 38761, 0.001296],
  [38942, 3.74013, 38761, 0.001296],
  [39004, 3.84013, 38761, 0.001296],
  [39126, 4.31317, 39126, 0.002592],
  [39887, 4.21317, 39126, 0.002592],
  [41317, 10, 0, 0],
  [41499, 11, 0, 0], // 1972-07-01
  [41683, 12, 0, 0], // 1973-01-01
  [42048, 13, 0, 0], // 1974-01-01
  [42413, 14, 0, 0], // 1975-01-01
  [42778, 15, 0, 0], // 1976-01-01
  [43144, 16, 0, 0], // 1977-01-01
  [43509, 17, 0, 0], // 1978-01-01
  [43874, 18, 0, 0], // 1979-01-01
  [44239, 19, 0, 0], // 1980-01-01
  [44786, 20, 0, 0], // 1981-07-01
  [45151, 21, 0, 0], // 1982-07-01
  [45516, 22, 0, 0], // 1983-07-01
  [46247, 23, 0, 0], // 1985-07-01
  [47161, 24, 0, 0], // 1988-01-01
  [47892, 25, 0, 0], // 1990-01-01
  [48257, 26, 0, 0], // 1991-01-01
  [48804, 27, 0, 0], // 1992-07-01
  [49169, 28, 0, 0], // 1993-07-01
  [49534, 29, 0, 0], // 1994-07-01
  [50083, 30, 0, 0], // 1996-01-01
  [50630, 31, 0, 0], // 1997-07-01
  [51179, 32, 0, 0], // 1999-01-01
  [53736, 33, 0, 0], // 2006-01-01
  [54832, 34, 0, 0], // 2009-01-01
  [56109, 35, 0, 0], // 2012-07-01
  [57204, 36, 0, 0], // 2015-07-01
  [57754, 37, 0, 0], // 2017-01-01
];

/** MJD (UTC) of the last entry of the table. */
export const LAST_LEAP_SECOND_MJD = 57754;

/** MJD of 1900-01-01. */
const MJD_1900 = 15020;

/**
 * ΔT = TT − UT in seconds for 1900–1961 (Espenak & Meeus 2006 polynomials, ±1 s), from a
 * Julian year.
 */
function deltaT1900to1961(year: number): number {
  if (year < 1920) {
    const t = year - 1900;
    return -2.79 + 1.494119 * t - 0.0598939 * t ** 2 + 0.0061966 * t ** 3 - 0.000197 * t ** 4;
  }
  if (year < 1941) {
    const t = year - 1920;
    return 21.2 + 0.84493 * t - 0.0761 * t ** 2 + 0.0020936 * t ** 3;
  }
  const t = year - 1950;
  return 29.07 + 0.407 * t - t ** 2 / 233 + t ** 3 / 2547;
}

/**
 * TAI − UTC in seconds at MJD (UTC) `mjdUtc`, from the table from 1961-01-01 (MJD 37300).
 * Before UTC existed (1900–1960) times are taken as UT and the value returned is
 * ΔT − 32.184 s, so that TT = UT + ΔT (old plates: ±1 s); before 1900 it throws
 * `time_out_of_range`. After the last entry the last value is kept (as ERFA does).
 * Like ERFA, the value is constant over a UTC day after 1972 (see {@link utcDayLength} for
 * days that end with a leap second).
 */
export function taiMinusUtc(mjdUtc: number): number {
  if (!Number.isFinite(mjdUtc)) throw new TimeError('time_bad_argument', `MJD is not finite: ${mjdUtc}`);
  if (mjdUtc < TABLE[0]![0]) {
    if (mjdUtc < MJD_1900) throw new TimeError('time_out_of_range', `no time scale before 1900 (MJD ${mjdUtc})`);
    return deltaT1900to1961(2000 + (mjdUtc - 51544.5) / 365.25) - 32.184;
  }
  let lo = 0;
  let hi = TABLE.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (TABLE[mid]![0] <= mjdUtc) lo = mid;
    else hi = mid - 1;
  }
  const [, a, m0, rate] = TABLE[lo]!;
  return a + (mjdUtc - m0) * rate;
}

/**
 * Length in SI seconds of the UTC day starting at integer MJD `mjdDay`: 86400, or 86401 on
 * a day that ends with a leap second (ERFA's convention: on such a day an MJD fraction f
 * means f × 86401 s after 0h, so 23:59:60.5 is still on that day).
 */
export function utcDayLength(mjdDay: number): number {
  const d = Math.floor(mjdDay);
  if (d < TABLE[0]![0]) return 86400;
  const dat0 = taiMinusUtc(d);
  const dat12 = taiMinusUtc(d + 0.5);
  const dat24 = taiMinusUtc(d + 1);
  return 86400 + (dat24 - (2 * dat12 - dat0));
}
