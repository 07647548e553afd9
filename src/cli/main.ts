#!/usr/bin/env node
/**
 * The `nightshift` command line. Each command lives in `commands/<name>.ts` and exports
 * `register(program)`; program.ts wires them and turns errors into one line on stderr. This
 * file only chooses what to load, so that it loads fast: `extract`, when built, comes from its
 * own CommonJS bundle through V8's code cache (code-cache.ts, extract-main.ts); every other
 * command (and `extract` under tsx) loads the program and only the named command's module.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { commandName, commandsFor } from './commands/index.js';
import { failed, finish, runBundled, watchStdio } from './bundled.js';

/** Commands that have their own bundle beside the built main.js (scripts/build.mjs). */
const BUNDLED: Readonly<Record<string, string>> = { extract: './extract.cjs' };

/** The built bundle of the command `argv` names, if there is one (not under tsx, not with NIGHTSHIFT_BUNDLES=off). */
function bundleFor(argv: readonly string[]): string | undefined {
  const name = commandName(argv);
  if (name === undefined || !Object.hasOwn(BUNDLED, name) || process.env.NIGHTSHIFT_BUNDLES === 'off') return undefined;
  if (!import.meta.url.endsWith('.js')) return undefined;
  const path = fileURLToPath(new URL(BUNDLED[name]!, import.meta.url));
  return existsSync(path) ? path : undefined;
}

export async function main(argv: readonly string[]): Promise<number> {
  const bundle = bundleFor(argv);
  if (bundle !== undefined) {
    watchStdio();
    return runBundled(bundle, argv);
  }
  const [{ runProgram }, registers] = await Promise.all([import('./program.js'), commandsFor(argv)]);
  return runProgram(argv, registers);
}

export { endsWhenDone, finish } from './bundled.js';

const isEntry = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isEntry) {
  const argv = process.argv.slice(2);
  main(argv).then((code) => finish(argv, code), failed);
}
