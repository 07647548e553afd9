#!/usr/bin/env node
// `npm test`: type-check both tsconfigs, lint (with the layer rule), check the import graph,
// build the app (the browser tests open the built renderer), then run vitest. Ends with one
// line "N passed, N failed".
//
// Tests run under plain Node. Where better-sqlite3 was rebuilt for Electron (after `npm run dev`
// on a laptop) plain Node cannot load it, so vitest runs under Electron as Node instead.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const extra = process.argv.slice(2);
const failures = [];

function step(label, cmd, args, env = process.env) {
  const started = Date.now();
  process.stdout.write(`\n=== ${label}\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    failures.push(label);
    process.stdout.write(`=== ${label}: FAILED (${secs} s)\n`);
  } else {
    process.stdout.write(`=== ${label}: ok (${secs} s)\n`);
  }
}

/** Plain Node, unless better-sqlite3 only loads in Electron (rebuilt for it) and Electron exists. */
function testRuntime() {
  const require = createRequire(join(root, 'package.json'));
  try {
    const Database = require('better-sqlite3');
    new Database(':memory:').close();
    return { cmd: process.execPath, env: process.env, label: 'node' };
  } catch (err) {
    let electronPath = null;
    try {
      electronPath = require('electron');
    } catch {
      // no electron package
    }
    if (typeof electronPath === 'string' && existsSync(electronPath)) {
      return { cmd: electronPath, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, label: 'electron as node' };
    }
    process.stdout.write(`better-sqlite3 does not load under Node (${err.message.split('\n')[0]}); run "npm rebuild better-sqlite3"\n`);
    return { cmd: process.execPath, env: process.env, label: 'node' };
  }
}

const quick = process.env.NIGHTSHIFT_TEST_QUICK === '1';
if (!quick) {
  step('typecheck (node)', bin('tsc'), ['-p', 'tsconfig.node.json', '--noEmit']);
  step('typecheck (web)', bin('tsc'), ['-p', 'tsconfig.web.json', '--noEmit']);
  step('typecheck (browser tests)', bin('tsc'), ['-p', 'tsconfig.e2e.json', '--noEmit']);
  step('lint', bin('eslint'), ['--max-warnings', '0', '--no-error-on-unmatched-pattern', 'src', 'tests', 'bench', 'scripts', 'eslint.config.js']);
  // The layers as an allow-list, import cycles, worker-thread safety (`npm run deps`; docs/architecture.md).
  step('import graph', bin('depcruise'), ['src', '--output-type', 'err-long']);
  step('build', process.execPath, [join(root, 'scripts', 'build.mjs')]);
}

const reportDir = join(root, 'tests', '.tmp');
mkdirSync(reportDir, { recursive: true });
const report = join(reportDir, 'vitest-report.json');
rmSync(report, { force: true });
const runtime = testRuntime();
step(`vitest (${runtime.label})`, runtime.cmd, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra], runtime.env);

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed = json.numPassedTests ?? 0;
  failed = json.numFailedTests ?? 0;
  skipped = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  // A test file that fails to load has no tests; count it as one failure so it cannot hide.
  for (const file of json.testResults ?? []) if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) failed += 1;
}
if (failures.length > 0) process.stdout.write(`\nfailed steps: ${failures.join(', ')}\n`);
process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(failures.length > 0 || failed > 0 ? 1 : 0);
