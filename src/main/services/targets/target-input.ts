/**
 * What a caller gives to create or edit a target, and how each field is checked: names and
 * aliases trimmed, at most 100 characters, RA/Dec as sexagesimal text or decimal degrees
 * (parsed by core/coords), numbers finite. Every problem is an `invalid_argument` AppError.
 */
import { CoordsError, parseDec, parseRa } from '../../../core/coords/index.js';
import { AppError } from '../../../shared/errors.js';

/** What a caller may give to create a target (RA/Dec as sexagesimal text or decimal degrees). */
export interface TargetInput {
  name: string;
  /** Sexagesimal hours (`10:00:28.0`) or decimal degrees (`150.1166`, or a number). */
  ra: string | number;
  /** Sexagesimal degrees (`+02:12:21`) or decimal degrees. */
  dec: string | number;
  epoch?: number;
  pmRa?: number | null;
  pmDec?: number | null;
  aliases?: string[];
  tags?: string[];
  notes?: string;
  type?: 'sidereal' | 'non_sidereal';
}

export type TargetPatch = Partial<TargetInput>;

const MAX_NAME = 100;

export function cleanName(v: unknown, what: string): string {
  if (typeof v !== 'string') throw new AppError('invalid_argument', `${what} must be text`);
  const s = v.trim().replace(/\s+/g, ' ');
  if (s === '') throw new AppError('invalid_argument', `${what} must not be empty`);
  if (s.length > MAX_NAME) throw new AppError('invalid_argument', `${what} is longer than ${MAX_NAME} characters`);
  return s;
}

export function cleanList(v: unknown, what: string): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new AppError('invalid_argument', `${what} must be a list`);
  const out: string[] = [];
  const seen = new Set<string>();
  for (const x of v) {
    const s = cleanName(x, what);
    if (seen.has(s.toLowerCase())) continue;
    seen.add(s.toLowerCase());
    out.push(s);
  }
  return out;
}

export function finiteOrNull(v: unknown, what: string): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n)) throw new AppError('invalid_argument', `${what} must be a number`);
  return n;
}

export function coords(ra: string | number, dec: string | number): { ra: number; dec: number } {
  try {
    return { ra: parseRa(ra), dec: parseDec(dec) };
  } catch (err) {
    if (err instanceof CoordsError) throw new AppError('invalid_argument', err.message);
    throw err;
  }
}
