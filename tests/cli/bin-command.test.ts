import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { hugePagesTunable, launcherOptions } from '../../scripts/launcher-options.mjs';

// The `nightshift` command as a user's shell runs it: the file itself, through its `#!/bin/sh`
// line (which sets glibc's malloc tunables and Node's options, then execs Node on the same file),
// from the TypeScript sources so that no build is needed.
const bin = fileURLToPath(new URL('../../bin/nightshift.mjs', import.meta.url));
const fixture = fileURLToPath(new URL('../fixtures/extract/synth-256.fits', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'ns-bin-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(bin, args, { encoding: 'utf8', env: { ...process.env, NIGHTSHIFT_FROM_SOURCE: '1', ...env } });

/** What Node writes on stderr when it starts with NODE_EXTRA_CA_CERTS naming a file that is not there. */
const EXTRA_CERTS_READ = /Ignoring extra certs from/;

describe('bin/nightshift.mjs run through its #! line', () => {
  it('is a shell script that execs Node on itself with huge pages (none where the VM balloon reports free pages), one malloc arena, a small young generation and a 24 MB start for the old one (extract: its snapshot\'s hash seed)', () => {
    const [first, ...rest] = readFileSync(bin, 'utf8').split('\n');
    expect(first).toBe('#!/bin/sh');
    // the shell's lines, each a string and a comment to JavaScript
    const shell = rest.slice(0, rest.findIndex((l) => !l.startsWith('":" //; ')));
    expect(shell.length).toBeGreaterThan(0);
    const last = shell.at(-1)!;
    // huge pages unless a virtio balloon device has negotiated free page reporting (bit 5 of its features)
    expect(last).toContain('h=1; for d in /sys/bus/virtio/drivers/virtio_balloon/virtio*/features; do [ -r "$d" ] && read -r x < "$d" && case $x in ?????1*) h=0;; esac; done;');
    expect(last).toContain('glibc.malloc.hugetlb=$h');
    expect(last).toContain('MALLOC_ARENA_MAX=1');
    expect(last).toMatch(/exec node \$v \$r --max-semi-space-size=1 --initial-old-space-size=24 "\$f" "\$@"$/);
    // from the extract command's snapshot, the same options (a snapshot only starts under the flags it was built with)
    expect(last).toContain('exec "$s" $v $r --max-semi-space-size=1 --initial-old-space-size=24 --snapshot-blob "$b" "$@";');
    // for extract only: the snapshot's hash seed kept, and a fixed mmap threshold (large blocks from malloc's heap)
    expect(shell[0]).toContain('m=; l=; s=; v=; r=; if [ "$1" = extract ]; then r=--no-rehash-snapshot; m=:glibc.malloc.mmap_threshold=33554432;');
    expect(last).toContain('glibc.malloc.hugetlb=$h$m"');
    // for extract on fewer than 4 CPUs: V8 background threads one fewer than the CPUs, at least one (Linux's online list read by the shell)
    expect(shell[0]).toContain('c=/sys/devices/system/cpu/online; [ -r $c ] && read -r c < $c && case $c in 0) v=--v8-pool-size=1;; 0-[12]) v=--v8-pool-size=${c#0-};; esac;');
  });

  it('turns huge pages off exactly where a virtio balloon reports free pages, as scripts/launcher-options.mjs says for the benchmarks', () => {
    const last = readFileSync(bin, 'utf8').split('\n').filter((l) => l.startsWith('":" //; ')).at(-1)!;
    const probe = /h=1; for d in .*? done;/.exec(last)![0];
    const sysfs = join(work, 'sys');
    const device = (name: string, features: string): void => {
      const dir = join(sysfs, 'bus', 'virtio', 'drivers', 'virtio_balloon', name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'features'), `${features}\n`);
    };
    // the shell's own lines, with the folder standing for /sys
    const shellSays = (): string =>
      spawnSync('sh', ['-c', `${probe.replaceAll('/sys/', `${sysfs}/`)} echo glibc.malloc.hugetlb=$h`], { encoding: 'utf8' }).stdout.trim();
    const cases: [string, () => void][] = [
      ['glibc.malloc.hugetlb=1', () => rmSync(sysfs, { recursive: true, force: true })],
      // stats queue and deflate-on-OOM, no reporting
      ['glibc.malloc.hugetlb=1', () => device('virtio0', '0110000000000000')],
      // this project's VM: free page reporting (bit 5) negotiated
      ['glibc.malloc.hugetlb=0', () => device('virtio0', '0110010100000000')],
      ['glibc.malloc.hugetlb=0', () => device('virtio3', '0110000000000000')],
    ];
    for (const [want, arrange] of cases) {
      arrange();
      expect(shellSays()).toBe(want);
      expect(hugePagesTunable(sysfs)).toBe(want);
    }
  });

  it('gives the build the options extract starts under (its snapshot is made under them), read from those lines', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    expect(launcherOptions(root)).toEqual(['--no-rehash-snapshot', '--max-semi-space-size=1', '--initial-old-space-size=24']);
  });

  it('runs a command with those settings in place', () => {
    const r = run(['--version']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('lets Node read NODE_EXTRA_CA_CERTS for the commands that may open TLS connections, but not for extract', () => {
    const missing = join(work, 'no-such-bundle.pem');
    const other = run(['--version'], { NODE_EXTRA_CA_CERTS: missing });
    expect(other.status).toBe(0);
    expect(other.stderr).toMatch(EXTRA_CERTS_READ);
    const extract = run(['extract', fixture, '--out', join(work, 'certs.csv')], { NODE_EXTRA_CA_CERTS: missing });
    expect(extract.status, extract.stderr).toBe(0);
    expect(extract.stderr).not.toMatch(EXTRA_CERTS_READ);
  });

  it('extracts a catalog through the command', () => {
    const out = join(work, 'synth-256.csv');
    const r = run(['extract', fixture, '--threads', '2', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^id,x,y,flux_iso,flux_aper_r5,flux_auto,/);
    expect(lines.length - 1).toBeGreaterThan(50);
  });

  it('runs the built CommonJS entry for extract (through a symbolic link too), and itself for other commands, from the sources or with bundles off', () => {
    // a tree of its own: this file, a stand-in for the built extract entry and one for main.js
    const tree = join(work, 'tree');
    mkdirSync(join(tree, 'bin'), { recursive: true });
    mkdirSync(join(tree, 'out', 'cli'), { recursive: true });
    const copy = join(tree, 'bin', 'nightshift.mjs');
    copyFileSync(bin, copy);
    const launch = join(tree, 'out', 'cli', 'extract-launch.cjs');
    // each stand-in says whether Node kept its snapshot's hash seed (extract's option, not the others')
    const seed = "(process.execArgv.includes('--no-rehash-snapshot') ? ' (seed kept)' : '')";
    writeFileSync(launch, `console.log('launch ' + process.argv.slice(2).join(' ') + ${seed});\n`);
    writeFileSync(join(tree, 'out', 'cli', 'main.js'), `exports.main = async (argv) => { console.log('main.js ' + argv.join(' ') + ${seed}); return 0; };\nexports.finish = (argv, code) => { process.exitCode = code; };\n`);
    const link = join(work, 'nightshift-link');
    symlinkSync(copy, link);
    const go = (cmd: string, args: string[], env: Record<string, string> = {}): string => {
      const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, NIGHTSHIFT_FROM_SOURCE: '', NIGHTSHIFT_BUNDLES: '', ...env } });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout.trim();
    };
    expect(go(copy, ['extract', 'a b.fits', '--threads', '1'])).toBe('launch extract a b.fits --threads 1 (seed kept)');
    expect(go(link, ['extract', 'x.fits'])).toBe('launch extract x.fits (seed kept)');
    expect(go(copy, ['fits', 'x.fits'])).toBe('main.js fits x.fits');
    expect(go(copy, ['host', '--help'])).toBe('main.js host --help');
    expect(go(copy, ['extract', 'x.fits'], { NIGHTSHIFT_BUNDLES: 'off' })).toBe('main.js extract x.fits (seed kept)');
    unlinkSync(launch);
    expect(go(copy, ['extract', 'x.fits'])).toBe('main.js extract x.fits (seed kept)');
  });

  it('writes stage marks with NIGHTSHIFT_TRACE=1: time, memory, the thread\'s CPU and the page faults so far, in stage order', () => {
    const r = run(['extract', fixture, '--out', join(work, 'trace.csv')], { NIGHTSHIFT_TRACE: '1' });
    expect(r.status, r.stderr).toBe(0);
    const marks = r.stderr
      .split('\n')
      .filter((l) => l.startsWith('trace'))
      .map((l) => /^trace\s+([\d.]+) ms\s+(.+?)\s+rss (\d+) MB \(peak (\d+)\).*?(?:  thread cpu ([\d.]+) ms  runnable ([\d.]+) ms)?  faults (\d+)$/.exec(l));
    expect(marks.every((m) => m !== null), r.stderr).toBe(true);
    const labels = marks.map((m) => m![2]);
    for (const stage of ['read', 'background', 'detect', 'deblend', 'clean', 'measure']) {
      expect(labels.indexOf(`${stage} 0`), stage).toBeGreaterThanOrEqual(0);
      expect(labels.indexOf(`${stage} 1`), stage).toBeGreaterThan(labels.indexOf(`${stage} 0`));
    }
    expect(labels.at(-1)).toBe('exit');
    // the counts and times only grow from one mark to the next
    const faults = marks.map((m) => Number(m![7]));
    // on Linux also the thread's CPU and runnable times, which only grow as well
    if (process.platform === 'linux') {
      const cpu = marks.map((m) => Number(m![5]));
      const runnable = marks.map((m) => Number(m![6]));
      for (let i = 1; i < marks.length; i++) {
        expect(cpu[i]).toBeGreaterThanOrEqual(cpu[i - 1]);
        expect(runnable[i]).toBeGreaterThanOrEqual(runnable[i - 1]);
      }
      expect(cpu.at(-1)).toBeGreaterThan(0);
    }
    const times = marks.map((m) => Number(m![1]));
    for (let i = 1; i < marks.length; i++) {
      expect(faults[i]).toBeGreaterThanOrEqual(faults[i - 1]);
      expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]);
    }
    expect(faults[0]).toBeGreaterThan(0);
  });
});
