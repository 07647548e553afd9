/**
 * `nightshift targets …` and `nightshift lightcurve …` (issue 7), ready to move to
 * src/cli/commands/targets.ts (register both in src/cli/commands/index.ts). Until then:
 *
 *   npx tsx bench/photometry-cli.ts targets add --name "SN 2026abc" --ra 13:29:52.7 --dec +47:11:43 --data DIR
 *   npx tsx bench/photometry-cli.ts targets list|import FILE|export [FILE]|measure TARGET --data DIR
 *   npx tsx bench/photometry-cli.ts lightcurve TARGET --data DIR [--format csv|json|tom] [--filter V]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { CliError } from '../src/cli/cli-error.js';
import { resolveDataDir, withDataOption } from '../src/cli/options.js';
import { formatDec, formatRa } from '../src/core/coords/index.js';
import { createServices, type Services } from '../src/main/services/services.js';
import { lightCurveCsv, lightCurveRecord, tomPhotometryCsv } from '../src/main/services/targets/index.js';
import { AppError } from '../src/shared/errors.js';

async function withServices<T>(opts: { data?: string }, fn: (s: Services) => T | Promise<T>): Promise<T> {
  const services = createServices({ dataDir: resolveDataDir(opts) });
  try {
    return await fn(services);
  } catch (err) {
    if (err instanceof AppError) throw new CliError(`${err.code}: ${err.message}`);
    throw err;
  } finally {
    await services.close();
  }
}

const collect = (v: string, prev: string[]): string[] => [...prev, v];
const number = (v: string): number => {
  const n = Number(v);
  if (!Number.isFinite(n)) throw new CliError(`not a number: ${v}`);
  return n;
};

/** `nightshift targets add|list|import|export|measure`. */
export function registerTargets(program: Command): void {
  const targets = program.command('targets').description('targets: add, list, import/export TOM Toolkit CSV, measure');

  withDataOption(targets.command('add'))
    .description('add a target (RA as hours 10:00:28.0 or degrees, Dec as +02:12:21 or degrees)')
    .requiredOption('--name <name>', 'unique name')
    .requiredOption('--ra <ra>', 'right ascension: sexagesimal hours or decimal degrees')
    .requiredOption('--dec <dec>', 'declination: sexagesimal or decimal degrees')
    .option('--alias <name>', 'another name (repeatable)', collect, [])
    .option('--tag <tag>', 'a tag (repeatable)', collect, [])
    .option('--epoch <year>', 'Julian epoch of the position', number)
    .option('--pm-ra <mas/yr>', 'proper motion μα·cos δ, mas/yr', number)
    .option('--pm-dec <mas/yr>', 'proper motion μδ, mas/yr', number)
    .option('--notes <text>', 'notes')
    .option('--json', 'print the target as JSON')
    .action((opts: { data?: string; name: string; ra: string; dec: string; alias: string[]; tag: string[]; epoch?: number; pmRa?: number; pmDec?: number; notes?: string; json?: boolean }) =>
      withServices(opts, (s) => {
        const t = s.targets.create({
          name: opts.name,
          ra: opts.ra,
          dec: opts.dec,
          aliases: opts.alias,
          tags: opts.tag,
          epoch: opts.epoch,
          pmRa: opts.pmRa,
          pmDec: opts.pmDec,
          notes: opts.notes,
        });
        const images = s.targets.products(t.id).length;
        if (opts.json) process.stdout.write(`${JSON.stringify({ ...t, images }, null, 2)}\n`);
        else process.stdout.write(`added target ${t.id} "${t.name}" at ${formatRa(t.ra, 2)} ${formatDec(t.dec, 1)} (${t.ra.toFixed(6)}, ${t.dec.toFixed(6)}); on ${images} image(s)\n`);
      }),
    );

  withDataOption(targets.command('list'))
    .description('list the targets with their number of images and light-curve points')
    .option('--json', 'print a JSON array')
    .action((opts: { data?: string; json?: boolean }) =>
      withServices(opts, (s) => {
        const list = s.targets.summaries();
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
          return;
        }
        process.stdout.write(`${'ID'.padStart(5)}  ${'NAME'.padEnd(24)} ${'RA'.padEnd(12)} ${'DEC'.padEnd(12)} ${'IMAGES'.padStart(6)} ${'POINTS'.padStart(6)}  ALIASES / TAGS\n`);
        for (const t of list) {
          const extra = [t.aliases.join(', '), t.tags.map((x) => `#${x}`).join(' ')].filter(Boolean).join('  ');
          process.stdout.write(
            `${String(t.id).padStart(5)}  ${t.name.slice(0, 24).padEnd(24)} ${formatRa(t.ra, 2).padEnd(12)} ${formatDec(t.dec, 1).padEnd(12)} ${String(t.images).padStart(6)} ${String(t.points).padStart(6)}  ${extra}\n`,
          );
        }
      }),
    );

  withDataOption(targets.command('import'))
    .description('import a TOM Toolkit target CSV')
    .argument('<file>', 'CSV file')
    .option('--update', 'update targets that already exist (by name)')
    .action((file: string, opts: { data?: string; update?: boolean }) =>
      withServices(opts, (s) => {
        const r = s.targets.importCsv(readFileSync(file, 'utf8'), { update: opts.update });
        process.stdout.write(`created ${r.created.length}, updated ${r.updated.length}, rejected ${r.errors.length}\n`);
        for (const e of r.errors) process.stderr.write(`${e}\n`);
        if (r.errors.length > 0) process.exitCode = 1;
      }),
    );

  withDataOption(targets.command('export'))
    .description('export the targets as a TOM Toolkit target CSV (stdout unless FILE)')
    .argument('[file]', 'output file')
    .action((file: string | undefined, opts: { data?: string }) =>
      withServices(opts, (s) => {
        const csv = s.targets.exportCsv();
        if (file) writeFileSync(file, csv);
        else process.stdout.write(csv);
      }),
    );

  withDataOption(targets.command('measure'))
    .description('measure a target on all its images now, in this process')
    .argument('<target>', 'name, alias or id')
    .action((name: string, opts: { data?: string }) =>
      withServices(opts, (s) => {
        const t = s.targets.get(name);
        const r = s.targets.measure(t.id);
        process.stdout.write(`measured "${t.name}" on ${r.rows} image(s)\n`);
        for (const f of r.failures) process.stderr.write(`product ${f.productId}: ${f.code}: ${f.message}\n`);
      }),
    );
}

/** `nightshift lightcurve TARGET [--format csv|json|tom]`. */
export function registerLightcurve(program: Command): void {
  withDataOption(program.command('lightcurve'))
    .description('print a target\'s light curve (csv: mjd,mag,mag_err,flux,flux_err,filter,product,…; tom: TOM Toolkit photometry)')
    .argument('<target>', 'name, alias or id')
    .option('--format <format>', 'csv, json or tom', 'csv')
    .option('--filter <filter>', 'one filter only')
    .action((name: string, opts: { data?: string; format: string; filter?: string }) =>
      withServices(opts, (s) => {
        if (!['csv', 'json', 'tom'].includes(opts.format)) throw new CliError(`unknown format ${opts.format} (csv, json or tom)`);
        const points = s.targets.lightCurve(name, opts.filter !== undefined ? { filter: opts.filter } : {});
        if (opts.format === 'json') process.stdout.write(`${JSON.stringify(points.map(lightCurveRecord), null, 2)}\n`);
        else process.stdout.write((opts.format === 'tom' ? tomPhotometryCsv(points) : lightCurveCsv(points)).replace(/\r\n/g, '\n'));
      }),
    );
}

// Stand-alone entry (not when imported by the real CLI).
if (import.meta.url === `file://${process.argv[1]}`) {
  const program = new Command().name('nightshift').exitOverride();
  registerTargets(program);
  registerLightcurve(program);
  program.parseAsync(process.argv.slice(2), { from: 'user' }).catch((e: unknown) => {
    if (e instanceof Error && 'code' in e && String((e as { code: unknown }).code).startsWith('commander.')) {
      process.exitCode = (e as { exitCode?: number }).exitCode ?? 2;
      return;
    }
    process.stderr.write(`nightshift: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = e instanceof CliError ? e.exitCode : 2;
  });
}
