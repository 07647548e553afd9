/**
 * Binary tables (BINTABLE), read far enough for tile-compressed images: column layout from
 * TFORMn/TTYPEn, scalar cells, and variable-length array descriptors (P and Q) into the heap.
 */
import { FitsError } from './errors.js';
import type { FitsFile, HduInfo } from './hdu.js';

/** One column of a binary table. */
export interface Column {
  name: string;
  /** Type letter of the field: L X B I J K A E D C M P Q. */
  type: string;
  repeat: number;
  /** Byte offset of the field within a row. */
  offset: number;
  /** Bytes of the field in the row. */
  width: number;
  /** For P/Q columns: the element type letter of the heap array. */
  elementType?: string;
}

/** A binary table's layout inside a file. */
export interface BinTable {
  bytes: Uint8Array;
  hdu: number;
  rows: number;
  rowBytes: number;
  /** Absolute offset of row 0. */
  dataOffset: number;
  /** Absolute offset of the heap and its length in bytes. */
  heapOffset: number;
  heapBytes: number;
  columns: Column[];
}

const WIDTH: Record<string, number> = { L: 1, B: 1, I: 2, J: 4, K: 8, A: 1, E: 4, D: 8, C: 8, M: 16, P: 8, Q: 16 };

/** Size in bytes of one element of a type letter (X counts bits and is handled separately). */
export function elementBytes(type: string): number {
  return WIDTH[type] ?? 1;
}

/** Parse the column layout of a BINTABLE HDU. */
export function parseBinTable(file: FitsFile, info: HduInfo): BinTable {
  const h = info.tableHeader ?? info.header;
  const hdu = info.index;
  const fail = (msg: string): never => {
    throw new FitsError('bad_table', `HDU ${hdu}: ${msg}`, hdu, info.headerOffset);
  };
  const rowBytes = h.get('NAXIS1');
  const rows = h.get('NAXIS2');
  const tfields = h.get('TFIELDS');
  if (typeof rowBytes !== 'number' || typeof rows !== 'number' || typeof tfields !== 'number' || tfields < 0 || tfields > 999) {
    return fail('NAXIS1, NAXIS2 or TFIELDS missing');
  }
  const columns: Column[] = [];
  let offset = 0;
  for (let i = 1; i <= tfields; i++) {
    const tform = h.get(`TFORM${i}`);
    if (typeof tform !== 'string') return fail(`TFORM${i} missing`);
    const m = /^\s*(\d*)([LXBIJKAEDCMPQ])(.*)$/.exec(tform.toUpperCase());
    if (!m) return fail(`TFORM${i} '${tform}' not understood`);
    const repeat = m[1] === '' ? 1 : Number(m[1]);
    const type = m[2];
    let width: number;
    let elementType: string | undefined;
    if (type === 'X') width = Math.ceil(repeat / 8);
    else width = repeat * WIDTH[type];
    if (type === 'P' || type === 'Q') {
      const e = /^([LXBIJKAEDCM])/.exec(m[3].trim());
      if (!e) return fail(`TFORM${i} '${tform}' has no element type`);
      elementType = e[1];
    }
    const name = (h.string(`TTYPE${i}`) ?? '').trim().toUpperCase();
    columns.push({ name, type, repeat, offset, width, elementType });
    offset += width;
  }
  if (offset !== rowBytes) fail(`columns take ${offset} bytes but NAXIS1 is ${rowBytes}`);
  const theap = h.get('THEAP');
  const heapStart = typeof theap === 'number' ? theap : rowBytes * rows;
  if (heapStart < rowBytes * rows || heapStart > info.dataBytes) fail(`THEAP ${heapStart} outside the data unit`);
  return {
    bytes: file.bytes,
    hdu,
    rows,
    rowBytes,
    dataOffset: info.dataOffset,
    heapOffset: info.dataOffset + heapStart,
    heapBytes: info.dataBytes - heapStart,
    columns,
  };
}

/** Find a column by TTYPE (case-insensitive), or undefined. */
export function findColumn(t: BinTable, name: string): Column | undefined {
  const n = name.toUpperCase();
  return t.columns.find((c) => c.name === n);
}

function u32(b: Uint8Array, at: number): number {
  return ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
}

/** Read a numeric scalar cell (first element of the field). */
export function readScalar(t: BinTable, col: Column, row: number): number {
  const b = t.bytes;
  const at = t.dataOffset + row * t.rowBytes + col.offset;
  switch (col.type) {
    case 'B':
      return b[at];
    case 'I':
      return ((b[at] << 24) >> 16) | b[at + 1];
    case 'J':
      return u32(b, at) | 0;
    case 'K':
      return (u32(b, at) | 0) * 4294967296 + u32(b, at + 4);
    case 'E': {
      const v = new DataView(b.buffer, b.byteOffset + at, 4);
      return v.getFloat32(0);
    }
    case 'D': {
      const v = new DataView(b.buffer, b.byteOffset + at, 8);
      return v.getFloat64(0);
    }
    default:
      throw new FitsError('unsupported', `HDU ${t.hdu}: column ${col.name} of type ${col.type} is not numeric`, t.hdu, at);
  }
}

/**
 * Read a variable-length array descriptor and return the absolute byte range of the array
 * in the heap. Throws `bad_tile` when the range falls outside the heap.
 */
export function readHeapArray(t: BinTable, col: Column, row: number): { offset: number; count: number; bytes: number } {
  const b = t.bytes;
  const at = t.dataOffset + row * t.rowBytes + col.offset;
  let count: number;
  let off: number;
  if (col.type === 'P') {
    count = u32(b, at);
    off = u32(b, at + 4);
  } else if (col.type === 'Q') {
    count = u32(b, at) * 4294967296 + u32(b, at + 4);
    off = u32(b, at + 8) * 4294967296 + u32(b, at + 12);
  } else {
    throw new FitsError('bad_table', `HDU ${t.hdu}: column ${col.name} is not a variable-length array`, t.hdu, at);
  }
  const elem = col.elementType ?? 'B';
  const nbytes = elem === 'X' ? Math.ceil(count / 8) : count * elementBytes(elem);
  if (off + nbytes > t.heapBytes) {
    throw new FitsError('bad_tile', `HDU ${t.hdu}: row ${row + 1} of ${col.name} points outside the heap (${off}+${nbytes} > ${t.heapBytes})`, t.hdu, at);
  }
  return { offset: t.heapOffset + off, count, bytes: nbytes };
}
