import { describe, expect, it } from 'vitest';
import {
  comparisonCandidates,
  differentialPhotometry,
  PhotometryError,
  reducedChi2,
  selectComparisons,
  type StarSeries,
} from '../../../src/core/photometry/index.js';

const flat = (f: number, n: number, err = f / 100): StarSeries => ({
  flux: Array(n).fill(f),
  fluxErr: Array(n).fill(err),
  ok: Array(n).fill(true),
});

describe('selectComparisons', () => {
  it('drops stars missing on every image, faint stars, variables; each image uses its brightest usable stars', () => {
    const n = 6;
    const stars: StarSeries[] = [flat(1000, n), flat(2000, n), flat(3000, n), flat(4000, n)];
    stars.push({ ...flat(5000, n), ok: [true, true, false, true, true, true] }); // 4: off one image
    stars.push(flat(100, n, 10)); // 5: S/N 10
    stars.push({ ...flat(6000, n), flux: [6000, 7000, 5000, 6500, 5500, 6000] }); // 6: variable
    stars.push({ ...flat(7000, n), ok: Array(n).fill(false) }); // 7: on no image
    const c = selectComparisons(stars, { maxStars: 3, minSnr: 30 });
    // Star 4 serves on the five images it is on; image 2 takes star 1 in its place.
    expect(c.selected).toEqual([4, 3, 2, 1]);
    expect(c.imagesUsed).toEqual([5, 6, 6, 1]);
    const why = Object.fromEntries(c.rejected.map((r) => [r.index, r.reason]));
    expect(why).toEqual({ 7: 'missing', 5: 'faint', 6: 'variable', 0: 'surplus' });
    const none = selectComparisons([flat(100, n, 10)], { minSnr: 30 });
    expect(none.selected).toEqual([]);
    expect(none.rejected).toEqual([{ index: 0, reason: 'faint' }]);
    expect(() => differentialPhotometry(flat(1, n), [], [])).toThrow(PhotometryError);
  });
  it('chooses comparisons on a single image: no χ² (NaN), no variable rejected, no failure', () => {
    const stars: StarSeries[] = [flat(1000, 1), flat(2000, 1), { flux: [3000], fluxErr: [30], ok: [false] }];
    const c = selectComparisons(stars);
    expect(c.selected).toEqual([1, 0]);
    expect(c.reducedChi2.every((x) => Number.isNaN(x))).toBe(true);
    expect(c.rejected).toEqual([{ index: 2, reason: 'missing' }]);
    const p = differentialPhotometry({ flux: [500], fluxErr: [5], ok: [true] }, stars, c.selected);
    expect(p[0]!.relFlux).toBeCloseTo(500 / 3000, 12);
    expect(p[0]!.nComparisons).toBe(2);
  });
  it('keeps forced (user-included) stars even when faint or variable', () => {
    const n = 4;
    const stars: StarSeries[] = [flat(1000, n), flat(2000, n), flat(3000, n), { ...flat(100, n, 10), flux: [100, 150, 60, 120] }];
    const c = selectComparisons(stars, { minSnr: 30, forced: [3] });
    expect(c.selected).toContain(3);
    expect(c.rejected).toEqual([]);
  });
  it('computes reduced chi2 about the weighted mean', () => {
    expect(reducedChi2([1, 1, 1], [0.1, 0.1, 0.1])).toBe(0);
    expect(reducedChi2([0, 2], [1, 1])).toBeCloseTo(2, 12);
  });
});

describe('differentialPhotometry', () => {
  it('divides by the ensemble, propagates errors and calibrates with catalogue magnitudes', () => {
    const stars = [flat(1000, 2, 10), flat(3000, 2, 30)];
    const target: StarSeries = { flux: [2000, 4000], fluxErr: [20, 40], ok: [true, true] };
    const p = differentialPhotometry(target, stars, [0, 1], [12, 12 - 2.5 * Math.log10(3)]);
    expect(p[0]!.relFlux).toBeCloseTo(0.5, 12);
    expect(p[1]!.relFlux).toBeCloseTo(1, 12);
    const e = 0.5 * Math.sqrt(0.01 ** 2 + (10 ** 2 + 30 ** 2) / 4000 ** 2);
    expect(p[0]!.relFluxErr).toBeCloseTo(e, 12);
    // The ensemble (fluxes 1 : 3) is 4 times as bright as the 12th-magnitude star.
    const ens = 12 - 2.5 * Math.log10(4);
    expect(p[1]!.mag).toBeCloseTo(ens, 10);
    expect(p[0]!.mag).toBeCloseTo(ens + 2.5 * Math.log10(2), 10);
    expect(p[0]!.magErr).toBeCloseTo((2.5 / Math.LN10) * (e / 0.5), 12);
    const missing = differentialPhotometry({ ...target, ok: [false, true] }, stars, [0, 1]);
    expect(missing[0]!.relFlux).toBeNaN();
    expect(missing[1]!.mag).toBeCloseTo(0, 12);
  });
  it('forms each image\'s ensemble from the comparison stars on it, on one scale', () => {
    // Throughput changes from image to image; star 2 is off image 1, star 0 off image 3, and
    // image 4 has only star 1. The target is constant: its relative flux must not move.
    const z = [1, 0.8, 1.1, 0.9, 0.7];
    const base = [1000, 3000, 5000];
    const off: Array<[number, number]> = [[2, 1], [0, 3], [0, 4], [2, 4]];
    const stars: StarSeries[] = base.map((f, c) => ({
      flux: z.map((k) => f * k),
      fluxErr: z.map((k) => Math.sqrt(f * k)),
      ok: z.map((_, i) => !off.some(([s, im]) => s === c && im === i)),
    }));
    const target: StarSeries = { flux: z.map((k) => 2000 * k), fluxErr: z.map((k) => Math.sqrt(2000 * k)), ok: z.map(() => true) };
    const p = differentialPhotometry(target, stars, [0, 1, 2]);
    for (const q of p) expect(q.relFlux).toBeCloseTo(2000 / 9000, 12);
    expect(p.map((q) => q.nComparisons)).toEqual([3, 2, 3, 2, 1]);
    // The error grows as the ensemble shrinks.
    expect(p[4]!.relFluxErr).toBeGreaterThan(p[0]!.relFluxErr);
    // An image with none of them has no point, and says so.
    const none = differentialPhotometry({ ...target, flux: [...Array.from(target.flux), 2000], fluxErr: [...Array.from(target.fluxErr), 45], ok: [...z.map(() => true), true] },
      stars.map((s) => ({ flux: [...Array.from(s.flux), 1], fluxErr: [...Array.from(s.fluxErr), 1], ok: [...Array.from(s.ok), false] })), [0, 1, 2]);
    expect(none[5]!.relFlux).toBeNaN();
    expect(none[5]!.nComparisons).toBe(0);
  });
});

describe('comparisonCandidates', () => {
  it('keeps isolated, unflagged, unsaturated stars away from edges and targets, brightest first', () => {
    const stars = [
      { x: 50, y: 50, flux: 1000 },
      { x: 58, y: 50, flux: 500 }, // bright neighbour of 0 within 10 px -> both out
      { x: 150, y: 150, flux: 2000 },
      { x: 152, y: 150, flux: 10 }, // faint but inside the exclusion radius of 2 -> 2 out, 3 too faint anyway
      { x: 100, y: 30, flux: 3000 },
      { x: 100, y: 100, flux: 4000, flags: 4 },
      { x: 5, y: 100, flux: 5000 },
      { x: 30, y: 170, flux: 6000, peak: 45000, background: 1000 },
      { x: 170, y: 30, flux: 7000 },
      { x: 100, y: 160, flux: 8000 },
      { x: 130, y: 60, flux: 900 },
      { x: 130, y: 69, flux: 40 }, // faint neighbour outside exclusion: 10 stays
    ];
    const got = comparisonCandidates(stars, {
      width: 200,
      height: 200,
      edge: 15,
      isolation: 10,
      saturate: 50000,
      avoid: [{ x: 100, y: 160, radius: 3 }],
    });
    expect(got).toEqual([8, 4, 10]);
  });
});
