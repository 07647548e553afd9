/**
 * Opening a FITS file: walk the primary HDU and every extension, reading headers only, and
 * checking each data unit's size against the file length and a limit before anything is
 * allocated for it.
 */
import { noImageReason } from './no-image.js';
import { FitsError } from './errors.js';
import { gunzipFits, isGzip } from './gzip.js';
import { Header, parseHeader } from './header.js';
import { dataLayout, paddedBytes } from './layout.js';
import { compressedImageHeader } from './compressed-header.js';

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

/**
 * Open FITS bytes (plain or gzipped): parse every header and locate every data unit.
 * No pixel data is read. Throws {@link FitsError} for anything that is not valid FITS.
 */
export function openFits(input: Uint8Array, options: OpenOptions = {}): FitsFile {
  const maxDataBytes = options.maxDataBytes ?? 2 ** 31;
  const bytes = isGzip(input) ? gunzipFits(input, { maxBytes: maxDataBytes + 64 * 1024 * 1024, maxDataBytes }) : input;
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
    const { bitpix, shape, xtension, groups, elements, naxis, dataBytes } = dataLayout(header, index, pos, maxDataBytes);
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
    pos = end + paddedBytes(dataBytes);
  }
  return { hdus, bytes, maxDataBytes };
}

/**
 * Index of the first HDU with image data (primary, or the first image or compressed-image
 * extension). Throws `no_image` saying what the file holds instead (a table, random groups…).
 */
export function firstImageHdu(file: FitsFile): number {
  const hdu = file.hdus.find((h) => h.kind === 'image');
  if (!hdu) {
    const shapes = file.hdus.map((h) => ({
      xtension: h.compressed ? 'IMAGE' : h.xtension,
      groups: h.index === 0 && h.header.get('GROUPS') === true && h.shape[0] === 0,
      shape: h.shape,
    }));
    throw new FitsError('no_image', noImageReason(shapes));
  }
  return hdu.index;
}
