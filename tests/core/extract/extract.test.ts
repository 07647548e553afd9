import { describe, expect, it } from 'vitest';
import { CRand } from '../../../src/core/extract/deblend.js';
import { extract, ExtractError } from '../../../src/core/extract/extract.js';
import { circleRectOverlap } from '../../../src/core/aperture/index.js';
import { ExtractFlags } from '../../../src/core/extract/flags.js';
import { addGaussian, skyImage } from './helpers.js';

const W = 128;
const H = 128;

describe('extract: single Gaussian star', () => {
  const img = skyImage(W, H, 100, 5, 11);
  addGaussian(img, W, H, 60.3, 70.7, 40000, 1.8, 1.2, 0.5);
  const cat = extract(img, W, H, { gain: 2 });

  it('finds exactly one source', () => {
    expect(cat.sources.length).toBe(1);
    expect(cat.globalBackground).toBeCloseTo(100, 0);
    expect(cat.globalRms).toBeGreaterThan(4.5);
    expect(cat.globalRms).toBeLessThan(5.5);
  });
  it('measures the centroid (0-based pixel centres)', () => {
    const s = cat.sources[0];
    expect(Math.abs(s.x - 60.3)).toBeLessThan(0.03);
    expect(Math.abs(s.y - 70.7)).toBeLessThan(0.03);
  });
  it('measures flux and moments', () => {
    const s = cat.sources[0];
    expect(s.fluxAuto / 40000).toBeGreaterThan(0.97);
    expect(s.fluxAuto / 40000).toBeLessThan(1.03);
    expect(s.fluxIso).toBeLessThan(s.fluxAuto);
    // moments are weighted by the filtered image (as SExtractor): the 3x3 [1 2 1] kernel
    // adds 0.5 px² to each variance, the isophotal cut removes a little
    expect(s.a).toBeGreaterThan(Math.sqrt(1.8 ** 2 + 0.5) - 0.1);
    expect(s.a).toBeLessThan(Math.sqrt(1.8 ** 2 + 0.5) + 0.03);
    expect(s.b).toBeGreaterThan(Math.sqrt(1.2 ** 2 + 0.5) - 0.1);
    expect(s.b).toBeLessThan(Math.sqrt(1.2 ** 2 + 0.5) + 0.03);
    expect(Math.abs(s.theta - (0.5 * 180) / Math.PI)).toBeLessThan(2);
    expect(s.flags).toBe(0);
    expect(s.fluxAperErr[0]).toBeGreaterThan(0);
    expect(s.kronRadius).toBeGreaterThan(1);
    // SExtractor's FWHM_IMAGE: Gaussian fit of the profile, ≈ 2.355·√(σx·σy) − undersampling term
    expect(s.fwhm).toBeGreaterThan(2.355 * Math.sqrt(1.8 * 1.2) - 0.6);
    expect(s.fwhm).toBeLessThan(2.355 * Math.sqrt(1.8 * 1.2) + 0.8);
  });
});

describe('extract: flags and special cases', () => {
  it('deblends two blended stars (flag 2)', () => {
    const img = skyImage(W, H, 100, 5, 12);
    addGaussian(img, W, H, 60, 64, 30000, 1.5);
    addGaussian(img, W, H, 66.5, 64, 20000, 1.5);
    const cat = extract(img, W, H);
    expect(cat.sources.length).toBe(2);
    const xs = cat.sources.map((s) => s.x).sort((a, b) => a - b);
    expect(Math.abs(xs[0] - 60)).toBeLessThan(0.5);
    expect(Math.abs(xs[1] - 66.5)).toBeLessThan(0.5);
    for (const s of cat.sources) expect(s.flags & ExtractFlags.BLENDED).toBe(ExtractFlags.BLENDED);
    // without deblending they are one object
    expect(extract(img, W, H, { deblendNThresh: 1 }).sources.length).toBe(1);
  });
  it('flags a saturated star (4)', () => {
    const img = skyImage(W, H, 100, 5, 13);
    addGaussian(img, W, H, 40, 40, 2e6, 1.5);
    for (let i = 0; i < img.length; i++) img[i] = Math.min(img[i], 30000);
    const cat = extract(img, W, H, { saturate: 29900 });
    expect(cat.sources.length).toBe(1);
    expect(cat.sources[0].flags & ExtractFlags.SATURATED).toBe(ExtractFlags.SATURATED);
  });
  it('flags a source touching the border (8) and a truncated aperture (16)', () => {
    const img = skyImage(W, H, 100, 5, 14);
    addGaussian(img, W, H, 1, 50, 20000, 1.5);
    const cat = extract(img, W, H);
    expect(cat.sources.length).toBe(1);
    expect(cat.sources[0].flags & ExtractFlags.TRUNCATED).toBe(ExtractFlags.TRUNCATED);
    expect(cat.sources[0].flags & ExtractFlags.APERTURE_INCOMPLETE).toBe(ExtractFlags.APERTURE_INCOMPLETE);
  });
  it('survives NaN holes (masked pixels)', () => {
    const img = skyImage(W, H, 100, 5, 15);
    addGaussian(img, W, H, 90, 90, 30000, 1.5);
    addGaussian(img, W, H, 30, 30, 30000, 1.5);
    for (let y = 20; y < 40; y++) for (let x = 60; x < 70; x++) img[y * W + x] = NaN;
    img[91 * W + 92] = NaN; // inside the second star's aperture
    const cat = extract(img, W, H);
    expect(cat.sources.length).toBe(2);
    for (const s of cat.sources) {
      expect(Number.isFinite(s.fluxAper[0])).toBe(true);
      expect(s.fluxAper[0] / 30000).toBeGreaterThan(0.9);
    }
  });
  it('rejects bad input with coded errors', () => {
    expect(() => extract(new Float32Array(10), 5, 5)).toThrow(ExtractError);
    expect(() => extract(new Float32Array(100).fill(NaN), 10, 10)).toThrow(/no valid/);
    expect(() => extract(new Float32Array(100), 10, 10, { thresh: -1 })).toThrow(ExtractError);
  });
  it('exact aperture overlap integrates to πr²', () => {
    let sum = 0;
    for (let y = -6; y <= 6; y++) for (let x = -6; x <= 6; x++) sum += circleRectOverlap(x - 0.5 - 0.3, x + 0.5 - 0.3, y - 0.5 + 0.2, y + 0.5 + 0.2, 4.2);
    expect(sum).toBeCloseTo(Math.PI * 4.2 * 4.2, 9);
    const img = skyImage(W, H, 0, 0.001, 16);
    for (let i = 0; i < img.length; i++) img[i] += 1;
    addGaussian(img, W, H, 64, 64, 5000, 1.5);
    const exact = extract(img, W, H, { subpix: 0, apertures: [3, 6] });
    const sub = extract(img, W, H, { subpix: 5, apertures: [3, 6] });
    expect(exact.sources[0].fluxAper[1]).toBeCloseTo(sub.sources[0].fluxAper[1], -1);
  });
  it('reproduces the C library rand() sequence used by the deblender', () => {
    const r = new CRand();
    expect([r.next(), r.next(), r.next()]).toEqual([1804289383, 846930886, 1681692777]);
  });
  it('reports progress by stage', () => {
    const img = skyImage(64, 64, 10, 1, 17);
    const stages: string[] = [];
    const fractions: number[] = [];
    extract(img, 64, 64, {}, {
      onProgress: (s, f) => {
        fractions.push(f);
        if (f === 1) stages.push(s);
      },
    });
    expect(stages).toEqual(['background', 'detect', 'deblend', 'clean', 'measure', 'done']);
    expect(fractions.every((f) => f >= 0 && f <= 1)).toBe(true);
  });
});
