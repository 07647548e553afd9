import { type Command, InvalidArgumentError } from 'commander';
import { lightCurveCsv, lightCurveRecord, tomPhotometryCsv } from '../../main/services/targets/index.js';
import { withDataOption } from '../options.js';
import { withServices } from './targets.js';

/**
 * `nightshift lightcurve TARGET`: the target's light curve (by name, alias or id), as the
 * plain CSV table (`mjd,mag,mag_err,flux,flux_err,filter,product,…`), the TOM Toolkit
 * photometry CSV, or a JSON array of records with the same columns.
 */
export function register(program: Command): void {
  withDataOption(program.command('lightcurve'))
    .description('print a target\'s light curve (mjd,mag,mag_err,flux,flux_err,filter,product,…)')
    .argument('<target>', 'target name, alias or id')
    .option('--format <format>', 'csv | json | tom (TOM Toolkit photometry: time,filter,magnitude,error)', (v: string) => {
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
          process.stdout.write(tomPhotometryCsv(points).replace(/\r\n/g, '\n'));
        } else {
          process.stdout.write(lightCurveCsv(points).replace(/\r\n/g, '\n'));
        }
        if (points.length === 0) process.stderr.write(`no light-curve points yet for "${target}"\n`);
      });
    });
}
