/**
 * `nightshift solve FILE`: plate-solve a FITS image against astrometry.net index files
 * (`index-*.fits` in each `--index-dir`; default the index folders of the settings' defaults
 * that exist, shared/settings.ts). Sources, hints and the choice of index files are those of
 * services/solve/solve-image.ts (the library's `solve` task does the same). Prints the solution
 * (text, or JSON with --json); `--out` writes a copy of the image with the WCS cards. Exit
 * status 2 with one line on stderr when there is no solution.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ExtractError } from '../../core/extract/index.js';
import { FitsError, writeFits } from '../../core/fits/index.js';
import { LoadError, pixelsOfFits } from '../../main/services/extract/load.js';
import { IndexFilesError, listIndexes } from '../../main/services/solve/index-files.js';
import { existingIndexDirs } from '../../main/services/solve/index-dirs.js';
import { solveImage, type SolveHints } from '../../main/services/solve/solve-image.js';
import { headerWithWcs } from '../../main/services/solve/wcs-header.js';
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

function parseNumber(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new CliError(`--${name}: not a number: ${v}`);
  return n;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** The hints of the options, checked. */
function hintsOf(cli: SolveCliOptions): SolveHints {
  const ra = parseNumber('ra', cli.ra);
  const dec = parseNumber('dec', cli.dec);
  const radius = parseNumber('radius', cli.radius);
  const scaleLow = parseNumber('scale-low', cli.scaleLow);
  const scaleHigh = parseNumber('scale-high', cli.scaleHigh);
  if ((ra === undefined) !== (dec === undefined)) throw new CliError('--ra and --dec go together');
  if (ra !== undefined && dec !== undefined && !(ra >= 0 && ra < 360 && Math.abs(dec) <= 90)) throw new CliError('--ra must be in [0, 360) and --dec in [-90, 90]');
  if (radius !== undefined && !(radius > 0)) throw new CliError('--radius must be > 0');
  if ((scaleLow !== undefined && !(scaleLow > 0)) || (scaleHigh !== undefined && !(scaleHigh > 0)) || (scaleLow !== undefined && scaleHigh !== undefined && scaleHigh < scaleLow)) {
    throw new CliError('--scale-low and --scale-high must be > 0, low ≤ high');
  }
  return { ra, dec, radius, scaleLow, scaleHigh };
}

export function register(program: Command): void {
  program
    .command('solve')
    .description('plate-solve a FITS image against astrometry.net index files')
    .argument('<file>', 'FITS image')
    .option('--index-dir <dir>', 'directory of index-*.fits files (repeatable; default the usual folders that exist, listed in the README)', collect, [])
    .option('--ra <deg>', 'position hint: RA of the field centre, degrees')
    .option('--dec <deg>', 'position hint: Dec of the field centre, degrees')
    .option('--radius <deg>', 'search radius around the position hint, degrees', undefined)
    .option('--scale-low <arcsec>', 'lowest pixel scale, arcsec per pixel')
    .option('--scale-high <arcsec>', 'highest pixel scale, arcsec per pixel')
    .option('--time-limit <s>', 'give up after this many seconds', '60')
    .option('--out <file>', 'write a copy of the image with the solved WCS')
    .option('--json', 'print the solution as JSON')
    .action((file: string, cli: SolveCliOptions) => {
      const hints = hintsOf(cli);
      const timeLimit = parseNumber('time-limit', cli.timeLimit) ?? 60;
      if (!(timeLimit > 0)) throw new CliError('--time-limit must be > 0');
      const dirs = cli.indexDir.length > 0 ? cli.indexDir : existingIndexDirs();
      if (dirs.length === 0) throw new CliError('no --index-dir given and none of the usual index folders exists (see the README)');
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(readFileSync(file));
      } catch (e) {
        throw new CliError(`${file}: ${(e as NodeJS.ErrnoException).code ?? 'cannot read'}`);
      }
      let solved: ReturnType<typeof solveImage>;
      try {
        const indexes = listIndexes(dirs);
        if (indexes.length === 0) throw new CliError(`no index-*.fits files in ${dirs.join(', ')}`);
        // solveImage reads the pixels in place: the copy with the WCS reads them again
        solved = solveImage(cli.out ? bytes.slice() : bytes, { indexes, hints, timeLimitMs: timeLimit * 1000, name: file });
      } catch (e) {
        if (e instanceof IndexFilesError) throw new CliError(e.message);
        if (e instanceof LoadError) throw new CliError(e.message);
        if (e instanceof FitsError) throw new CliError(`${file}: ${e.message} (${e.code})`);
        if (e instanceof ExtractError) throw new CliError(`${file}: ${e.message}`);
        throw e;
      }
      const s = solved.result;
      if (!s.solved) throw new CliError(s.message, 2);
      if (cli.out) {
        const image = pixelsOfFits(bytes, undefined, file);
        const header = headerWithWcs(image.header, s.header, `WCS by nightshift solve: index ${s.indexId}, ${s.matched} stars, rms ${s.rmsArcsec.toFixed(2)} arcsec`);
        writeFileSync(cli.out, writeFits([{ header, data: image.image, shape: [image.width, image.height] }]));
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
          indexes_read: s.indexesRead,
          seconds: s.seconds,
          header: s.header,
        };
        process.stdout.write(JSON.stringify(doc) + '\n');
        return;
      }
      const sip = typeof s.header.A_ORDER === 'number' ? s.header.A_ORDER : 'none';
      process.stdout.write(
        `${file}: solved with index ${s.indexId}\n` +
          `  centre RA ${s.ra.toFixed(6)} Dec ${s.dec.toFixed(6)} deg\n` +
          `  scale ${s.scaleArcsec.toFixed(4)} arcsec/pixel, rotation ${s.rotationDeg.toFixed(2)} deg, parity ${s.parity}\n` +
          `  ${s.matched} stars matched, rms ${s.rmsArcsec.toFixed(3)} arcsec, SIP order ${sip}, ${s.seconds.toFixed(2)} s\n`,
      );
    });
}
