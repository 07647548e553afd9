/**
 * Time for photometry: FITS dates → mid-exposure MJD (UTC); UTC → TT → TDB; BJD_TDB for a
 * target. MJD = JD − 2400000.5, in days of the scale the name says (UTC unless named).
 */
export { TimeError, type TimeErrorCode } from './errors.js';
export { taiMinusUtc, utcDayLength, LAST_LEAP_SECOND_MJD } from './leap-seconds.js';
export {
  calendarToMjd,
  mjdToCalendar,
  parseFitsDate,
  parseTimeOfDay,
  isoToMjd,
  mjdToIso,
  mjdToJd,
  jdToMjd,
  type ParsedDate,
} from './calendar.js';
export { utcToTai, taiToUtc, utcToTt, ttToUtc, ttToTdb, utcToTdb, tdbMinusTt, addSecondsUtc, TT_MINUS_TAI } from './scales.js';
export {
  midExposure,
  observationDate,
  type ObservationDate,
  exposureSeconds,
  exposureTime,
  isDssPlate,
  type ExposureTime,
  type ExposureTimeSource,
  type TimeHeaderLookup,
  type TimeHeaderValue,
} from './exposure.js';
export { bjdTdb, barycentricPosition, type BarycentricTime, type Site } from './barycentric.js';
