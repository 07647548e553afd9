/**
 * Frames on disk for calibration (`nightshift calib`, the calibration task kinds): the header, the size, the SHA-256 of the bytes, and
 * rows read on demand. An uncompressed image in the primary HDU (what cameras write) is read
 * band by band from the file, so combining many large frames keeps only one band of each in
 * memory; gzipped or tile-compressed files, and images in extensions, are decoded whole
 * once and their rows served from memory.
 *
 * The SHA-256 is computed over the bytes as they are read: reads that continue where the hash
 * stopped feed it (a calibration reads each frame's rows in order), and asking for the hash
 * reads only what no read covered (usually the last block's padding).
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import {
  bytesPerPixel,
  decodePixels,
  decodePixelsInto,
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
  /** SHA-256 of the file's bytes, hex (computed on first use from what was not read yet). */
  readonly sha256: string;
  /** Rows y0 ≤ y < y1, `width` values each (plane 0 of a cube), in a new array. */
  readRows(y0: number, y1: number): Float32Array | Float64Array;
  /**
   * {@link readRows} into a buffer the frame reuses: valid until its next `readRowsShared` or
   * `readStrip` call (for a caller that consumes each band at once).
   */
  readRowsShared(y0: number, y1: number): Float32Array | Float64Array;
  /** The pixels of section `s` (columns x0 ≤ x < x1 of rows y0 ≤ y < y1), row-major, as float64. */
  readStrip(s: { x0: number; x1: number; y0: number; y1: number }): Float64Array;
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

/** SHA-256 fed by the reads that continue where it stopped; `digest` reads the rest of the file. */
class RunningHash {
  private readonly h = createHash('sha256');
  private done = 0;
  private hex: string | undefined;

  /** Bytes `buf` were read at file position `pos`: the part past what is hashed continues the hash. */
  saw(buf: Uint8Array, pos: number): void {
    if (this.hex !== undefined || pos > this.done || pos + buf.length <= this.done) return;
    this.h.update(buf.subarray(this.done - pos));
    this.done = pos + buf.length;
  }

  /** Hex digest; reads the bytes not yet hashed from `fd` (or the file at `path` when `fd` is closed). */
  digest(fd: number | undefined, path: string): string {
    if (this.hex !== undefined) return this.hex;
    const own = fd === undefined;
    let f: number;
    try {
      f = fd ?? openSync(path, 'r');
    } catch (e) {
      return ioFailure(path, e);
    }
    try {
      const buf = new Uint8Array(4 * 1024 * 1024);
      for (;;) {
        const n = readSync(f, buf, 0, buf.length, this.done);
        if (n === 0) break;
        this.h.update(buf.subarray(0, n));
        this.done += n;
      }
    } finally {
      if (own) closeSync(f);
    }
    this.hex = this.h.digest('hex');
    return this.hex;
  }
}

function hashOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
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
          if (naxis >= 2) return streamed(path, fd, bytes.subarray(0, end), header, end);
          break; // empty primary: the image is in an extension
        } catch (e) {
          if (e instanceof FitsError && (e.code === 'no_end' || e.code === 'truncated') && n === buf.length) continue;
          throw e;
        }
      }
    }
    return whole(path, fd);
  } catch (e) {
    closeSync(fd);
    return fitsFailure(path, e);
  }
}

function streamed(path: string, fd: number, head: Uint8Array, header: Header, dataStart: number): FrameFile {
  const bitpix = num(header, 'BITPIX') ?? 0;
  const width = num(header, 'NAXIS1') ?? 0;
  const height = num(header, 'NAXIS2') ?? 0;
  if (![8, 16, 32, 64, -32, -64].includes(bitpix)) throw new FitsError('bad_bitpix', `BITPIX ${bitpix} is not a FITS data type`, 0, 0);
  if (!(width > 0 && height > 0)) throw new FitsError('bad_header', `image is ${width}×${height}`, 0, 0);
  const bpp = bytesPerPixel(bitpix);
  const blank = num(header, 'BLANK');
  const scaling = { scale: num(header, 'BSCALE') ?? 1, zero: num(header, 'BZERO') ?? 0, ...(blank !== undefined && bitpix > 0 ? { blank } : {}) };
  const type = defaultPixelType(bitpix);
  const hash = new RunningHash();
  hash.saw(head, 0);
  let open: number | undefined = fd;
  let bytes = new Uint8Array(0);
  let pixels: Float32Array | Float64Array = type === 'float32' ? new Float32Array(0) : new Float64Array(0);
  /** Rows y0 ≤ y < y1's bytes, in the reused byte buffer. */
  const rawRows = (y0: number, y1: number): Uint8Array => {
    if (open === undefined) calibFail('io', `${path}: read after close`);
    const n = (y1 - y0) * width * bpp;
    if (bytes.length < n) bytes = new Uint8Array(n);
    const buf = bytes.subarray(0, n);
    const pos = dataStart + y0 * width * bpp;
    const got = readAt(open, buf, pos);
    if (got < n) calibFail('truncated', `${path}: file ends inside the image data (rows ${y0}–${y1 - 1})`);
    hash.saw(buf, pos);
    return buf;
  };
  return {
    path, header, width, height,
    get sha256() {
      return hash.digest(open, path);
    },
    readRows(y0, y1) {
      const count = (y1 - y0) * width;
      return decodePixels(rawRows(y0, y1), 0, count, bitpix, scaling, type);
    },
    readRowsShared(y0, y1) {
      const count = (y1 - y0) * width;
      if (pixels.length < count) pixels = type === 'float32' ? new Float32Array(count) : new Float64Array(count);
      return decodePixelsInto(rawRows(y0, y1), 0, count, bitpix, scaling, pixels);
    },
    readStrip(s) {
      const sw = s.x1 - s.x0;
      const out = new Float64Array(sw * (s.y1 - s.y0));
      const row = type === 'float32' ? new Float32Array(sw) : new Float64Array(sw);
      const band = Math.max(1, Math.floor((4 * 1024 * 1024) / (width * bpp)));
      for (let y = s.y0; y < s.y1; y += band) {
        const y1 = Math.min(s.y1, y + band);
        const buf = rawRows(y, y1);
        for (let r = 0; r < y1 - y; r++) {
          decodePixelsInto(buf, (r * width + s.x0) * bpp, sw, bitpix, scaling, row);
          out.set(row, (y - s.y0 + r) * sw);
        }
      }
      return out;
    },
    close: () => {
      if (open !== undefined) closeSync(open);
      open = undefined;
    },
  };
}

function whole(path: string, fd: number): FrameFile {
  closeSync(fd);
  let bytes: Uint8Array;
  try {
    bytes = readAllSync(path);
  } catch (e) {
    return ioFailure(path, e);
  }
  const sha256 = hashOf(bytes);
  const file = openFits(bytes);
  const hdu = firstImageHdu(file);
  const img = readImage(file, hdu, { plane: 0 });
  const rows = (y0: number, y1: number) => img.data.subarray(y0 * img.width, y1 * img.width);
  return {
    path, header: file.hdus[hdu].header, width: img.width, height: img.height, sha256,
    readRows: rows,
    readRowsShared: rows,
    readStrip(s) {
      const sw = s.x1 - s.x0;
      const out = new Float64Array(sw * (s.y1 - s.y0));
      for (let y = s.y0; y < s.y1; y++) for (let x = 0; x < sw; x++) out[(y - s.y0) * sw + x] = img.data[y * img.width + s.x0 + x];
      return out;
    },
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
