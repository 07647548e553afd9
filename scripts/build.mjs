#!/usr/bin/env node
// `npm run build`: the Electron app (main, preload, renderer) with electron-vite, then the CLI and
// the worker entries as plain Node ESM with esbuild (packages stay external).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { launcherOptions } from './launcher-options.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const r = spawnSync(join(root, 'node_modules', '.bin', 'electron-vite'), ['build'], { cwd: root, stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);

// esbuild names chunks by content hash: without this, every build would leave the last one's chunks behind
for (const dir of ['cli', 'workers']) rmSync(join(root, 'out', dir), { recursive: true, force: true });
await build({
  entryPoints: {
    'cli/main': join(root, 'src', 'cli', 'main.ts'),
    // The task pool's thread entry; src/main/services/tasks/pool/pool.ts finds it at ../workers/ from out/cli/ and out/main/.
    'workers/pool-worker': join(root, 'src', 'workers', 'pool-worker.ts'),
    // The extractor's strip threads: src/main/services/extract/parallel.ts looks for ./strip-worker.js
    // beside whichever bundle it ended up in (the CLI, the task pool's thread, the app's main).
    'cli/strip-worker': join(root, 'src', 'workers', 'strip-worker.ts'),
    'workers/strip-worker': join(root, 'src', 'workers', 'strip-worker.ts'),
    'main/strip-worker': join(root, 'src', 'workers', 'strip-worker.ts'),
  },
  outdir: join(root, 'out'),
  bundle: true,
  // Commands load on demand (src/cli/commands/index.ts): one chunk each, beside main.js so the
  // worker files they find by import.meta.url resolve as from main.js.
  splitting: true,
  chunkNames: 'cli/[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  banner: { js: "import { createRequire as __nsCreateRequire } from 'node:module'; const require = __nsCreateRequire(import.meta.url);" },
});
/**
 * fflate builds its Huffman tables when its module is evaluated (a few ms before any V8
 * warm-up); `nightshift extract` inflates only gzipped files. In the extract bundle, `fflate`
 * is a module of stand-ins that evaluate the real one (bundled, lazily, through esbuild's
 * require) on first use. These are the names src/core/fits uses; a name missing here fails
 * the build, not a run.
 */
const lazyFflate = {
  name: 'lazy-fflate',
  setup(b) {
    b.onResolve({ filter: /^fflate$/ }, (args) => (args.namespace === 'lazy-fflate' ? undefined : { path: 'fflate', namespace: 'lazy-fflate' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-fflate' }, () => ({
      resolveDir: root,
      contents: `let real;
const f = () => (real ??= require('fflate'));
export class Gunzip { constructor(...a) { return new (f().Gunzip)(...a); } }
export const gunzipSync = (...a) => f().gunzipSync(...a);
export const inflateSync = (...a) => f().inflateSync(...a);
export const unzlibSync = (...a) => f().unzlibSync(...a);
`,
    }));
  },
};

/**
 * Node's child_process (commander requires it at load, for subcommands run as programs, which
 * `extract` has none of) and worker_threads (only images large enough for strip threads, and
 * batches, start workers) load a chain of Node's own modules (net, dgram, streams, the worker's
 * messaging): a few ms of a small image's start-up, and ~2 MB. In the extract bundle each is a
 * module of stand-ins that require the real one on first use. These are the names the bundle
 * uses; a name missing here fails the build, not a run.
 */
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    const stubs = {
      'node:child_process': `export const spawn = (...a) => f().spawn(...a);`,
      // availableParallelism: only without --threads; homedir: only when no cache is beside the bundle (src/cli/code-cache.ts)
      'node:os': `export const availableParallelism = (...a) => f().availableParallelism(...a);
export const homedir = (...a) => f().homedir(...a);`,
      'node:worker_threads': `export function Worker(...a) { return new (f().Worker)(...a); }
export function MessageChannel() { return new (f().MessageChannel)(); }
export const receiveMessageOnPort = (...a) => f().receiveMessageOnPort(...a);`,
      // createRequire: only for TypeScript workers (tests) and bundles loaded without a require of
      // their own; node:module at load would also make the snapshot builder warn (extract-snapshot.ts)
      'node:module': `export const createRequire = (...a) => f().createRequire(...a);`,
    };
    b.onResolve({ filter: /^node:(child_process|worker_threads|os|module)$/ }, (args) =>
      args.namespace === 'lazy-builtins' ? { path: args.path, external: true } : { path: args.path, namespace: 'lazy-builtins' },
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtins' }, (args) => ({
      resolveDir: root,
      contents: `let real;\nconst f = () => (real ??= require(${JSON.stringify(args.path)}));\n${stubs[args.path]}\n`,
    }));
  },
};

/** What the two CommonJS files of `extract` share: one file for Node 20, beside main.js as `.cjs`. */
const cjsForNode = { outdir: join(root, 'out'), outExtension: { '.js': '.cjs' }, bundle: true, platform: 'node', format: 'cjs', target: 'node20' };

// `nightshift extract` as one CommonJS file with its packages inside (commander, fflate), which
// src/cli/main.ts loads through V8's code cache (src/cli/code-cache.ts): a script, unlike an ES
// module, can be compiled from cached data on Node 20. import.meta.url becomes the file's URL,
// so that the strip workers are found beside it as from main.js.
await build({
  ...cjsForNode,
  entryPoints: { 'cli/extract': join(root, 'src', 'cli', 'extract-main.ts') },
  // native modules stay outside (the extract path needs none)
  external: ['better-sqlite3', 'electron'],
  define: { 'import.meta.url': '__nsImportMetaUrl' },
  plugins: [lazyFflate, lazyBuiltins],
  // without comments and indentation: 488 -> ~300 kB, and ASCII only (a few comments had α, ≤, −),
  // which V8 holds as a one-byte string, not a two-byte one: the bundle from its code cache took
  // ~10 ms less of the calling thread's CPU (9 alternating runs). Names are kept (stack traces).
  minifyWhitespace: true,
  banner: { js: `/* nightshift bundle sha256 ${'0'.repeat(64)} */\nconst __nsImportMetaUrl = require('node:url').pathToFileURL(__filename).href;` },
  sourcemap: true,
  logLevel: 'warning',
});
// The CommonJS main file bin/nightshift.mjs runs for `extract` (src/cli/extract-launch.ts): Node
// then never starts its ES module loader. Only the code-cache loader and the trace marks are in it.
await build({
  ...cjsForNode,
  entryPoints: { 'cli/extract-launch': join(root, 'src', 'cli', 'extract-launch.ts') },
  define: { 'import.meta.url': '__nsImportMetaUrl' },
  plugins: [lazyBuiltins],
  banner: { js: "const __nsImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});
// The startup snapshot's builder entry and its priming run (src/cli/extract-snapshot.ts, snapshot-prime.ts).
await build({
  ...cjsForNode,
  entryPoints: { 'cli/extract-snapshot': join(root, 'src', 'cli', 'extract-snapshot.ts'), 'cli/snapshot-prime': join(root, 'src', 'cli', 'snapshot-prime.ts') },
  define: { 'import.meta.url': '__nsImportMetaUrl' },
  plugins: [lazyFflate, lazyBuiltins],
  banner: { js: "const __nsImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});
// the stamp the code cache is named by (src/cli/code-cache.ts): the hash of the file with 64 zeros in its place
const extractBundle = join(root, 'out', 'cli', 'extract.cjs');
const text = readFileSync(extractBundle, 'utf8');
writeFileSync(extractBundle, text.replace('0'.repeat(64), createHash('sha256').update(text).digest('hex')));

/**
 * The `node` a shell finds on PATH, spelt as bin/nightshift.mjs's shell lines spell it (the
 * folder as written in PATH, then `/node`), or undefined.
 */
function nodeOnPath() {
  for (const d of (process.env.PATH ?? '').split(':')) {
    const p = `${d}/node`;
    try {
      if (!statSync(p).isFile()) continue;
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not there or not executable: the next folder
    }
  }
  return undefined;
}

/**
 * The startup snapshot of `nightshift extract` (src/cli/extract-snapshot.ts): with the Node that
 * bin/nightshift.mjs will find and the options it will give, the priming run writes the extract
 * bundle's code cache, the snapshot is built from it, then run on the priming field: its catalog
 * must be the priming run's, byte for byte. out/cli/extract.blob.node names that Node. Anything
 * failing leaves no snapshot, with a warning: `extract` then runs from its bundle as before.
 */
function extractSnapshot() {
  const cli = join(root, 'out', 'cli');
  const blob = join(cli, 'extract.blob');
  const work = mkdtempSync(join(tmpdir(), 'ns-snapshot-'));
  const env = { ...process.env };
  for (const name of ['NODE_OPTIONS', 'NIGHTSHIFT_CODE_CACHE', 'NIGHTSHIFT_TRACE']) delete env[name];
  const run = (node, args) => {
    const r = spawnSync(node, args, { cwd: work, env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${args.slice(-2).join(' ')} exited ${r.status ?? r.signal}: ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' / ')}`);
    // Node 20's snapshot builder warns that node:vm (which compiles the bundle from its cache) is not
    // verified in snapshots: the build checks the snapshot's catalog itself, below
    const stderr = r.stderr.replace(/^.*Warning: It's not yet fully verified whether built-in module "node:vm" works in user snapshot builder scripts\.\n(?:It may still work.*\n|To request support.*\n|\(Use `node --trace-warnings.*\n)*/m, '');
    if (stderr.trim() !== '') throw new Error(`${args.slice(-2).join(' ')} wrote to stderr: ${stderr.trim().split('\n')[0]}`);
  };
  try {
    const node = nodeOnPath();
    if (node === undefined) throw new Error('no node on PATH');
    const options = launcherOptions(root);
    run(node, [...options, join(cli, 'snapshot-prime.cjs'), work]);
    run(node, [...options, '--snapshot-blob', blob, '--build-snapshot', join(cli, 'extract-snapshot.cjs')]);
    run(node, [...options, '--snapshot-blob', blob, 'extract', join(work, 'prime.fits'), '--out', join(work, 'snapshot.csv')]);
    if (!readFileSync(join(work, 'snapshot.csv')).equals(readFileSync(join(work, 'prime.csv')))) throw new Error("its catalog of the priming field is not the bundle's");
    writeFileSync(`${blob}.node`, `${node}\n`);
    return true;
  } catch (e) {
    rmSync(blob, { force: true });
    rmSync(`${blob}.node`, { force: true });
    console.warn(`warning: no startup snapshot for \`nightshift extract\` (${e.message}); it runs from its bundle`);
    return false;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
const snapshot = extractSnapshot() ? ', out/cli/extract.blob' : '';
console.log(`out/cli/main.js, out/cli/extract.cjs, out/cli/extract-launch.cjs${snapshot}, the task pool and strip worker entries built`);
