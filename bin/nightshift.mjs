#!/usr/bin/env node
// The `nightshift` command: the built CLI when `npm run build` has made it, else the TypeScript
// sources through tsx (a fresh `npm ci` needs no build).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'out', 'cli', 'main.js');
let entry;
if (existsSync(built) && process.env.NIGHTSHIFT_FROM_SOURCE !== '1') {
  entry = pathToFileURL(built).href;
} else {
  const { register } = await import('tsx/esm/api');
  register();
  entry = pathToFileURL(join(root, 'src', 'cli', 'main.ts')).href;
}
const { main, finish } = await import(entry);
const argv = process.argv.slice(2);
// finish: the exit status, and for commands that leave nothing running, the end of the process
finish(argv, await main(argv));
