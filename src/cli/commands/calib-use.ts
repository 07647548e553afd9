/**
 * `nightshift calib use LIGHT [--bias ID|auto] [--dark ID|auto] [--flat ID|auto] [--auto]`:
 * chooses a raw light's masters by hand (issue 17), or gives a type (`auto`) or all (`--auto`)
 * back to the matching rule; without a choice, lists the light's masters against the rule. A
 * changed choice queues the light's calibration, which `nightshift tasks run` (or the app) works.
 */
import { type Command, InvalidArgumentError } from 'commander';
import type { LightMasters } from '../../shared/calib.js';
import { AppError } from '../../shared/errors.js';
import { createServices } from '../../main/services/services.js';
import { CliError } from '../cli-error.js';
import { intOption, resolveDataDir, withDataOption } from '../options.js';

/** A master id, or `auto` (null: back to the rule). */
function masterArg(value: string): number | null {
  if (value.toLowerCase() === 'auto') return null;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a master id (see "nightshift calib masters") or auto');
  return n;
}

function table(m: LightMasters): string {
  const lines = [`light ${m.lightId}${m.calibratedId !== null ? `, calibrated as ${m.calibratedId}` : ', not calibrated yet'}`];
  for (const type of ['bias', 'dark', 'flat'] as const) {
    lines.push(`${type}: ${m.choice[type] !== null ? `chosen by hand (${m.choice[type]})` : 'by the rule'}`);
    if (m.options[type].length === 0) lines.push('  (no master of this camera)');
    for (const o of m.options[type]) {
      const marks = [o.chosen ? 'chosen' : '', o.automatic ? 'rule' : '', o.used ? 'used' : ''].filter(Boolean).join(',');
      lines.push(`  ${String(o.id).padStart(6)} ${(o.fits ? 'fits' : 'does not fit').padEnd(12)} ${marks.padEnd(18)} ${o.name}: ${o.why}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

interface UseOptions {
  data?: string;
  json?: boolean;
  bias?: number | null;
  dark?: number | null;
  flat?: number | null;
  auto?: boolean;
}

export function registerCalibUse(calib: Command): void {
  withDataOption(calib.command('use'))
    .description("choose a light's masters by hand (ids from \"calib masters\"; auto: back to the rule); without a choice, list them against the rule")
    .argument('<light>', 'the raw light (product id)', intOption(1, Number.MAX_SAFE_INTEGER))
    .option('--bias <id>', 'master bias id, or auto', masterArg)
    .option('--dark <id>', 'master dark id, or auto', masterArg)
    .option('--flat <id>', 'master flat id, or auto', masterArg)
    .option('--auto', 'give all three back to the rule')
    .option('--json', 'print the light\'s masters as JSON')
    .action(async (light: number, opts: UseOptions) => {
      const services = createServices({ dataDir: resolveDataDir(opts) });
      try {
        const all = opts.auto ? null : undefined;
        const changes = { bias: opts.bias ?? all, dark: opts.dark ?? all, flat: opts.flat ?? all };
        const changing = Object.values(changes).some((v) => v !== undefined);
        const result = changing ? services.calibration.choose({ id: light, ...changes }) : services.calibration.masters(light);
        const queued = changing ? services.tasks.queries.openTaskOf('calibrate', light) : undefined;
        if (opts.json) process.stdout.write(`${JSON.stringify({ ...result, calibrateTask: queued ?? null }, null, 2)}\n`);
        else process.stdout.write(`${table(result)}${queued ? `calibration queued (task ${queued}): "nightshift tasks run" or the app works it\n` : ''}`);
      } catch (err) {
        if (err instanceof AppError) throw new CliError(`calib use: ${err.message}`);
        throw err;
      } finally {
        await services.close();
      }
    });
}
