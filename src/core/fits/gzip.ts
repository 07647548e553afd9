/**
 * Whole-file gzip (`.fits.gz`): detection and inflation bounded by what the FITS headers declare.
 *
 * A gzip stream can inflate a thousand times over (1 MB of zeros → 1 GB), and its size trailer
 * (ISIZE) is whatever the writer put there. So the stream is inflated in small slices, the FITS
 * headers are read as soon as they are inflated, and inflation stops as soon as the output
 * passes either the hard limit (`too_large`) or the end of the last HDU the headers declare
 * plus a little slack for trailing padding (`gzip_bomb`). The error's offset is where it
 * stopped, which is at most one slice's output (≤ 16 MiB + 1 MiB) past the limit.
 */
import { Gunzip } from 'fflate';
import { FitsError } from './errors.js';
import { parseHeader } from './header.js';
import { dataLayout, paddedBytes } from './layout.js';

/** True when the bytes start with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

export interface GunzipFitsOptions {
  /** Most bytes inflated in all (the whole file). */
  maxBytes: number;
  /** Largest data unit accepted (bytes), as for `openFits`. */
  maxDataBytes: number;
  /** Bytes the stream may run past the end of the last HDU (stray padding); default 1 MiB. */
  slackBytes?: number;
}

/** Deflate's best ratio is 1032:1; an input slice of n bytes inflates to at most ~1032 n. */
const MAX_RATIO = 1032;
const MIN_SLICE = 1024;
const MAX_SLICE = 1 << 18;
/**
 * How far one slice may take the output past the point inflation must stop at, at worst (a
 * slice of zeros): slices are at most (bytes left + this) / 1032, so at least 16 KB, which keeps
 * the per-slice cost of streaming small for ordinary files.
 */
const OVERSHOOT = 16 << 20;
/** Output allowed ahead of a header not yet inflated (headers are rarely over a few hundred KB). */
const HEADER_PROBE = 1 << 20;
/** A header longer than this is refused. */
const MAX_HEADER = 16 << 20;

function startsWith(bytes: Uint8Array, at: number, length: number, text: string): boolean {
  if (at + text.length > length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

/**
 * Follows the HDUs through the inflated prefix: `end` is the end of the last HDU whose header
 * has been read (its data padded to whole blocks), `complete` true once no HDU follows.
 * Errors in a header are thrown as `openFits` would throw them; a file that ends inside a
 * header ends the walk (`openFits` then reports it as `truncated`).
 */
class HduWalk {
  end = 0;
  index = 0;
  complete = false;

  constructor(private readonly options: GunzipFitsOptions) {}

  advance(out: Uint8Array, length: number, final: boolean): void {
    while (!this.complete) {
      const pos = this.end;
      const magic = this.index === 0 ? 'SIMPLE' : 'XTENSION';
      if (length < pos + magic.length) {
        if (final) this.complete = true;
        return;
      }
      if (!startsWith(out, pos, length, magic)) {
        if (this.index === 0) throw new FitsError('not_fits', 'not a FITS file (does not start with SIMPLE)', -1, 0);
        this.complete = true; // trailing bytes after the last HDU
        return;
      }
      let parsed;
      try {
        parsed = parseHeader(out.subarray(0, length), pos, this.index);
      } catch (err) {
        const more = err instanceof FitsError && (err.code === 'truncated' || (err.code === 'no_end' && err.offset >= length));
        if (!more) throw err;
        if (final) {
          this.complete = true; // a short file: openFits says where it ends
          return;
        }
        if (length - pos > MAX_HEADER) {
          throw new FitsError('too_large', `HDU ${this.index}: header longer than ${MAX_HEADER} bytes without an END card`, this.index, pos);
        }
        return;
      }
      const { dataBytes } = dataLayout(parsed.header, this.index, pos, this.options.maxDataBytes);
      this.end = parsed.end + paddedBytes(dataBytes);
      this.index++;
      if (this.end > this.options.maxBytes) {
        throw new FitsError('too_large', `the headers declare ${this.end} bytes, above the limit of ${this.options.maxBytes} bytes`, this.index - 1, pos);
      }
    }
  }
}

/**
 * Inflates a gzipped FITS file, reading its headers on the way (see the module comment). Throws
 * `too_large` past `maxBytes` (or when a header declares more), `gzip_bomb` when the stream runs
 * on more than `slackBytes` past the end of the last HDU, and `bad_gzip` for a damaged stream.
 * A stream that ends early gives a short file, which `openFits` then reports as `truncated`.
 */
export function gunzipFits(input: Uint8Array, options: GunzipFitsOptions): Uint8Array {
  const n = input.length;
  if (n < 18) throw new FitsError('bad_gzip', `gzip file too short (${n} bytes)`, -1, 0);
  const { maxBytes } = options;
  const slack = options.slackBytes ?? 1 << 20;
  // The trailer's size is only a first guess for the buffer (the pages are touched as written).
  const isize = (input[n - 4] | (input[n - 3] << 8) | (input[n - 2] << 16) | (input[n - 1] << 24)) >>> 0;
  let out = new Uint8Array(Math.max(1 << 16, Math.min(isize, maxBytes)));
  let length = 0;
  const walk = new HduWalk(options);
  const gunzip = new Gunzip((chunk) => {
    const total = length + chunk.length;
    if (total > maxBytes) {
      throw new FitsError('too_large', `gzip file inflates past the limit of ${maxBytes} bytes (stopped at ${total})`, -1, total);
    }
    if (walk.complete && total > walk.end + slack) {
      throw new FitsError(
        'gzip_bomb',
        `gzip file inflates past the ${walk.end} bytes its FITS headers declare (stopped at ${total}, limit ${walk.end + slack})`,
        -1,
        total,
      );
    }
    if (total > out.length) {
      const grown = new Uint8Array(Math.min(maxBytes, Math.max(total, out.length * 2)));
      grown.set(out.subarray(0, length));
      out = grown;
    }
    out.set(chunk, length);
    length = total;
  });
  let offset = 0;
  try {
    while (offset < n) {
      const target = walk.complete ? walk.end + slack : Math.max(walk.end, length + HEADER_PROBE);
      const slice = Math.min(MAX_SLICE, Math.max(MIN_SLICE, Math.floor((target - length + OVERSHOOT) / MAX_RATIO)));
      const next = Math.min(n, offset + slice);
      gunzip.push(input.subarray(offset, next), next === n);
      offset = next;
      walk.advance(out, length, next === n);
    }
  } catch (err) {
    if (err instanceof FitsError) throw err;
    throw new FitsError('bad_gzip', `cannot inflate gzip file: ${err instanceof Error ? err.message : String(err)}`, -1, length);
  }
  return out.subarray(0, length);
}
