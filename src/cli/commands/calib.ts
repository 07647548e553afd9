/**
 * `nightshift calib master|apply`: make a master bias, dark or flat from raw frames, and
 * calibrate a frame with masters, all from files (services/calib/calib-files.ts does the work;
 * this module declares the commands and reports its failures as one CLI line).
 */
import { type Command, InvalidArgumentError, Option } from 'commander';
import * as files from '../../main/services/calib/calib-files.js';
import { CalibFileError } from '../../main/services/calib/errors.js';
import { CliError } from '../cli-error.js';
import { listMasters } from '../../main/services/calibration/masters.js';
import { registerCalibUse } from './calib-use.js';
import { createServices } from '../../main/services/services.js';
import { resolveDataDir, withDataOption } from '../options.js';
import type { FrameType } from '../../core/calib/index.js';

export type { ApplyOptions, LoadedMasters, Master, MasterOptions, MasterReport, OverscanChoice, StepOptions } from '../../main/services/calib/calib-files.js';

function cli<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof CalibFileError) throw new CliError(e.message);
    throw e;
  }
}

/** {@link files.makeMaster}, failing with a {@link CliError}. */
export function makeMaster(...args: Parameters<typeof files.makeMaster>): ReturnType<typeof files.makeMaster> {
  return cli(() => files.makeMaster(...args));
}

/** {@link files.loadMasters}, failing with a {@link CliError}. */
export function loadMasters(...args: Parameters<typeof files.loadMasters>): ReturnType<typeof files.loadMasters> {
  return cli(() => files.loadMasters(...args));
}

/** {@link files.applyMasters}, failing with a {@link CliError}. */
export function applyMasters(...args: Parameters<typeof files.applyMasters>): ReturnType<typeof files.applyMasters> {
  return cli(() => files.applyMasters(...args));
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!(Number.isFinite(n) && n > 0)) throw new InvalidArgumentError('expected a positive number');
  return n;
}

function order(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 10) throw new InvalidArgumentError('expected a whole number from 0 to 10');
  return n;
}

function stepOptions(cmd: Command): Command {
  return cmd
    .option('--bias <file>', 'master bias to subtract')
    .option('--dark <file>', 'master dark (bias-subtracted) to subtract')
    .option('--dark-scale', 'scale the dark by the exposure ratio (else the exposures must match)')
    .addOption(new Option('--overscan <stat>', 'overscan statistic when the header has BIASSEC').choices(['mean', 'median', 'none']).default('mean'))
    .option('--overscan-order <n>', 'fit a polynomial of this degree to the overscan levels', order)
    .option('--type-map <map>', 'extra IMAGETYP/FRAME spellings, e.g. "Zero Frame=bias,Sky=flat"');
}

/** The library's *Frame type words* (settings `calibration.typeMap`) in the library at `dataDir`. */
async function libraryTypeWords(dataDir: string): Promise<Readonly<Record<string, FrameType>>> {
  const services = createServices({ dataDir });
  try {
    return services.settings.get().calibration.typeMap;
  } finally {
    await services.close();
  }
}

export function register(program: Command): void {
  const calib = program.command('calib').description("calibration: make masters and calibrate frames (ccdproc-compatible), list the library's masters");
  const master = stepOptions(
    calib
      .command('master')
      .description('combine bias, dark or flat frames into a master (float32 FITS with provenance)')
      .argument('<files...>', 'raw frames')
      .addOption(new Option('--type <type>', 'kind of master').choices(['bias', 'dark', 'flat']).makeOptionMandatory())
      .requiredOption('--out <file>', 'master to write')
      .addOption(new Option('--method <method>', 'combination').choices(['median', 'mean', 'sigclip']).default('median'))
      .option('--sigma <k>', 'sigma-clipping threshold, both sides (default 3)', positiveNumber)
      .option('--band-mb <n>', 'memory for one band of all frames, MiB (default 8)', positiveNumber),
  );
  master.option('--data <dir>', "also recognise the frame type words of this library's settings (calibration.typeMap)").action(async (paths: string[], opts: files.MasterOptions & { data?: string }) => {
    const { data, ...rest } = opts;
    // with --data, the library's *Frame type words* too (--type-map's words win)
    const r = makeMaster(paths, data !== undefined ? { ...rest, typeWords: await libraryTypeWords(data) } : rest);
    process.stderr.write(`${r.out}: master ${opts.type} of ${r.frames} frames, ${r.width}×${r.height}${r.rejected ? `, ${r.rejected} values clipped` : ''}\n`);
  });
  stepOptions(
    calib
      .command('apply')
      .description('calibrate one frame with the masters given (float32 FITS with provenance)')
      .argument('<file>', 'raw frame')
      .option('--flat <file>', 'master flat to divide by (normalised by its mean)')
      .requiredOption('--out <file>', 'calibrated frame to write'),
  ).action((file: string, opts: files.ApplyOptions) => {
    const r = applyMasters(file, opts);
    process.stderr.write(`${r.out}: ${r.width}×${r.height}\n`);
  });
  withDataOption(calib.command('masters'))
    .description("list the library's masters (made from its frames or imported)")
    .option('--json', 'print a JSON array')
    .action(async (opts: { data?: string; json?: boolean }) => {
      const services = createServices({ dataDir: resolveDataDir(opts) });
      try {
        const masters = listMasters(services.db, services.settings.get().site.lon);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(masters, null, 2)}\n`);
          return;
        }
        process.stdout.write(`${'ID'.padStart(6)}  ${'TYPE'.padEnd(5)} ${'FILTER'.padEnd(8)} ${'EXPTIME'.padStart(8)} ${'TEMP'.padStart(6)} ${'BIN'.padEnd(4)} ${'N'.padStart(4)}  ${'NIGHT'.padEnd(10)}  DATES\n`);
        for (const m of masters) {
          const dates = m.dateMin === m.dateMax ? (m.dateMin ?? '-') : `${m.dateMin ?? '?'} – ${m.dateMax ?? '?'}`;
          process.stdout.write(
            `${String(m.id).padStart(6)}  ${m.type.padEnd(5)} ${(m.filter ?? '-').padEnd(8)} ${(m.exposure === null ? '-' : String(m.exposure)).padStart(8)} ${(m.temperature === null ? '-' : m.temperature.toFixed(1)).padStart(6)} ${m.binning.padEnd(4)} ${(m.frames === null ? '-' : String(m.frames)).padStart(4)}  ${(m.night ?? '-').padEnd(10)}  ${dates}\n`,
          );
        }
      } finally {
        await services.close();
      }
    });
  registerCalibUse(calib);
}
