import { describe, expect, it } from 'vitest';
import { addStar, crowdedField, lcg, mulberry32, normal, poisson, starField, starModel } from '../../../src/core/synth/index.js';
import { starFieldFits } from '../../../src/core/synth-fits/index.js';
import { openFits, readImage } from '../../../src/core/fits/index.js';

function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s;
}

describe('the seeded generators', () => {
  it('mulberry32 gives the same sequence for the same seed, in [0, 1), another for another seed', () => {
    const a = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, mulberry32(42))).toEqual(xs);
    expect(Array.from({ length: 1000 }, mulberry32(43))).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(Math.abs(sum(xs) / xs.length - 0.5)).toBeLessThan(0.03);
    // the first values of the published C algorithm for seed 0 (×2³²), as a Python transcription of it gives them
    const z = mulberry32(0);
    expect([z(), z()].map((v) => Math.round(v * 4294967296))).toEqual([1144304738, 1416247]);
  });

  it('the LCG is Numerical Recipes\' (1664525, 1013904223), its state starting at the seed', () => {
    const u = lcg(0);
    expect(u()).toBe((1013904223 + 0.5) / 4294967296);
    expect(u()).toBe((((Math.imul(1013904223, 1664525) + 1013904223) >>> 0) + 0.5) / 4294967296);
  });

  it('draws normal and Poisson deviates with the right mean and variance', () => {
    const u = mulberry32(3);
    const n = 20000;
    let s = 0;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const g = normal(u);
      s += g;
      ss += g * g;
    }
    expect(Math.abs(s / n)).toBeLessThan(5 / Math.sqrt(n));
    expect(ss / n).toBeGreaterThan(0.95);
    expect(ss / n).toBeLessThan(1.05);
    for (const lam of [3, 50, 2000]) {
      s = 0;
      ss = 0;
      for (let i = 0; i < n; i++) {
        const k = poisson(lam, u);
        s += k;
        ss += k * k;
      }
      const mean = s / n;
      const v = ss / n - mean * mean;
      expect(Math.abs(mean - lam)).toBeLessThan(5 * Math.sqrt(lam / n));
      expect(v / lam).toBeGreaterThan(0.95);
      expect(v / lam).toBeLessThan(1.05);
    }
    expect(poisson(0, u)).toBe(0);
  });
});

describe('the star field', () => {
  it('integrates each star to its flux (however undersampled), centred on its position', () => {
    for (const sigma of [0.5, 1.3]) {
      const m = starModel({ width: 40, height: 40, stars: [{ x: 20.3, y: 19.6, flux: 1000 }], psf: { sigma }, sampling: 'integrated' });
      expect(sum(m)).toBeCloseTo(1000, 5);
      let mx = 0;
      let my = 0;
      m.forEach((v, p) => {
        mx += v * (p % 40);
        my += v * Math.floor(p / 40);
      });
      // within the pixel-phase bias of a sampled centroid (largest for the narrowest star)
      expect(mx / 1000).toBeCloseTo(20.3, 2);
      expect(my / 1000).toBeCloseTo(19.6, 2);
    }
  });

  it('samples a rotated elliptical Gaussian at the pixel centres: its second moments are the PSF\'s', () => {
    const w = 64;
    const img = new Float64Array(w * w);
    const theta = 0.5;
    addStar(img, w, w, { x: 31.4, y: 32.2, flux: 5000 }, { sigma: 3, sigmaY: 1.5, theta });
    expect(sum(img)).toBeCloseTo(5000, 2);
    let xx = 0;
    let yy = 0;
    let xy = 0;
    img.forEach((v, p) => {
      const dx = (p % w) - 31.4;
      const dy = Math.floor(p / w) - 32.2;
      xx += (v * dx * dx) / 5000;
      yy += (v * dy * dy) / 5000;
      xy += (v * dx * dy) / 5000;
    });
    const c = Math.cos(theta);
    const s = Math.sin(theta);
    expect(xx).toBeCloseTo(9 * c * c + 2.25 * s * s, 2);
    expect(yy).toBeCloseTo(9 * s * s + 2.25 * c * c, 2);
    expect(xy).toBeCloseTo((9 - 2.25) * c * s, 2);
    expect(() => addStar(img, w, w, { x: 10, y: 10, flux: 1 }, { sigma: 2, theta: 0.1 }, 'integrated')).toThrow(/rotated PSF/);
  });

  it('adds the sky and the noise (Gaussian, or a CCD\'s), clips at saturation, and is reproducible', () => {
    const flat = starField({ width: 100, height: 100, sky: 500, stars: [], noise: { sigma: 7 }, seed: 5 });
    const mean = sum(flat) / flat.length;
    const sd = Math.sqrt(sum(Array.from(flat, (v) => (v - mean) ** 2)) / flat.length);
    expect(Math.abs(mean - 500)).toBeLessThan(0.4);
    expect(sd).toBeGreaterThan(6.8);
    expect(sd).toBeLessThan(7.2);
    // Poisson in electrons (gain 2: variance sky/gain ADU²) plus read noise 6 e⁻ (3 ADU)
    const ccd = starField({ width: 100, height: 100, sky: 800, stars: [], noise: { gain: 2, readNoise: 6 }, seed: 5 });
    const cm = sum(ccd) / ccd.length;
    const cv = sum(Array.from(ccd, (v) => (v - cm) ** 2)) / ccd.length;
    expect(Math.abs(cm - 800)).toBeLessThan(0.5);
    expect(cv / (800 / 2 + 9)).toBeGreaterThan(0.95);
    expect(cv / (800 / 2 + 9)).toBeLessThan(1.05);
    const o = { width: 32, height: 32, sky: 100, stars: [{ x: 16, y: 16, flux: 1e6 }], noise: { sigma: 5 }, saturation: 30000, seed: 2 };
    const a = starField(o);
    expect(Math.max(...a)).toBe(30000);
    expect(a.filter((v) => v === 30000).length).toBeGreaterThan(4);
    expect(starField(o)).toEqual(a);
    expect(starField({ ...o, seed: 3 })).not.toEqual(a);
    // the same deviates whether given as a seed or as the generator
    expect(starField({ ...o, seed: undefined, random: mulberry32(2) })).toEqual(a);
  });

  it('writes the field as a float32 FITS image with the header given', () => {
    const o = { width: 24, height: 16, sky: 10, stars: [{ x: 5, y: 6, flux: 300 }], noise: { sigma: 1 }, seed: 9 };
    const hdu = openFits(starFieldFits({ ...o, header: { OBJECT: 'SYNTH', EXPTIME: 30 } }));
    const image = readImage(hdu, 0, { type: 'float32' });
    expect([image.width, image.height]).toEqual([24, 16]);
    expect(Array.from(image.data)).toEqual(Array.from(starField(o)));
  });

  it('the warm-ups\' crowded field is one field per seed, with stars of several widths', () => {
    const a = crowdedField(64, 40, 1);
    expect(crowdedField(64, 40)).toEqual(a);
    expect(crowdedField(64, 40, 2)).not.toEqual(a);
    expect(Math.max(...a)).toBeGreaterThan(1200);
    expect(a.length).toBe(64 * 64);
  });
});
