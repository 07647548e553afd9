/**
 * Reading one HDU's pixels on demand (plain or tile-compressed).
 */
import { readCompressedImage } from './compressed.js';
import { FitsError } from './errors.js';
import type { FitsFile, HduInfo } from './hdu.js';
import { bytesPerPixel, decodePixels, defaultPixelType, type PixelType } from './image.js';

export interface ReadImageOptions {
  /** Output type. Default: float32 for BITPIX 8, 16, -32; float64 for 32, 64, -64. */
  type?: PixelType;
  /**
   * 0-based plane index over axes 3..n (flattened, NAXIS3 fastest). When given, only that
   * NAXIS1×NAXIS2 plane is decoded; when omitted, the whole N-dimensional array is returned.
   */
  plane?: number;
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
}

function hduOf(file: FitsFile, hdu: number): HduInfo {
  const info = Number.isInteger(hdu) ? file.hdus[hdu] : undefined;
  if (!info) throw new FitsError('bad_hdu', `HDU ${hdu} does not exist (the file has ${file.hdus.length})`, hdu);
  return info;
}

/**
 * Read the image of HDU `hdu` (0-based). Pixel (x, y) — 0-based, the centre of the first
 * pixel being (0, 0) — is `data[y * width + x]`, y counting FITS rows (NAXIS2 index).
 * Empty HDUs give an empty array; tables throw `bad_hdu`.
 */
export function readImage(file: FitsFile, hdu: number, options: ReadImageOptions = {}): ImageData {
  const info = hduOf(file, hdu);
  if (info.kind === 'empty') return { data: new Float32Array(0), width: 0, height: 0, shape: [...info.shape] };
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
      return { data, width, height, shape: outShape };
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
    const data = decodePixels(file.bytes, offset, count, bitpix, scaling, type);
    return { data, width, height, shape: outShape };
  } catch (err) {
    if (err instanceof FitsError && err.hdu === -1) throw new FitsError(err.code, `HDU ${hdu}: ${err.message}`, hdu, err.offset);
    if (err instanceof RangeError) {
      // Allocation failures (e.g. a limit set above what this process can hold).
      throw new FitsError('too_large', `HDU ${hdu}: cannot allocate the image (${err.message})`, hdu, info.dataOffset);
    }
    throw err;
  }
}
