/**
 * The rules of `.dependency-cruiser.cjs` (`npm run deps`) on a small synthetic tree: each rule
 * reports the import it is for, and the imports a layer names pass. (`npm test` runs the same
 * rules on the real `src/`; this shows they can fail, and fail for the right reason.)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = process.cwd();

/** The synthetic tree: path → source. Comments say what each file is for. */
const files: Record<string, string> = {
  // core: node, zod and another core module's inner file are not allowed; its own files are.
  'src/core/fits/index.ts': "export { header } from './header.js';\n",
  'src/core/fits/header.ts': 'export const header = 1;\n',
  'src/core/fits/reads-node.ts': "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n",
  'src/core/fits/uses-zod.ts': "import { z } from 'zod';\nexport const s = z.string();\n",
  'src/core/wcs/deep.ts': "import { header } from '../fits/header.js';\nexport const d = header;\n",
  'src/core/wcs/through-index.ts': "import { header } from '../fits/index.js';\nexport const t = header;\n",
  // a cycle
  'src/core/wcs/ping.ts': "import { pong } from './pong.js';\nexport const ping = (): number => pong() + 1;\n",
  'src/core/wcs/pong.ts': "import type { ping } from './ping.js';\nexport const pong = (): number => 0;\nexport type P = typeof ping;\n",
  // shared may not reach main
  'src/shared/contract.ts': "import { z } from 'zod';\nimport { header } from '../core/fits/index.js';\nexport const c = [z, header];\n",
  'src/shared/reaches-main.ts': "import { service } from '../main/services/library/service.js';\nexport const x = service;\n",
  // services may not import a shell
  'src/main/services/library/service.ts': "import { readFileSync } from 'node:fs';\nexport const service = readFileSync;\n",
  'src/main/services/library/uses-api.ts': "import { handler } from '../../api/handler.js';\nexport const u = handler;\n",
  'src/main/api/handler.ts': "import { service } from '../services/library/service.js';\nexport const handler = service;\n",
  // outside core, a core module is imported through its index.ts only
  'src/main/services/library/deep-core.ts': "import { header } from '../../../core/fits/header.js';\nexport const h = header;\n",
  // electron only in the desktop shell and the preload
  'src/main/electron/window.ts': "import { app } from 'electron';\nimport { handler } from '../api/handler.js';\nexport const w = [app, handler];\n",
  'src/cli/uses-electron.ts': "import { app } from 'electron';\nexport const e = app;\n",
  // a kind: run.ts and schema.ts are worker-safe, service.ts is not
  'src/main/services/tasks/kinds/k/schema.ts': "import { z } from 'zod';\nexport const schema = z.object({});\n",
  'src/main/services/tasks/kinds/k/service.ts': "import { service } from '../../../library/service.js';\nexport const hooks = service;\n",
  'src/main/services/tasks/kinds/k/run.ts': "import { schema } from './schema.js';\nimport { hooks } from './service.js';\nexport const run = [schema, hooks];\n",
  'src/main/services/tasks/kinds/worker-registry.ts': "import { run } from './k/run.js';\nexport const kinds = [run];\n",
  'src/workers/pool-worker.ts': "import { kinds } from '../main/services/tasks/kinds/worker-registry.js';\nexport const p = kinds;\n",
  'src/workers/safe-worker.ts': "import { schema } from '../main/services/tasks/kinds/k/schema.js';\nimport { parentPort } from 'node:worker_threads';\nexport const s = [schema, parentPort];\n",
  // the renderer: shared, core through its index, react
  'src/renderer/src/page.ts': "import { useState } from 'react';\nimport { c } from '../../shared/contract.js';\nimport { header } from '../../core/fits/index.js';\nexport const page = [useState, c, header];\n",
  // a folder in no layer
  'src/misc/stray.ts': "import { header } from '../core/fits/index.js';\nexport const m = header;\n",
};

interface Violation {
  rule: { name: string; severity: string };
  from: string;
  to: string;
}

let dir = '';
let violations: Violation[] = [];

beforeAll(() => {
  mkdirSync(join(root, 'tests', '.tmp'), { recursive: true });
  dir = mkdtempSync(join(root, 'tests', '.tmp', 'import-graph-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'fixture', type: 'module', dependencies: { zod: '*', react: '*' }, devDependencies: { electron: '*' } }));
  writeFileSync(join(dir, 'tsconfig.node.json'), JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler', target: 'ES2023', strict: true } }));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  // The repository's rules as they are, with packages named by their path in this tree (through
  // the node_modules link) as they are in the repository.
  const config = JSON.stringify(join(root, '.dependency-cruiser.cjs'));
  writeFileSync(
    join(dir, 'rules.cjs'),
    `const rules = require(${config});\nmodule.exports = { ...rules, options: { ...rules.options, preserveSymlinks: true } };\n`,
  );
  const cli = join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
  const run = spawnSync(process.execPath, [cli, 'src', '--config', 'rules.cjs', '--output-type', 'json'], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.error) throw run.error;
  const result = JSON.parse(run.stdout) as { summary: { violations: Violation[] } };
  violations = result.summary.violations;
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const found = (rule: string): string[] =>
  violations
    .filter((v) => v.rule.name === rule)
    .map((v) => `${v.from} → ${v.to}`)
    .sort();

describe('the import rules (.dependency-cruiser.cjs)', () => {
  it('keep core pure: no node, no zod', () => {
    expect(found('layer-core')).toEqual(['src/core/fits/reads-node.ts → fs', 'src/core/fits/uses-zod.ts → node_modules/zod/index.js']);
  });

  it('keep shared off main', () => {
    expect(found('layer-shared')).toEqual(['src/shared/reaches-main.ts → src/main/services/library/service.ts']);
  });

  it('keep services off the shells', () => {
    expect(found('services-not-shells')).toEqual(['src/main/services/library/uses-api.ts → src/main/api/handler.ts']);
    expect(found('layer-services')).toEqual(['src/main/services/library/uses-api.ts → src/main/api/handler.ts']);
  });

  it('allow electron in the desktop shell only', () => {
    expect(found('electron-in-shells-only')).toEqual(['src/cli/uses-electron.ts → node_modules/electron/index.js']);
    expect(found('layer-cli')).toEqual(['src/cli/uses-electron.ts → node_modules/electron/index.js']);
  });

  it("keep a kind's run.ts, and all a thread loads, worker-safe", () => {
    expect(found('kind-run-is-worker-safe')).toEqual(['src/main/services/tasks/kinds/k/run.ts → src/main/services/tasks/kinds/k/service.ts']);
    // Reached through the registry and run.ts: the kind's service.ts and the library behind it.
    expect(found('workers-load-worker-safe-code-only')).toEqual([
      'src/workers/pool-worker.ts → src/main/services/library/service.ts',
      'src/workers/pool-worker.ts → src/main/services/tasks/kinds/k/service.ts',
    ]);
  });

  it('find cycles, type-only imports included', () => {
    // Reported once, on whichever of its two imports the cruise meets first.
    const cycle = found('no-circular');
    expect(cycle).toHaveLength(1);
    expect(['src/core/wcs/ping.ts → src/core/wcs/pong.ts', 'src/core/wcs/pong.ts → src/core/wcs/ping.ts']).toContain(cycle[0]);
  });

  it('put every folder in a layer', () => {
    expect(found('every-file-in-a-layer')).toEqual(['src/misc/stray.ts → src/core/fits/index.ts']);
  });

  it("fail an import past a core module's index.ts, from core and from outside it", () => {
    expect(violations.filter((v) => v.rule.name === 'core-modules-through-index').map((v) => [`${v.from} → ${v.to}`, v.rule.severity])).toEqual([
      ['src/core/wcs/deep.ts → src/core/fits/header.ts', 'error'],
    ]);
    expect(violations.filter((v) => v.rule.name === 'core-through-index').map((v) => [`${v.from} → ${v.to}`, v.rule.severity])).toEqual([
      ['src/main/services/library/deep-core.ts → src/core/fits/header.ts', 'error'],
    ]);
  });

  it('report nothing else: what each layer names is allowed', () => {
    const expected = new Set([
      'layer-core',
      'layer-shared',
      'services-not-shells',
      'layer-services',
      'electron-in-shells-only',
      'layer-cli',
      'kind-run-is-worker-safe',
      'workers-load-worker-safe-code-only',
      'no-circular',
      'every-file-in-a-layer',
      'core-modules-through-index',
      'core-through-index',
    ]);
    expect(violations.filter((v) => !expected.has(v.rule.name))).toEqual([]);
    const clean = ['src/renderer/src/page.ts', 'src/workers/safe-worker.ts', 'src/main/electron/window.ts', 'src/main/api/handler.ts', 'src/core/wcs/through-index.ts', 'src/shared/contract.ts'];
    expect(violations.filter((v) => clean.includes(v.from))).toEqual([]);
  });
});
