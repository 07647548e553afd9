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
import { loadCachedBundle } from './code-cache.js';
import { traceMark } from './trace.js';

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
    traceMark('main');
    const loaded = loadCachedBundle<{ main: (argv: readonly string[]) => Promise<number> }>(bundle);
    traceMark(`bundle ${loaded.cache}`);
    try {
      return await loaded.exports.main(argv);
    } finally {
      loaded.save();
    }
  }
  const [{ runProgram }, registers] = await Promise.all([import('./program.js'), commandsFor(argv)]);
  return runProgram(argv, registers);
}

/**
 * Whether the process may end as soon as `main(argv)` has returned: true for commands that
 * leave nothing running (`extract`). Ending then, rather than when the event loop empties,
 * spares waiting for V8's background compilations of code that will not run again (tens of
 * milliseconds on a small image).
 */
export function endsWhenDone(argv: readonly string[]): boolean {
  return commandName(argv) === 'extract';
}

/** Set the exit status and, for {@link endsWhenDone} commands, exit once stdout and stderr are flushed. */
export function finish(argv: readonly string[], code: number): void {
  process.exitCode = code;
  if (!endsWhenDone(argv)) return;
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

const isEntry = process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isEntry) {
  const argv = process.argv.slice(2);
  main(argv).then(
    (code) => finish(argv, code),
    (err: unknown) => {
      process.stderr.write(`nightshift: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
