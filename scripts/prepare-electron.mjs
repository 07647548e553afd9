#!/usr/bin/env node
// Before `npm run dev` / `npm start` on a desktop: fetch the Electron binary (electron 45 installs
// without it) and rebuild better-sqlite3 for Electron's Node ABI. `npm test` then runs the tests
// under Electron as Node (see scripts/test.mjs); `npm rebuild better-sqlite3` returns to plain Node.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args) => {
  const r = spawnSync(join(root, 'node_modules', '.bin', cmd), args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`nightshift: "${cmd} ${args.join(' ')}" failed; the desktop app needs the Electron binary (network access to download it once).`);
    process.exit(r.status ?? 1);
  }
};
run('install-electron', []);
run('electron-rebuild', ['--only', 'better-sqlite3']);
