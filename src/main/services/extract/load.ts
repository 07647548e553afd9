/**
 * Reading one FITS image for extraction (Node side): pixels as float32, SATURATE and GAIN
 * from the header, and a pixel → sky function when the header has a celestial WCS. The one
 * loader of `nightshift extract` (one file or a batch) and of the app's `extract` task, so
 * that both give the same catalog for the same file and settings.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { BLOCK, firstImageHdu, forgetInPlaceReads, type Header, openFits, parseHeader, readImage } from '../../../core/fits/index.js';
import type { ExtractOptions } from '../../../core/extract/index.js';
import { formatWcsProblem, readWcs, skyManyOf } from '../../../core/wcs/index.js';

/** An image ready for `extract`. */
export interface LoadedImage {
  image: Float32Array;
  width: number;
  height: number;
  saturate?: number;
  gain?: number;
  pixToSky?: (x: number, y: number) => [number, number];
  /** `pixToSky` of many points: interleaved (x, y) overwritten with (RA, Dec) (see `ExtractHooks.pixToSkyMany`). */
  pixToSkyMany?: (xy: Float64Array) => void;
  /** Why the header's WCS is not used (it declares one that cannot be used): RA/Dec stay empty. */
  wcsError?: string;
}

/** Error reading an image, with a one-line message. */
export class LoadError extends Error {
  constructor(
    message: string,
    /** The error of the FITS reader or extractor behind it, if any (its `code` says which). */
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'LoadError';
  }
}

/**
 * SharedArrayBuffers to read files into, kept for reuse once their image is done with: a
 * fresh buffer costs a page fault (and the kernel's zeroing) per 4 KiB on first touch, about
 * 10 ms for a 2048² float image, every time.
 */
export class BufferPool {
  private readonly free: SharedArrayBuffer[] = [];

  /** A buffer of at least `size` bytes (its contents are stale). */
  take(size: number): SharedArrayBuffer {
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      const b = this.free[i];
      if (b.byteLength >= size && (best < 0 || b.byteLength < this.free[best].byteLength)) best = i;
    }
    if (best < 0) return new SharedArrayBuffer(size);
    const buffer = this.free.splice(best, 1)[0];
    // a file is about to be read into it: the FITS reader's marks of the last file's in-place decoding no longer apply
    forgetInPlaceReads(buffer);
    return buffer;
  }

  /** Return a buffer nothing reads or writes any more. */
  give(buffer: SharedArrayBuffer): void {
    this.free.push(buffer);
  }
}

/** Blocks of a primary header {@link primaryImagePixels} reads at most (a header is rarely longer). */
const PEEK_BLOCKS = 10;

/**
 * The pixels of the image plane `nightshift extract` will read from `path` (HDU `hdu`, default the
 * first image), when its primary header alone says so: an uncompressed primary image (NAXIS ≥ 2;
 * NAXIS1 × NAXIS2, a cube's first plane). Undefined when that takes more than reading the first
 * few blocks (an image in an extension, a gzipped or unreadable file): a caller deciding whether to
 * start worker threads before the file is read then waits for the image instead.
 */
export function primaryImagePixels(path: string, hdu?: number): number | undefined {
  if (hdu !== undefined && hdu !== 0) return undefined;
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const bytes = new Uint8Array(PEEK_BLOCKS * BLOCK);
    const n = readSync(fd, bytes, 0, bytes.length, 0);
    const { header } = parseHeader(bytes.subarray(0, n - (n % BLOCK)), 0, 0);
    const naxis = header.get('NAXIS');
    const w = header.get('NAXIS1');
    const h = header.get('NAXIS2');
    if (header.get('SIMPLE') !== true || typeof naxis !== 'number' || naxis < 2 || typeof w !== 'number' || typeof h !== 'number') return undefined;
    return w * h;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Read the whole file into memory, optionally backed by a SharedArrayBuffer (from `pool` if given). */
function readBytes(path: string, shared: boolean, pool?: BufferPool): Uint8Array {
  if (!shared) return readFileSync(path);
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const bytes = new Uint8Array(pool ? pool.take(size) : new SharedArrayBuffer(size), 0, size);
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
 * when their type allows), taken from `pool` when one is given: give it back (the pixels'
 * buffer) when the image is done with, unless it was decoded elsewhere (then it is given back here).
 */
export function readPixels(path: string, hdu?: number, options: { shared?: boolean; pool?: BufferPool } = {}): ImagePixels {
  let bytes: Uint8Array;
  try {
    bytes = readBytes(path, options.shared === true, options.pool);
  } catch (e) {
    throw new LoadError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const px = pixelsOfFits(bytes, hdu, path);
  // the file's bytes were decoded into a new array: their buffer is free again
  if (options.pool && px.image.buffer !== bytes.buffer) options.pool.give(bytes.buffer as SharedArrayBuffer);
  return px;
}

/**
 * The pixels of HDU `hdu` (default: the first image) of the FITS file in `bytes`, decoded in
 * place when their type allows (`bytes` is then overwritten); the first plane of a cube.
 * `path` names the file in errors ({@link LoadError}); `options.maxDataBytes` is the largest
 * image read, in bytes (default: what `openFits` reads).
 */
export function pixelsOfFits(bytes: Uint8Array, hdu: number | undefined, path: string, options: { maxDataBytes?: number } = {}): ImagePixels {
  try {
    const file = openFits(bytes, { maxDataBytes: options.maxDataBytes });
    const index = hdu ?? firstImageHdu(file);
    const info = file.hdus[index];
    if (!info) throw new LoadError(`${path}: HDU ${index} does not exist (the file has ${file.hdus.length})`);
    const img = readImage(file, index, { type: 'float32', plane: info.shape.length > 2 ? 0 : undefined, inPlace: true });
    if (img.shape.length >= 2 && img.width >= 1 && img.height >= 1 && (img.width < 2 || img.height < 2)) {
      throw new LoadError(`${path}: HDU ${index} is ${img.width}×${img.height} px, too small to extract sources from (at least 2×2)`);
    }
    if (img.width < 2 || img.height < 2) throw new LoadError(`${path}: HDU ${index} is not a 2-D image (${img.shape.join('x') || 'empty'})`);
    return { header: info.header, hdu: index, image: img.data as Float32Array, width: img.width, height: img.height };
  } catch (e) {
    if (e instanceof LoadError) throw e;
    throw new LoadError(`${path}: ${(e as Error).message}`, e);
  }
}

/** What an image's header says about its extraction: {@link LoadedImage}'s SATURATE, GAIN, pixel → sky and WCS problem. */
export type ImageMeta = Pick<LoadedImage, 'saturate' | 'gain' | 'pixToSky' | 'pixToSkyMany' | 'wcsError'>;

/**
 * SATURATE [ADU] and GAIN [e−/ADU] (when they are finite numbers) and the pixel → sky
 * function (0-based pixels → degrees, when the header has a celestial WCS) of an image's
 * header. A WCS that cannot be used is no reason to refuse the image: RA/Dec are left empty
 * and `wcsError` says why.
 */
export function imageMeta(path: string, h: Header): ImageMeta {
  const num = (k: string): number | undefined => {
    const v = h.get(k);
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  };
  const { wcs, error } = readWcs(h);
  return {
    saturate: num('SATURATE'),
    gain: num('GAIN'),
    pixToSky: wcs ? (x, y) => wcs.pixToSky(x, y) : undefined,
    pixToSkyMany: wcs ? skyManyOf(wcs) : undefined,
    wcsError: error ? `${path}: WCS not used (${formatWcsProblem(error)}); ra, dec left empty` : undefined,
  };
}

/**
 * The options an image is extracted with: `options`, with the header's SATURATE and GAIN
 * unless `options` sets them (as SExtractor's SATUR_KEY and GAIN_KEY), `inPlace` set.
 */
export function imageOptions(options: ExtractOptions, meta: Pick<ImageMeta, 'saturate' | 'gain'>): ExtractOptions {
  return { ...options, saturate: options.saturate ?? meta.saturate, gain: options.gain ?? meta.gain, inPlace: true };
}

/**
 * Read HDU `hdu` (default: the first image) of a FITS file (plain, gzipped or tile-compressed).
 * With `shared`, the pixels are in a SharedArrayBuffer when that costs no extra copy.
 */
export function loadImage(path: string, hdu?: number, options: { shared?: boolean } = {}): LoadedImage {
  const px = readPixels(path, hdu, options);
  return { image: px.image, width: px.width, height: px.height, ...imageMeta(path, px.header) };
}

/** Writes `meta.wcsError` (if any) to stderr as a warning line (the command line's files); returns `meta`. */
export function warnWcs<M extends Pick<ImageMeta, 'wcsError'>>(meta: M): M {
  if (meta.wcsError) process.stderr.write(`nightshift: warning: ${meta.wcsError}\n`);
  return meta;
}
