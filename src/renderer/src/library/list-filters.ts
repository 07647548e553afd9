/**
 * Filters of an image list (the library, a target's images) as they sit in the page's address
 * (`#/library?night=2026-11-30&filter=R`), so a reload or Back keeps them; and which images
 * they keep. Pure: no DOM.
 *
 * The night of an image is explicit about its convention (`nightBy`):
 * - `site` (default): the observing night at the configured site, named by the date of its
 *   evening — the night runs from local noon to local noon, local meaning mean solar time at the
 *   site's longitude (not the civil time zone), so an image taken at 02:00 local on 1 December
 *   belongs to the night of 30 November.
 * - `utc`: the UTC calendar date of DATE-OBS.
 */
import { isoToMjd, mjdToCalendar } from '../../../core/time/index.js';
import { PRODUCT_STATUSES, type ProductStatus } from '../../../shared/words.js';

export type NightBy = 'site' | 'utc';

export interface ListFilters {
  /** `YYYY-MM-DD`: the night's evening date (nightBy `site`) or the UTC date (`utc`). */
  night?: string;
  nightBy?: NightBy;
  /** OBJECT exactly as in the header; the empty string keeps images without one. */
  object?: string;
  /** FILTER exactly as in the header; the empty string keeps images without one. */
  filter?: string;
  status?: ProductStatus;
  /** The frame as {@link frameLabel} names it (`bias`, `master flat`, `calibrated`…); the empty string keeps images with no frame type. */
  frame?: string;
  /** Free text matched against name, object, filter and date. */
  q?: string;
}

const KEYS = ['night', 'nightBy', 'object', 'filter', 'status', 'frame', 'q'] as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Text longer than this in an address is cut (a pasted address cannot make a filter of a megabyte). */
const MAX_TEXT = 200;

/** The filters in a query string (`night=…&filter=R`); unknown keys and bad values are ignored. */
export function parseListFilters(params: URLSearchParams): ListFilters | undefined {
  const out: ListFilters = {};
  const night = params.get('night');
  if (night !== null && DAY.test(night)) out.night = night;
  const by = params.get('nightBy');
  if (by === 'utc' || by === 'site') out.nightBy = by;
  for (const key of ['object', 'filter', 'frame', 'q'] as const) {
    const v = params.get(key);
    if (v !== null && (v !== '' || key !== 'q')) out[key] = v.slice(0, MAX_TEXT);
  }
  const status = params.get('status');
  if (status !== null && (PRODUCT_STATUSES as readonly string[]).includes(status)) out.status = status as ProductStatus;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The filters as query parameters, in a fixed order; undefined values are left out. */
export function listFiltersQuery(filters: ListFilters | undefined): string {
  if (!filters) return '';
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const v = filters[key];
    if (v !== undefined && !(key === 'q' && v === '')) params.set(key, v);
  }
  return params.toString();
}

/** No filter set. */
export function noFilters(filters: ListFilters | undefined): boolean {
  return listFiltersQuery(filters) === '';
}

/**
 * The night of a stored observation date (ISO 8601 UTC, `YYYY-MM-DDThh:mm:ss[.sss]` or
 * `YYYY-MM-DD`) as `YYYY-MM-DD`, by the convention `by` at east longitude `longitude` (degrees);
 * null for a date that is not such text. A date without a time is taken as the night's (or the
 * UTC date's) name as written. For many dates, {@link nightNamer}.
 */
export function nightOf(dateObs: string | null, by: NightBy, longitude: number): string | null {
  const day = nightDay(dateObs, by, longitude);
  return typeof day === 'number' ? dayName(day) : day;
}

/**
 * {@link nightOf} for a list of images (a season is 10,000 dates on a few hundred nights): the
 * same answers, each night's name made once (by its MJD day number) rather than per image.
 */
export function nightNamer(by: NightBy, longitude: number): (dateObs: string | null) => string | null {
  const names = new Map<number, string>();
  const instant = isoInstant();
  return (dateObs) => {
    const ms = dateObs === null ? undefined : instant(dateObs);
    const day = ms !== undefined ? mjdNight(ms / 86_400_000 + 40587, by, longitude) : nightDay(dateObs, by, longitude);
    if (typeof day !== 'number') return day;
    let name = names.get(day);
    if (name === undefined) names.set(day, (name = dayName(day)));
    return name;
  };
}

/** A night's MJD day number (see {@link nightOf}), the name itself for a date without a time, or null. */
function nightDay(dateObs: string | null, by: NightBy, longitude: number): number | string | null {
  if (dateObs === null) return null;
  if (DAY.test(dateObs)) return dateObs;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(dateObs)) return null;
  // The browser's parser is quick (a season is 10,000 dates); a leap second (…:60) it refuses goes to ours.
  let mjd = Date.parse(`${dateObs}Z`) / 86_400_000 + 40587;
  if (!Number.isFinite(mjd)) {
    try {
      mjd = isoToMjd(dateObs);
    } catch {
      return null;
    }
  }
  if (!Number.isFinite(mjd)) return null;
  return mjdNight(mjd, by, longitude);
}

/** The night's MJD day number of an instant (MJD, UTC) by the convention `by` at east longitude `longitude` (degrees). */
function mjdNight(mjd: number, by: NightBy, longitude: number): number {
  return by === 'utc' ? Math.floor(mjd) : Math.floor(mjd + longitude / 360 - 0.5);
}

/** The digit at `i` of `s` (0–9), or -1. */
function digitAt(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/** The two digits at `i` of `s` as a number, or -1. */
function twoAt(s: string, i: number): number {
  const a = digitAt(s, i);
  const b = digitAt(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/**
 * A reader of the instants of stored dates for many images (ms since 1970 UTC): the very value
 * `Date.parse` gives the text with a `Z` appended, for text of the form
 * `YYYY-MM-DDThh:mm[:ss[.f], .ff or .fff]` with hh ≤ 23, mm and ss ≤ 59, from each day's
 * `Date.parse` (made once per day) and the time's digits; undefined for any other text (another
 * form, a leap second, a longer fraction), which {@link nightDay} reads. A season's 10,000 dates
 * cost a few hundred `Date.parse` calls this way, not 10,000.
 */
function isoInstant(): (text: string) => number | undefined {
  const days = new Map<string, number>();
  return (s) => {
    const n = s.length;
    if (n !== 16 && n !== 19 && (n < 21 || n > 23)) return undefined;
    if (s[4] !== '-' || s[7] !== '-' || s[10] !== 'T' || s[13] !== ':') return undefined;
    if (twoAt(s, 0) < 0 || twoAt(s, 2) < 0 || twoAt(s, 5) < 0 || twoAt(s, 8) < 0) return undefined;
    const h = twoAt(s, 11);
    const m = twoAt(s, 14);
    let sec = 0;
    let ms = 0;
    if (n >= 19) {
      if (s[16] !== ':') return undefined;
      sec = twoAt(s, 17);
    }
    if (n >= 21) {
      if (s[19] !== '.') return undefined;
      for (let i = 20; i < 23; i++) {
        const d = i < n ? digitAt(s, i) : 0;
        if (d < 0) return undefined;
        ms = ms * 10 + d;
      }
    }
    if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 59) return undefined;
    const key = s.slice(0, 10);
    let day = days.get(key);
    if (day === undefined) days.set(key, (day = Date.parse(`${key}T00:00Z`)));
    if (!Number.isFinite(day)) return undefined;
    return day + ((h * 60 + m) * 60 + sec) * 1000 + ms;
  };
}

/** `YYYY-MM-DD` of an MJD day number. */
function dayName(day: number): string {
  const { year, month, day: d } = mjdToCalendar(day);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** What a filter looks at in an image. */
export interface FilterableImage {
  name: string;
  object?: string | null;
  dateObs: string | null;
  filter: string | null;
  status: string;
  /** The frame as {@link frameLabel} names it, when the list offers the frame filter. */
  frame?: string | null;
}

export { frameLabel } from './frame-label.js';

/**
 * Whether an image passes the filters; `night` is its night by the filters' convention
 * (computed once per image by the caller, see {@link nightOf}); `shownDate` gives its date as
 * shown, for the free-text search (asked only when there is one).
 */
export function passes(image: FilterableImage, filters: ListFilters, night: string | null, shownDate: () => string | null): boolean {
  if (filters.night !== undefined && night !== filters.night) return false;
  if (filters.object !== undefined && (image.object ?? '') !== filters.object) return false;
  if (filters.filter !== undefined && (image.filter ?? '') !== filters.filter) return false;
  if (filters.status !== undefined && image.status !== filters.status) return false;
  if (filters.frame !== undefined && (image.frame ?? '') !== filters.frame) return false;
  const q = (filters.q ?? '').trim().toLowerCase();
  if (q === '') return true;
  return [image.name, image.object ?? null, image.filter, image.dateObs, shownDate()].some((v) => v !== null && v.toLowerCase().includes(q));
}

/** `localeCompare`'s order (the default locale's), its collator made once rather than per comparison. */
let collator: Intl.Collator | null = null;

/** The distinct values of a field with how many images have each, most frequent first, then by value. */
export function valueCounts(values: Iterable<string>): Array<{ value: string; count: number }> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return countsInOrder(counts);
}

/** Counted values (value → how many) as {@link valueCounts} orders them: most frequent first, then by value. */
export function countsInOrder(counts: ReadonlyMap<string, number>): Array<{ value: string; count: number }> {
  const byValue = (collator ??= new Intl.Collator()).compare;
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || byValue(a.value, b.value));
}
