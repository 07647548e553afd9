/**
 * The `nightshift` program: the given commands' registers wired into one commander program, and
 * errors turned into one line on stderr. `main.ts` chooses the commands; the `extract` bundle
 * (extract-main.ts) passes its one.
 */
import { Command, CommanderError } from 'commander';
import { CliError } from './cli-error.js';

/** What each `commands/<name>.ts` exports: adds its command to the program. */
export type Register = (program: Command) => void;

/** Run `argv` (without `node` and the script) with the commands `registers` add; the exit status. */
export async function runProgram(argv: readonly string[], registers: readonly Register[]): Promise<number> {
  const program = new Command();
  program
    .name('nightshift')
    .description('Nightshift: a desktop Target and Observation Manager for astronomers')
    .version('0.1.0')
    .exitOverride()
    // A usage error is one line like every other error (the hint on the same line).
    .configureOutput({ outputError: (text, write) => write(`nightshift: ${text.trim().replace(/^error: /, '')} (run "nightshift --help" for usage)\n`) });
  for (const register of registers) register(program);
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
