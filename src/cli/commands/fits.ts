/**
 * `nightshift fits info|pix2sky|sky2pix`: inspect FITS files (HDUs, pixel statistics, WCS)
 * and convert between 0-based pixel coordinates and RA/Dec in degrees.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { openFits, readImage, type FitsFile, type HduInfo, type HeaderValue } from '../../core/fits/index.js';
import { formatWcsProblem, readWcs, type Wcs, type WcsProblem, type WcsReading } from '../../core/wcs/index.js';
import { CliError, fitsFailure } from '../cli-error.js';

/** Header keywords shown by `fits info` when present. */
const SELECTED = [
  'EXTNAME', 'OBJECT', 'DATE-OBS', 'MJD-OBS', 'EXPTIME', 'FILTER', 'TELESCOP', 'INSTRUME', 'OBSERVER',
  'BUNIT', 'GAIN', 'SATURATE', 'RADESYS', 'EQUINOX', 'ZCMPTYPE',
];

export interface PixelStats {
  min: number | null;
  max: number | null;
  mean: number | null;
  nan: number;
}

export interface HduReport {
  index: number;
  kind: 'image' | 'table' | 'empty';
  compressed: boolean;
  bitpix: number;
  shape: number[];
  stats: PixelStats | null;
  /** The WCS summary (RA/Dec ICRS, `frame` naming the header's frame); null without a usable WCS. */
  wcs: { ctype: string[]; center: [number, number] | null; pixelScaleArcsec: number | null; frame: string } | null;
  /** Why the HDU's declared celestial WCS cannot be used (code, message, keyword); null if it can or there is none. */
  wcsError: WcsProblem | null;
  header: Record<string, HeaderValue>;
}

/** The default of `--max-image-mb`: the largest data unit (or decompressed image) read, in MiB. */
export const DEFAULT_MAX_IMAGE_MB = 2048;

function load(path: string, maxImageMb = DEFAULT_MAX_IMAGE_MB): FitsFile {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new CliError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    return openFits(bytes, { maxDataBytes: maxImageMb * 1024 * 1024 });
  } catch (e) {
    return fitsFailure(path, e);
  }
}

function wcsOf(info: HduInfo): WcsReading {
  return readWcs(info.header);
}

interface Accumulator {
  min: number;
  max: number;
  sum: number;
  n: number;
  nan: number;
}

function accumulate(acc: Accumulator, data: Float32Array | Float64Array): void {
  let { min, max, sum, n, nan } = acc;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v !== v) {
      nan++;
      continue;
    }
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    n++;
  }
  Object.assign(acc, { min, max, sum, n, nan });
}

/** Statistics over the whole data of an image HDU, read one plane at a time. */
function statsOf(file: FitsFile, info: HduInfo): PixelStats {
  const acc: Accumulator = { min: Infinity, max: -Infinity, sum: 0, n: 0, nan: 0 };
  const planes = info.shape.slice(2).reduce((a, b) => a * b, 1);
  if (planes <= 1) accumulate(acc, readImage(file, info.index).data);
  else for (let p = 0; p < planes; p++) accumulate(acc, readImage(file, info.index, { plane: p }).data);
  const { min, max, sum, n, nan } = acc;
  return n === 0 ? { min: null, max: null, mean: null, nan } : { min, max, mean: sum / n, nan };
}

/** What `fits info --json` prints for one file. */
export function fitsInfo(path: string, options: { maxImageMb?: number } = {}): { file: string; hdus: HduReport[] } {
  const file = load(path, options.maxImageMb);
  const hdus = file.hdus.map((info): HduReport => {
    let stats: PixelStats | null = null;
    if (info.kind === 'image') {
      try {
        stats = statsOf(file, info);
      } catch (e) {
        fitsFailure(path, e);
      }
    }
    const reading = wcsOf(info);
    const header: Record<string, HeaderValue> = {};
    const h = info.tableHeader && info.tableHeader.has('ZCMPTYPE') ? info.tableHeader : info.header;
    for (const k of SELECTED) {
      const v = (k === 'ZCMPTYPE' ? h : info.header).get(k);
      if (v !== undefined) header[k] = v;
    }
    return {
      index: info.index,
      kind: info.kind,
      compressed: info.compressed,
      bitpix: info.bitpix,
      shape: [...info.shape],
      stats,
      wcs: reading.wcs ? reading.wcs.summary() : null,
      wcsError: reading.error,
      header,
    };
  });
  return { file: path, hdus };
}

function fmt(v: number | null, digits = 6): string {
  if (v === null) return '-';
  return Number.isInteger(v) ? String(v) : v.toPrecision(digits);
}

function printInfo(report: { file: string; hdus: HduReport[] }): void {
  const out: string[] = [report.file];
  for (const h of report.hdus) {
    const shape = h.shape.length ? h.shape.join('×') : '-';
    out.push(`HDU ${h.index}: ${h.kind}${h.compressed ? ' (tile-compressed)' : ''}, BITPIX ${h.bitpix}, shape ${shape}`);
    if (h.stats) out.push(`  pixels: min ${fmt(h.stats.min)} max ${fmt(h.stats.max)} mean ${fmt(h.stats.mean)} NaN ${h.stats.nan}`);
    if (h.wcs) {
      const c = h.wcs.center ? `${h.wcs.center[0].toFixed(6)} ${h.wcs.center[1].toFixed(6)}` : '-';
      const scale = h.wcs.pixelScaleArcsec === null ? '-' : `${h.wcs.pixelScaleArcsec.toPrecision(5)}"/px`;
      out.push(`  wcs: ${h.wcs.ctype.join(' ')} centre ${c} (${h.wcs.frame}) scale ${scale}`);
    }
    if (h.wcsError) out.push(`  wcs: unreadable: ${formatWcsProblem(h.wcsError)}`);
    for (const [k, v] of Object.entries(h.header)) out.push(`  ${k.padEnd(8)} = ${typeof v === 'object' && v !== null ? `(${v.re}, ${v.im})` : String(v)}`);
  }
  process.stdout.write(out.join('\n') + '\n');
}

function parseNumbers(path: string, values: string[], what: string): number[] {
  if (values.length === 0 || values.length % 2 !== 0) {
    throw new CliError(`${path}: expected pairs of ${what}, got ${values.length} number${values.length === 1 ? '' : 's'}`);
  }
  return values.map((s) => {
    const n = Number(s);
    if (s.trim() === '' || !Number.isFinite(n)) throw new CliError(`${path}: not a number: ${s}`);
    return n;
  });
}

/** The HDU to use for coordinates: `--hdu N`, or the first with a celestial WCS. */
function pickWcs(path: string, file: FitsFile, hduOpt: string | undefined): Wcs {
  if (hduOpt !== undefined) {
    const n = Number(hduOpt);
    if (!Number.isInteger(n) || n < 0) throw new CliError(`${path}: --hdu must be a non-negative integer, got ${hduOpt}`);
    const info = file.hdus[n];
    if (!info) throw new CliError(`${path}: HDU ${n} does not exist (the file has ${file.hdus.length})`);
    const r = wcsOf(info);
    if (r.error) throw new CliError(`${path}: HDU ${n}: invalid WCS: ${formatWcsProblem(r.error)}`);
    if (!r.wcs) throw new CliError(`${path}: HDU ${n} has no celestial WCS`);
    return r.wcs;
  }
  const problems: string[] = [];
  for (const info of file.hdus) {
    const r = wcsOf(info);
    if (r.wcs) return r.wcs;
    if (r.error) problems.push(`HDU ${info.index}: invalid WCS: ${formatWcsProblem(r.error)}`);
  }
  if (problems.length > 0) throw new CliError(`${path}: no HDU has a usable celestial WCS (${problems.join('; ')})`);
  throw new CliError(`${path}: no HDU has a celestial WCS`);
}

function convert(path: string, args: string[], hdu: string | undefined, dir: 'pix2sky' | 'sky2pix'): void {
  const nums = parseNumbers(path, args, dir === 'pix2sky' ? 'X Y' : 'RA DEC');
  const wcs = pickWcs(path, load(path), hdu);
  const lines: string[] = [];
  for (let i = 0; i < nums.length; i += 2) {
    if (dir === 'pix2sky') {
      const [ra, dec] = wcs.pixToSky(nums[i], nums[i + 1]);
      lines.push(`${ra.toFixed(9)} ${dec.toFixed(9)}`);
    } else {
      const [x, y] = wcs.skyToPix(nums[i], nums[i + 1]);
      lines.push(`${x.toFixed(6)} ${y.toFixed(6)}`);
    }
  }
  process.stdout.write(lines.join('\n') + '\n');
}

/** Add `fits info` (also `fits FILE`), `fits pix2sky` and `fits sky2pix` to the program. */
export function register(program: Command): void {
  const fits = program.command('fits').description('inspect FITS files and convert coordinates');
  // the default: `nightshift fits FILE` reads as `fits info FILE`, what a user types first
  fits
    .command('info', { isDefault: true })
    .description('list HDUs with kind, BITPIX, shape, pixel statistics, WCS summary and selected header values (the default: `nightshift fits FILE`)')
    .argument('<file>', 'FITS file (.fits, .fits.fz, .fits.gz)')
    .option('--json', 'print JSON')
    .option('--max-image-mb <n>', `largest data unit or decompressed image read, in MiB (a .fits.gz is inflated no further than its headers declare, nor past this)`, String(DEFAULT_MAX_IMAGE_MB))
    .action((file: string, opts: { json?: boolean; maxImageMb: string }) => {
      const maxImageMb = Number(opts.maxImageMb);
      if (!(maxImageMb > 0 && maxImageMb <= 4000)) throw new CliError(`--max-image-mb must be a number of MiB in (0, 4000], got ${opts.maxImageMb}`);
      const report = fitsInfo(file, { maxImageMb });
      if (opts.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
      else printInfo(report);
    });
  fits
    .command('pix2sky')
    .description('0-based pixel X Y (centre of the first pixel is 0,0) → RA DEC in degrees, one line per pair')
    .argument('<file>', 'FITS file')
    .argument('<coords...>', 'X Y [X Y ...]')
    .option('--hdu <n>', 'HDU index (default: the first with a celestial WCS)')
    .allowUnknownOption(false)
    .action((file: string, coords: string[], opts: { hdu?: string }) => convert(file, coords, opts.hdu, 'pix2sky'));
  fits
    .command('sky2pix')
    .description('RA DEC in degrees → 0-based pixel X Y, one line per pair')
    .argument('<file>', 'FITS file')
    .argument('<coords...>', 'RA DEC [RA DEC ...]')
    .option('--hdu <n>', 'HDU index (default: the first with a celestial WCS)')
    .action((file: string, coords: string[], opts: { hdu?: string }) => convert(file, coords, opts.hdu, 'sky2pix'));
}
