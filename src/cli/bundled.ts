/**
 * Running a command from its own CommonJS bundle (scripts/build.mjs) through V8's code cache
 * (code-cache.ts), and how such a command's process ends. Shared by main.ts (the ES module
 * entry) and extract-launch.ts (the CommonJS entry bin/nightshift.mjs runs for `extract`), so
 * that both load the bundle and end the process alike.
 */
import { loadCachedBundle } from './code-cache.js';
import { commandName } from './commands/name.js';
import { traceMark } from './trace.js';

/** A command bundle's exports: its `main`, which returns the exit status. */
interface CommandBundle {
  main: (argv: readonly string[]) => Promise<number>;
}

/**
 * Load the bundle at `bundle` (an absolute path) with the code cache, run its `main(argv)`, then
 * write the cache if it was not used; the exit status. Trace marks `main` and `bundle <cache>`.
 */
export async function runBundled(bundle: string, argv: readonly string[]): Promise<number> {
  traceMark('main');
  const loaded = loadCachedBundle<CommandBundle>(bundle);
  traceMark(`bundle ${loaded.cache}`);
  try {
    return await loaded.exports.main(argv);
  } finally {
    loaded.save();
  }
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

/** What a command's entry does when `main` throws: the message on stderr, exit status 2. */
export function failed(err: unknown): void {
  process.stderr.write(`nightshift: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
}
