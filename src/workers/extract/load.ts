/**
 * Reading one FITS image for extraction (Node side): pixels as float32, SATURATE and GAIN
 * from the header, and a pixel → sky function when the header has a celestial WCS.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { firstImageHdu, type Header, openFits, readImage } from '../../core/fits/index.js';
import { parseWcs } from '../../core/wcs/index.js';

/** An image ready for `extract`. */
export interface LoadedImage {
  image: Float32Array;
  width: number;
  height: number;
  saturate?: number;
  gain?: number;
  pixToSky?: (x: number, y: number) => [number, number];
}

/** Error reading an image, with a one-line message. */
export class LoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LoadError';
  }
}

/** Read the whole file into memory, optionally backed by a SharedArrayBuffer. */
function readBytes(path: string, shared: boolean): Uint8Array {
  if (!shared) return readFileSync(path);
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const bytes = new Uint8Array(new SharedArrayBuffer(size));
    let off = 0;
    while (off < size) {
      const n = readSync(fd, bytes, off, size - off, off);
      if (n <= 0) throw new Error('unexpected end of file');
      off += n;
    }
    return bytes;
  } finally {
    closeSync(fd);
  }
}

/** The pixels of an image HDU and its header (its cards can go to another thread; {@link imageMeta} reads them). */
export interface ImagePixels {
  header: Header;
  hdu: number;
  image: Float32Array;
  width: number;
  height: number;
}

/**
 * Read HDU `hdu` (default: the first image) of a FITS file as float32 pixels. With `shared`,
 * the file is read into a SharedArrayBuffer (and the pixels, decoded in place, are in it
 * when their type allows).
 */
export function readPixels(path: string, hdu?: number, options: { shared?: boolean } = {}): ImagePixels {
  let bytes: Uint8Array;
  try {
    bytes = readBytes(path, options.shared === true);
  } catch (e) {
    throw new LoadError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    const file = openFits(bytes);
    const index = hdu ?? firstImageHdu(file);
    const info = file.hdus[index];
    if (!info) throw new LoadError(`${path}: HDU ${index} does not exist (the file has ${file.hdus.length})`);
    const img = readImage(file, index, { type: 'float32', plane: info.shape.length > 2 ? 0 : undefined, inPlace: true });
    if (img.width < 2 || img.height < 2) throw new LoadError(`${path}: HDU ${index} is not a 2-D image (${img.shape.join('x') || 'empty'})`);
    return { header: info.header, hdu: index, image: img.data as Float32Array, width: img.width, height: img.height };
  } catch (e) {
    if (e instanceof LoadError) throw e;
    throw new LoadError(`${path}: ${(e as Error).message}`);
  }
}

/** SATURATE, GAIN and the pixel → sky function (when the header has a celestial WCS) of an image's header. */
export function imageMeta(path: string, h: Header): Pick<LoadedImage, 'saturate' | 'gain' | 'pixToSky'> {
  try {
    const num = (k: string): number | undefined => {
      const v = h.get(k);
      return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
    };
    const wcs = parseWcs(h);
    return { saturate: num('SATURATE'), gain: num('GAIN'), pixToSky: wcs ? (x, y) => wcs.pixToSky(x, y) : undefined };
  } catch (e) {
    throw new LoadError(`${path}: ${(e as Error).message}`);
  }
}

/**
 * Read HDU `hdu` (default: the first image) of a FITS file (plain, gzipped or tile-compressed).
 * With `shared`, the pixels are in a SharedArrayBuffer when that costs no extra copy.
 */
export function loadImage(path: string, hdu?: number, options: { shared?: boolean } = {}): LoadedImage {
  const px = readPixels(path, hdu, options);
  return { image: px.image, width: px.width, height: px.height, ...imageMeta(path, px.header) };
}
