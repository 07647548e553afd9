/**
 * The layout of one header-data unit as its header declares it: BITPIX, the axes, and the size
 * of the data unit in bytes, checked against a limit step by step (no product can overflow past
 * the limit unnoticed). Shared by `openFits` and the bounded gzip inflation, which must know
 * how many bytes the headers need before it has inflated them.
 */
import { FitsError } from './errors.js';
import type { Header } from './header.js';
import { VALID_BITPIX } from './image.js';

/** FITS block size in bytes. */
export const BLOCK = 2880;

export interface DataLayout {
  bitpix: number;
  naxis: number;
  /** NAXIS1..NAXISn. */
  shape: number[];
  /** XTENSION value upper-cased and trimmed, null for the primary HDU. */
  xtension: string | null;
  /** Random groups (primary HDU with GROUPS = T and NAXIS1 = 0). */
  groups: boolean;
  /** Product of the axes (random groups: without NAXIS1). */
  elements: number;
  /** Length of the data unit in bytes, heap included, padding excluded. */
  dataBytes: number;
}

function intKey(h: Header, key: string, hdu: number, offset: number, fallback?: number): number {
  const v = h.get(key);
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
    throw new FitsError('bad_header', `HDU ${hdu}: ${key} is ${v === undefined ? 'missing' : `not an integer (${JSON.stringify(v)})`}`, hdu, offset);
  }
  return v;
}

/**
 * Reads the structural keywords of HDU `index` (header at byte `pos`) and the size of its data
 * unit. Throws `bad_bitpix`/`bad_header` for invalid values and `too_large` when the data unit
 * exceeds `maxDataBytes` (bytes).
 */
export function dataLayout(header: Header, index: number, pos: number, maxDataBytes: number): DataLayout {
  const bitpix = intKey(header, 'BITPIX', index, pos);
  if (!VALID_BITPIX.has(bitpix)) throw new FitsError('bad_bitpix', `HDU ${index}: BITPIX ${bitpix} is not 8, 16, 32, 64, -32 or -64`, index, pos);
  const naxis = intKey(header, 'NAXIS', index, pos);
  if (naxis < 0 || naxis > 999) throw new FitsError('bad_header', `HDU ${index}: NAXIS ${naxis} out of range`, index, pos);
  const shape: number[] = [];
  for (let i = 1; i <= naxis; i++) {
    const n = intKey(header, `NAXIS${i}`, index, pos);
    if (n < 0) throw new FitsError('bad_header', `HDU ${index}: NAXIS${i} is negative (${n})`, index, pos);
    shape.push(n);
  }
  const xtension = index === 0 ? null : (header.string('XTENSION') ?? '').trim().toUpperCase();
  const pcount = intKey(header, 'PCOUNT', index, pos, 0);
  const gcount = intKey(header, 'GCOUNT', index, pos, 1);
  if (pcount < 0 || gcount < 0) throw new FitsError('bad_header', `HDU ${index}: negative PCOUNT or GCOUNT`, index, pos);
  const groups = index === 0 && header.get('GROUPS') === true && shape[0] === 0;
  let elements = 0;
  if (naxis > 0) {
    elements = 1;
    for (let i = groups ? 1 : 0; i < shape.length; i++) {
      elements *= shape[i];
      if (elements > maxDataBytes) break;
    }
  }
  const dataBytes = naxis > 0 ? (Math.abs(bitpix) / 8) * gcount * (pcount + elements) : 0;
  if (!Number.isFinite(dataBytes) || dataBytes > maxDataBytes) {
    throw new FitsError('too_large', `HDU ${index}: data unit of ${shape.join('×')} × ${Math.abs(bitpix) / 8} bytes exceeds the limit of ${maxDataBytes} bytes`, index, pos);
  }
  return { bitpix, naxis, shape, xtension, groups, elements, dataBytes: Math.round(dataBytes) };
}

/** Bytes from a data unit's start to the next header: the data rounded up to whole blocks. */
export function paddedBytes(dataBytes: number): number {
  return Math.ceil(dataBytes / BLOCK) * BLOCK;
}
