import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runOptions, snapshotBlob } from '../../src/cli/snapshot-options.js';

// `nightshift extract` started from its startup snapshot (src/cli/extract-snapshot.ts), as the
// build makes it (npm test builds first): the command a user runs, bin/nightshift.mjs through its
// shell lines, with the trace marks saying how the bundle was had.
const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin', 'nightshift.mjs');
const blob = join(root, 'out', 'cli', 'extract.blob');
const fixture = join(root, 'tests', 'fixtures', 'extract', 'synth-256.fits');
const work = mkdtempSync(join(tmpdir(), 'ns-snapshot-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Environment of a user's shell: none of our switches set. */
const plain = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, NIGHTSHIFT_TRACE: '1' };
  for (const name of ['NIGHTSHIFT_FROM_SOURCE', 'NIGHTSHIFT_BUNDLES', 'NIGHTSHIFT_SNAPSHOT', 'NIGHTSHIFT_CODE_CACHE', 'NODE_OPTIONS']) delete env[name];
  return env;
};

let n = 0;
/** `cmd extract FILE… --out OUT ARGS` with `env` added: the exit status, stderr, how the bundle was had (`snapshot`, `hit`, …) and the output. */
function extract(cmd: string, files: string[], args: string[] = [], env: Record<string, string> = {}) {
  const out = join(work, `out-${++n}`);
  if (files.length > 1) mkdirSync(out);
  const r = spawnSync(cmd, ['extract', ...files, '--out', out, ...args], { encoding: 'utf8', env: { ...plain(), ...env } });
  const bundle = /trace\s+[\d.]+ ms {2}bundle (\w+)/.exec(r.stderr)?.[1];
  const read = (f: string): string => readFileSync(files.length > 1 ? join(out, f) : out, 'utf8');
  return { status: r.status, stderr: r.stderr, bundle, out: r.status === 0 && files.length === 1 ? read('') : '', read };
}

describe('the startup snapshot of extract', () => {
  it('is built by npm run build, with the Node that made it', () => {
    expect(existsSync(blob), 'npm run build should have written out/cli/extract.blob').toBe(true);
    expect(readFileSync(`${blob}.node`, 'utf8')).toMatch(/\/node\n$/);
  });

  it('starts the command, which writes the catalog the bundle and the sources write', () => {
    const snap = extract(bin, [fixture]);
    expect(snap.status, snap.stderr).toBe(0);
    expect(snap.bundle).toBe('snapshot');
    const bundle = extract(bin, [fixture], [], { NIGHTSHIFT_SNAPSHOT: 'off' });
    expect(bundle.bundle).toMatch(/^(hit|miss)$/);
    const source = extract(bin, [fixture], [], { NIGHTSHIFT_FROM_SOURCE: '1' });
    expect(source.bundle).toBeUndefined();
    expect(snap.out.split('\n').length).toBeGreaterThan(50);
    expect(snap.out).toBe(bundle.out);
    expect(snap.out).toBe(source.out);
  });

  it('reads the environment and arguments of its run, not of the build (JSON, options, the trace)', () => {
    const args = ['--format', 'json', '--aper', '3,6', '--thresh', '2'];
    const snap = extract(bin, [fixture], args);
    expect(snap.status, snap.stderr).toBe(0);
    expect(snap.bundle).toBe('snapshot');
    expect(snap.out).toBe(extract(bin, [fixture], args, { NIGHTSHIFT_SNAPSHOT: 'off' }).out);
    expect(JSON.parse(snap.out).sources[0].fluxAper).toHaveLength(2);
    const quiet = extract(bin, [fixture], [], { NIGHTSHIFT_TRACE: '0' });
    expect(quiet.status).toBe(0);
    expect(quiet.stderr).toBe('');
  });

  it('runs a batch on worker threads, and says what is wrong with a file as the bundle does', () => {
    const other = join(work, 'copy.fits');
    cpSync(fixture, other);
    const snap = extract(bin, [fixture, other], ['--threads', '2']);
    expect(snap.status, snap.stderr).toBe(0);
    expect(snap.bundle).toBe('snapshot');
    const bundle = extract(bin, [fixture, other], ['--threads', '2'], { NIGHTSHIFT_SNAPSHOT: 'off' });
    expect(snap.read('copy.csv')).toBe(bundle.read('copy.csv'));
    expect(snap.read('synth-256.csv')).toBe(bundle.read('synth-256.csv'));
    const missing = extract(bin, [join(work, 'none.fits')], [], { NIGHTSHIFT_TRACE: '0' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^nightshift: cannot read .*none\.fits: ENOENT/);
  });

  it('is not used under NODE_OPTIONS (its V8 flags would not match the snapshot) or with NIGHTSHIFT_SNAPSHOT=off', () => {
    const under = extract(bin, [fixture], [], { NODE_OPTIONS: '--max-old-space-size=3000' });
    expect(under.status, under.stderr).toBe(0);
    expect(under.bundle).toMatch(/^(hit|miss)$/);
    expect(extract(bin, [fixture], [], { NIGHTSHIFT_SNAPSHOT: 'off' }).bundle).toMatch(/^(hit|miss)$/);
  });

  describe('in a copy of the built tree', () => {
    // bin/ and out/cli/ elsewhere: what a moved checkout, another Node or a stale build looks like
    const tree = join(work, 'tree');
    const copyBin = join(tree, 'bin', 'nightshift.mjs');
    const copyBlob = join(tree, 'out', 'cli', 'extract.blob');
    const copy = (): void => {
      rmSync(tree, { recursive: true, force: true });
      cpSync(join(root, 'bin'), join(tree, 'bin'), { recursive: true });
      cpSync(join(root, 'out', 'cli'), join(tree, 'out', 'cli'), { recursive: true, filter: (f) => !f.includes('.v8-cache') });
    };

    it('runs the bundle beside the blob, not the one the snapshot was built from, once the tree has moved', () => {
      copy();
      const first = extract(copyBin, [fixture]);
      expect(first.status, first.stderr).toBe(0);
      expect(first.bundle).toBe('miss');
      expect(extract(copyBin, [fixture]).bundle).toBe('hit');
      expect(first.out).toBe(extract(bin, [fixture]).out);
    });

    it('is not used when the Node on PATH is not the one that built it, or is newer than the blob', () => {
      copy();
      writeFileSync(`${copyBlob}.node`, '/elsewhere/bin/node\n');
      const other = extract(copyBin, [fixture]);
      expect(other.status, other.stderr).toBe(0);
      expect(other.bundle).toMatch(/^(hit|miss)$/);
      copy();
      const old = new Date('2001-01-01T00:00:00Z');
      utimesSync(copyBlob, old, old);
      const stale = extract(copyBin, [fixture]);
      expect(stale.status, stale.stderr).toBe(0);
      expect(stale.bundle).toMatch(/^(hit|miss)$/);
      rmSync(`${copyBlob}.node`);
      const unnamed = extract(copyBin, [fixture]);
      expect(unnamed.status, unnamed.stderr).toBe(0);
      expect(unnamed.stderr).not.toMatch(/cannot open|No such file/);
      expect(unnamed.bundle).toMatch(/^(hit|miss)$/);
    });
  });
});

describe('runOptions and snapshotBlob', () => {
  it("take the snapshot's own options out of a process's, in both spellings, and find the blob", () => {
    const built = ['--max-semi-space-size=1', '--snapshot-blob', '/x/a.blob', '--build-snapshot', '--initial-old-space-size=32'];
    expect(runOptions(built)).toEqual(['--max-semi-space-size=1', '--initial-old-space-size=32']);
    expect(runOptions(['--snapshot-blob=/x/a.blob', '--no-warnings'])).toEqual(['--no-warnings']);
    expect(snapshotBlob(built)).toBe('/x/a.blob');
    expect(snapshotBlob(['--snapshot-blob=/y/b.blob'])).toBe('/y/b.blob');
    expect(snapshotBlob(['--max-semi-space-size=1'])).toBeUndefined();
  });
});
