/**
 * The library's start path in the renderer (what the page loads and runs before its first rows:
 * the boot script and everything it and the app's `main.tsx` import statically) has no zod: the
 * renderer needs the contract's types and word lists (shared/words.ts), not its schemas, and
 * validating is the main process's job. Lazily loaded pages (`import()`) may use it (the Settings
 * page checks its fields against the settings schema). Read from dependency-cruiser's graph of
 * src/ with the repository's own options (`npm run deps`).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

interface Dependency {
  resolved: string;
  dynamic: boolean;
  preCompilationOnly?: boolean;
  dependencyTypes: string[];
}
interface Module {
  source: string;
  dependencies: Dependency[];
}

const BOOT = 'src/renderer/src/boot.ts';
let modules = new Map<string, Module>();

beforeAll(() => {
  const root = process.cwd();
  const cli = join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
  const run = spawnSync(process.execPath, [cli, BOOT, '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.error) throw run.error;
  modules = new Map((JSON.parse(run.stdout) as { modules: Module[] }).modules.map((m) => [m.source, m]));
}, 120_000);

/** Each module the page runs from `entry` before any `import()`, with the import chain that brings it. */
function startPath(entry: string, followDynamic: (from: string, to: string) => boolean = () => false): Map<string, string[]> {
  const chains = new Map<string, string[]>([[entry, [entry]]]);
  const queue = [entry];
  while (queue.length > 0) {
    const from = queue.shift()!;
    for (const d of modules.get(from)?.dependencies ?? []) {
      const typeOnly = d.preCompilationOnly === true || d.dependencyTypes.includes('type-only');
      if (typeOnly || (d.dynamic && !followDynamic(from, d.resolved)) || chains.has(d.resolved)) continue;
      chains.set(d.resolved, [...chains.get(from)!, d.resolved]);
      queue.push(d.resolved);
    }
  }
  return chains;
}

describe("the renderer's start path", () => {
  // the boot script loads the app with import() at once: that is the start path too
  const start = () => startPath(BOOT, (from) => from === BOOT);

  it('runs the app (main.tsx) and the library page', () => {
    expect(start().has('src/renderer/src/main.tsx')).toBe(true);
    expect(start().has('src/renderer/src/pages/LibraryPage.tsx')).toBe(true);
  });

  it('loads no zod, and so none of the schemas built with it', () => {
    const zod = [...start()].filter(([m]) => /node_modules\/zod\//.test(m)).map(([, chain]) => chain.join(' → '));
    expect(zod).toEqual([]);
  });

  it('is what the check can see: the Settings page, loaded on demand, does reach zod', () => {
    const all = startPath(BOOT, () => true);
    expect([...all.keys()].some((m) => /node_modules\/zod\//.test(m))).toBe(true);
  });
});
