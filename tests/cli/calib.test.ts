import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/cli-error.js';
import { applyMasters, makeMaster, register, type StepOptions } from '../../src/cli/commands/calib.js';
import { openFits, readImage, type Header } from '../../src/core/fits/index.js';

const fx = (name: string): string => new URL(`../fixtures/calib/${name}`, import.meta.url).pathname;
const meta = JSON.parse(readFileSync(fx('calib.json'), 'utf8')) as {
  files: Record<'bias' | 'dark' | 'flatV' | 'flatR' | 'light', string[]>;
  truth: string[];
  sigclip: { low: number };
  readNoise: number;
  vignetteMeanV: number;
  lightExposure: number;
  darkExposure: number;
};
const files = (k: keyof typeof meta.files): string[] => meta.files[k].map(fx);
const dir = mkdtempSync(join(tmpdir(), 'ns-calib-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const out = (name: string): string => join(dir, name);

/** The fixture's choices: overscan by the median with a straight line fitted (as the ccdproc script). */
const steps: StepOptions = { overscan: 'median', overscanOrder: 1 };

function read(path: string): { data: Float32Array | Float64Array; width: number; height: number; header: Header } {
  const f = openFits(readFileSync(path));
  const img = readImage(f, 0);
  return { ...img, header: f.hdus[0].header };
}

/** Largest |ours − ref| / max(|ref|, 1e-3). */
function maxRelErr(ours: string, ref: string): number {
  const a = read(ours);
  const b = read(ref);
  expect([a.width, a.height]).toEqual([b.width, b.height]);
  let worst = 0;
  for (let i = 0; i < a.data.length; i++) worst = Math.max(worst, Math.abs(a.data[i] - b.data[i]) / Math.max(Math.abs(b.data[i]), 1e-3));
  return worst;
}

describe('calib master against ccdproc combine', () => {
  it('master bias: median of an even count (1e-5), mean and sigma-clipped mean (1e-6)', () => {
    makeMaster(files('bias'), { ...steps, type: 'bias', method: 'median', out: out('bias-median.fits') });
    expect(maxRelErr(out('bias-median.fits'), fx('ref-bias-median.fits'))).toBeLessThan(1e-5);
    makeMaster(files('bias'), { ...steps, type: 'bias', method: 'mean', out: out('bias-mean.fits') });
    expect(maxRelErr(out('bias-mean.fits'), fx('ref-bias-mean.fits'))).toBeLessThan(1e-6);
    const r = makeMaster(files('bias'), { ...steps, type: 'bias', method: 'sigclip', sigma: meta.sigclip.low, out: out('bias-sigclip.fits') });
    expect(r.rejected).toBeGreaterThan(0); // the cosmic rays
    expect(maxRelErr(out('bias-sigclip.fits'), fx('ref-bias-sigclip.fits'))).toBeLessThan(1e-6);
    // and sigma clipping did something: it differs from the plain mean where the cosmic rays are
    expect(maxRelErr(out('bias-sigclip.fits'), out('bias-mean.fits'))).toBeGreaterThan(0.01);
  });
  it('master dark: bias-subtracted, median (1e-5) and mean (1e-6), with a small band height', () => {
    makeMaster(files('dark'), { ...steps, type: 'dark', bias: fx('ref-bias-median.fits'), out: out('dark-median.fits'), bandMb: 0.001 });
    expect(maxRelErr(out('dark-median.fits'), fx('ref-dark-median.fits'))).toBeLessThan(1e-5);
    makeMaster(files('dark'), { ...steps, type: 'dark', method: 'mean', bias: fx('ref-bias-median.fits'), out: out('dark-mean.fits') });
    expect(maxRelErr(out('dark-mean.fits'), fx('ref-dark-mean.fits'))).toBeLessThan(1e-6);
  });
  it('master flats: bias- and scaled-dark-corrected, each frame over its median, combined, over the mean', () => {
    const common = { ...steps, type: 'flat' as const, bias: fx('ref-bias-median.fits'), dark: fx('ref-dark-median.fits'), darkScale: true };
    makeMaster(files('flatV'), { ...common, out: out('flatV.fits') });
    expect(maxRelErr(out('flatV.fits'), fx('ref-flatV-median.fits'))).toBeLessThan(1e-5);
    makeMaster(files('flatR'), { ...common, method: 'mean', out: out('flatR.fits') });
    expect(maxRelErr(out('flatR.fits'), fx('ref-flatR-mean.fits'))).toBeLessThan(1e-6);
  });
  it('writes provenance: type, count, method and every input by SHA-256', () => {
    const h = read(out('flatV.fits')).header;
    expect(h.get('IMAGETYP')).toBe('Master Flat');
    expect(h.get('NCOMBINE')).toBe(5);
    expect(h.get('CALMETH')).toBe('median');
    expect(h.get('CALIN001')).toMatch(/^[0-9a-f]{64}$/);
    expect(h.get('CALIN005')).toBe(read(out('flatV.fits')).header.get('CALIN005'));
    expect(h.get('CALIN006')).toBeUndefined();
    expect(h.get('CALDSCAL')).toBeCloseTo(2 / 60, 12);
    expect(h.get('TRIMSEC')).toBeUndefined(); // no longer applies to the trimmed master
    expect(h.get('FILTER')).toBe('V');
    const history = h.cards.filter((c) => c.keyword === 'HISTORY').map((c) => c.comment).join('\n');
    expect(history).toContain('input 5: flatV-5.fits');
    expect(history).toContain('overscan subtracted: [42:48,1:32], median, polynomial order 1');
  });
});

describe('calib apply against ccdproc subtract_bias, subtract_dark(scale=True), flat_correct', () => {
  it.each([0, 1, 2])('light %i', (i) => {
    const o = out(`light-${i}.fits`);
    applyMasters(files('light')[i], { ...steps, bias: fx('ref-bias-median.fits'), dark: fx('ref-dark-median.fits'), darkScale: true, flat: fx('ref-flatV-median.fits'), out: o });
    expect(maxRelErr(o, fx(`ref-light-${i + 1}.fits`))).toBeLessThan(1e-5);
    const h = read(o).header;
    expect(h.get('IMAGETYP')).toBe('Light Frame');
    expect(h.get('CALDSCAL')).toBe(2);
    expect(h.get('CALRAW')).toMatch(/^[0-9a-f]{64}$/);
    expect(read(o).data).toBeInstanceOf(Float32Array);
  });
  it('recovers the injected sky to the noise, through our own masters all the way', () => {
    const mb = out('own-bias.fits');
    const md = out('own-dark.fits');
    const mf = out('own-flat.fits');
    makeMaster(files('bias'), { ...steps, type: 'bias', out: mb });
    makeMaster(files('dark'), { ...steps, type: 'dark', bias: mb, out: md });
    makeMaster(files('flatV'), { ...steps, type: 'flat', bias: mb, dark: md, darkScale: true, out: mf });
    const flat = read(mf).data;
    const dark = read(md).data;
    const scale = meta.lightExposure / meta.darkExposure;
    for (let i = 0; i < 3; i++) {
      const o = out(`own-light-${i}.fits`);
      applyMasters(files('light')[i], { ...steps, bias: mb, dark: md, darkScale: true, flat: mf, out: o });
      const got = read(o).data;
      const truth = read(fx(meta.truth[i])).data;
      let sum = 0;
      let sum2 = 0;
      for (let p = 0; p < got.length; p++) {
        // the flat is normalised to mean 1, so the calibrated frame is the sky seen at the mean throughput
        const f = flat[p] * meta.vignetteMeanV; // this pixel's throughput
        const expected = truth[p] * meta.vignetteMeanV;
        const sigma = Math.sqrt(Math.max(truth[p], 0) * f + Math.max(dark[p] * scale, 0) + meta.readNoise ** 2) / flat[p];
        const z = (got[p] - expected) / sigma;
        sum += z;
        sum2 += z * z;
      }
      const n = got.length;
      const mean = sum / n;
      const rms = Math.sqrt(sum2 / n);
      expect(Math.abs(mean)).toBeLessThan(0.15);
      expect(rms).toBeGreaterThan(0.85);
      expect(rms).toBeLessThan(1.25);
    }
  });
});

describe('calib reads every FITS the project reads', () => {
  const fits = (name: string): string => new URL(`../fixtures/fits/${name}`, import.meta.url).pathname;
  it.each(['bitpix16.fits', 'bitpix-64.fits', 'bitpix8-scaled.fits', 'bitpix16.fits.gz', 'i16-rice.fits.fz', 'cube16.fits'])('%s: apply without masters gives the pixels back as float32', (name) => {
    const o = out(`plain-${name}.fits`);
    applyMasters(fits(name), { out: o });
    const f = openFits(readFileSync(fits(name)));
    const h = f.hdus.findIndex((x) => x.kind === 'image' && x.shape.length >= 2);
    const src = readImage(f, h, { plane: 0, type: 'float64' });
    const got = read(o);
    expect([got.width, got.height]).toEqual([src.width, src.height]);
    expect(got.data).toBeInstanceOf(Float32Array);
    for (let i = 0; i < src.data.length; i++) {
      if (Number.isNaN(src.data[i])) expect(got.data[i]).toBeNaN();
      else expect(got.data[i]).toBe(Math.fround(src.data[i]));
    }
  });
});

describe('calib errors', () => {
  const code = (fn: () => unknown): string => {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(CliError);
      return /\[([a-z_]+)[\],]/.exec((e as Error).message)?.[1] ?? (e as Error).message;
    }
    return 'no error';
  };
  it('refuses frames of another type, sizes that differ, exposures that differ without --dark-scale', () => {
    expect(code(() => makeMaster([...files('bias'), files('dark')[0]], { ...steps, type: 'bias', out: out('x.fits') }))).toBe('wrong_type');
    expect(code(() => makeMaster([fx('bias-1.fits'), fx('ref-bias-median.fits')], { type: 'bias', out: out('x.fits'), typeMap: '' }))).toBe('shape_mismatch');
    expect(code(() => applyMasters(files('light')[0], { ...steps, dark: fx('ref-dark-median.fits'), out: out('x.fits') }))).toBe('exposure_mismatch');
    expect(code(() => applyMasters(files('light')[0], { ...steps, bias: fx('bias-1.fits'), out: out('x.fits') }))).toBe('shape_mismatch');
    expect(code(() => applyMasters(files('light')[0], { ...steps, bias: files('light')[1], out: out('x.fits') }))).toBe('wrong_type');
    expect(code(() => applyMasters(fx('nope.fits'), { out: out('x.fits') }))).toBe('io');
    expect(code(() => applyMasters(fx('calib.json'), { out: out('x.fits') }))).toBe('not_fits');
  });
  it('names a bad section keyword', () => {
    const bad = out('bad-sec.fits');
    copyFileSync(fx('light-1.fits'), bad);
    const bytes = readFileSync(bad);
    const at = bytes.indexOf('[1:40,1:32]');
    bytes.write('[1:99,1:32]', at, 'latin1');
    writeFileSync(bad, bytes);
    expect(() => applyMasters(bad, { out: out('x.fits') })).toThrow(/TRIMSEC '\[1:99,1:32\]'.*\[bad_section\]/);
  });
  it('runs from the command line', async () => {
    const program = new Command().exitOverride();
    register(program);
    await program.parseAsync(['calib', 'apply', files('light')[0], '--bias', fx('ref-bias-median.fits'), '--overscan', 'median', '--overscan-order', '1', '--out', out('cli.fits')], { from: 'user' });
    expect(read(out('cli.fits')).width).toBe(40);
  });
});
