import { WcsError } from './errors.js';

/** A FITS header value as the FITS layer hands it over. */
export type HeaderValue = string | number | boolean | null | { re: number; im: number };

/** Anything that can look up a header keyword (upper-case FITS keyword, e.g. `CRVAL1`). */
export interface HeaderLookup {
  get(key: string): HeaderValue | undefined;
}

/**
 * Typed access to the WCS keywords of one coordinate description (primary or alternate
 * letter `A`..`Z`), with the suffix appended for keywords that take it.
 */
export class WcsKeywords {
  readonly alt: string;
  private readonly header: HeaderLookup;

  constructor(header: HeaderLookup, alt = '') {
    const a = alt.trim().toUpperCase();
    if (a !== '' && !/^[A-Z]$/.test(a)) {
      throw new WcsError('wcs_bad_keyword', `alternate WCS letter must be A-Z, got "${alt}"`);
    }
    this.alt = a;
    this.header = header;
  }

  /** Raw value of `key` + alternate letter. */
  raw(key: string): HeaderValue | undefined {
    return this.header.get(key + this.alt);
  }

  /** Raw value of a keyword that never takes the alternate letter. */
  rawPlain(key: string): HeaderValue | undefined {
    return this.header.get(key);
  }

  has(key: string): boolean {
    const v = this.raw(key);
    return v !== undefined && v !== null;
  }

  /** Number value of `key` + alt, or `undefined` if absent; throws on a non-numeric value. */
  num(key: string): number | undefined {
    return toNumber(this.raw(key), key + this.alt);
  }

  /** Number value of a keyword without the alternate letter. */
  numPlain(key: string): number | undefined {
    return toNumber(this.rawPlain(key), key);
  }

  /** Trimmed string value of `key` + alt, or `undefined` if absent. */
  str(key: string): string | undefined {
    return toStr(this.raw(key));
  }

  strPlain(key: string): string | undefined {
    return toStr(this.rawPlain(key));
  }
}

function toNumber(v: HeaderValue | undefined, key: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new WcsError('wcs_bad_keyword', 'value is not finite', key);
    return v;
  }
  if (typeof v === 'boolean') throw new WcsError('wcs_bad_keyword', 'expected a number, got a logical', key);
  if (typeof v === 'string') {
    const t = v.trim().replace(/[dD]/, 'E');
    if (t === '') return undefined;
    const n = Number(t);
    if (!Number.isFinite(n)) throw new WcsError('wcs_bad_keyword', `expected a number, got "${v}"`, key);
    return n;
  }
  throw new WcsError('wcs_bad_keyword', 'expected a number, got a complex value', key);
}

function toStr(v: HeaderValue | undefined): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** Build a {@link HeaderLookup} from a plain keyword → value record (used by tests and tools). */
export function headerFromRecord(record: Record<string, HeaderValue>): HeaderLookup {
  const map = new Map<string, HeaderValue>();
  for (const [k, v] of Object.entries(record)) map.set(k.toUpperCase(), v);
  return { get: (key: string) => map.get(key.toUpperCase()) };
}

/** Keywords of a FITS WCS (TAN, SIP, TPV, distortion-free linear and the old CROTA/CDELT forms). */
export const WCS_KEYWORD = /^(WCSAXES|CTYPE\d|CRVAL\d|CRPIX\d|CDELT\d|CROTA\d|CUNIT\d|CD\d_\d|PC\d_\d|PV\d_\d+|PS\d_\d+|LONPOLE|LATPOLE|RADESYS|EQUINOX|EPOCH|[AB]P?_ORDER|[AB]P?_\d+_\d+|[AB]_DMAX)$/;

/**
 * A header with its WCS replaced by `cards` (a plate solution laid over the file's header,
 * which is not rewritten): WCS keywords are looked up in `cards` only, the others in `header`.
 */
export function headerWithWcsCards(header: HeaderLookup, cards: Readonly<Record<string, HeaderValue>>): HeaderLookup {
  const map = new Map<string, HeaderValue>();
  for (const [k, v] of Object.entries(cards)) map.set(k.toUpperCase(), v);
  return {
    get: (key: string) => {
      const k = key.toUpperCase();
      return WCS_KEYWORD.test(k) ? map.get(k) : header.get(key);
    },
  };
}
