/**
 * The observing night of a frame, as calibration groups frames into masters (one master per
 * night, as LCO's BANZAI builds them per `DAY-OBS`): the night runs from local noon to local
 * noon and is named by the date of its evening (`YYYY-MM-DD`), "local" meaning mean solar time
 * at the site's longitude (UTC + longitude/15 h; not the civil time zone). So frames taken at
 * 18:00 and 05:00 local belong to one night, whatever the observer's longitude; UTC noon-to-noon
 * (longitude 0) would split a night in Australia or Japan at 22:00–21:00 local. The same
 * convention as the library's *night* filter (renderer/src/library/list-filters.ts, `site`).
 *
 * The longitude is the frame's own when its header gives one (`SITELONG`, `LONG-OBS`,
 * `OBSGEO-L`, `OBS-LONG`: degrees east, a number or sexagesimal text, `W` suffix for west),
 * else the caller's (the configured site).
 */
import type { HeaderValue } from '../fits/index.js';
import { mjdToCalendar } from '../time/index.js';

/** Header keywords read for the site's longitude, in order (all degrees east). */
export const LONGITUDE_KEYS = ['SITELONG', 'LONG-OBS', 'OBSGEO-L', 'OBS-LONG'] as const;

/**
 * A longitude in degrees east from a header value: a number, or text as decimal degrees or
 * sexagesimal (`-17 52 53.8`, `17:52:53.8 W`, `+017d52m53s`); a trailing `W` makes it west
 * (negative), `E` east. Wrapped to [−180, 180). Null when the value is not a longitude.
 */
export function parseLongitude(v: HeaderValue | undefined): number | null {
  let deg: number | null = null;
  if (typeof v === 'number') deg = v;
  else if (typeof v === 'string') {
    const t = v.trim().toUpperCase();
    const m = /^([+-])?\s*(\d+(?:\.\d*)?)(?:[\s:D°]+(\d+(?:\.\d*)?)(?:[\s:M']+(\d+(?:\.\d*)?)\s*(?:S|")?)?)?\s*([EW])?$/.exec(t);
    if (m) {
      const [, sign, d, mi, s, hemi] = m;
      deg = Number(d) + (mi !== undefined ? Number(mi) / 60 : 0) + (s !== undefined ? Number(s) / 3600 : 0);
      if (sign === '-') deg = -deg;
      if (hemi === 'W') deg = -Math.abs(deg);
    }
  }
  if (deg === null || !Number.isFinite(deg) || Math.abs(deg) > 360) return null;
  return ((((deg + 180) % 360) + 360) % 360) - 180;
}

/** The site's longitude (degrees east) from a header's keywords ({@link LONGITUDE_KEYS}), or null. */
export function headerLongitude(get: (key: string) => HeaderValue | undefined): number | null {
  for (const k of LONGITUDE_KEYS) {
    const lon = parseLongitude(get(k));
    if (lon !== null) return lon;
  }
  return null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}(?:\.\d*)?))?$/;

/**
 * The observing night (`YYYY-MM-DD`, the date of its evening) of an observation that started at
 * `dateObs` (ISO 8601 UTC as the library stores it: `YYYY-MM-DDThh:mm[:ss[.sss]]`, or
 * `YYYY-MM-DD` for a day only, which is taken as the night's name) at east longitude
 * `longitude` (degrees). Null for no date or text that is not such a date.
 */
export function observingNight(dateObs: string | null, longitude: number): string | null {
  if (dateObs === null) return null;
  const text = dateObs.trim();
  if (DAY.test(text)) return text;
  const m = DATE_TIME.exec(text);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), 0) + Number(m[6] ?? 0) * 1000;
  if (!Number.isFinite(ms)) return null;
  const mjd = ms / 86_400_000 + 40587;
  const { year, month, day } = mjdToCalendar(Math.floor(mjd + longitude / 360 - 0.5));
  const p2 = (n: number): string => String(n).padStart(2, '0');
  return `${String(year).padStart(4, '0')}-${p2(month)}-${p2(day)}`;
}
