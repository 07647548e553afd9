#!/usr/bin/env node
// `npm run deps:graph`: the import graph of src/ by folder (dependency-cruiser, the rules of
// .dependency-cruiser.cjs), written as out/deps.dot and, when Graphviz's `dot` is installed,
// drawn as docs/deps.svg (which docs/architecture.md shows). One node per folder: each module of core/, each feature of the
// services, each shell of main/, each folder of the renderer; src/shared/, src/cli/ and
// src/preload/ are one node each. See docs/architecture.md.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const collapse = [
  '^src/(core|workers|renderer/src)/[^/]+',
  '^src/main/services/tasks/kinds',
  '^src/main/services/[^/]+',
  '^src/main/[^/]+',
  '^src/[^/]+',
].join('|');

const cruise = spawnSync(
  join(root, 'node_modules', '.bin', 'depcruise'),
  ['src', '--include-only', '^src/', '--collapse', collapse, '--output-type', 'dot'],
  { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
);
if (cruise.status !== 0) {
  process.stderr.write(cruise.stderr || cruise.stdout);
  process.exit(cruise.status ?? 1);
}
mkdirSync(join(root, 'out'), { recursive: true });
const dotFile = join(root, 'out', 'deps.dot');
writeFileSync(dotFile, cruise.stdout);

const svgFile = join(root, 'docs', 'deps.svg');
const draw = spawnSync('dot', ['-Tsvg', '-o', svgFile, dotFile], { encoding: 'utf8' });
if (draw.error) {
  console.log(`wrote out/deps.dot; Graphviz's \`dot\` is not installed, so no docs/deps.svg (${draw.error.message})`);
} else if (draw.status !== 0) {
  process.stderr.write(draw.stderr);
  process.exit(draw.status ?? 1);
} else {
  console.log('wrote out/deps.dot and docs/deps.svg');
}
