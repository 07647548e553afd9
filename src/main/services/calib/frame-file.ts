/**
 * Frames on disk for calibration (`nightshift calib`, the calibration task kinds): the header, the size, the SHA-256 of the bytes, and
 * rows read on demand. An uncompressed image in the primary HDU (what cameras write) is read
 * band by band from the file, so combining many large frames keeps only one band of each in
 * memory; gzipped or tile-compressed files, and images in extensions, are decoded whole
 * once and their rows served from memory.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import {
  bytesPerPixel,
  decodePixels,
  defaultPixelType,
  FitsError,
  firstImageHdu,
  Header,
  openFits,
  parseHeader,
  readImage,
} from '../../../core/fits/index.js';
import { calibFail, fitsFailure } from './errors.js';

const BLOCK = 2880;

export interface FrameFile {
  path: string;
  header: Header;
  width: number;
  height: number;
  /** SHA-256 of the file's bytes, hex. */
  sha256: string;
  /** Rows y0 ≤ y < y1, `width` values each (plane 0 of a cube). */
  readRows(y0: number, y1: number): Float32Array | Float64Array;
  close(): void;
}

function ioFailure(path: string, e: unknown): never {
  calibFail('io', `${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
}

function readAt(fd: number, buf: Uint8Array, position: number): number {
  let done = 0;
  while (done < buf.length) {
    const n = readSync(fd, buf, done, buf.length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

function hashFile(fd: number): string {
  const h = createHash('sha256');
  const buf = new Uint8Array(4 * 1024 * 1024);
  let pos = 0;
  for (;;) {
    const n = readSync(fd, buf, 0, buf.length, pos);
    if (n === 0) break;
    h.update(buf.subarray(0, n));
    pos += n;
  }
  return h.digest('hex');
}

function num(h: Header, key: string): number | undefined {
  const v = h.get(key);
  return typeof v === 'number' ? v : undefined;
}

/** Opens a frame: the header is parsed now, pixels are read by `readRows`. */
export function openFrame(path: string): FrameFile {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    return ioFailure(path, e);
  }
  try {
    const sha256 = hashFile(fd);
    const first = new Uint8Array(9);
    readAt(fd, first, 0);
    if (!(first[0] === 0x1f && first[1] === 0x8b)) {
      if (String.fromCharCode(...first) !== 'SIMPLE  =') throw new FitsError('not_fits', 'not a FITS file (it does not start with SIMPLE =)', -1, 0);
      // plain FITS: read header blocks until END
      let bytes = new Uint8Array(0);
      for (let blocks = 1; ; blocks *= 2) {
        const buf = new Uint8Array(blocks * BLOCK);
        const n = readAt(fd, buf, 0);
        bytes = buf.subarray(0, n);
        try {
          const { header, end } = parseHeader(bytes, 0, 0);
          const naxis = num(header, 'NAXIS') ?? 0;
          if (naxis >= 2) return streamed(path, fd, sha256, header, end);
          break; // empty primary: the image is in an extension
        } catch (e) {
          if (e instanceof FitsError && (e.code === 'no_end' || e.code === 'truncated') && n === buf.length) continue;
          throw e;
        }
      }
    }
    return whole(path, fd, sha256);
  } catch (e) {
    closeSync(fd);
    return fitsFailure(path, e);
  }
}

function streamed(path: string, fd: number, sha256: string, header: Header, dataStart: number): FrameFile {
  const bitpix = num(header, 'BITPIX') ?? 0;
  const width = num(header, 'NAXIS1') ?? 0;
  const height = num(header, 'NAXIS2') ?? 0;
  if (![8, 16, 32, 64, -32, -64].includes(bitpix)) throw new FitsError('bad_bitpix', `BITPIX ${bitpix} is not a FITS data type`, 0, 0);
  if (!(width > 0 && height > 0)) throw new FitsError('bad_header', `image is ${width}×${height}`, 0, 0);
  const bpp = bytesPerPixel(bitpix);
  const blank = num(header, 'BLANK');
  const scaling = { scale: num(header, 'BSCALE') ?? 1, zero: num(header, 'BZERO') ?? 0, ...(blank !== undefined && bitpix > 0 ? { blank } : {}) };
  const type = defaultPixelType(bitpix);
  return {
    path, header, width, height, sha256,
    readRows(y0, y1) {
      const count = (y1 - y0) * width;
      const buf = new Uint8Array(count * bpp);
      const n = readAt(fd, buf, dataStart + y0 * width * bpp);
      if (n < buf.length) calibFail('truncated', `${path}: file ends inside the image data (rows ${y0}–${y1 - 1})`);
      return decodePixels(buf, 0, count, bitpix, scaling, type);
    },
    close: () => closeSync(fd),
  };
}

function whole(path: string, fd: number, sha256: string): FrameFile {
  closeSync(fd);
  let bytes: Uint8Array;
  try {
    bytes = readAllSync(path);
  } catch (e) {
    return ioFailure(path, e);
  }
  const file = openFits(bytes);
  const hdu = firstImageHdu(file);
  const img = readImage(file, hdu, { plane: 0 });
  return {
    path, header: file.hdus[hdu].header, width: img.width, height: img.height, sha256,
    readRows: (y0, y1) => img.data.subarray(y0 * img.width, y1 * img.width),
    close: () => undefined,
  };
}

function readAllSync(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const buf = new Uint8Array(8 * 1024 * 1024);
      const n = readAt(fd, buf, total);
      if (n > 0) chunks.push(buf.subarray(0, n));
      total += n;
      if (n < buf.length) break;
    }
    const out = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  } finally {
    closeSync(fd);
  }
}

/** Reads a whole frame (a master) into memory, in the type the file decodes to (float32 or float64). */
export function readWholeFrame(f: FrameFile): Float32Array | Float64Array {
  return f.readRows(0, f.height);
}
