/**
 * Writing FITS images: a primary HDU and image extensions of int16, int32, float32 or
 * float64 data with a header, valid for astropy and fitsverify.
 */
import { formatCards, type HeaderValue } from './card.js';
import { swap16InPlace, swap32InPlace, swap64InPlace, LITTLE_ENDIAN } from './bytes.js';
import { FitsError } from './errors.js';
import { Header } from './header.js';

const BLOCK = 2880;

/** One image HDU to write. `shape` is in FITS order [NAXIS1, NAXIS2, ...]. */
export interface WriteHdu {
  /** Extra keywords. Structural keywords (SIMPLE, BITPIX, NAXISn, ...) are ignored; when a
   * {@link Header} read from a file is given, its BSCALE/BZERO/BLANK are dropped too, since
   * the data written are the physical values. */
  header?: Record<string, HeaderValue> | Header;
  data: Uint8Array | Int16Array | Int32Array | Float32Array | Float64Array;
  shape: number[];
}

const STRUCTURAL = /^(SIMPLE|XTENSION|BITPIX|NAXIS\d*|EXTEND|PCOUNT|GCOUNT|END|GROUPS|CONTINUE)$/;
const SCALING = /^(BSCALE|BZERO|BLANK)$/;

function bitpixOf(data: WriteHdu['data']): number {
  if (data instanceof Uint8Array) return 8;
  if (data instanceof Int16Array) return 16;
  if (data instanceof Int32Array) return 32;
  if (data instanceof Float32Array) return -32;
  if (data instanceof Float64Array) return -64;
  throw new FitsError('bad_argument', 'data must be a Uint8Array, Int16Array, Int32Array, Float32Array or Float64Array');
}

function asciiCard(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?').padEnd(80, ' ').slice(0, 80);
}

function userCards(header: WriteHdu['header']): string[] {
  const out: string[] = [];
  if (!header) return out;
  if (header instanceof Header) {
    let skipping = false;
    for (const c of header.cards) {
      if (c.keyword === 'CONTINUE') {
        if (!skipping) out.push(asciiCard(c.raw));
        continue;
      }
      skipping = STRUCTURAL.test(c.keyword) || SCALING.test(c.keyword);
      if (skipping) continue;
      if (c.raw) out.push(asciiCard(c.raw));
      else if (c.value !== undefined) out.push(...formatCards(c.keyword, c.value, c.comment));
    }
    return out;
  }
  for (const [key, value] of Object.entries(header)) {
    const k = key.toUpperCase();
    if (STRUCTURAL.test(k)) continue;
    if ((k === 'COMMENT' || k === 'HISTORY') && typeof value === 'string') {
      for (const line of value.split('\n')) out.push(...formatCards(k, line));
      continue;
    }
    out.push(...formatCards(k, value).map(asciiCard));
  }
  return out;
}

/**
 * Serialise images to FITS bytes: the first becomes the primary HDU, the others IMAGE
 * extensions. Data are written big-endian as given (no scaling).
 */
export function writeFits(hdus: WriteHdu[]): Uint8Array {
  if (hdus.length === 0) throw new FitsError('bad_argument', 'nothing to write');
  const headers: string[][] = [];
  let total = 0;
  hdus.forEach((h, index) => {
    const bitpix = bitpixOf(h.data);
    const count = h.shape.reduce((a, b) => a * b, 1);
    if (h.shape.some((n) => !Number.isInteger(n) || n < 0) || (h.shape.length > 0 ? count : 0) !== h.data.length) {
      throw new FitsError('bad_argument', `HDU ${index}: shape ${JSON.stringify(h.shape)} does not match ${h.data.length} values`, index);
    }
    const cards = headerCards(h.header, h.shape, bitpix, index);
    headers.push(cards);
    total += Math.ceil((cards.length * 80) / BLOCK) * BLOCK;
    total += Math.ceil(h.data.byteLength / BLOCK) * BLOCK;
  });
  const out = new Uint8Array(total);
  let pos = 0;
  hdus.forEach((h, index) => {
    const cards = headers[index];
    pos = putCards(out, pos, cards);
    const n = h.data.byteLength;
    out.set(new Uint8Array(h.data.buffer, h.data.byteOffset, n), pos);
    if (LITTLE_ENDIAN) {
      const size = h.data.BYTES_PER_ELEMENT;
      if (size === 2) swap16InPlace(new Uint16Array(out.buffer, pos, n / 2));
      else if (size === 4) swap32InPlace(new Uint32Array(out.buffer, pos, n / 4));
      else if (size === 8) swap64InPlace(new Uint32Array(out.buffer, pos, n / 4));
    }
    pos += Math.ceil(n / BLOCK) * BLOCK;
  });
  return out;
}

/**
 * The header block(s) of a primary float32 image of `shape` (FITS order) with `header`'s
 * keywords, as {@link writeFits} writes them: for a writer that streams the data after it
 * (big-endian, then zeros up to a multiple of 2880 bytes).
 */
export function float32ImageHeader(header: WriteHdu['header'], shape: number[]): Uint8Array {
  const cards = headerCards(header, shape, -32, 0);
  const out = new Uint8Array(Math.ceil((cards.length * 80) / BLOCK) * BLOCK);
  putCards(out, 0, cards);
  return out;
}

function putCards(out: Uint8Array, start: number, cards: string[]): number {
  let pos = start;
  for (const card of cards) {
    for (let i = 0; i < 80; i++) out[pos + i] = card.charCodeAt(i);
    pos += 80;
  }
  const hend = start + Math.ceil((cards.length * 80) / BLOCK) * BLOCK;
  out.fill(0x20, pos, hend);
  return hend;
}

function headerCards(header: WriteHdu['header'], shape: number[], bitpix: number, index: number): string[] {
  const cards: string[] = [];
  if (index === 0) cards.push(...formatCards('SIMPLE', true, 'conforms to FITS standard'));
  else cards.push(...formatCards('XTENSION', 'IMAGE', 'Image extension'));
  cards.push(...formatCards('BITPIX', bitpix, 'array data type'));
  cards.push(...formatCards('NAXIS', shape.length, 'number of array dimensions'));
  shape.forEach((n, i) => cards.push(...formatCards(`NAXIS${i + 1}`, n)));
  if (index === 0) cards.push(...formatCards('EXTEND', true));
  else {
    cards.push(...formatCards('PCOUNT', 0, 'number of parameters'));
    cards.push(...formatCards('GCOUNT', 1, 'number of groups'));
  }
  const extra = userCards(header);
  if (extra.some((c) => c.startsWith('CONTINUE')) && !extra.some((c) => c.startsWith('LONGSTRN'))) {
    cards.push(...formatCards('LONGSTRN', 'OGIP 1.0', 'The OGIP long string convention may be used'));
  }
  cards.push(...extra);
  cards.push('END'.padEnd(80, ' '));
  return cards;
}

/**
 * The bytes of `data` as FITS stores them (big-endian float32), made in place: the array's
 * values are garbage afterwards. For a writer that streams an image after
 * {@link float32ImageHeader} without copying it.
 */
export function float32BigEndianInPlace(data: Float32Array): Uint8Array {
  if (LITTLE_ENDIAN) swap32InPlace(new Uint32Array(data.buffer, data.byteOffset, data.length));
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
