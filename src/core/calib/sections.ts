/**
 * FITS section strings (BIASSEC, TRIMSEC, DATASEC): `[x1:x2,y1:y2]`, 1-based and inclusive,
 * x along NAXIS1, as IRAF writes them; `*` stands for a whole axis. ccdproc's
 * `slice_from_string(..., fits_convention=True)` reads the same strings.
 */
import { CalibError } from './errors.js';

/** A rectangle in 0-based pixels, half-open: columns x0 ≤ x < x1, rows y0 ≤ y < y1. */
export interface Section {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

function axis(part: string, n: number, text: string, keyword: string): [number, number] {
  const p = part.trim();
  if (p === '*' || p === ':' || p === '') return [0, n];
  const m = /^(\d+)\s*:\s*(\d+)$/.exec(p);
  if (!m) throw new CalibError('bad_section', `${keyword} '${text}': '${p}' is not a range a:b`);
  const a = Number(m[1]);
  const b = Number(m[2]);
  if (a < 1 || b < a || b > n) {
    throw new CalibError('bad_section', `${keyword} '${text}': range ${a}:${b} is not within 1:${n} in increasing order`);
  }
  return [a - 1, b];
}

/** Parses a section for a `width` × `height` frame; throws `bad_section` (naming `keyword`) when it is malformed or outside the frame. */
export function parseSection(text: string, width: number, height: number, keyword = 'section'): Section {
  const m = /^\s*\[([^,\]]*),([^,\]]*)\]\s*$/.exec(text);
  if (!m) throw new CalibError('bad_section', `${keyword} '${text}': expected [x1:x2,y1:y2]`);
  const [x0, x1] = axis(m[1], width, text, keyword);
  const [y0, y1] = axis(m[2], height, text, keyword);
  return { x0, x1, y0, y1 };
}

export function sectionWidth(s: Section): number {
  return s.x1 - s.x0;
}

export function sectionHeight(s: Section): number {
  return s.y1 - s.y0;
}

/** Formats a section back as FITS text (1-based, inclusive). */
export function formatSection(s: Section): string {
  return `[${s.x0 + 1}:${s.x1},${s.y0 + 1}:${s.y1}]`;
}
