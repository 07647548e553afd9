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
export interface CommandBundle {
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

/** The standard streams {@link finish} flushes: both, unless {@link watchStdio} has been called. */
type StdioName = 'stdout' | 'stderr';
let watching = false;
const opened = new Set<StdioName>();

/**
 * Note from now on which of `process.stdout` and `process.stderr` the process creates (Node makes
 * each on first use, loading its streams modules: ~15 ms of CPU under our V8 flags, which make V8
 * refuse Node's compiled code for them), so that {@link finish} need not create one only to flush
 * it: `nightshift extract --out FILE` then never loads them. Each property gets back Node's own
 * getter on its first use. A property Node did not define as a configurable getter counts as created.
 */
export function watchStdio(): void {
  if (watching) return;
  watching = true;
  for (const name of ['stdout', 'stderr'] as const) {
    const own = Object.getOwnPropertyDescriptor(process, name);
    const get = own?.get;
    if (own === undefined || get === undefined || own.configurable !== true) {
      opened.add(name);
      continue;
    }
    Object.defineProperty(process, name, {
      configurable: true,
      enumerable: own.enumerable,
      get() {
        Object.defineProperty(process, name, own);
        opened.add(name);
        return get.call(process) as unknown;
      },
    });
  }
}

/**
 * Set the exit status and, for {@link endsWhenDone} commands, exit once stdout and stderr are
 * flushed (those the process has created, after {@link watchStdio}).
 */
export function finish(argv: readonly string[], code: number): void {
  process.exitCode = code;
  if (!endsWhenDone(argv)) return;
  const streams = (['stdout', 'stderr'] as const).filter((name) => !watching || opened.has(name)).map((name) => process[name]);
  const next = (i: number): void => {
    if (i === streams.length) process.exit(code);
    else streams[i]!.write('', () => next(i + 1));
  };
  next(0);
}

/** What a command's entry does when `main` throws: the message on stderr, exit status 2. */
export function failed(err: unknown): void {
  process.stderr.write(`nightshift: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
}
