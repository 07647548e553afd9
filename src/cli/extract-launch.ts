/**
 * The CommonJS entry of `nightshift extract` (out/cli/extract-launch.cjs, scripts/build.mjs):
 * bin/nightshift.mjs's shell line runs Node on this file instead of on itself for `extract`
 * when it is built. A CommonJS main file spares Node its ES module loader (bin/nightshift.mjs and
 * main.js are ES modules), whose own modules Node compiles from source under our
 * `--max-semi-space-size` (a V8 flag, so V8 refuses the compiled code Node's binary carries for
 * them): ~20 ms of CPU before the extraction starts. It loads the extract bundle beside it
 * through the code cache, as main.ts does.
 */
import { fileURLToPath } from 'node:url';
import { failed, finish, runBundled, watchStdio } from './bundled.js';

watchStdio();
const argv = process.argv.slice(2);
runBundled(fileURLToPath(new URL('./extract.cjs', import.meta.url)), argv).then((code) => finish(argv, code), failed);
