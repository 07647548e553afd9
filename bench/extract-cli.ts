/**
 * Stand-alone entry for `nightshift extract` until the command is wired into
 * src/cli/commands/index.ts: `node --import tsx bench/extract-cli.ts extract FILE ...`.
 */
import { Command } from 'commander';
import { register } from '../src/cli/commands/extract.js';

const program = new Command().name('nightshift').exitOverride();
register(program);
program.parseAsync(process.argv.slice(2), { from: 'user' }).catch((e: unknown) => {
  process.stderr.write(`nightshift: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 2;
});
