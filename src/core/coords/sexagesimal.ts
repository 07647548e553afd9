/**
 * Right ascension and declination as text: sexagesimal (`10:00:28.0`, `10 00 28`,
 * `10h00m28.0s`, `+02:12:21`, `-00d30m00s`) or decimal degrees (`150.1166`, `2.2058`).
 */
import { CoordsError } from './errors.js';

interface Sexagesimal {
  sign: 1 | -1;
  /** The leading part (hours or degrees) and the minutes/seconds, all non-negative. */
  a: number;
  m: number;
  s: number;
  parts: number;
}

const NUM = String.raw`(\d+(?:\.\d*)?|\.\d+)`;
/** Three or two fields separated by ':', blanks, or unit letters h/d/°/m/'/s/". */
const SEXA = new RegExp(
  String.raw`^([-+−]?)\s*${NUM}\s*(?:[:\s]|[hHdD°])\s*${NUM}\s*(?:(?:[:\s]|[mM'′])\s*${NUM}?\s*[sS"″]?)?\s*$`,
);
const DECIMAL = /^[-+−]?\s*(\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*(?:d|deg|°)?$/;

function parseSexagesimal(text: string): Sexagesimal | null {
  const m = SEXA.exec(text);
  if (!m) return null;
  const sign = m[1] === '-' || m[1] === '−' ? -1 : 1;
  const a = Number(m[2]);
  const mm = Number(m[3]);
  const s = m[4] === undefined ? 0 : Number(m[4]);
  // Only the last field may carry a fraction.
  if (m[4] !== undefined && (!Number.isInteger(a) || !Number.isInteger(mm))) return null;
  if (m[4] === undefined && !Number.isInteger(a)) return null;
  return { sign, a, m: mm, s, parts: m[4] === undefined ? 2 : 3 };
}

function checkMinSec(v: Sexagesimal, text: string, code: 'coords_bad_ra' | 'coords_bad_dec'): void {
  if (v.m >= 60 || v.s >= 60) throw new CoordsError(code, `minutes and seconds must be below 60: "${text}"`);
}

/**
 * Parses a right ascension. Sexagesimal text is read as **hours** (`10:00:28.0`, `10 00 28`,
 * `10h00m28s`); a plain number is read as **degrees** (`150.1166`). Returns degrees in
 * [0, 360). Throws `CoordsError` `coords_bad_ra` on anything else or out of range.
 */
export function parseRa(text: string | number): number {
  if (typeof text === 'number') return checkRaDeg(text, String(text));
  const t = text.trim();
  if (DECIMAL.test(t)) return checkRaDeg(Number(t.replace(/\s|deg|d|°/g, '').replace('−', '-')), t);
  const v = parseSexagesimal(t);
  if (!v || v.sign < 0) throw new CoordsError('coords_bad_ra', `not a right ascension: "${text}"`);
  checkMinSec(v, t, 'coords_bad_ra');
  const hours = v.a + v.m / 60 + v.s / 3600;
  if (hours >= 24) throw new CoordsError('coords_bad_ra', `right ascension must be below 24 h: "${text}"`);
  return hours * 15;
}

function checkRaDeg(deg: number, text: string): number {
  if (!Number.isFinite(deg) || deg < 0 || deg > 360) {
    throw new CoordsError('coords_bad_ra', `right ascension must be in [0, 360] degrees: "${text}"`);
  }
  return deg === 360 ? 0 : deg;
}

/**
 * Parses a declination: sexagesimal degrees (`+02:12:21`, `-00 30 00`, `-0d30m00s`; the
 * sign applies to the whole value, also when the degrees are 0) or decimal degrees.
 * Returns degrees in [-90, 90]; throws `CoordsError` `coords_bad_dec` otherwise.
 */
export function parseDec(text: string | number): number {
  if (typeof text === 'number') return checkDec(text, String(text));
  const t = text.trim();
  if (DECIMAL.test(t)) return checkDec(Number(t.replace(/\s|deg|d|°/g, '').replace('−', '-')), t);
  const v = parseSexagesimal(t);
  if (!v) throw new CoordsError('coords_bad_dec', `not a declination: "${text}"`);
  checkMinSec(v, t, 'coords_bad_dec');
  return checkDec(v.sign * (v.a + v.m / 60 + v.s / 3600), t);
}

function checkDec(deg: number, text: string): number {
  if (!Number.isFinite(deg) || deg < -90 || deg > 90) {
    throw new CoordsError('coords_bad_dec', `declination must be in [-90, 90] degrees: "${text}"`);
  }
  return deg;
}

/** Splits a non-negative value into whole units, minutes and rounded seconds with carry. */
function split(value: number, decimals: number): [number, number, string] {
  const scale = 10 ** decimals;
  // Work in integer units of the last printed digit so rounding carries correctly.
  const total = Math.round(value * 3600 * scale);
  const perUnit = 3600 * scale;
  const a = Math.floor(total / perUnit);
  const rest = total - a * perUnit;
  const m = Math.floor(rest / (60 * scale));
  const sUnits = rest - m * 60 * scale;
  const s = (sUnits / scale).toFixed(decimals);
  const [si, sf] = s.split('.');
  return [a, m, sf === undefined ? si!.padStart(2, '0') : `${si!.padStart(2, '0')}.${sf}`];
}

/**
 * Formats a right ascension given in degrees as `HH:MM:SS.sss` (hours; `decimals` digits of
 * seconds, default 3). The value is wrapped into [0, 360) first; 23:59:59.9996 rounds to
 * 00:00:00.000.
 */
export function formatRa(deg: number, decimals = 3, sep = ':'): string {
  if (!Number.isFinite(deg)) throw new CoordsError('coords_bad_argument', `RA is not finite: ${deg}`);
  const hours = (((deg % 360) + 360) % 360) / 15;
  const [h0, m, s] = split(hours, decimals);
  const h = h0 >= 24 ? h0 - 24 : h0;
  return `${String(h).padStart(2, '0')}${sep}${String(m).padStart(2, '0')}${sep}${s}`;
}

/**
 * Formats a declination given in degrees as `±DD:MM:SS.ss` (`decimals` digits of seconds,
 * default 2; the sign is always written, also for -00:30:00).
 */
export function formatDec(deg: number, decimals = 2, sep = ':'): string {
  if (!Number.isFinite(deg)) throw new CoordsError('coords_bad_argument', `Dec is not finite: ${deg}`);
  const [d, m, s] = split(Math.abs(deg), decimals);
  const zero = d === 0 && m === 0 && Number(s) === 0;
  const sign = deg < 0 && !zero ? '-' : '+';
  return `${sign}${String(d).padStart(2, '0')}${sep}${String(m).padStart(2, '0')}${sep}${s}`;
}
