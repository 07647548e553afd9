import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { CliError } from '../../src/cli/cli-error.js';
import { register } from '../../src/cli/commands/fits.js';
import { writeFits } from '../../src/core/fits/writer.js';
import { separationDeg, type HeaderValue } from '../../src/core/wcs/index.js';
import { loadCases } from '../core/wcs/cases.js';
import { tempDir } from '../helpers/tmp.js';

const DIR = join(__dirname, '../fixtures/fits');
const fx = (name: string) => join(DIR, name);

async function run(...args: string[]): Promise<string> {
  const program = new Command();
  program.exitOverride();
  register(program);
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    return true;
  });
  try {
    await program.parseAsync(args, { from: 'user' });
  } finally {
    spy.mockRestore();
  }
  return out;
}

async function runError(...args: string[]): Promise<CliError> {
  try {
    await run(...args);
  } catch (e) {
    expect(e).toBeInstanceOf(CliError);
    return e as CliError;
  }
  throw new Error('expected a CliError');
}

afterEach(() => vi.restoreAllMocks());

describe('nightshift fits info', () => {
  it('prints the JSON shape of the issue, with astropy-consistent stats', async () => {
    const expected = JSON.parse(readFileSync(fx('expected.json'), 'utf8'))['mef.fits'] as Array<{ stats?: { min: number; max: number; mean: number; nan: number } }>;
    const report = JSON.parse(await run('fits', 'info', fx('mef.fits'), '--json'));
    expect(report.file).toBe(fx('mef.fits'));
    expect(report.hdus.map((h: { kind: string }) => h.kind)).toEqual(['empty', 'image', 'table', 'image', 'empty']);
    const sci = report.hdus[1];
    expect(Object.keys(sci)).toEqual(['index', 'kind', 'compressed', 'bitpix', 'shape', 'stats', 'wcs', 'wcsError', 'header']);
    expect(sci).toMatchObject({ index: 1, compressed: false, bitpix: -32, shape: [40, 30], wcs: null, wcsError: null, header: { EXTNAME: 'SCI' } });
    expect(sci.stats.nan).toBe(expected[1].stats!.nan);
    expect(sci.stats.min).toBe(expected[1].stats!.min);
    expect(sci.stats.max).toBe(expected[1].stats!.max);
    expect(sci.stats.mean).toBeCloseTo(expected[1].stats!.mean, 6);
    expect(report.hdus[2].stats).toBeNull();
  });

  it('reports compressed HDUs with the image shape and the WCS summary', async () => {
    const fz = JSON.parse(await run('fits', 'info', fx('i16-rice.fits.fz'), '--json'));
    expect(fz.hdus[1]).toMatchObject({ kind: 'image', compressed: true, bitpix: 16, shape: [40, 30], header: { ZCMPTYPE: 'RICE_1' } });
    const w = JSON.parse(await run('fits', 'info', fx('wcs-tan.fits'), '--json'));
    expect(w.hdus[0].wcs.ctype).toEqual(['RA---TAN', 'DEC--TAN']);
    expect(w.hdus[1].wcs.center[0]).toBeCloseTo(150.1166, 6);
    expect(w.hdus[1].wcs.pixelScaleArcsec).toBeCloseTo(0.3968, 3);
  });

  it('`nightshift fits FILE` is `fits info FILE` (what a user types first)', async () => {
    expect(await run('fits', fx('mef.fits'), '--json')).toBe(await run('fits', 'info', fx('mef.fits'), '--json'));
    expect(await run('fits', fx('mef.fits'))).toBe(await run('fits', 'info', fx('mef.fits')));
  });

  it('prints a readable summary without --json', async () => {
    const text = await run('fits', 'info', fx('wcs-tan.fits'));
    expect(text).toContain('HDU 1: image, BITPIX 16, shape 40×30');
    expect(text).toContain('RA---TAN DEC--TAN');
  });
});

describe('nightshift fits pix2sky / sky2pix', () => {
  const ref = JSON.parse(readFileSync(fx('wcs-tan.json'), 'utf8')) as { pix: number[][]; sky: number[][]; world: number[][]; back: number[][] };

  it('pix2sky matches astropy (0-based pixels), default HDU = first with a WCS (header only)', async () => {
    const out = await run('fits', 'pix2sky', fx('wcs-tan.fits'), ...ref.pix.flat().map(String));
    const lines = out.trim().split('\n').map((l) => l.split(' ').map(Number));
    expect(lines.length).toBe(3);
    lines.forEach(([ra, dec], i) => {
      expect(Math.abs(ra - ref.sky[i][0])).toBeLessThan(2e-9);
      expect(Math.abs(dec - ref.sky[i][1])).toBeLessThan(2e-9);
    });
  });

  it('sky2pix matches astropy, negative declinations included', async () => {
    const out = await run('fits', 'sky2pix', fx('wcs-tan.fits'), '--hdu', '1', ...ref.world.flat().map(String));
    const lines = out.trim().split('\n').map((l) => l.split(' ').map(Number));
    lines.forEach(([x, y], i) => {
      expect(Math.abs(x - ref.back[i][0])).toBeLessThan(2e-6);
      expect(Math.abs(y - ref.back[i][1])).toBeLessThan(2e-6);
    });
  });
});

describe('nightshift fits errors: one line naming file, problem and where', () => {
  it('unreadable file', async () => {
    const e = await runError('fits', 'info', fx('nope.fits'));
    expect(e.message).toMatch(/nope\.fits: cannot read \(ENOENT\)/);
    expect(e.exitCode).toBe(2);
  });

  it('not FITS, with code and offset', async () => {
    const e = await runError('fits', 'info', fx('expected.json'));
    expect(e.message).toContain('expected.json');
    expect(e.message).toContain('not_fits');
    expect(e.message).toContain('byte 0');
    expect(e.message).not.toContain('\n');
  });

  it('coordinates: odd count, not a number, no WCS, bad HDU', async () => {
    expect((await runError('fits', 'pix2sky', fx('wcs-tan.fits'), '1')).message).toMatch(/pairs/);
    expect((await runError('fits', 'pix2sky', fx('wcs-tan.fits'), '1', 'x')).message).toMatch(/not a number: x/);
    expect((await runError('fits', 'pix2sky', fx('mef.fits'), '1', '2')).message).toMatch(/no HDU has a celestial WCS/);
    expect((await runError('fits', 'sky2pix', fx('wcs-tan.fits'), '--hdu', '7', '1', '2')).message).toMatch(/HDU 7 does not exist/);
  });
});

describe('nightshift fits info on cubes', () => {
  it('stats cover every plane', async () => {
    const expected = JSON.parse(readFileSync(fx('expected.json'), 'utf8'))['cube16-rice.fits.fz'][1].stats;
    const report = JSON.parse(await run('fits', 'info', fx('cube16-rice.fits.fz'), '--json'));
    expect(report.hdus[1].shape).toEqual([20, 16, 3]);
    expect(report.hdus[1].stats.min).toBe(expected.min);
    expect(report.hdus[1].stats.max).toBe(expected.max);
    expect(report.hdus[1].stats.mean).toBeCloseTo(expected.mean, 6);
  });
});

describe('through main()', () => {
  it('exits with status 2 and one line on stderr', async () => {
    const { main } = await import('../../src/cli/main.js');
    let err = '';
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      err += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
      return true;
    });
    try {
      expect(await main(['fits', 'info', fx('expected.json')])).toBe(2);
    } finally {
      spy.mockRestore();
    }
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toContain('not_fits');
  });
});

describe('nightshift fits: frames and WCS that cannot be read', () => {
  // HDU 0: astropy comp.fits's FK4 B1950 header (NGC 1316); HDU 1: a singular CD matrix;
  // HDU 2: a projection code that does not exist. Written with the project's own FITS writer.
  const comp = loadCases().find((c) => c.name === 'fk4-comp-ngc1316')!;
  const { dir, cleanup } = tempDir();
  afterAll(cleanup);
  const img = (header: Record<string, HeaderValue>) => ({ header, data: new Float32Array(440 * 300), shape: [440, 300] });
  const good = { ...comp.header } as Record<string, HeaderValue>;
  const singular = { ...good, CDELT1: 0, CROTA2: 0 };
  const nonsense = { ...good, CTYPE1: 'RA---XYZ', CTYPE2: 'DEC--XYZ' };
  const mixed = join(dir, 'mixed.fits');
  writeFileSync(mixed, writeFits([img(good), img(singular), img(nonsense)]));
  const bad = join(dir, 'bad.fits');
  writeFileSync(bad, writeFits([img(singular)]));

  it('fits info --json: RA/Dec in ICRS naming the FK4 frame; wcsError says why a WCS is unreadable', async () => {
    const report = JSON.parse(await run('fits', 'info', mixed, '--json'));
    const [h0, h1, h2] = report.hdus;
    expect(h0.wcs.frame).toBe('ICRS (from FK4 B1950.0, epoch = equinox)');
    expect(h0.wcsError).toBeNull();
    expect(h1.wcs).toBeNull();
    expect(h1.wcsError).toMatchObject({ code: 'wcs_singular_matrix' });
    expect(h2.wcsError).toMatchObject({ code: 'wcs_unsupported_projection', keyword: expect.stringMatching(/^CTYPE/) });
    expect(h2.wcsError.message).toContain('XYZ');
  });

  it('fits info text: one line per unreadable WCS, with its code', async () => {
    const text = await run('fits', 'info', mixed);
    expect(text).toContain('(ICRS (from FK4 B1950.0, epoch = equinox))');
    expect(text).toMatch(/HDU 1: image[^\n]*\n(?: {2}[^\n]*\n)*? {2}wcs: unreadable: [^\n]+\[wcs_singular_matrix\]/);
    expect(text).toMatch(/ {2}wcs: unreadable: [^\n]*XYZ[^\n]*\[wcs_unsupported_projection\]/);
  });

  it('pix2sky gives ICRS for an FK4 header (astropy SkyCoord values) and says why when it cannot', async () => {
    const out = await run('fits', 'pix2sky', mixed, ...comp.pix!.slice(0, 4).flat().map(String));
    out.trim().split('\n').forEach((line, i) => {
      const [ra, dec] = line.split(' ').map(Number);
      expect(separationDeg(ra, dec, comp.sky![i][0], comp.sky![i][1]) * 3600e3).toBeLessThan(0.01); // mas
    });
    const e = await runError('fits', 'pix2sky', bad, '1', '2');
    expect(e.message).toMatch(/bad\.fits: no HDU has a usable celestial WCS \(HDU 0: invalid WCS: .+ \[wcs_singular_matrix\]\)/);
    expect(e.message).not.toContain('\n');
    const e2 = await runError('fits', 'sky2pix', mixed, '--hdu', '2', '1', '2');
    expect(e2.message).toMatch(/HDU 2: invalid WCS: .*XYZ.*\[wcs_unsupported_projection\]/);
  });
});
