/**
 * The startup snapshot of `nightshift extract` (out/cli/extract.blob). scripts/build.mjs runs this
 * file's bundle (out/cli/extract-snapshot.cjs) under `node <the launcher's options> --snapshot-blob
 * … --build-snapshot`: it loads the extract bundle through the code cache a priming run has just
 * written (snapshot-prime.ts), so the bytecode of every function that run compiled is in the
 * snapshot's heap, already loaded, with the bundle's modules evaluated. A process started from
 * the snapshot begins at {@link startFromSnapshot} with none of that to do: ~7–9 ms less before a
 * 1024² image is read, on the 2-core VM (bench/README.md).
 *
 * What the bundle computes when it loads is computed here, at build time, on the build's machine:
 * so nothing it does at load may depend on the environment or the arguments (the trace switch is
 * read on first use, trace.ts), and it may not touch what the snapshot builder lacks
 * (WebAssembly, SharedArrayBuffer, Atomics; the kernels compile on first use). bin/nightshift.mjs
 * starts from the snapshot only when it fits the Node it finds (see its shell lines).
 */
import { realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startupSnapshot } from 'node:v8';
import { type CommandBundle, failed, finish, runBundled, watchStdio } from './bundled.js';
import { loadCachedBundle } from './code-cache.js';
import { runOptions, snapshotBlob } from './snapshot-options.js';
import { traceMark } from './trace.js';

/** The folder the snapshot was built in (its bundles' folder then), resolved. */
const builtIn = realpathSync(dirname(fileURLToPath(import.meta.url)));

/**
 * The extract command from the snapshot: the bundle loaded at build time, unless the blob is no
 * longer in the folder it was built in (the tree moved or was copied): the paths the bundle
 * holds (its strip workers' file) would be the old folder's, so the bundle beside the blob is
 * loaded as extract-launch.ts loads it.
 */
function startFromSnapshot(bundle: CommandBundle): void {
  watchStdio();
  const argv = process.argv.slice(1);
  const blob = snapshotBlob(process.execArgv);
  let here: string | undefined;
  try {
    here = blob === undefined ? undefined : realpathSync(dirname(resolve(blob)));
  } catch {
    // the blob's folder is gone: run the bundle loaded at build time
  }
  let run: Promise<number>;
  if (here === undefined || here === builtIn) {
    traceMark('main');
    traceMark('bundle snapshot');
    run = bundle.main(argv);
  } else {
    run = runBundled(join(here, 'extract.cjs'), argv);
  }
  run.then((code) => finish(argv, code), failed);
}

if (startupSnapshot.isBuildingSnapshot()) {
  const bundle = join(builtIn, 'extract.cjs');
  const options = runOptions(process.execArgv);
  // the builder's require: it has Node's built-in modules, which are all the bundle requires
  const loaded = loadCachedBundle<CommandBundle & { keepForSnapshot(): void }>(bundle, { execArgv: options, require });
  if (loaded.cache !== 'hit') {
    throw new Error(`${bundle}: no code cache for Node's options "${options.join(' ')}" (${loaded.cache}): the priming run (snapshot-prime.ts) makes it`);
  }
  loaded.exports.keepForSnapshot();
  // the exports only: the cache's script (in `loaded.save`) holds a handle the snapshot cannot keep
  const exports = loaded.exports;
  startupSnapshot.setDeserializeMainFunction(() => startFromSnapshot(exports));
}
