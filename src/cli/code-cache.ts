/**
 * Loading a CommonJS bundle through V8's code cache (Node 20 has no `module.enableCompileCache`).
 *
 * A command that must start fast (`nightshift extract`) is built as one CommonJS file
 * (scripts/build.mjs). Compiled as a `vm.Script` with the bytes V8 serialised on an earlier
 * run, its functions need not be parsed or compiled again: the cache, made after the command
 * has run, holds the bytecode of every function that run compiled, not only the top level.
 *
 * The cache file is named by the SHA-256 of the bundle's text (stamped on its first line by the
 * build, else computed), Node's version and options, and the architecture, so a rebuilt bundle or another Node never meets a stale cache (V8 itself checks
 * only the source's length, its version and its flags). It lives beside the bundle when that
 * folder is writable, else in the user's cache folder (`$XDG_CACHE_HOME/nightshift` or
 * `~/.cache/nightshift`). `NIGHTSHIFT_CODE_CACHE=off` neither reads nor writes one.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Script } from 'node:vm';

/** A loaded bundle: its exports, and whether the cache was used, rejected or missing. */
export interface CachedBundle<T> {
  exports: T;
  /** `hit`: compiled from the cache; `miss`: no cache file; `rejected`: V8 refused it; `off`: disabled. */
  cache: 'hit' | 'miss' | 'rejected' | 'off';
  /** Write the cache (after the bundle has run, so that it holds what the run compiled) when it was not used. */
  save(): void;
}

/**
 * The folders a cache file may live in, best first; the user's only when asked for (finding the
 * home folder loads node:os, which a run that finds its cache beside the bundle never needs).
 */
function* cacheDirs(bundle: string): Generator<string> {
  yield join(dirname(bundle), '.v8-cache');
  const user = process.env.XDG_CACHE_HOME ? join(process.env.XDG_CACHE_HOME, 'nightshift') : join(homedir(), '.cache', 'nightshift');
  yield join(user, 'v8-cache');
}

/** `cacheDirs(bundle)`'s folders with `name` in each, as they are asked for. */
function* cacheFiles(bundle: string, name: string): Generator<string> {
  for (const d of cacheDirs(bundle)) yield join(d, name);
}

function readFirst(paths: Iterable<string>): Buffer | undefined {
  for (const p of paths) {
    try {
      return readFileSync(p);
    } catch {
      // not there: the next place
    }
  }
  return undefined;
}

/** Write `data` to the first folder that takes it (a temporary file renamed: readers never see half a file). */
function writeFirst(paths: Iterable<string>, data: Buffer): void {
  for (const p of paths) {
    const tmp = `${p}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(tmp, data);
      renameSync(tmp, p);
      return;
    } catch {
      // read-only or missing: the next place (a cache is an optimisation, never an error)
    }
  }
}

/** The first line scripts/build.mjs writes into a bundle: its SHA-256 (computed with 64 zeros in its place). */
export const HASH_STAMP = /^\/\* nightshift bundle sha256 ([0-9a-f]{64}) \*\//;

/**
 * The bundle's SHA-256 (hex): the build's stamp when there is one (loading node:crypto and
 * hashing 400 kB would cost more than the cache saves on a small image), else computed.
 */
function bundleHash(source: string, bundle: string): string {
  const stamp = HASH_STAMP.exec(source);
  if (stamp) return stamp[1]!;
  const { createHash } = createRequire(bundle)('node:crypto') as typeof import('node:crypto');
  return createHash('sha256').update(source).digest('hex');
}

/** 32-bit FNV-1a of a short string, as 8 hex digits. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** What {@link loadCachedBundle} may be told instead of asking the process. */
export interface LoadOptions {
  /** Node's options the cache is named by (default `process.execArgv`): those of the runs it serves. */
  execArgv?: readonly string[];
  /** The bundle's `require` (default: one resolving from the bundle's folder). */
  require?: NodeJS.Require;
}

/**
 * Load the CommonJS bundle at `bundle` (an absolute path) with V8's code cache. The bundle sees
 * `require` (resolving from its folder), `module`, `exports`, `__filename`, `__dirname`.
 * Errors reading or running the bundle itself are thrown.
 */
export function loadCachedBundle<T>(bundle: string, options: LoadOptions = {}): CachedBundle<T> {
  const source = readFileSync(bundle, 'utf8');
  const off = process.env.NIGHTSHIFT_CODE_CACHE === 'off';
  // V8 refuses a cache made under other flags: Node's options (and NODE_OPTIONS, when set) are part
  // of the name, so that runs with and without them (a benchmark's alternating runs) do not
  // overwrite each other's
  const flags = [...(options.execArgv ?? process.execArgv), ...(process.env.NODE_OPTIONS ? [process.env.NODE_OPTIONS] : [])];
  const key = `${bundleHash(source, bundle).slice(0, 32)}-${process.version}-${process.arch}-${fnv1a(flags.join(' '))}`;
  const name = `${basename(bundle)}-${key}.bin`;
  const cachedData = off ? undefined : readFirst(cacheFiles(bundle, name));
  // the same wrapper as Node's CommonJS loader, so that line numbers in stack traces stay right
  const script = new Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n})`, {
    filename: pathToFileURL(bundle).href,
    cachedData,
  });
  const cache = off ? 'off' : cachedData === undefined ? 'miss' : script.cachedDataRejected === true ? 'rejected' : 'hit';
  const module = { exports: {} as T };
  const wrapper = script.runInThisContext() as (e: T, r: NodeJS.Require, m: { exports: T }, f: string, d: string) => void;
  wrapper(module.exports, options.require ?? createRequire(bundle), module, bundle, dirname(bundle));
  return {
    exports: module.exports,
    cache,
    save: () => {
      if (cache === 'miss' || cache === 'rejected') writeFirst(cacheFiles(bundle, name), script.createCachedData());
    },
  };
}
