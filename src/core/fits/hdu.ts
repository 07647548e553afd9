/**
 * Opening a FITS file: walk the primary HDU and every extension, reading headers only, and
 * checking each data unit's size against the file length and a limit before anything is
 * allocated for it.
 */
import { FitsError } from './errors.js';
import { gunzipBounded, isGzip } from './gzip.js';
import { Header, parseHeader } from './header.js';
import { VALID_BITPIX } from './image.js';
import { compressedImageHeader } from './compressed-header.js';

const BLOCK = 2880;

/** One header-data unit, as found while walking the file. */
export interface HduInfo {
  /** 0-based position in the file (0 = primary). */
  index: number;
  /** The header; for tile-compressed images, the image header (ZBITPIX → BITPIX, ...). */
  header: Header;
  kind: 'image' | 'table' | 'empty';
  /** True for tile-compressed images (ZIMAGE = T binary tables). */
  compressed: boolean;
  /** BITPIX of the image (ZBITPIX for compressed images; 8 for tables). */
  bitpix: number;
  /** Axis lengths in FITS order [NAXIS1, NAXIS2, ...] (ZNAXISn for compressed images). */
  shape: number[];
  /** XTENSION value (`IMAGE`, `BINTABLE`, ...) or null for the primary HDU. */
  xtension: string | null;
  /** Byte offset of the header in the (inflated) file. */
  headerOffset: number;
  /** Byte offset of the data unit. */
  dataOffset: number;
  /** Length of the data unit in bytes, heap included, padding excluded. */
  dataBytes: number;
  /** For compressed images, the binary-table header as stored. */
  tableHeader?: Header;
}

/** An opened FITS file: the bytes (inflated if they were gzipped) and the HDUs found. */
export interface FitsFile {
  readonly hdus: readonly HduInfo[];
  readonly bytes: Uint8Array;
  /** The data-size limit the file was opened with (bytes). */
  readonly maxDataBytes: number;
}

export interface OpenOptions {
  /** Largest data unit (or decompressed image) accepted, in bytes. Default 2**31. */
  maxDataBytes?: number;
}

function startsWith(bytes: Uint8Array, at: number, text: string): boolean {
  if (at + text.length > bytes.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return false;
  return true;
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
 * Open FITS bytes (plain or gzipped): parse every header and locate every data unit.
 * No pixel data is read. Throws {@link FitsError} for anything that is not valid FITS.
 */
export function openFits(input: Uint8Array, options: OpenOptions = {}): FitsFile {
  const maxDataBytes = options.maxDataBytes ?? 2 ** 31;
  const bytes = isGzip(input) ? gunzipBounded(input, maxDataBytes + 64 * 1024 * 1024) : input;
  if (!startsWith(bytes, 0, 'SIMPLE')) {
    throw new FitsError('not_fits', 'not a FITS file (does not start with SIMPLE)', -1, 0);
  }
  const hdus: HduInfo[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const index = hdus.length;
    if (index > 0 && !startsWith(bytes, pos, 'XTENSION')) break; // trailing bytes after the last HDU are ignored
    const { header, end } = parseHeader(bytes, pos, index);
    const first = header.cards[0]?.keyword;
    if (index === 0 && first !== 'SIMPLE') throw new FitsError('not_fits', 'first card is not SIMPLE', 0, 0);
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
    const pcount = index === 0 ? intKey(header, 'PCOUNT', index, pos, 0) : intKey(header, 'PCOUNT', index, pos, 0);
    const gcount = intKey(header, 'GCOUNT', index, pos, 1);
    if (pcount < 0 || gcount < 0) throw new FitsError('bad_header', `HDU ${index}: negative PCOUNT or GCOUNT`, index, pos);
    const groups = index === 0 && header.get('GROUPS') === true && shape[0] === 0;
    // Size in bytes, checked step by step so no product can overflow past the limit unnoticed.
    let elements = 0;
    if (naxis > 0) {
      elements = 1;
      for (let i = groups ? 1 : 0; i < shape.length; i++) {
        elements *= shape[i];
        if (elements > maxDataBytes) break;
      }
    }
    let dataBytes = naxis > 0 ? (Math.abs(bitpix) / 8) * gcount * (pcount + elements) : 0;
    if (!Number.isFinite(dataBytes) || dataBytes > maxDataBytes) {
      throw new FitsError('too_large', `HDU ${index}: data unit of ${shape.join('×')} × ${Math.abs(bitpix) / 8} bytes exceeds the limit of ${maxDataBytes} bytes`, index, pos);
    }
    dataBytes = Math.round(dataBytes);
    if (end + dataBytes > bytes.length) {
      throw new FitsError('truncated', `HDU ${index}: data unit needs ${dataBytes} bytes from byte ${end}, file ends at ${bytes.length}`, index, bytes.length);
    }
    let info: HduInfo;
    if (xtension === 'BINTABLE' && header.get('ZIMAGE') === true) {
      const { imageHeader, zbitpix, zshape } = compressedImageHeader(header, index, pos);
      let zbytes = Math.abs(zbitpix) / 8;
      for (const n of zshape) zbytes *= n;
      if (zbytes > maxDataBytes) {
        throw new FitsError('too_large', `HDU ${index}: compressed image of ${zshape.join('×')} pixels exceeds the limit of ${maxDataBytes} bytes`, index, pos);
      }
      info = {
        index, header: imageHeader, kind: zshape.length === 0 || zshape.includes(0) ? 'empty' : 'image', compressed: true,
        bitpix: zbitpix, shape: zshape, xtension, headerOffset: pos, dataOffset: end, dataBytes, tableHeader: header,
      };
    } else {
      const isImage = index === 0 || xtension === 'IMAGE' || xtension === 'IUEIMAGE';
      const kind = isImage && !groups ? (naxis === 0 || elements === 0 ? 'empty' : 'image') : 'table';
      info = { index, header, kind, compressed: false, bitpix, shape, xtension, headerOffset: pos, dataOffset: end, dataBytes };
    }
    hdus.push(info);
    pos = end + Math.ceil(dataBytes / BLOCK) * BLOCK;
  }
  return { hdus, bytes, maxDataBytes };
}

/** Index of the first HDU with image data (primary, or the first image or compressed-image extension). */
export function firstImageHdu(file: FitsFile): number {
  const hdu = file.hdus.find((h) => h.kind === 'image');
  if (!hdu) throw new FitsError('no_image', 'the file has no HDU with image data');
  return hdu.index;
}
