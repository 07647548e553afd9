#!/usr/bin/env node
/**
 * The `nightshift` command line. Each command lives in `commands/<name>.ts` and exports
 * `register(program)`; this file only wires them and turns errors into one line on stderr.
 */
import { Command, CommanderError } from 'commander';
import { commandsFor } from './commands/index.js';
import { CliError } from './cli-error.js';

export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command();
  program
    .name('nightshift')
    .description('Nightshift: a desktop Target and Observation Manager for astronomers')
    .version('0.1.0')
    .exitOverride()
    // A usage error is one line like every other error (the hint on the same line).
    .configureOutput({ outputError: (text, write) => write(`nightshift: ${text.trim().replace(/^error: /, '')} (run "nightshift --help" for usage)\n`) });
  for (const register of await commandsFor(argv)) register(program);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end through here with exit code 0; usage errors (an unknown
      // option or command, a missing or invalid argument, no command) exit 2 like any error.
      return err.exitCode === 0 ? 0 : 2;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`nightshift: ${message}\n`);
    return err instanceof CliError ? err.exitCode : 2;
  }
}

const isEntry = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isEntry) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`nightshift: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
