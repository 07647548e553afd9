import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';

// Each load runs in a new process, as each `nightshift extract` does: within one process V8
// keeps compiled scripts in memory and would not look at the cache file a second time.
const loader = new URL('../../src/cli/code-cache.ts', import.meta.url).href;

const root = mkdtempSync(join(tmpdir(), 'ns-code-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
let dir = '';
let userCache = '';
beforeEach(() => {
  dir = join(root, `b${++n}`);
  userCache = join(root, `xdg${n}`);
  mkdirSync(dir);
});

/** A CommonJS bundle whose `f()` returns `value`, using `require` and `__filename` as a real one does. */
function bundle(value: number): string {
  const path = join(dir, 'b.cjs');
  writeFileSync(path, `const { basename } = require('node:path');\nexports.f = function () { return ${value} + basename(__filename).length * 0; };\nexports.file = __filename;\n`);
  return path;
}

/** Load `path` in a new Node process, run its `f()`, then save the cache; what it saw. */
function load(path: string, env: Record<string, string> = {}): { cache: string; value: number; file: string } {
  const code = `const { loadCachedBundle } = await import(${JSON.stringify(loader)});
const b = loadCachedBundle(${JSON.stringify(path)});
const value = b.exports.f();
b.save();
console.log(JSON.stringify({ cache: b.cache, value, file: b.exports.file }));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    encoding: 'utf8',
    env: { ...process.env, XDG_CACHE_HOME: userCache, NIGHTSHIFT_CODE_CACHE: '', ...env },
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as { cache: string; value: number; file: string };
}

const cacheFiles = (d: string): string[] => {
  try {
    return readdirSync(d);
  } catch {
    return [];
  }
};

describe('loadCachedBundle', () => {
  it('compiles without a cache, writes one beside the bundle after the run, and compiles from it next time', () => {
    const path = bundle(7);
    expect(load(path)).toEqual({ cache: 'miss', value: 7, file: path });
    expect(cacheFiles(join(dir, '.v8-cache'))).toHaveLength(1);
    expect(load(path)).toEqual({ cache: 'hit', value: 7, file: path });
  });

  it('never uses the cache of another text, even of the same length', () => {
    const path = bundle(7);
    load(path);
    bundle(8);
    expect(load(path)).toMatchObject({ cache: 'miss', value: 8 });
    expect(load(path)).toMatchObject({ cache: 'hit', value: 8 });
  });

  it('compiles from the source when V8 refuses the cache, and replaces it', () => {
    const path = bundle(3);
    load(path);
    const [name] = cacheFiles(join(dir, '.v8-cache'));
    writeFileSync(join(dir, '.v8-cache', name!), Buffer.from('not a code cache'));
    expect(load(path)).toMatchObject({ cache: 'rejected', value: 3 });
    expect(load(path)).toMatchObject({ cache: 'hit', value: 3 });
  });

  it("keeps the cache in the user's cache folder when none can be written beside the bundle", () => {
    const path = bundle(5);
    // a file where the folder would be (as good as a read-only folder, and for root too)
    writeFileSync(join(dir, '.v8-cache'), '');
    expect(load(path)).toMatchObject({ cache: 'miss', value: 5 });
    expect(cacheFiles(join(userCache, 'nightshift', 'v8-cache'))).toHaveLength(1);
    expect(load(path)).toMatchObject({ cache: 'hit', value: 5 });
  });

  it("names the cache by the build's stamp of the bundle's hash when the bundle has one", () => {
    const path = bundle(4);
    writeFileSync(path, `/* nightshift bundle sha256 ${'ab'.repeat(32)} */\n${readFileSync(path, 'utf8')}`);
    expect(load(path)).toMatchObject({ cache: 'miss', value: 4 });
    expect(cacheFiles(join(dir, '.v8-cache'))[0]).toMatch(/^b\.cjs-(ab){16}-v\d/);
    expect(load(path)).toMatchObject({ cache: 'hit', value: 4 });
  });

  it('keeps a cache of its own for runs under NODE_OPTIONS, whose V8 flags would make V8 refuse the other one', () => {
    const path = bundle(6);
    const under = { NODE_OPTIONS: '--max-semi-space-size=2' };
    expect(load(path)).toMatchObject({ cache: 'miss', value: 6 });
    expect(load(path, under)).toMatchObject({ cache: 'miss', value: 6 });
    expect(load(path, under)).toMatchObject({ cache: 'hit', value: 6 });
    expect(load(path)).toMatchObject({ cache: 'hit', value: 6 });
    expect(cacheFiles(join(dir, '.v8-cache'))).toHaveLength(2);
  });

  it('neither reads nor writes a cache with NIGHTSHIFT_CODE_CACHE=off', () => {
    const path = bundle(2);
    expect(load(path, { NIGHTSHIFT_CODE_CACHE: 'off' })).toMatchObject({ cache: 'off', value: 2 });
    expect(load(path, { NIGHTSHIFT_CODE_CACHE: 'off' })).toMatchObject({ cache: 'off', value: 2 });
    expect(cacheFiles(join(dir, '.v8-cache'))).toHaveLength(0);
  });
});
