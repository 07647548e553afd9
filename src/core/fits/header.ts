/**
 * A FITS header: the ordered list of cards plus keyword lookup. Long strings written with
 * CONTINUE cards are joined; HIERARCH keywords are found with or without the `HIERARCH ` prefix.
 */
import { formatCards, parseCard, type Card, type HeaderValue } from './card.js';
import { FitsError } from './errors.js';

export type { Card, HeaderValue } from './card.js';

const BLOCK = 2880;

function normaliseKey(key: string): string {
  let k = key.trim().toUpperCase();
  if (k.startsWith('HIERARCH ')) k = k.slice(9).trim();
  return k;
}

/** Parsed header. `get` returns the first occurrence of a keyword (as astropy does). */
export class Header {
  readonly cards: readonly Card[];
  private readonly index = new Map<string, HeaderValue>();
  private readonly commentary = new Map<string, string[]>();

  constructor(cards: readonly Card[]) {
    this.cards = cards;
    for (let i = 0; i < cards.length; i++) {
      const card = cards[i];
      if (card.keyword === 'CONTINUE' || card.keyword === 'END') continue;
      if (card.value === undefined) {
        const list = this.commentary.get(card.keyword);
        if (list) list.push(card.comment);
        else this.commentary.set(card.keyword, [card.comment]);
        continue;
      }
      let value = card.value;
      if (typeof value === 'string' && card.continued) {
        // Join CONTINUE cards: each piece but the last ends with '&'.
        let j = i + 1;
        let cont: boolean = card.continued;
        while (cont && j < cards.length && cards[j].keyword === 'CONTINUE' && typeof cards[j].value === 'string') {
          value = (value as string).slice(0, -1) + (cards[j].value as string);
          cont = cards[j].continued === true;
          j++;
        }
      }
      if (!this.index.has(card.keyword)) this.index.set(card.keyword, value);
    }
  }

  /** Build a header from a record of keyword → value (in insertion order). */
  static fromRecord(record: Record<string, HeaderValue>): Header {
    const cards: Card[] = [];
    for (const [keyword, value] of Object.entries(record)) {
      const key = normaliseKey(keyword);
      let raw = '';
      try {
        const text = formatCards(key, value);
        if (text.length === 1) raw = text[0]; // long strings keep no single raw card
      } catch {
        // values FITS cannot hold (NaN, Infinity) keep no raw text
      }
      cards.push({ keyword: key, value, comment: '', raw });
    }
    return new Header(cards);
  }

  /** Value of a keyword (first occurrence). COMMENT/HISTORY return their lines joined by `\n`. */
  get(key: string): HeaderValue | undefined {
    const k = normaliseKey(key);
    const v = this.index.get(k);
    if (v !== undefined) return v;
    const c = this.commentary.get(k);
    return c ? c.join('\n') : undefined;
  }

  has(key: string): boolean {
    const k = normaliseKey(key);
    return this.index.has(k) || this.commentary.has(k);
  }

  /** A numeric value, or `fallback` when the keyword is missing or not a number. */
  number(key: string, fallback: number): number;
  number(key: string): number | undefined;
  number(key: string, fallback?: number): number | undefined {
    const v = this.get(key);
    return typeof v === 'number' ? v : fallback;
  }

  /** A string value (trailing blanks removed), or undefined. */
  string(key: string): string | undefined {
    const v = this.get(key);
    return typeof v === 'string' ? v : undefined;
  }

  /** Keywords with values, in card order (first occurrence). */
  keys(): string[] {
    return [...this.index.keys()];
  }

  /** All keyword → value pairs; COMMENT and HISTORY joined by newlines. */
  toRecord(): Record<string, HeaderValue> {
    const out: Record<string, HeaderValue> = {};
    for (const [k, v] of this.index) out[k] = v;
    for (const [k, v] of this.commentary) {
      if (k === '' || out[k] !== undefined) continue;
      out[k] = v.join('\n');
    }
    return out;
  }
}

/** Header text decoded from bytes, with where it ends. */
export interface ParsedHeader {
  header: Header;
  /** Offset of the first byte after the header (start of the data unit). */
  end: number;
}

/** Runs of characters outside FITS's printable ASCII (0x20–0x7E). */
const NOT_PRINTABLE = /[^\x20-\x7e]+/g;

/**
 * Parse the header that starts at `start` (a multiple of 2880). Throws `truncated` when the
 * file ends inside the header and `no_end` when no END card comes before the end of the file
 * or before a block of binary data.
 */
export function parseHeader(bytes: Uint8Array, start: number, hdu: number): ParsedHeader {
  const cards: Card[] = [];
  let pos = start;
  for (;;) {
    if (pos >= bytes.length) {
      throw new FitsError('no_end', `HDU ${hdu}: header starting at byte ${start} has no END card before the end of the file`, hdu, pos);
    }
    if (pos + BLOCK > bytes.length) {
      throw new FitsError('truncated', `HDU ${hdu}: file ends inside the header (${bytes.length - pos} of 2880 bytes in the last block)`, hdu, bytes.length);
    }
    // the block as one string, a character a byte (ISO 8859-1): one call, not 2,880 concatenations
    const block = String.fromCharCode.apply(null, bytes.subarray(pos, pos + BLOCK) as unknown as number[]);
    // counted by the regular expression engine: a loop over the bytes ran in the interpreter in a
    // process's first header (~0.3 ms a block)
    const bad = block.length - block.replace(NOT_PRINTABLE, '').length;
    if (bad > BLOCK / 10) {
      throw new FitsError('no_end', `HDU ${hdu}: header starting at byte ${start} has no END card (binary data at byte ${pos})`, hdu, pos);
    }
    for (let c = 0; c < 36; c++) {
      const text = block.slice(c * 80, c * 80 + 80);
      if (text.startsWith('END') && text.slice(3, 8).trim() === '') {
        return { header: new Header(cards), end: pos + BLOCK };
      }
      cards.push(parseCard(text));
    }
    pos += BLOCK;
  }
}
