import { type Command, InvalidArgumentError } from 'commander';
import { noMagnitudeReason } from '../../core/photometry/index.js';
import { lightCurveCsv, lightCurveRecord, tomPhotometryCsv, tomPoints } from '../../main/services/targets/index.js';
import { withDataOption } from '../options.js';
import { withServices } from './targets.js';

/**
 * `nightshift lightcurve TARGET`: the target's light curve (by name, alias or id), as the
 * plain CSV table (`mjd,mag,mag_err,flux,flux_err,filter,product,…,mag_limit,reason`), the TOM
 * Toolkit photometry CSV (upper limits in `limit`; a point with neither a magnitude nor a limit
 * is left out and counted on stderr with its reason), or a JSON array of records with the
 * table's columns. CSV lines end with LF; a line end inside a quoted cell (a file name) is kept.
 */
export function register(program: Command): void {
  withDataOption(program.command('lightcurve'))
    .description('print a target\'s light curve (mjd,mag,mag_err,flux,flux_err,filter,product,…)')
    .argument('<target>', 'target name, alias or id')
    .option('--format <format>', 'csv | json | tom (TOM Toolkit photometry: time,filter,magnitude,error,limit)', (v: string) => {
      if (v !== 'csv' && v !== 'json' && v !== 'tom') throw new InvalidArgumentError('expected csv, json or tom');
      return v;
    }, 'csv')
    .option('--filter <name>', 'only this filter')
    .action(async (target: string, opts: { data?: string; format: 'csv' | 'json' | 'tom'; filter?: string }) => {
      await withServices(opts, (services) => {
        const points = services.targets.lightCurve(target, { filter: opts.filter });
        if (opts.format === 'json') {
          process.stdout.write(`${JSON.stringify(points.map(lightCurveRecord), null, 2)}\n`);
        } else if (opts.format === 'tom') {
          process.stdout.write(tomPhotometryCsv(points, '\n'));
          const left = points.length - tomPoints(points).length;
          if (left > 0) {
            const why = [...new Set(points.filter((p) => p.mag === null && p.magLimit === null).map((p) => noMagnitudeReason(p)))];
            process.stderr.write(`${left} of ${points.length} point(s) have neither a magnitude nor a limit and are left out: ${why.join('; ')}\n`);
          }
        } else {
          process.stdout.write(lightCurveCsv(points, '\n'));
        }
        if (points.length === 0) process.stderr.write(`no light-curve points yet for "${target}"\n`);
      });
    });
}
