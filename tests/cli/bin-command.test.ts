import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The `nightshift` command as a user's shell runs it: the file itself, through its `#!` line
// (`env -S` setting glibc's malloc tunables and Node's options), from the TypeScript sources so
// that no build is needed.
const bin = fileURLToPath(new URL('../../bin/nightshift.mjs', import.meta.url));
const fixture = fileURLToPath(new URL('../fixtures/extract/synth-256.fits', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'ns-bin-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const run = (args: string[]) => spawnSync(bin, args, { encoding: 'utf8', env: { ...process.env, NIGHTSHIFT_FROM_SOURCE: '1' } });

describe('bin/nightshift.mjs run through its #! line', () => {
  it('asks glibc for huge pages and one malloc arena, and Node for a small young generation', () => {
    const first = readFileSync(bin, 'utf8').split('\n')[0]!;
    expect(first).toMatch(/^#!\/usr\/bin\/env -S /);
    expect(first.split(' ')).toEqual(expect.arrayContaining(['GLIBC_TUNABLES=glibc.malloc.hugetlb=1', 'MALLOC_ARENA_MAX=1', 'node', '--max-semi-space-size=1']));
  });

  it('runs a command with those settings in place', () => {
    const r = run(['--version']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('extracts a catalog through the command', () => {
    const out = join(work, 'synth-256.csv');
    const r = run(['extract', fixture, '--threads', '2', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^id,x,y,flux_iso,flux_aper_r5,flux_auto,/);
    expect(lines.length - 1).toBeGreaterThan(50);
  });
});
