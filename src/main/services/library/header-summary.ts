import { closeSync, openSync, readSync, readFileSync, fstatSync } from 'node:fs';
import { FitsError, type Header, firstImageHdu, openFits, parseHeader } from '../../../core/fits/index.js';
import { exposureTime } from '../../../core/time/index.js';
import { footprint, readWcs, type WcsProblem } from '../../../core/wcs/index.js';

/** What the library stores about an image's header (the data_products summary columns). */
export interface HeaderSummary {
  hdu: number;
  header: Record<string, unknown>;
  object: string | null;
  dateObs: string | null;
  mjdObs: number | null;
  exptime: number | null;
  filter: string | null;
  telescope: string | null;
  instrument: string | null;
  width: number;
  height: number;
  hasWcs: boolean;
  /** Corners and edge points of the image on the sky, [[ra, dec], ...] ICRS degrees; null without a WCS. */
  footprint: Array<[number, number]> | null;
  /** The frame the header's coordinates were converted to ICRS from (`Wcs.summary().frame`); null without a WCS. */
  wcsFrame: string | null;
  /** Why the header's declared celestial WCS cannot be used; null when it can, or when there is none. */
  wcsError: WcsProblem | null;
}

const BLOCK = 2880;
/** Headers bigger than this are refused (a FITS header is rarely over a few hundred KB). */
const MAX_HEADER = 16 * 1024 * 1024;

function str(h: Header, key: string): string | null {
  const v = h.get(key);
  if (typeof v === 'string') return v.trim() || null;
  if (typeof v === 'number') return String(v);
  return null;
}

function num(h: Header, key: string): number | null {
  const v = h.get(key);
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function summarise(header: Header, hdu: number, width: number, height: number): HeaderSummary {
  let hasWcs = false;
  let fp: Array<[number, number]> | null = null;
  let wcsFrame: string | null = null;
  let wcsError: WcsProblem | null = null;
  try {
    const reading = readWcs(header);
    wcsError = reading.error;
    if (reading.wcs) {
      hasWcs = true;
      wcsFrame = reading.wcs.summary().frame;
      fp = footprint(reading.wcs, width, height).filter(([ra, dec]) => Number.isFinite(ra) && Number.isFinite(dec));
    }
  } catch (err) {
    // not a WcsError: a defect in the WCS code; the import goes on without a WCS, saying so
    hasWcs = false;
    fp = null;
    wcsError = { code: 'WCS_BAD_PARAMETER', message: `unexpected error reading the WCS: ${(err as Error).message}`, keyword: null };
  }
  const record = header.toRecord() as Record<string, unknown>;
  return {
    hdu,
    header: record,
    object: str(header, 'OBJECT'),
    dateObs: str(header, 'DATE-OBS'),
    mjdObs: num(header, 'MJD-OBS'),
    // Seconds; a DSS plate's EXPOSURE is in minutes.
    exptime: exposureTime(header),
    filter: str(header, 'FILTER'),
    telescope: str(header, 'TELESCOP'),
    instrument: str(header, 'INSTRUME'),
    width,
    height,
    hasWcs,
    footprint: fp,
    wcsFrame,
    wcsError,
  };
}

function intKey(h: Header, key: string, fallback?: number): number {
  const v = h.get(key);
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (fallback !== undefined) return fallback;
  throw new FitsError('bad_header', `${key} is missing or not an integer`);
}

/** The image size of a header if it describes a 2-D (or more) image, else null. */
function imageSize(h: Header, index: number): { width: number; height: number } | null {
  if (h.get('ZIMAGE') === true) {
    const n = intKey(h, 'ZNAXIS', 0);
    if (n < 2) return null;
    const w = intKey(h, 'ZNAXIS1');
    const ht = intKey(h, 'ZNAXIS2');
    return w > 0 && ht > 0 ? { width: w, height: ht } : null;
  }
  const xt = index === 0 ? null : String(h.get('XTENSION') ?? '').trim().toUpperCase();
  if (xt !== null && xt !== 'IMAGE') return null;
  const n = intKey(h, 'NAXIS');
  if (n < 2) return null;
  const w = intKey(h, 'NAXIS1');
  const ht = intKey(h, 'NAXIS2');
  return w > 0 && ht > 0 ? { width: w, height: ht } : null;
}

function dataBytes(h: Header): number {
  const naxis = intKey(h, 'NAXIS');
  if (naxis === 0) return 0;
  let n = 1;
  for (let i = 1; i <= naxis; i++) n *= intKey(h, `NAXIS${i}`);
  return (Math.abs(intKey(h, 'BITPIX')) / 8) * intKey(h, 'GCOUNT', 1) * (intKey(h, 'PCOUNT', 0) + n);
}

/**
 * Reads the header summary of the first image HDU of a FITS file without loading its pixels:
 * headers are read block by block at their offsets, so a 1 GB file costs a few KB of memory.
 * Gzipped files are inflated in memory (they must be, to be read at all).
 */
export function readHeaderSummary(path: string): HeaderSummary {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const magic = Buffer.alloc(2);
    readSync(fd, magic, 0, 2, 0);
    // FITS is recognised by its first card, not by its name.
    const first = Buffer.alloc(Math.min(9, size));
    readSync(fd, first, 0, first.length, 0);
    const isGzip = magic[0] === 0x1f && magic[1] === 0x8b;
    if (!isGzip && first.toString('latin1') !== 'SIMPLE  =') {
      throw new FitsError('not_fits', 'not a FITS file (the first card is not SIMPLE)', 0, 0);
    }
    if (isGzip) {
      const fits = openFits(readFileSync(path));
      const hdu = firstImageHdu(fits);
      const info = fits.hdus[hdu]!;
      return summarise(info.header, hdu, info.shape[0] ?? 0, info.shape[1] ?? 1);
    }
    let pos = 0;
    for (let index = 0; pos < size && index < 1000; index++) {
      let want = BLOCK * 12;
      let parsed: { header: Header; end: number } | null = null;
      while (!parsed) {
        const len = Math.min(want, size - pos);
        const buf = new Uint8Array(len);
        readSync(fd, buf, 0, len, pos);
        try {
          parsed = parseHeader(buf, 0, index);
        } catch (err) {
          const grow = err instanceof FitsError && (err.code === 'truncated' || err.code === 'no_end') && len === want && want < MAX_HEADER;
          if (!grow) {
            if (index === 0) throw err;
            parsed = null;
            break;
          }
          want *= 4;
        }
      }
      if (!parsed) break;
      const header = parsed.header;
      if (index === 0 && header.cards[0]?.keyword !== 'SIMPLE') throw new FitsError('not_fits', 'not a FITS file (does not start with SIMPLE)');
      if (index > 0 && header.cards[0]?.keyword !== 'XTENSION') break;
      const dims = imageSize(header, index);
      if (dims) return summarise(header, index, dims.width, dims.height);
      pos += parsed.end + Math.ceil(dataBytes(header) / BLOCK) * BLOCK;
    }
    throw new FitsError('no_image', 'the file has no HDU with a two-dimensional image');
  } finally {
    closeSync(fd);
  }
}
