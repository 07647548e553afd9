import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { register, settledOrNot } from '../../src/cli/commands/extract.js';
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

describe('nightshift extract and an unusable WCS', () => {
  it('extracts the image, leaves ra, dec empty and warns in one line (one file and a batch)', async () => {
    const { writeFileSync } = await import('node:fs');
    const { vi } = await import('vitest');
    const { readImage, openFits, writeFits } = await import('../../src/core/fits/index.js');
    const img = readImage(openFits(readFileSync(fixture)), 0, { type: 'float32' });
    const file = join(dir, 'badwcs.fits');
    // a TAN WCS whose CD matrix cannot be inverted
    const header = { CTYPE1: 'RA---TAN', CTYPE2: 'DEC--TAN', CRPIX1: 128, CRPIX2: 128, CRVAL1: 150, CRVAL2: 2, CD1_1: 1e-4, CD1_2: 1e-4, CD2_1: 1e-4, CD2_2: 1e-4 };
    writeFileSync(file, writeFits([{ data: img.data as Float32Array, shape: [256, 256], header }]));
    let stderr = '';
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr += String(chunk);
      return true;
    });
    try {
      await run([file, '--threads', '1', '--out', join(dir, 'badwcs.csv')]);
      await run([file, file, '--threads', '1', '--out', join(dir, 'badwcs')]);
    } finally {
      spy.mockRestore();
    }
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).toMatch(/^nightshift: warning: .*badwcs\.fits: WCS not used \(.* \[wcs_singular_matrix\]\); ra, dec left empty$/);
    const csv = readFileSync(join(dir, 'badwcs.csv'), 'utf8').trim().split('\n');
    expect(csv.length - 1).toBeGreaterThan(70);
    expect(csv[1].split(',').slice(13, 15)).toEqual(['', '']);
    expect(readFileSync(join(dir, 'badwcs', 'badwcs.csv'), 'utf8')).toBe(readFileSync(join(dir, 'badwcs.csv'), 'utf8'));
  });
});

describe('nightshift extract on worker threads', () => {
  it('gives the same catalog with 1 and 2 threads on a large image', async () => {
    const { writeFileSync } = await import('node:fs');
    const { writeFits } = await import('../../src/core/fits/index.js');
    const { addGaussian, skyImage } = await import('../core/extract/helpers.js');
    const W = 2900;
    const H = 2900;
    const img = skyImage(W, H, 200, 8, 21);
    let s = 7;
    const rnd = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
    for (let k = 0; k < 400; k++) addGaussian(img, W, H, 5 + rnd() * (W - 10), 5 + rnd() * (H - 10), 500 + 50000 * rnd() ** 3, 1.3);
    addGaussian(img, W, H, 1000, 1449.6, 80000, 3); // a big star across the middle (strip boundary)
    const file = join(dir, 'big.fits');
    writeFileSync(file, writeFits([{ data: img, shape: [W, H], header: { GAIN: 1.5 } }]));
    await run([file, '--threads', '1', '--out', join(dir, 'big1.csv')]);
    await run([file, '--threads', '2', '--out', join(dir, 'big2.csv')]);
    const a = readFileSync(join(dir, 'big1.csv'), 'utf8');
    expect(a.split('\n').length).toBeGreaterThan(300);
    expect(readFileSync(join(dir, 'big2.csv'), 'utf8')).toBe(a);
  }, 120_000);
});

describe('settledOrNot (how long extract waits for detection\'s WebAssembly compiled ahead)', () => {
  it('waits for a compilation done a few ms after the read, which a few event-loop turns did not', async () => {
    let done = false;
    const late = new Promise<void>((resolve) => setTimeout(() => ((done = true), resolve()), 3));
    await settledOrNot(late);
    expect(done).toBe(true);
  });

  it('does not wait beyond its bound for one that never ends', async () => {
    let bounded = false;
    const never = new Promise<void>(() => {});
    const later = new Promise<void>((resolve) => setTimeout(resolve, 30));
    await Promise.race([settledOrNot(never, 5).then(() => (bounded = true)), later]);
    expect(bounded).toBe(true);
  });
});
