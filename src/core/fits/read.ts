/**
 * Reading one HDU's pixels on demand (plain or tile-compressed).
 */
import { readCompressedImage } from './compressed.js';
import { FitsError } from './errors.js';
import type { FitsFile, HduInfo } from './hdu.js';
import { bytesPerPixel, canDecodeInPlace, decodePixels, decodePixelsInPlace, defaultPixelType, type PixelType } from './image.js';

export interface ReadImageOptions {
  /** Output type. Default: float32 for BITPIX 8, 16, -32; float64 for 32, 64, -64. */
  type?: PixelType;
  /**
   * 0-based plane index over axes 3..n (flattened, NAXIS3 fastest). When given, only that
   * NAXIS1×NAXIS2 plane is decoded; when omitted, the whole N-dimensional array is returned.
   */
  plane?: number;
  /**
   * Decode into the file's own bytes when possible, without allocating: the returned `data`
   * is then a view over `file.bytes.buffer` and `ImageData.inPlace` is true. Possible for
   * uncompressed BITPIX -32 and 32 read as float32, and -64 and 64 read as float32 or float64,
   * when the data start is aligned for the output type (always, for a file read into its own
   * buffer: data units start on 2880-byte blocks). Otherwise the image is copied as usual and
   * the bytes are left untouched.
   *
   * The decoded range of the data unit is consumed: it no longer holds FITS data, and reading
   * it again (from this or any FitsFile over the same buffer) throws `consumed`. Headers and
   * other HDUs stay readable. Only for callers that own the bytes and keep nothing else of
   * them; the view keeps the whole buffer alive as long as the pixels are used.
   */
  inPlace?: boolean;
}

/** Decoded pixels of one HDU. */
export interface ImageData {
  /** Pixel values, physical (BSCALE/BZERO applied), NaN for BLANK; row-major: data[y*width + x]. */
  data: Float32Array | Float64Array;
  /** NAXIS1 (x, fastest axis). */
  width: number;
  /** NAXIS2 (y, FITS row, 0-based); 1 for one-dimensional data. */
  height: number;
  /** Shape of `data` in FITS order: the HDU's full shape, or [NAXIS1, NAXIS2] when a plane was asked for. */
  shape: number[];
  /** True when `data` was decoded in place, as a view over `file.bytes` (see {@link ReadImageOptions.inPlace}). */
  inPlace: boolean;
}

/** Byte ranges [start, end) of each buffer consumed by in-place reads. */
const consumed = new WeakMap<ArrayBufferLike, Array<[number, number]>>();

function checkNotConsumed(bytes: Uint8Array, start: number, end: number, hdu: number): void {
  const ranges = consumed.get(bytes.buffer);
  if (!ranges) return;
  const a = bytes.byteOffset + start;
  const b = bytes.byteOffset + end;
  for (const [s, e] of ranges) {
    if (a < e && s < b) {
      throw new FitsError('consumed', `HDU ${hdu}: the data were decoded in place by an earlier read and are gone`, hdu, start);
    }
  }
}

/**
 * Forget the in-place reads made in `buffer`: its bytes have been overwritten with other data
 * (a buffer reused for another file), so no earlier read's marks apply to them.
 */
export function forgetInPlaceReads(buffer: ArrayBufferLike): void {
  consumed.delete(buffer);
}

function markConsumed(bytes: Uint8Array, start: number, end: number): void {
  const ranges = consumed.get(bytes.buffer) ?? [];
  ranges.push([bytes.byteOffset + start, bytes.byteOffset + end]);
  consumed.set(bytes.buffer, ranges);
}

function hduOf(file: FitsFile, hdu: number): HduInfo {
  const info = Number.isInteger(hdu) ? file.hdus[hdu] : undefined;
  if (!info) throw new FitsError('bad_hdu', `HDU ${hdu} does not exist (the file has ${file.hdus.length})`, hdu);
  return info;
}

/**
 * Read the image of HDU `hdu` (0-based). Pixel (x, y) — 0-based, the centre of the first
 * pixel being (0, 0) — is `data[y * width + x]`, y counting FITS rows (NAXIS2 index).
 * Empty HDUs give an empty array; tables throw `bad_hdu`. With `inPlace`, the pixels may be
 * decoded inside `file.bytes` (no allocation; see {@link ReadImageOptions.inPlace}).
 */
export function readImage(file: FitsFile, hdu: number, options: ReadImageOptions = {}): ImageData {
  const info = hduOf(file, hdu);
  if (info.kind === 'empty') return { data: new Float32Array(0), width: 0, height: 0, shape: [...info.shape], inPlace: false };
  if (info.kind !== 'image') throw new FitsError('bad_hdu', `HDU ${hdu} is a ${info.kind}, not an image`, hdu, info.headerOffset);
  const type = options.type ?? defaultPixelType(info.bitpix);
  if (type !== 'float32' && type !== 'float64') throw new FitsError('bad_argument', `unknown pixel type ${String(type)}`, hdu);
  const shape = info.shape;
  const width = shape[0];
  const height = shape.length > 1 ? shape[1] : 1;
  const planeSize = width * height;
  const planes = planeSize === 0 ? 0 : shape.reduce((a, b) => a * b, 1) / planeSize;
  const plane = options.plane;
  if (plane !== undefined && (!Number.isInteger(plane) || plane < 0 || plane >= planes)) {
    throw new FitsError('bad_argument', `plane ${plane} out of range (HDU ${hdu} has ${planes})`, hdu);
  }
  const outShape = plane === undefined ? [...shape] : [width, height];
  try {
    if (info.compressed) {
      const data = readCompressedImage(file, info, type, plane);
      return { data, width, height, shape: outShape, inPlace: false };
    }
    const h = info.header;
    const bitpix = info.bitpix;
    const blank = h.get('BLANK');
    const scaling = {
      scale: h.number('BSCALE', 1),
      zero: h.number('BZERO', 0),
      blank: bitpix > 0 && typeof blank === 'number' ? blank : undefined,
    };
    const count = plane === undefined ? planeSize * planes : planeSize;
    const offset = info.dataOffset + (plane ?? 0) * planeSize * bytesPerPixel(bitpix);
    const end = offset + count * bytesPerPixel(bitpix);
    checkNotConsumed(file.bytes, offset, end, hdu);
    if (options.inPlace === true && count > 0 && canDecodeInPlace(file.bytes, offset, bitpix, type)) {
      const data = decodePixelsInPlace(file.bytes, offset, count, bitpix, scaling, type);
      markConsumed(file.bytes, offset, end);
      return { data, width, height, shape: outShape, inPlace: true };
    }
    const data = decodePixels(file.bytes, offset, count, bitpix, scaling, type);
    return { data, width, height, shape: outShape, inPlace: false };
  } catch (err) {
    if (err instanceof FitsError && err.hdu === -1) throw new FitsError(err.code, `HDU ${hdu}: ${err.message}`, hdu, err.offset);
    if (err instanceof RangeError) {
      // Allocation failures (e.g. a limit set above what this process can hold).
      throw new FitsError('too_large', `HDU ${hdu}: cannot allocate the image (${err.message})`, hdu, info.dataOffset);
    }
    throw err;
  }
}
