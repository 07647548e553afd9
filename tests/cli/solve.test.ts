import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { register } from '../../src/cli/commands/solve.js';
import { CliError } from '../../src/cli/cli-error.js';
import { openFits, writeFits } from '../../src/core/fits/index.js';
import { readIndexFile } from '../../src/core/solve/index-file.js';
import { parseWcs } from '../../src/core/wcs/index.js';
import { starField } from '../../src/core/synth/index.js';
import { synthField, truePixel, type TrueWcs } from '../core/solve/synth-field.js';

const fixtures = new URL('../fixtures/solve/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'ns-solve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const indexDir = join(dir, 'index');
mkdirSync(indexDir);
copyFileSync(join(fixtures, 'index-synth-q4.fits'), join(indexDir, 'index-synth-q4.fits'));

/** Render sources as Gaussian stars (σ 1.3 px, flux ×2 capped at 2e5 ADU) on a sky of 100 ± 5: core/synth's generator. */
function render(sources: Array<{ x: number; y: number; flux: number }>, w: number, h: number, seed: number): Float32Array {
  const stars = sources.map((s) => ({ x: s.x, y: s.y, flux: Math.min(s.flux, 1e5) * 2 }));
  return starField({ width: w, height: h, sky: 100, stars, psf: { sigma: 1.3 }, radius: 7, noise: { sigma: 5 }, seed });
}

async function run(args: string[]): Promise<string> {
  const program = new Command().exitOverride();
  register(program);
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    out += String(s);
    return true;
  });
  try {
    await program.parseAsync(['solve', ...args], { from: 'user' });
  } finally {
    spy.mockRestore();
  }
  return out;
}

describe('nightshift solve', () => {
  const q4 = readIndexFile(new Uint8Array(readFileSync(join(fixtures, 'index-synth-q4.fits'))), 'q4');
  const t: TrueWcs = { ra: 149.8, dec: 30.2, scale: 2.2, rotation: 63, flip: false, width: 600, height: 500 };
  const image = join(dir, 'field.fits');
  writeFileSync(image, writeFits([{ data: render(synthField(q4, t, 5, 0, 0), t.width, t.height, 9), shape: [t.width, t.height], header: { OBJECT: 'synthetic' } }]));

  it('solves a rendered field blind, prints JSON and writes a solved copy whose WCS our reader agrees with', async () => {
    const out = join(dir, 'solved.fits');
    const doc = JSON.parse(await run([image, '--index-dir', indexDir, '--json', '--out', out])) as Record<string, unknown>;
    expect(doc).toMatchObject({ solved: true, parity: 'normal' });
    expect(doc.scale_arcsec as number).toBeCloseTo(2.2, 2);
    expect(Object.keys(doc).sort()).toEqual(['dec', 'header', 'index_id', 'indexes_read', 'matched', 'parity', 'ra', 'rms_arcsec', 'rotation_deg', 'scale_arcsec', 'seconds', 'solved']);
    expect((doc.header as Record<string, unknown>).CTYPE1).toMatch(/^RA---TAN/);
    const fits = openFits(new Uint8Array(readFileSync(out)));
    expect(fits.hdus[0].header.get('OBJECT')).toBe('synthetic');
    const wcs = parseWcs(fits.hdus[0].header);
    expect(wcs).not.toBeNull();
    for (const [x, y] of [[10, 10], [590, 20], [300, 250], [20, 480]]) {
      const [ra, dec] = wcs!.pixToSky(x, y);
      const [px, py] = truePixel(t, ra, dec);
      expect(Math.hypot(px - x, py - y)).toBeLessThan(0.5);
    }
  });
  it('exits 2 with one line when there is nothing to solve', async () => {
    const noise = join(dir, 'noise.fits');
    writeFileSync(noise, writeFits([{ data: render([], 300, 300, 4), shape: [300, 300] }]));
    const e = await run([noise, '--index-dir', indexDir]).then(() => null, (err: unknown) => err);
    expect(e).toBeInstanceOf(CliError);
    expect((e as CliError).exitCode).toBe(2);
    expect((e as CliError).message).toMatch(/not solved/);
    expect((e as CliError).message).not.toContain('\n');
  });
  it('names a truncated index file in a one-line error', async () => {
    const bad = join(dir, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'index-cut.fits'), readFileSync(join(fixtures, 'index-synth-q4.fits')).subarray(0, 150000));
    await expect(run([image, '--index-dir', bad])).rejects.toThrow(/index-cut\.fits: .*truncated|index-cut\.fits: .*bad_index/);
  });
  it('reads no index whose quads cannot fit the image at the hinted scale, and says so in one line', async () => {
    // the fixture's quads are 4'–5.6'; at 100"/px a 600×500 image's smallest quad is 50 px · 100" = 83'
    const e = await run([image, '--index-dir', indexDir, '--scale-low', '90', '--scale-high', '110']).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CliError);
    expect((e as CliError).exitCode).toBe(2);
    expect((e as CliError).message).toMatch(/none of the 1 index files has quads that fit a 600×500 image/);
    expect((e as CliError).message).not.toContain('\n');
  });
});
