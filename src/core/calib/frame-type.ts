/**
 * What kind of calibration frame a header describes, and the keywords that decide which
 * frames go together (exposure, temperature, binning, gain, offset, filter).
 */
import { firstHeaderNumber, type HeaderValue } from '../fits/index.js';
import { CalibError } from './errors.js';

export type FrameType = 'bias' | 'dark' | 'flat' | 'light';

/** Anything with the `get` of {@link import('../fits/header.js').Header}. */
export interface HeaderLike {
  get(key: string): HeaderValue | undefined;
}

/** The frame's kind and grouping keywords; null where the header does not say. */
export interface FrameInfo {
  type: FrameType | null;
  /** The header's own word (IMAGETYP, else FRAME), as written. */
  rawType: string | null;
  /** True for a master written by `calib master` (IMAGETYP `Master Bias` etc.). */
  master: boolean;
  /** Seconds (EXPTIME, else EXPOSURE). */
  exposure: number | null;
  /** Sensor temperature in °C (CCD-TEMP). */
  temperature: number | null;
  /** Set-point in °C (SET-TEMP). */
  setTemperature: number | null;
  xBinning: number;
  yBinning: number;
  gain: number | null;
  offset: number | null;
  filter: string | null;
}

/** The usual spellings (lower case, spaces collapsed, a trailing "frame"/"field" removed). */
const USUAL: Readonly<Record<string, FrameType>> = {
  bias: 'bias',
  zero: 'bias',
  offset: 'bias',
  dark: 'dark',
  'dark current': 'dark',
  'flat dark': 'dark',
  'dark flat': 'dark',
  flatdark: 'dark',
  flat: 'flat',
  'sky flat': 'flat',
  skyflat: 'flat',
  'dome flat': 'flat',
  domeflat: 'flat',
  'twilight flat': 'flat',
  light: 'light',
  object: 'light',
  science: 'light',
};

function words(s: string): string {
  return s.trim().toLowerCase().replace(/[\s_-]+/g, ' ');
}

/**
 * The frame type a header's IMAGETYP/FRAME word names, or null if it is not one we know.
 * Case-insensitive: `Bias Frame`, `BIAS`, `Dark Frame`, `Flat Field`, `Light Frame`, `OBJECT`,
 * `zero`, `sky flat`… `extra` maps further spellings (any case) to a type and wins over the
 * usual ones. `Master Bias`/`Master Dark`/`Master Flat` are the masters this library writes.
 */
export function frameTypeOf(value: string, extra: Readonly<Record<string, FrameType>> = {}): FrameType | null {
  const w = words(value);
  for (const [k, t] of Object.entries(extra)) if (words(k) === w) return t;
  const bare = w.replace(/^master /, '').replace(/ (frame|field|image)$/, '');
  return Object.hasOwn(USUAL, bare) ? USUAL[bare] : null;
}

function num(h: HeaderLike, ...keys: string[]): number | null {
  return firstHeaderNumber(h, keys) ?? null;
}

function str(h: HeaderLike, ...keys: string[]): string | null {
  for (const k of keys) {
    const v = h.get(k);
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
  }
  return null;
}

/**
 * Reads a frame's kind and grouping keywords: IMAGETYP (else FRAME), EXPTIME (else EXPOSURE),
 * CCD-TEMP, SET-TEMP, XBINNING/YBINNING (default 1), GAIN, OFFSET, FILTER.
 */
export function frameInfo(header: HeaderLike, extra: Readonly<Record<string, FrameType>> = {}): FrameInfo {
  const rawType = str(header, 'IMAGETYP', 'FRAME');
  return {
    type: rawType === null ? null : frameTypeOf(rawType, extra),
    rawType,
    master: rawType !== null && /^master\b/i.test(rawType.trim()),
    exposure: num(header, 'EXPTIME', 'EXPOSURE'),
    temperature: num(header, 'CCD-TEMP'),
    setTemperature: num(header, 'SET-TEMP'),
    xBinning: num(header, 'XBINNING') ?? 1,
    yBinning: num(header, 'YBINNING') ?? 1,
    gain: num(header, 'GAIN'),
    offset: num(header, 'OFFSET'),
    filter: str(header, 'FILTER'),
  };
}

/** Parses `word=type,word=type` (the CLI's `--type-map`) into a mapping for {@link frameTypeOf}. */
export function parseTypeMap(text: string): Record<string, FrameType> {
  const out: Record<string, FrameType> = {};
  for (const part of text.split(',')) {
    if (part.trim() === '') continue;
    const [k, v] = part.split('=');
    const t = v?.trim().toLowerCase();
    if (k === undefined || k.trim() === '' || (t !== 'bias' && t !== 'dark' && t !== 'flat' && t !== 'light')) {
      throw new CalibError('bad_argument', `type map entry '${part}': expected WORD=bias|dark|flat|light`);
    }
    out[k.trim()] = t;
  }
  return out;
}
