/**
 * `nightshift extract FILE [FILE...]`: source extraction with SExtractor-compatible defaults,
 * written as CSV (the reference schema of src/core/extract/README.md) or JSON.
 *
 * One file: its strips run on `--threads` worker threads. Several files: the calling thread
 * reads each image and computes its background statistics, a worker detects and deblends its
 * sources, and the calling thread measures them (more threads take whole files); `--out` is
 * then a directory receiving `<stem>.csv` / `<stem>.json`.
 */
import { closeSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { type Catalog, type ExtractOptions, ExtractError, prepareDetectKernels } from '../../core/extract/index.js';
import { prepareSkyWasm } from '../../core/wcs/index.js';
import { imageOptions, loadImage, LoadError, primaryImagePixels, warnWcs } from '../../main/services/extract/load.js';
import { extractParallel, MIN_PIXELS_PER_THREAD, StripPool } from '../../main/services/extract/parallel.js';
import { extractBatch } from '../../main/services/extract/batch.js';
import { writeCatalog } from '../../main/services/extract/render.js';
import { catalogCsvByteChunks } from '../../shared/catalog-csv.js';
import { prepareCsvWasm } from '../../shared/csv-wasm.js';
import { CliError } from '../cli-error.js';
import { traceMark, traceProgress } from '../trace.js';

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

function asCliError(e: unknown, path: string): unknown {
  if (e instanceof LoadError) return new CliError(e.message);
  if (e instanceof ExtractError) return new CliError(`${path}: ${e.message}`);
  return e;
}

/** Write all of `text` (UTF-8, or bytes as they are) to the file open at `fd`. */
function writeAll(fd: number, text: string | Uint8Array): void {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off);
}

/**
 * The catalog to `fd` (a file) or to stdout: a CSV as the writer's bytes (no string made of them;
 * they are a view of its memory, copied for stdout, whose write may keep them queued), JSON as text.
 */
function writeOut(cat: Catalog, format: 'csv' | 'json', file: string, fd: number | undefined): void {
  if (format === 'csv') {
    if (fd === undefined) catalogCsvByteChunks({ apertures: cat.options.apertures, sources: cat.sources }, (bytes) => process.stdout.write(Buffer.from(bytes)));
    else catalogCsvByteChunks({ apertures: cat.options.apertures, sources: cat.sources }, (bytes) => writeAll(fd, bytes));
  } else if (fd === undefined) writeCatalog(cat, format, file, (text) => process.stdout.write(text));
  else writeCatalog(cat, format, file, (text) => writeAll(fd, text));
}

/**
 * Whether `nightshift extract` starts its strip workers before reading the file (so that their
 * start-up overlaps the reading): when the primary header says the image has pixels enough for
 * two threads ({@link MIN_PIXELS_PER_THREAD} each; a file of fewer bytes than that is not opened). A small image never starts them, however large
 * its file (a cube, extensions); an image the header does not describe (in an extension, gzipped)
 * gets them, when large, once read ({@link extractParallel}).
 */
export function startsWorkersEarly(path: string, hdu: number | undefined, threads: number): boolean {
  if (threads < 2) return false;
  // the header is read only when the file could hold such an image (a byte a pixel at least):
  // parsing it cold cost a small image's run a few ms, and the file is read whole right after
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return false;
  }
  if (size < 2 * MIN_PIXELS_PER_THREAD) return false;
  const pixels = primaryImagePixels(path, hdu);
  return pixels !== undefined && pixels >= 2 * MIN_PIXELS_PER_THREAD;
}

/**
 * Waits for `p` at most `ms` milliseconds. Detection's WebAssembly, compiled on V8's background
 * threads while the file is read, is usually ready a few ms after the read; a small image waits
 * for it rather than run the background and detection stages in cold TypeScript (at 256², ~14 ms
 * more: from a startup snapshot, when the compilation was late, the two stages took 15–23 ms
 * against 4–6). A compilation a loaded machine has not finished by then is not waited for: the
 * stages do without it (images of ≥ 256 kpixel compile it on this thread where they need it).
 */
export async function settledOrNot(p: Promise<unknown>, ms = 10): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([p, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/** The fewest pixels of an image whose RA/Dec kernel {@link extractFile} compiles ahead (at 512², ~100–300 sources). */
const SKY_WASM_MIN_PIXELS = 600 * 600;

/** Extract one file; with threads > 1 (and a large enough image) its strips run on worker threads. */
export async function extractFile(path: string, opts: ExtractOptions, hdu: number | undefined, threads: number): Promise<Catalog> {
  // start the workers first: their start-up overlaps reading the file
  const pool = startsWorkersEarly(path, hdu, threads) ? new StripPool(threads - 1) : undefined;
  // detection's WebAssembly compiled on V8's background threads while the file is read
  const kernels = prepareDetectKernels();
  try {
    traceMark('read 0');
    const im = warnWcs(loadImage(path, hdu, { shared: pool !== undefined }));
    traceMark('read 1');
    // the RA/Dec kernel's WebAssembly compiled on V8's background threads before the photometry (an
    // image of fewer pixels rarely has SKY_MANY_MIN sources, and the compilation's steps on this thread would cost it)
    if (im.pixToSkyMany && im.width * im.height >= SKY_WASM_MIN_PIXELS) void prepareSkyWasm();
    await settledOrNot(kernels);
    return await extractParallel(im.image, im.width, im.height, imageOptions(opts, im), { pixToSky: im.pixToSky, pixToSkyMany: im.pixToSkyMany, onProgress: traceProgress() }, threads, pool, { closePool: true });
  } catch (e) {
    throw asCliError(e, path);
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
      const threads = cli.threads === undefined ? Math.min(8, availableParallelism()) : parseNumber('threads', cli.threads, true);
      if (threads < 1) throw new CliError('--threads must be ≥ 1');
      const format = cli.format as 'csv' | 'json';
      const opts: ExtractOptions = { thresh, minarea, apertures, maskType: cli.mask as 'none' | 'correct' };
      if (files.length === 1) {
        // the CSV writer's WebAssembly compiled on V8's background threads during the extraction
        if (format === 'csv') void prepareCsvWasm();
        const cat = await extractFile(files[0], opts, hdu, threads);
        // in pieces: a large catalog's whole text is never in memory (at 4096² its peak RSS was the CSV's)
        if (cli.out) {
          const fd = openSync(cli.out, 'w');
          try {
            writeOut(cat, format, files[0], fd);
          } finally {
            closeSync(fd);
          }
        } else writeOut(cat, format, files[0], undefined);
        traceMark('written');
        return;
      }
      if (cli.out === undefined) throw new CliError('several inputs need --out DIR');
      mkdirSync(cli.out, { recursive: true });
      const dir = cli.out;
      // batch: this thread reads and measures, a worker detects and deblends (batch.ts)
      // progress on a terminal only (a pipe or a log gets the catalogs' files and errors)
      const tty = process.stderr.isTTY === true;
      const progress = tty ? (done: number, total: number) => process.stderr.write(`\rextracted ${done} of ${total} images`) : undefined;
      try {
        await extractBatch(files, hdu, opts, format, dir, threads, progress);
        if (tty) process.stderr.write('\n');
      } catch (e) {
        if (tty) process.stderr.write('\n');
        // errors name the file; worker errors come back as plain messages
        throw new CliError(e instanceof Error ? e.message : String(e));
      }
    });
}
