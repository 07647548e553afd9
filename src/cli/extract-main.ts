/**
 * The entry of the `extract` bundle (out/cli/extract.cjs, scripts/build.mjs): the program with
 * the `extract` command only, in one CommonJS file that main.ts loads through V8's code cache
 * (code-cache.ts), so that `nightshift extract` neither resolves nor compiles the modules of
 * the other commands, nor its own again.
 */
import { availableParallelism } from 'node:os';
import { LazyModule } from '../core/wasm/index.js';
import { register } from './commands/extract.js';
import { runProgram } from './program.js';

/** `nightshift extract …` (`argv` starts with `extract`); the exit status. */
export function main(argv: readonly string[]): Promise<number> {
  return runProgram(argv, [register]);
}

/**
 * What the startup snapshot's builder (extract-snapshot.ts) runs once it has loaded this bundle, so
 * that the snapshot's heap holds it done: the WebAssembly modules' bytes decoded from their base64
 * (compiling needs WebAssembly, which the builder lacks), and node:os, which the bundle loads on
 * first use (for the default thread count), loaded.
 */
export function keepForSnapshot(): void {
  LazyModule.keepAllBytes();
  availableParallelism();
}
