import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { register } from '../../src/cli/commands/extract.js';
import { CliError } from '../../src/cli/cli-error.js';

const fixture = new URL('../fixtures/extract/synth-256.fits', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'ns-extract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]): Promise<void> {
  const program = new Command().exitOverride();
  register(program);
  await program.parseAsync(['extract', ...args], { from: 'user' });
}

describe('nightshift extract', () => {
  it('writes the common CSV schema', async () => {
    const out = join(dir, 'a.csv');
    await run([fixture, '--threads', '1', '--out', out, '--aper', '5,3']);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0].startsWith('id,x,y,flux_iso,flux_aper_r5,flux_auto,a,b,theta,flags,npix,fwhm,background,ra,dec')).toBe(true);
    expect(lines[0]).toContain('flux_aper_r3');
    expect(lines.length - 1).toBeGreaterThan(70);
  });
  it('writes JSON', async () => {
    const out = join(dir, 'a.json');
    await run([fixture, '--threads', '1', '--format', 'json', '--out', out]);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { width: number; sources: { x: number }[] };
    expect(doc.width).toBe(256);
    expect(doc.sources.length).toBeGreaterThan(70);
  });
  it('processes a batch on worker threads into a directory', async () => {
    const out = join(dir, 'batch');
    await run([fixture, fixture, '--threads', '2', '--out', out]);
    const text = readFileSync(join(out, 'synth-256.csv'), 'utf8');
    expect(text.split('\n').length).toBeGreaterThan(70);
  });
  it('reports bad input as one-line CliErrors', async () => {
    await expect(run([join(dir, 'missing.fits')])).rejects.toBeInstanceOf(CliError);
    await expect(run([fixture, '--thresh', 'abc'])).rejects.toThrow(/--thresh/);
    await expect(run([fixture, '--format', 'xml'])).rejects.toThrow(/--format/);
    await expect(run([fixture, fixture])).rejects.toThrow(/--out DIR/);
    await expect(run([fixture, '--hdu', '3'])).rejects.toThrow(/HDU 3/);
  });
});
