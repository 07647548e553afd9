/**
 * One 80-character FITS header card: parsing (tolerant of the non-standard cards real files
 * carry) and formatting (strictly standard, for the writer).
 */

/** A header value: string, number (integers and reals), logical, undefined (null) or complex. */
export type HeaderValue = string | number | boolean | null | { re: number; im: number };

/** One parsed card. `raw` is the original 80-character text, kept for display. */
export interface Card {
  /** Keyword, upper case as written; for HIERARCH cards the text after `HIERARCH` (e.g. `ESO DET CHIP`). */
  readonly keyword: string;
  /** Value of a value card (`KEY = value`), `undefined` for commentary and unparsable cards. */
  readonly value: HeaderValue | undefined;
  /** Comment text after `/`, or the text of a COMMENT/HISTORY/blank/other commentary card. */
  readonly comment: string;
  /** The card as written (80 characters, trailing blanks kept). */
  readonly raw: string;
  /** True for value cards whose string value ends with `&` (a long string continued by CONTINUE). */
  readonly continued?: boolean;
}

/** Keywords whose cards never carry a value. */
export const COMMENTARY = new Set(['COMMENT', 'HISTORY', '']);

const INT_RE = /^[+-]?\d+$/;
const FLOAT_RE = /^[+-]?(\d+\.?\d*|\.\d+)([EeDd][+-]?\d+)?$/;

/** Parse the text of a numeric, logical or complex value (no quotes). Returns undefined if not parsable. */
export function parseScalar(text: string): HeaderValue | undefined {
  const t = text.trim();
  if (t === '') return null;
  if (t === 'T') return true;
  if (t === 'F') return false;
  if (INT_RE.test(t)) return Number(t);
  if (FLOAT_RE.test(t)) return Number(t.replace(/[Dd]/, 'E'));
  if (t.startsWith('(') && t.endsWith(')')) {
    const parts = t.slice(1, -1).split(',');
    if (parts.length === 2) {
      const re = parseScalar(parts[0]);
      const im = parseScalar(parts[1]);
      if (typeof re === 'number' && typeof im === 'number') return { re, im };
    }
  }
  return undefined;
}

/**
 * Parse a value field (the text after `= `): a quoted string (with `''` escapes, trailing
 * blanks removed) or a scalar, followed by an optional `/ comment`.
 */
export function parseValueField(field: string): { value: HeaderValue | undefined; comment: string; continued: boolean } {
  let i = 0;
  while (i < field.length && field[i] === ' ') i++;
  if (field[i] === "'") {
    let s = '';
    let j = i + 1;
    let closed = false;
    while (j < field.length) {
      const ch = field[j];
      if (ch === "'") {
        if (field[j + 1] === "'") {
          s += "'";
          j += 2;
          continue;
        }
        closed = true;
        j++;
        break;
      }
      s += ch;
      j++;
    }
    // An unclosed string is tolerated: take the rest of the card.
    void closed;
    const rest = field.slice(j);
    const slash = rest.indexOf('/');
    const comment = slash >= 0 ? rest.slice(slash + 1).trim() : '';
    const value = s.replace(/ +$/, '');
    return { value, comment, continued: value.endsWith('&') };
  }
  const slash = field.indexOf('/', i);
  const valueText = slash >= 0 ? field.slice(i, slash) : field.slice(i);
  const comment = slash >= 0 ? field.slice(slash + 1).trim() : '';
  const parsed = parseScalar(valueText);
  // Non-standard values (e.g. unquoted words) are kept as their text.
  const value = parsed === undefined ? valueText.trim() : parsed;
  return { value, comment, continued: false };
}

/** Parse one card (up to 80 characters; shorter text is padded with blanks). */
export function parseCard(text: string): Card {
  const raw = text.length >= 80 ? text.slice(0, 80) : text.padEnd(80, ' ');
  const key8 = raw.slice(0, 8).trimEnd();
  if (key8 === 'HIERARCH') {
    const eq = raw.indexOf('=', 8);
    if (eq > 8) {
      const keyword = raw.slice(8, eq).trim().toUpperCase();
      const { value, comment, continued } = parseValueField(raw.slice(eq + 1));
      return { keyword, value, comment, raw, continued };
    }
    return { keyword: 'HIERARCH', value: undefined, comment: raw.slice(8).trim(), raw };
  }
  const keyword = key8.toUpperCase();
  if (keyword === 'CONTINUE') {
    const { value, comment, continued } = parseValueField(raw.slice(8));
    return { keyword, value: typeof value === 'string' ? value : undefined, comment, raw, continued };
  }
  if (!COMMENTARY.has(keyword) && raw.slice(8, 10) === '= ') {
    const { value, comment, continued } = parseValueField(raw.slice(10));
    return { keyword, value, comment, raw, continued };
  }
  // Commentary cards, and non-standard ones such as ESO's `ESO-LOG 000000> ...`.
  return { keyword, value: undefined, comment: raw.slice(8).trimEnd(), raw };
}

/** Format a number as a FITS value (right-justified to column 30 by the caller). */
export function formatNumber(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e16) return String(v);
  if (Number.isNaN(v) || !Number.isFinite(v)) throw new RangeError(`cannot write ${v} in a FITS header`);
  let s = String(v); // shortest round-trip representation
  if (s.includes('e')) {
    s = s.replace('e', 'E');
    if (!s.includes('.')) s = s.replace('E', '.0E');
  } else if (!s.includes('.')) s += '.0';
  if (s.length > 20) s = v.toExponential(13).toUpperCase();
  return s;
}

function pad80(s: string): string {
  return s.length >= 80 ? s.slice(0, 80) : s.padEnd(80, ' ');
}

function keywordField(keyword: string): string {
  return keyword.toUpperCase().padEnd(8, ' ');
}

/**
 * Format one keyword = value card (more than one card for long strings, using CONTINUE).
 * Keywords longer than 8 characters or with blanks are written as HIERARCH cards.
 */
export function formatCards(keyword: string, value: HeaderValue, comment = ''): string[] {
  const key = keyword.toUpperCase();
  if (key === 'COMMENT' || key === 'HISTORY' || key === '') {
    const text = typeof value === 'string' ? value : String(value ?? '');
    const out: string[] = [];
    for (let i = 0; i < Math.max(1, text.length); i += 72) out.push(pad80(keywordField(key) + text.slice(i, i + 72)));
    return out;
  }
  const hierarch = key.length > 8 || /[^A-Z0-9_-]/.test(key);
  const prefix = hierarch ? `HIERARCH ${key} = ` : `${keywordField(key)}= `;
  const withComment = (body: string): string => {
    const c = comment ? ` / ${comment}` : '';
    return pad80(body + c);
  };
  if (typeof value === 'string') {
    const esc = value.replace(/'/g, "''");
    if (prefix.length + esc.length + 2 <= 80) {
      const quoted = `'${esc.padEnd(8, ' ')}'`;
      return [withComment(prefix + quoted)];
    }
    // Long string: split into pieces of at most 67 characters (+ '&'), never inside a '' pair.
    const cards: string[] = [];
    let rest = value;
    let first = true;
    while (rest.length > 0) {
      const room = first ? 80 - prefix.length - 3 : 80 - 10 - 3;
      let take = Math.min(rest.length, room);
      let piece = rest.slice(0, take);
      while (piece.replace(/'/g, "''").length > room) {
        take--;
        piece = rest.slice(0, take);
      }
      rest = rest.slice(take);
      const body = `'${piece.replace(/'/g, "''")}${rest.length > 0 ? '&' : ''}'`;
      cards.push(pad80((first ? prefix : 'CONTINUE  ') + body));
      first = false;
    }
    return cards;
  }
  let text: string;
  if (value === null) text = '';
  else if (typeof value === 'boolean') text = value ? 'T' : 'F';
  else if (typeof value === 'number') text = formatNumber(value);
  else text = `(${formatNumber(value.re)}, ${formatNumber(value.im)})`;
  if (hierarch) return [withComment(prefix + text)];
  return [withComment(prefix + text.padStart(20, ' '))];
}
