/**
 * The entry of the `extract` bundle (out/cli/extract.cjs, scripts/build.mjs): the program with
 * the `extract` command only, in one CommonJS file that main.ts loads through V8's code cache
 * (code-cache.ts), so that `nightshift extract` neither resolves nor compiles the modules of
 * the other commands, nor its own again.
 */
import { register } from './commands/extract.js';
import { runProgram } from './program.js';

/** `nightshift extract …` (`argv` starts with `extract`); the exit status. */
export function main(argv: readonly string[]): Promise<number> {
  return runProgram(argv, [register]);
}
