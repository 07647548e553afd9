/**
 * `nightshift solve FILE`: plate-solve a FITS image against astrometry.net index files
 * (`index-*.fits` in each `--index-dir`; default /usr/share/astrometry when it exists).
 * Sources come from our extractor (3σ, brightest first); hints from the options, else from the
 * header (RA/DEC, OBJCTRA/OBJCTDEC, CRVAL; PIXSCALE, SECPIX, XPIXSZ·XBINNING/FOCALLEN).
 * Prints the solution (text, or JSON with --json); `--out` writes a copy of the image with the
 * WCS cards. Exit status 2 with one line on stderr when there is no solution.
 */
import { closeSync, existsSync, fstatSync, openSync, readdirSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { extract, ExtractError } from '../../core/extract/index.js';
import { FitsError, firstImageHdu, Header, openFits, readImage, writeFits } from '../../core/fits/index.js';
import { hintsFromHeader, indexFitsImage, INDEX_HEADER_BYTES, readIndexFile, readIndexSummary, type ByteSource, type IndexSummary, SolveError, solveField, wcsCards, type IndexFile, type SolveOptions } from '../../core/solve/index.js';
import { CliError } from '../cli-error.js';

interface SolveCliOptions {
  indexDir: string[];
  ra?: string;
  dec?: string;
  radius?: string;
  scaleLow?: string;
  scaleHigh?: string;
  timeLimit: string;
  out?: string;
  json?: boolean;
}

const DEFAULT_INDEX_DIR = '/usr/share/astrometry';
/** The solver's pixel-scale range without a scale hint, arcsec per pixel. */
const BLIND_SCALE_LOW = 0.05;
const BLIND_SCALE_HIGH = 3600;
/** Search radius (degrees) around a position taken from the header. */
const HEADER_RADIUS = 5;
/** Pixel-scale range around a scale taken from the header (factor either way). */
const HEADER_SCALE_SLACK = 1.2;
const WCS_KEY = /^(WCSAXES|CTYPE\d|CRVAL\d|CRPIX\d|CDELT\d|CROTA\d|CUNIT\d|CD\d_\d|PC\d_\d|PV\d_\d+|PS\d_\d+|LONPOLE|LATPOLE|RADESYS|EQUINOX|EPOCH|[AB]P?_ORDER|[AB]P?_\d+_\d+|[AB]_DMAX)$/;

function parseNumber(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new CliError(`--${name}: not a number: ${v}`);
  return n;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** An index file found on disk, with what its primary header says. */
export interface IndexOnDisk extends IndexSummary {
  path: string;
}

/** Every `index-*.fits` file of the directories, only its primary header read and checked. */
export function listIndexes(dirs: readonly string[]): IndexOnDisk[] {
  const out: IndexOnDisk[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => /^index-.*\.fits$/i.test(n)).sort();
    } catch (e) {
      throw new CliError(`--index-dir ${dir}: ${(e as NodeJS.ErrnoException).code ?? 'cannot read'}`);
    }
    for (const n of names) {
      const path = join(dir, n);
      let head: Uint8Array;
      try {
        const fd = openSync(path, 'r');
        try {
          const buf = Buffer.alloc(INDEX_HEADER_BYTES);
          head = new Uint8Array(buf.buffer, buf.byteOffset, readSync(fd, buf, 0, INDEX_HEADER_BYTES, 0));
        } finally {
          closeSync(fd);
        }
      } catch (e) {
        throw new CliError(`${path}: ${(e as NodeJS.ErrnoException).code ?? 'cannot read'}`);
      }
      try {
        out.push({ path, ...readIndexSummary(head, path) });
      } catch (e) {
        if (e instanceof SolveError) throw new CliError(`${e.message} (${e.code})`);
        throw e;
      }
    }
  }
  if (out.length === 0) throw new CliError(`no index-*.fits files in ${dirs.join(', ')}`);
  return out;
}

/**
 * Reads from an open file on demand (the file stays open for the process's life: quads are
 * read when a code matches). Each read is a fresh, aligned buffer.
 */
function fileSource(path: string): ByteSource {
  const fd = openSync(path, 'r');
  const size = fstatSync(fd).size;
  return {
    size,
    read(offset: number, length: number): Uint8Array {
      const n = Math.max(0, Math.min(length, size - offset));
      const out = new Uint8Array(new ArrayBuffer(n));
      let done = 0;
      while (done < n) {
        const got = readSync(fd, out, done, n - done, offset + done);
        if (got <= 0) break;
        done += got;
      }
      return done === n ? out : out.subarray(0, done);
    },
  };
}

/** Open and check the chosen index files: headers and kd-trees read, quads on demand. */
export function loadIndexes(chosen: readonly IndexOnDisk[]): IndexFile[] {
  return chosen.map(({ path }) => {
    try {
      return readIndexFile(fileSource(path), path);
    } catch (e) {
      if (e instanceof SolveError) throw new CliError(`${e.message} (${e.code})`);
      if ((e as NodeJS.ErrnoException).code) throw new CliError(`${path}: ${(e as NodeJS.ErrnoException).code}`);
      throw e;
    }
  });
}

export function register(program: Command): void {
  program
    .command('solve')
    .description('plate-solve a FITS image against astrometry.net index files')
    .argument('<file>', 'FITS image')
    .option('--index-dir <dir>', 'directory of index-*.fits files (repeatable; default /usr/share/astrometry)', collect, [])
    .option('--ra <deg>', 'position hint: RA of the field centre, degrees')
    .option('--dec <deg>', 'position hint: Dec of the field centre, degrees')
    .option('--radius <deg>', 'search radius around the position hint, degrees', undefined)
    .option('--scale-low <arcsec>', 'lowest pixel scale, arcsec per pixel')
    .option('--scale-high <arcsec>', 'highest pixel scale, arcsec per pixel')
    .option('--time-limit <s>', 'give up after this many seconds', '60')
    .option('--out <file>', 'write a copy of the image with the solved WCS')
    .option('--json', 'print the solution as JSON')
    .action((file: string, cli: SolveCliOptions) => {
      const started = Date.now();
      let ra = parseNumber('ra', cli.ra);
      let dec = parseNumber('dec', cli.dec);
      let radius = parseNumber('radius', cli.radius);
      let scaleLow = parseNumber('scale-low', cli.scaleLow);
      let scaleHigh = parseNumber('scale-high', cli.scaleHigh);
      const timeLimit = parseNumber('time-limit', cli.timeLimit) ?? 60;
      if ((ra === undefined) !== (dec === undefined)) throw new CliError('--ra and --dec go together');
      if (ra !== undefined && dec !== undefined && !(ra >= 0 && ra < 360 && Math.abs(dec) <= 90)) throw new CliError('--ra must be in [0, 360) and --dec in [-90, 90]');
      if (radius !== undefined && !(radius > 0)) throw new CliError('--radius must be > 0');
      if ((scaleLow !== undefined && !(scaleLow > 0)) || (scaleHigh !== undefined && !(scaleHigh > 0)) || (scaleLow !== undefined && scaleHigh !== undefined && scaleHigh < scaleLow)) {
        throw new CliError('--scale-low and --scale-high must be > 0, low ≤ high');
      }
      if (!(timeLimit > 0)) throw new CliError('--time-limit must be > 0');
      const dirs = cli.indexDir.length > 0 ? cli.indexDir : existsSync(DEFAULT_INDEX_DIR) ? [DEFAULT_INDEX_DIR] : [];
      if (dirs.length === 0) throw new CliError(`no --index-dir given and ${DEFAULT_INDEX_DIR} does not exist`);

      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(readFileSync(file));
      } catch (e) {
        throw new CliError(`${file}: ${(e as NodeJS.ErrnoException).code ?? 'cannot read'}`);
      }
      let header: Header;
      let image: { data: Float32Array; width: number; height: number };
      let sources: Array<{ x: number; y: number; flux: number }>;
      try {
        const fits = openFits(bytes);
        const hdu = firstImageHdu(fits);
        header = fits.hdus[hdu].header;
        const im = readImage(fits, hdu, { type: 'float32' });
        if (im.shape.length !== 2) throw new CliError(`${file}: HDU ${hdu} is not a 2-D image (shape ${im.shape.join('×')})`);
        image = { data: im.data as Float32Array, width: im.width, height: im.height };
        const cat = extract(image.data.slice(), image.width, image.height, { thresh: 3, minarea: 5 });
        sources = cat.sources.map((s) => ({ x: s.x, y: s.y, flux: s.fluxAuto > 0 ? s.fluxAuto : s.fluxIso })).sort((a, b) => b.flux - a.flux);
      } catch (e) {
        if (e instanceof FitsError) throw new CliError(`${file}: ${e.message} (${e.code})`);
        if (e instanceof ExtractError) throw new CliError(`${file}: ${e.message}`);
        throw e;
      }
      // hints the options do not give come from the header
      const hints = hintsFromHeader(header);
      if (ra === undefined && hints.ra !== undefined && hints.dec !== undefined) {
        ra = hints.ra;
        dec = hints.dec;
        radius ??= HEADER_RADIUS;
      }
      if (scaleLow === undefined && scaleHigh === undefined && hints.scale !== undefined) {
        scaleLow = hints.scale / HEADER_SCALE_SLACK;
        scaleHigh = hints.scale * HEADER_SCALE_SLACK;
      }
      // only the indexes whose quad sizes fit this image at the possible scales are read
      const all = listIndexes(dirs);
      const chosen = all.filter((ix) => indexFitsImage(ix, image.width, image.height, scaleLow ?? BLIND_SCALE_LOW, scaleHigh ?? BLIND_SCALE_HIGH));
      if (chosen.length === 0) {
        throw new CliError(`${file}: none of the ${all.length} index files has quads that fit a ${image.width}×${image.height} image at ${scaleLow ?? BLIND_SCALE_LOW}…${scaleHigh ?? BLIND_SCALE_HIGH} arcsec/pixel`, 2);
      }
      const indexes = loadIndexes(chosen);
      const opts: SolveOptions = { width: image.width, height: image.height, timeLimitMs: timeLimit * 1000 - (Date.now() - started), ra, dec, radius, scaleLow, scaleHigh };
      let result: ReturnType<typeof solveField>;
      try {
        result = solveField(sources, indexes, opts);
      } catch (e) {
        // a quad read on demand that names a star beyond NSTARS, or a read error
        if (e instanceof SolveError) throw new CliError(`${e.message} (${e.code})`);
        throw e;
      }
      const seconds = (Date.now() - started) / 1000;
      if (!result.solved) {
        const why = result.reason === 'time_limit' ? `time limit of ${timeLimit} s reached` : 'every quad tried';
        throw new CliError(`${file}: not solved (${why}; ${sources.length} sources, ${result.quadsTried} quads, ${result.hypotheses} hypotheses, ${seconds.toFixed(1)} s)`, 2);
      }
      const s = result.solution;
      const cards = wcsCards(s.wcs);
      if (cli.out) {
        const kept = header.cards.filter((c) => !WCS_KEY.test(c.keyword) && c.keyword !== 'END');
        const added = Header.fromRecord({ ...cards, HISTORY: `WCS by nightshift solve: index ${s.indexId}, ${s.matched} stars, rms ${s.rmsArcsec.toFixed(2)} arcsec` }).cards;
        writeFileSync(cli.out, writeFits([{ header: new Header([...kept, ...added]), data: image.data, shape: [image.width, image.height] }]));
      }
      if (cli.json) {
        const doc = {
          solved: true,
          ra: s.ra,
          dec: s.dec,
          scale_arcsec: s.scaleArcsec,
          rotation_deg: s.rotationDeg,
          parity: s.parity,
          matched: s.matched,
          rms_arcsec: s.rmsArcsec,
          index_id: s.indexId,
          indexes_read: indexes.length,
          seconds,
          header: cards,
        };
        process.stdout.write(JSON.stringify(doc) + '\n');
        return;
      }
      process.stdout.write(
        `${file}: solved with index ${s.indexId}\n` +
          `  centre RA ${s.ra.toFixed(6)} Dec ${s.dec.toFixed(6)} deg\n` +
          `  scale ${s.scaleArcsec.toFixed(4)} arcsec/pixel, rotation ${s.rotationDeg.toFixed(2)} deg, parity ${s.parity}\n` +
          `  ${s.matched} stars matched, rms ${s.rmsArcsec.toFixed(3)} arcsec, SIP order ${s.wcs.sipOrder || 'none'}, ${seconds.toFixed(2)} s\n`,
      );
    });
}
