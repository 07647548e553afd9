import { BLOCK, FitsError, type HduShape, type Header, dataLayout, noImageReason, paddedBytes, parseHeader } from '../../../core/fits/index.js';
import { exposureTime, observationDate, TimeError } from '../../../core/time/index.js';
import { footprint, readWcs, type WcsProblem } from '../../../core/wcs/index.js';
import { type ByteSource, FileSource, GunzipSource } from './byte-source.js';

/** What the library stores about an image's header (the data_products summary columns). */
export interface HeaderSummary {
  hdu: number;
  header: Record<string, unknown>;
  object: string | null;
  /**
   * When the observation started, ISO 8601 UTC (`YYYY-MM-DDThh:mm:ss.sss`, or `YYYY-MM-DD` for
   * a day only), from DATE-OBS in any FITS form (+TIME-OBS/UT), MJD-OBS or JD; null without a
   * usable date (a malformed DATE-OBS stays in the header as it was).
   */
  dateObs: string | null;
  /** The header's MJD-OBS as written (days). */
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

/** {@link HeaderSummary.dateObs}: the normalised start of the observation, or null. */
export function storedDate(header: Pick<Header, 'get'>): string | null {
  try {
    return observationDate(header)?.iso ?? null;
  } catch (err) {
    if (err instanceof TimeError) return null;
    throw err;
  }
}

/**
 * The summary of the image HDU `header` (HDU `hdu`); `primary` is the primary header when the
 * image is in an extension: a multi-extension file often dates its observation there only.
 */
export function summarise(header: Header, hdu: number, width: number, height: number, primary: Header | null = null): HeaderSummary {
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
    wcsError = { code: 'wcs_bad_parameter', message: `unexpected error reading the WCS: ${(err as Error).message}`, keyword: null };
  }
  const record = header.toRecord() as Record<string, unknown>;
  return {
    hdu,
    header: record,
    object: str(header, 'OBJECT'),
    dateObs: storedDate(header) ?? (primary ? storedDate(primary) : null),
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

function intKey(h: Header, key: string): number {
  const v = h.get(key);
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  throw new FitsError('bad_header', `${key} is ${v === undefined ? 'missing' : `not an integer (${JSON.stringify(v)})`}`);
}

/** The image size of a header if it describes a 2-D (or more) image, else null. */
function imageSize(h: Header, index: number, maxDataBytes: number): { width: number; height: number } | null {
  if (h.get('ZIMAGE') === true) {
    const n = h.get('ZNAXIS') === undefined ? 0 : intKey(h, 'ZNAXIS');
    if (n < 2) return null;
    const w = intKey(h, 'ZNAXIS1');
    const ht = intKey(h, 'ZNAXIS2');
    let bytes = Math.abs(intKey(h, 'ZBITPIX')) / 8;
    for (let i = 1; i <= n; i++) bytes *= intKey(h, `ZNAXIS${i}`);
    if (bytes > maxDataBytes) throw new FitsError('too_large', `compressed image of ${w}×${ht}… pixels exceeds the limit of ${maxDataBytes} bytes`, index);
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

/** Largest data unit (or decompressed image) accepted by default, in bytes: what `openFits` accepts by default. */
const MAX_DATA_BYTES = 2 ** 31;

/** True when a header block holds an END card, or is binary (then parsing it says `no_end`). */
function endsHeader(block: Uint8Array): boolean {
  let bad = 0;
  for (let i = 0; i < block.length; i++) if (block[i] < 0x20 || block[i] > 0x7e) bad++;
  if (bad > BLOCK / 10) return true;
  for (let at = 0; at + 80 <= block.length; at += 80) {
    if (block[at] === 0x45 && block[at + 1] === 0x4e && block[at + 2] === 0x44) {
      let blank = true;
      for (let i = 3; i < 8; i++) if (block[at + i] !== 0x20) blank = false;
      if (blank) return true;
    }
  }
  return false;
}

/** The header at the source's position, read block by block; null at the end of the file. */
async function nextHeader(src: ByteSource, index: number): Promise<Header | null> {
  const blocks: Uint8Array[] = [];
  for (let total = 0; ; total += BLOCK) {
    if (total >= MAX_HEADER) throw new FitsError('too_large', `HDU ${index}: header longer than ${MAX_HEADER} bytes`, index);
    const block = await src.take(BLOCK);
    if (block.length === 0 && total === 0) return null;
    blocks.push(block);
    if (block.length < BLOCK || endsHeader(block)) break;
  }
  const bytes = new Uint8Array(blocks.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of blocks) {
    bytes.set(b, at);
    at += b.length;
  }
  return parseHeader(bytes, 0, index).header;
}

/**
 * Reads the header summary of the first image HDU of a FITS file without loading its pixels:
 * headers are read block by block, data units skipped, so a 1 GB file costs a few KB of memory.
 * A gzipped file is inflated as a stream on node:zlib's threads (not the caller's) and only up
 * to the first image's header: a gzip bomb behind a small image costs nothing, and the bytes
 * skipped are at most what the headers before the image declare. Every HDU's size is checked
 * as `openFits` checks it (`bad_header` for a non-integer axis, `too_large` over
 * `options.maxDataBytes`, default 2 GiB), and a plain file's image must fit in the file (`truncated`).
 */
export async function readHeaderSummary(path: string, options: { maxDataBytes?: number } = {}): Promise<HeaderSummary> {
  const maxDataBytes = options.maxDataBytes ?? MAX_DATA_BYTES;
  const magic = new Uint8Array(9);
  const probe = await FileSource.open(path);
  try {
    magic.set(await probe.take(9));
  } finally {
    await probe.close();
  }
  const isGzip = magic[0] === 0x1f && magic[1] === 0x8b;
  // FITS is recognised by its first card, not by its name.
  if (!isGzip && Buffer.from(magic).toString('latin1') !== 'SIMPLE  =') {
    throw new FitsError('not_fits', 'not a FITS file (the first card is not SIMPLE)', 0, 0);
  }
  const src: ByteSource = isGzip ? new GunzipSource(path) : await FileSource.open(path);
  try {
    let primary: Header | null = null;
    // what the HDUs without an image are, for the reason the file is refused
    const seen: HduShape[] = [];
    for (let index = 0; index < 1000; index++) {
      const pos = src.position;
      let header: Header | null;
      try {
        header = await nextHeader(src, index);
      } catch (err) {
        if (index === 0 || (err instanceof FitsError && err.code === 'too_large')) throw err;
        break; // junk after the last HDU
      }
      if (!header) break;
      if (index === 0 && header.cards[0]?.keyword !== 'SIMPLE') throw new FitsError('not_fits', 'not a FITS file (does not start with SIMPLE)');
      if (index === 0) primary = header;
      if (index > 0 && header.cards[0]?.keyword !== 'XTENSION') break;
      const { dataBytes, xtension, groups, shape } = dataLayout(header, index, pos, maxDataBytes);
      seen.push({ xtension: header.get('ZIMAGE') === true ? 'IMAGE' : xtension, groups, shape });
      const dims = imageSize(header, index, maxDataBytes);
      if (dims) {
        if (src instanceof FileSource && src.position + dataBytes > src.size) {
          throw new FitsError('truncated', `HDU ${index}: data unit needs ${dataBytes} bytes from byte ${src.position}, file ends at ${src.size}`, index, src.size);
        }
        return summarise(header, index, dims.width, dims.height, index === 0 ? null : primary);
      }
      const want = paddedBytes(dataBytes);
      if ((await src.skip(want)) < want) break;
    }
    throw new FitsError('no_image', noImageReason(seen));
  } finally {
    await src.close();
  }
}
