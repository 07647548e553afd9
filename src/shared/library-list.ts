/**
 * The library's whole list as it travels (`library:list`): only what the list shows and filters
 * by, one array per field ("columns") rather than one object per image, and the fields with few
 * distinct values (OBJECT, FILTER, status, kind, frame type) as indexes into one word list. A
 * season of 10,000 images is ~0.7 MB of JSON this way, against 4.0 MB as `products:list`'s
 * full rows (hash, size, dates, dimensions, masters and plate solution, none of which the list
 * shows): less for the host to write, for the socket to carry, and for the page to parse and
 * collect. Pure: no zod (the renderer's start path loads none), no DOM, no node.
 */
import type { ProductView } from './domain.js';

/** What the library's list shows and filters by, of one image: a subset of {@link ProductView}, so a full row is one too. */
export type LibraryRow = Pick<ProductView, 'id' | 'name' | 'status' | 'sources' | 'error' | 'object' | 'dateObs' | 'filter' | 'width' | 'kind' | 'frameType' | 'calibWait'>;

/**
 * The list by columns: row `i` is `id[i]`, `name[i]`… A coded column holds an index into
 * `words` (-1 for null). The rarely set fields are sparse: `[row, …]` for the rows that have one.
 */
export interface LibraryColumns {
  /** The distinct values of the coded columns. */
  words: string[];
  id: number[];
  name: string[];
  /** DATE-OBS as stored (ISO 8601 UTC text), or null. */
  dateObs: Array<string | null>;
  /** Coded: OBJECT. */
  object: number[];
  /** Coded: FILTER. */
  filter: number[];
  /** Coded: {@link ProductView.status}. */
  status: number[];
  /** Coded: {@link ProductView.kind}. */
  kind: number[];
  /** Coded: {@link ProductView.frameType}. */
  frameType: number[];
  /** Catalog row counts; null before extraction. */
  sources: Array<number | null>;
  /** Image widths in pixels; null for an image whose header gave none (no thumbnail). */
  width: Array<number | null>;
  /** `[row, code, message]` of the failed images. */
  error: Array<[number, string, string]>;
  /** `[row, why]` of the raw lights waiting for calibration. */
  calibWait: Array<[number, string]>;
}

/** An empty library's list. */
export const NO_LIBRARY_ROWS: Readonly<LibraryColumns> = Object.freeze({
  words: [],
  id: [],
  name: [],
  dateObs: [],
  object: [],
  filter: [],
  status: [],
  kind: [],
  frameType: [],
  sources: [],
  width: [],
  error: [],
  calibWait: [],
});

/** The rows as columns (see {@link LibraryColumns}), in their order. */
export function encodeLibraryList(rows: readonly LibraryRow[]): LibraryColumns {
  const words: string[] = [];
  const index = new Map<string, number>();
  const code = (value: string | null): number => {
    if (value === null) return -1;
    let i = index.get(value);
    if (i === undefined) {
      i = words.length;
      words.push(value);
      index.set(value, i);
    }
    return i;
  };
  const n = rows.length;
  const out: LibraryColumns = {
    words,
    id: new Array<number>(n),
    name: new Array<string>(n),
    dateObs: new Array<string | null>(n),
    object: new Array<number>(n),
    filter: new Array<number>(n),
    status: new Array<number>(n),
    kind: new Array<number>(n),
    frameType: new Array<number>(n),
    sources: new Array<number | null>(n),
    width: new Array<number | null>(n),
    error: [],
    calibWait: [],
  };
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    out.id[i] = r.id;
    out.name[i] = r.name;
    out.dateObs[i] = r.dateObs;
    out.object[i] = code(r.object);
    out.filter[i] = code(r.filter);
    out.status[i] = code(r.status);
    out.kind[i] = code(r.kind);
    out.frameType[i] = code(r.frameType);
    out.sources[i] = r.sources;
    out.width[i] = r.width;
    if (r.error) out.error.push([i, r.error.code, r.error.message]);
    if (r.calibWait !== null) out.calibWait.push([i, r.calibWait]);
  }
  return out;
}

/** A list that is not {@link LibraryColumns}' shape (columns of unequal length, a code out of range). */
export class MalformedLibraryList extends Error {
  readonly code = 'invalid_argument';
  constructor(why: string) {
    super(`malformed library list: ${why}`);
    this.name = 'MalformedLibraryList';
  }
}

const COLUMNS = ['id', 'name', 'dateObs', 'object', 'filter', 'status', 'kind', 'frameType', 'sources', 'width'] as const;

/**
 * The rows of a list sent as columns, in its order; each row a new object of its own (the page
 * adds to them). Throws {@link MalformedLibraryList} for columns of unequal length or a code or
 * row index out of range, or a row without status or kind. The coded columns' words are taken
 * as they are (the host wrote them from the contract's values).
 */
export function decodeLibraryList(c: LibraryColumns): LibraryRow[] {
  const n = c.id.length;
  for (const key of COLUMNS) if (!Array.isArray(c[key]) || c[key].length !== n) throw new MalformedLibraryList(`column ${key} has not ${n} values`);
  const words = c.words;
  const word = (i: number): string | null => {
    if (i === -1) return null;
    const w = words[i];
    if (w === undefined) throw new MalformedLibraryList(`no word ${i}`);
    return w;
  };
  const required = (i: number): string => {
    const w = word(i);
    if (w === null) throw new MalformedLibraryList('a status or kind is missing');
    return w;
  };
  const rows = new Array<LibraryRow>(n);
  for (let i = 0; i < n; i++) {
    rows[i] = {
      id: c.id[i]!,
      name: c.name[i]!,
      status: required(c.status[i]!) as LibraryRow['status'],
      sources: c.sources[i]!,
      error: null,
      object: word(c.object[i]!),
      dateObs: c.dateObs[i]!,
      filter: word(c.filter[i]!),
      width: c.width[i]!,
      kind: required(c.kind[i]!) as LibraryRow['kind'],
      frameType: word(c.frameType[i]!) as LibraryRow['frameType'],
      calibWait: null,
    };
  }
  const row = (i: number): LibraryRow => {
    const r = Number.isInteger(i) ? rows[i] : undefined;
    if (r === undefined) throw new MalformedLibraryList(`no row ${i}`);
    return r;
  };
  for (const [i, code, message] of c.error) row(i).error = { code, message };
  for (const [i, why] of c.calibWait) row(i).calibWait = why;
  return rows;
}
