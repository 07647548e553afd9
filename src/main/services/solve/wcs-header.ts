/**
 * A solved WCS laid over a header: the cards of the image's own WCS (whatever it had, celestial
 * or not) are dropped and the solution's cards (core/solve's `wcsCards`) added. The original
 * file is never rewritten: the library stores the cards with the product and lays them over the
 * header wherever the image is read (extraction, photometry, matching); `nightshift solve --out`
 * writes a copy with them.
 */
import { Header, type HeaderValue } from '../../../core/fits/index.js';
import { WCS_KEYWORD } from '../../../core/wcs/index.js';

/** The header with its WCS cards replaced by `cards` (added at the end, before END), and a HISTORY card when `history` is given. */
export function headerWithWcs(header: Header, cards: Readonly<Record<string, HeaderValue>>, history?: string): Header {
  const kept = header.cards.filter((c) => !WCS_KEYWORD.test(c.keyword) && c.keyword !== 'END');
  const added = Header.fromRecord(history === undefined ? { ...cards } : { ...cards, HISTORY: history }).cards;
  return new Header([...kept, ...added]);
}

/** A header stored as a record (the library's `header_json`) with its WCS keys replaced by `cards`. */
export function recordWithWcs<V>(record: Readonly<Record<string, V>>, cards: Readonly<Record<string, V>>): Record<string, V> {
  const out: Record<string, V> = {};
  for (const [k, v] of Object.entries(record)) if (!WCS_KEYWORD.test(k)) out[k] = v;
  return { ...out, ...cards };
}
