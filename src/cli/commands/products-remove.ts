import type { Command } from 'commander';
import { removalPreview, removeProducts } from '../../main/services/library/remove-products.js';
import { createServices } from '../../main/services/services.js';
import type { RemovalView } from '../../shared/domain.js';
import { AppError } from '../../shared/errors.js';
import { CliError } from '../cli-error.js';
import { resolveDataDir, withDataOption } from '../options.js';

/** One line of what a removal takes (or took), e.g. `2 images, 2 catalogs (8 sources), 1 photometry point, 2 stored files (1.2 MB)`. */
export function removalLine(r: RemovalView): string {
  const s = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  return [
    s(r.images, 'image'),
    `${s(r.catalogs, 'catalog')} (${s(r.sources, 'source')})`,
    s(r.photometryPoints, 'photometry point'),
    s(r.tasks, 'unfinished task'),
    `${s(r.files, 'stored file')} (${(r.bytes / 1e6).toFixed(1)} MB)`,
  ].join(', ');
}

function productIds(values: readonly string[]): number[] {
  return values.map((v) => {
    if (!/^[1-9]\d{0,11}$/.test(v)) throw new CliError(`products remove: "${v}" is not a product id (see "nightshift products")`);
    return Number(v);
  });
}

/**
 * `nightshift products remove ID… [--yes]`: removes images from the library with their catalogs,
 * photometry points and stored files (their unfinished tasks are cancelled). Without `--yes` it
 * only says what would go and exits with status 1.
 */
export function registerRemove(products: Command): void {
  withDataOption(products.command('remove'))
    .description('remove images from the library, with their catalogs, photometry points and stored files')
    .argument('<ids...>', 'product ids (see "nightshift products")')
    .option('--yes', 'remove them (without it, only say what would go)')
    .option('--json', 'print what went (or would go) as JSON')
    .action(async (ids: string[], own: { data?: string; yes?: boolean; json?: boolean }) => {
      // `products remove 3 --data DIR --json`: commander gives the options both commands have to `products` (as `tasks run` does).
      const parent = products.opts<{ data?: string; json?: boolean }>();
      const opts = { ...own, data: own.data ?? parent.data, json: own.json ?? parent.json };
      const wanted = productIds(ids);
      const services = createServices({ dataDir: resolveDataDir(opts) });
      try {
        const result = opts.yes ? await removeProducts(services, wanted) : removalPreview(services, wanted);
        // a removed master: its lights get their calibration with the next best master queued
        if (opts.yes) services.calibration.plan();
        if (opts.json) process.stdout.write(`${JSON.stringify({ removed: opts.yes === true, ...result }, null, 2)}\n`);
        else if (opts.yes) process.stdout.write(`removed ${removalLine(result)}\n`);
        else process.stdout.write(`would remove ${removalLine(result)}: ${result.names.join(', ')}\nnothing removed; run again with --yes to remove them\n`);
        if (!opts.yes) process.exitCode = 1;
      } catch (err) {
        if (err instanceof AppError) throw new CliError(`products remove: ${err.message}`);
        throw err;
      } finally {
        await services.close();
      }
    });
}
