import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { formatDec, formatRa } from '../../core/coords/index.js';
import { createServices, type Services } from '../../main/services/services.js';
import { AppError } from '../../shared/errors.js';
import { CliError } from '../cli-error.js';
import { resolveDataDir, withDataOption } from '../options.js';

/** Runs `fn` on the library's services, closing them after; service errors become one CLI line. */
export async function withServices<T>(opts: { data?: string }, fn: (services: Services) => T | Promise<T>): Promise<T> {
  const services = createServices({ dataDir: resolveDataDir(opts) });
  try {
    return await fn(services);
  } catch (err) {
    if (err instanceof AppError) throw new CliError(err.message);
    throw err;
  } finally {
    await services.close();
  }
}

const list = (v: string | undefined): string[] => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);

/** `nightshift targets add|list|import|export`: the library's targets. */
export function register(program: Command): void {
  const targets = program.command('targets').description('targets: add, list, import and export (TOM Toolkit CSV)');

  withDataOption(targets.command('add'))
    .description('add a target (RA/Dec sexagesimal "10:00:28.0" "+02:12:21" or degrees); its images are matched, and measured by `nightshift tasks run` or the app')
    .requiredOption('--name <name>', 'unique name')
    .requiredOption('--ra <ra>', 'right ascension: hours h:m:s or degrees')
    .requiredOption('--dec <dec>', 'declination: d:m:s or degrees')
    .option('--alias <names>', 'comma-separated aliases')
    .option('--tags <tags>', 'comma-separated tags')
    .option('--notes <text>', 'notes')
    .option('--json', 'print the target as JSON')
    .action(async (opts: { data?: string; name: string; ra: string; dec: string; alias?: string; tags?: string; notes?: string; json?: boolean }) => {
      await withServices(opts, (services) => {
        const t = services.targetAutomation.inBatch(`target-${Date.now().toString(36)}`, () =>
          services.targets.create({ name: opts.name, ra: opts.ra, dec: opts.dec, aliases: list(opts.alias), tags: list(opts.tags), notes: opts.notes }),
        );
        const images = services.targets.products(t.id).length;
        if (opts.json) process.stdout.write(`${JSON.stringify({ ...t, images }, null, 2)}\n`);
        else {
          process.stdout.write(`target ${t.id} "${t.name}" at ${formatRa(t.ra, 2)} ${formatDec(t.dec, 1)} (${t.ra.toFixed(6)} ${t.dec.toFixed(6)} deg), on ${images} image(s)\n`);
          // the photometry is queued, not run: say how it gets run (a user trial waited for points)
          const queued = services.tasks.queries.openIds().filter((id) => services.tasks.get(id).kind === 'photometry').length;
          if (images > 0 && queued > 0) process.stdout.write(`its photometry is queued (${queued} task(s)): \`nightshift tasks run\` measures it now, or the app does when it is open\n`);
        }
      });
    });

  withDataOption(targets.command('list'))
    .description('list the targets')
    .option('--json', 'print a JSON array')
    .action(async (opts: { data?: string; json?: boolean }) => {
      await withServices(opts, (services) => {
        const all = services.targets.list();
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
          return;
        }
        process.stdout.write(`${'ID'.padStart(5)}  ${'NAME'.padEnd(24)} ${'RA'.padEnd(13)} ${'DEC'.padEnd(12)} ${'IMAGES'.padStart(6)}  TAGS\n`);
        for (const t of all) {
          process.stdout.write(
            `${String(t.id).padStart(5)}  ${t.name.slice(0, 24).padEnd(24)} ${formatRa(t.ra, 2).padEnd(13)} ${formatDec(t.dec, 1).padEnd(12)} ${String(services.targets.products(t.id).length).padStart(6)}  ${t.tags.join(',')}\n`,
          );
        }
      });
    });

  withDataOption(targets.command('import'))
    .description('import targets from a CSV (TOM Toolkit target export layout, or at least name,ra,dec)')
    .argument('<file>', 'CSV file')
    .option('--update', 'update targets that already exist (by name)')
    .action(async (file: string, opts: { data?: string; update?: boolean }) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        throw new CliError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
      await withServices(opts, (services) => {
        const r = services.targetAutomation.inBatch(`targets-${Date.now().toString(36)}`, () => services.targets.importCsv(text, { update: opts.update }));
        for (const e of r.errors) process.stderr.write(`${file}: ${e}\n`);
        process.stdout.write(`${r.created.length} created, ${r.updated.length} updated, ${r.errors.length} rejected\n`);
        if (r.errors.length > 0 && r.created.length + r.updated.length === 0) process.exitCode = 1;
      });
    });

  withDataOption(targets.command('export'))
    .description('export the targets as TOM Toolkit target CSV (to stdout, or --out FILE)')
    .option('--out <file>', 'write to this file')
    .action(async (opts: { data?: string; out?: string }) => {
      await withServices(opts, (services) => {
        const csv = services.targets.exportCsv();
        if (opts.out) {
          writeFileSync(opts.out, csv);
          process.stderr.write(`${services.targets.list().length} target(s) written to ${opts.out}\n`);
        } else process.stdout.write(csv);
      });
    });
}
