import { parseFitsDate } from '../time/index.js';
import type { ObservationEpoch } from './frames.js';

/**
 * The epoch of observation FK4 needs (FITS WCS Paper II §3.1): MJD-OBS, else DATE-OBS, as a
 * Julian epoch (taken as TT: the UTC − TT difference of about a minute moves FK4 positions by
 * < 1 µas). A missing or unreadable value gives null (the frame then uses its equinox).
 */
export function observationEpoch(mjdObs: unknown, dateObs: unknown): ObservationEpoch | null {
  const mjd = typeof mjdObs === 'number' ? mjdObs : typeof mjdObs === 'string' && mjdObs.trim() !== '' ? Number(mjdObs) : NaN;
  if (Number.isFinite(mjd)) return { jyear: 2000 + (mjd - 51544.5) / 365.25, keyword: 'MJD-OBS' };
  if (typeof dateObs === 'string' && dateObs.trim() !== '') {
    try {
      const d = parseFitsDate(dateObs);
      return { jyear: 2000 + (d.mjdDay + (d.seconds ?? 0) / 86400 - 51544.5) / 365.25, keyword: 'DATE-OBS' };
    } catch {
      return null;
    }
  }
  return null;
}
