import type { Command } from 'commander';
import { listProductRows, toProductView } from '../../main/services/library/product-rows.js';
import { createServices } from '../../main/services/services.js';
import { intOption, resolveDataDir, withDataOption } from '../options.js';
import { exitQuietlyOnEpipe } from './epipe.js';
import { registerRemove } from './products-remove.js';

/**
 * `nightshift products`: the library's data products (a table, or a JSON array with --json):
 * each with its `kind` (raw, master, calibrated), `frameType`, a calibrated one's `rawId` and
 * `masters`, and why a raw light waits (`calibWait`); `products remove ID…` removes some.
 */
export function register(program: Command): void {
  const products = withDataOption(program.command('products'));
  products
    .description('list the data products in the library (newest first)')
    .option('--json', 'print a JSON array')
    .option('--limit <n>', 'at most this many', intOption(1, 1_000_000), 100_000)
    .action(async (opts: { data?: string; json?: boolean; limit: number }) => {
      exitQuietlyOnEpipe();
      const services = createServices({ dataDir: resolveDataDir(opts) });
      try {
        const products = listProductRows(services.db, opts.limit).map(toProductView);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(products, null, 2)}\n`);
          return;
        }
        process.stdout.write(`${'ID'.padStart(6)}  ${'NAME'.padEnd(32)} ${'KIND'.padEnd(10)} ${'FRAME'.padEnd(5)} ${'STATUS'.padEnd(10)} ${'SOURCES'.padStart(7)}  SHA256\n`);
        for (const p of products) {
          const err = p.error ? `  ${p.error.code}: ${p.error.message}`.slice(0, 80) : p.calibWait ? `  waits: ${p.calibWait}`.slice(0, 100) : '';
          process.stdout.write(
            `${String(p.id).padStart(6)}  ${p.name.slice(0, 32).padEnd(32)} ${p.kind.padEnd(10)} ${(p.frameType ?? '-').padEnd(5)} ${p.status.padEnd(10)} ${(p.sources === null ? '-' : String(p.sources)).padStart(7)}  ${p.sha256.slice(0, 12)}${err}\n`,
          );
        }
      } finally {
        await services.close();
      }
    });
  registerRemove(products);
}
