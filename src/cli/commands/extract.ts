/**
 * `nightshift extract FILE [FILE...]`: source extraction with SExtractor-compatible defaults,
 * written as CSV (the common schema of shared/bench/anchors.py) or JSON.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import { catalogToCsv } from '../../core/extract/catalog-csv.js';
import { type Catalog, type ExtractOptions, ExtractError } from '../../core/extract/extract.js';
import { firstImageHdu, openFits, readImage } from '../../core/fits/index.js';
import { parseWcs } from '../../core/wcs/index.js';
import { extractParallel, MIN_PIXELS_PER_THREAD, StripPool } from '../../workers/extract/parallel.js';
import { CliError } from '../cli-error.js';

interface ExtractCliOptions {
  hdu?: string;
  thresh: string;
  minarea: string;
  aper: string;
  threads?: string;
  format: string;
  out?: string;
  mask: string;
}

function parseNumber(name: string, v: string, integer = false): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n))) throw new CliError(`--${name}: not ${integer ? 'an integer' : 'a number'}: ${v}`);
  return n;
}

/** Read one FITS image and its extraction settings from the header. */
export function loadImage(path: string, hdu?: number): { image: Float32Array; width: number; height: number; saturate?: number; gain?: number; pixToSky?: (x: number, y: number) => [number, number] } {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new CliError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    const file = openFits(bytes);
    const index = hdu ?? firstImageHdu(file);
    const info = file.hdus[index];
    if (!info) throw new CliError(`${path}: HDU ${index} does not exist (the file has ${file.hdus.length})`);
    const img = readImage(file, index, { type: 'float32', plane: info.shape.length > 2 ? 0 : undefined });
    if (img.width < 2 || img.height < 2) throw new CliError(`${path}: HDU ${index} is not a 2-D image (${img.shape.join('x') || 'empty'})`);
    const h = info.header;
    const num = (k: string): number | undefined => {
      const v = h.get(k);
      return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
    };
    const wcs = parseWcs(h);
    return {
      image: img.data as Float32Array,
      width: img.width,
      height: img.height,
      saturate: num('SATURATE'),
      gain: num('GAIN'),
      pixToSky: wcs ? (x, y) => wcs.pixToSky(x, y) : undefined,
    };
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`${path}: ${(e as Error).message}`);
  }
}

function render(cat: Catalog, format: string, file: string): string {
  if (format === 'csv') return catalogToCsv(cat);
  return JSON.stringify({ file, width: cat.width, height: cat.height, globalBackground: cat.globalBackground, globalRms: cat.globalRms, sources: cat.sources }) + '\n';
}

/** Extract one file (threads > 1: strips of the image on worker threads). */
export async function extractFile(path: string, opts: ExtractOptions, hdu: number | undefined, threads: number): Promise<Catalog> {
  // start the workers first: their start-up overlaps reading the file
  let size = 0;
  try {
    size = statSync(path).size;
  } catch {
    size = 0;
  }
  const pool = threads > 1 && size >= 2 * 2 * MIN_PIXELS_PER_THREAD ? new StripPool(threads) : undefined;
  try {
    const im = loadImage(path, hdu);
    const o: ExtractOptions = { ...opts, saturate: opts.saturate ?? im.saturate, gain: opts.gain ?? im.gain, inPlace: true };
    return await extractParallel(im.image, im.width, im.height, o, { pixToSky: im.pixToSky }, threads, pool);
  } catch (e) {
    if (e instanceof ExtractError) throw new CliError(`${path}: ${e.message}`);
    throw e;
  } finally {
    await pool?.close();
  }
}

export function register(program: Command): void {
  program
    .command('extract')
    .description('detect and measure sources (SExtractor-compatible) in FITS images')
    .argument('<files...>', 'FITS images (plain, gzipped or tile-compressed)')
    .option('--hdu <n>', 'HDU index (default: the first image)')
    .option('--thresh <sigma>', 'detection threshold in units of the background RMS', '1.5')
    .option('--minarea <pixels>', 'minimum number of pixels above threshold', '5')
    .option('--aper <radii>', 'aperture radii in pixels, comma-separated', '5')
    .option('--mask <type>', 'neighbour masking in apertures: none|correct', 'none')
    .option('--threads <n>', 'worker threads (default: number of CPUs, at most 8)')
    .option('--format <fmt>', 'csv|json', 'csv')
    .option('--out <path>', 'output file (one input) or directory (several inputs); default stdout')
    .action(async (files: string[], cli: ExtractCliOptions) => {
      if (cli.format !== 'csv' && cli.format !== 'json') throw new CliError(`--format must be csv or json (got ${cli.format})`);
      if (cli.mask !== 'none' && cli.mask !== 'correct') throw new CliError(`--mask must be none or correct (got ${cli.mask})`);
      const apertures = cli.aper.split(',').map((r) => parseNumber('aper', r));
      if (!apertures.every((r) => r > 0)) throw new CliError('--aper: radii must be > 0');
      const thresh = parseNumber('thresh', cli.thresh);
      if (!(thresh > 0)) throw new CliError('--thresh must be > 0');
      const minarea = parseNumber('minarea', cli.minarea, true);
      if (minarea < 1) throw new CliError('--minarea must be ≥ 1');
      const hdu = cli.hdu === undefined ? undefined : parseNumber('hdu', cli.hdu, true);
      const { availableParallelism } = await import('node:os');
      const threads = cli.threads === undefined ? Math.min(8, availableParallelism()) : parseNumber('threads', cli.threads, true);
      if (threads < 1) throw new CliError('--threads must be ≥ 1');
      const opts: ExtractOptions = { thresh, minarea, apertures, maskType: cli.mask as 'none' | 'correct' };
      if (files.length > 1 && cli.out === undefined && cli.format === 'csv') throw new CliError('several inputs need --out DIR (or --format json)');
      if (files.length === 1) {
        const cat = await extractFile(files[0], opts, hdu, threads);
        const text = render(cat, cli.format, files[0]);
        if (cli.out) writeFileSync(cli.out, text);
        else process.stdout.write(text);
        return;
      }
      if (cli.out) mkdirSync(cli.out, { recursive: true });
      // a batch: one image at a time, each using the threads
      for (const f of files) {
        const cat = await extractFile(f, opts, hdu, threads);
        const text = render(cat, cli.format, f);
        if (cli.out) writeFileSync(join(cli.out, basename(f).replace(/\.(fits|fit|fts)(\.gz|\.fz)?$/i, '') + '.' + cli.format), text);
        else process.stdout.write(text);
      }
    });
}
