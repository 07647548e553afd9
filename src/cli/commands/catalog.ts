import { writeFileSync } from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import { findProduct, readStoredCatalog } from '../../main/services/library/stored-catalog.js';
import { renderCatalog } from '../../main/services/extract/render.js';
import { CliError } from '../cli-error.js';
import { withDataOption } from '../options.js';
import { exitQuietlyOnEpipe } from './epipe.js';
import { withServices } from './targets.js';

/**
 * `nightshift catalog PRODUCT`: a product's stored catalog (by id or file name) in the schema
 * of `nightshift extract` (CSV or JSON), so the two can be compared: for the same image and
 * settings they are the same, byte for byte.
 */
export function register(program: Command): void {
  withDataOption(program.command('catalog'))
    .description('print an image\'s stored catalog, as `nightshift extract` prints it')
    .argument('<product>', 'product id or file name (see `nightshift products`)')
    .option('--format <fmt>', 'csv|json', (v: string) => {
      if (v !== 'csv' && v !== 'json') throw new InvalidArgumentError('expected csv or json');
      return v;
    }, 'csv')
    .option('--out <file>', 'output file (default: stdout)')
    .action(async (ref: string, opts: { data?: string; format: 'csv' | 'json'; out?: string }) => {
      exitQuietlyOnEpipe();
      await withServices(opts, (services) => {
        const product = findProduct(services.db, ref);
        const stored = readStoredCatalog(services.db, product, services.paths.root);
        if (!stored) {
          const why = product.status === 'failed' ? `: its extraction failed: ${product.error_code ?? ''}: ${product.error_message ?? ''}` : ` yet: it is ${product.status}`;
          throw new CliError(`product ${product.id} (${product.name}) has no catalog${why}`);
        }
        const text = renderCatalog(stored.catalog, opts.format, stored.file);
        if (opts.out) writeFileSync(opts.out, text);
        else process.stdout.write(text);
      });
    });
}
