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
  it('drops stars missing in an image, faint stars, variables, and keeps the brightest', () => {
    const n = 6;
    const stars: StarSeries[] = [flat(1000, n), flat(2000, n), flat(3000, n), flat(4000, n)];
    stars.push({ ...flat(5000, n), ok: [true, true, false, true, true, true] }); // 4: missing once
    stars.push(flat(100, n, 10)); // 5: S/N 10
    stars.push({ ...flat(6000, n), flux: [6000, 7000, 5000, 6500, 5500, 6000] }); // 6: variable
    const c = selectComparisons(stars, { maxStars: 3, minSnr: 30 });
    expect(c.selected).toEqual([3, 2, 1]);
    const why = Object.fromEntries(c.rejected.map((r) => [r.index, r.reason]));
    expect(why).toMatchObject({ 4: 'missing', 5: 'faint', 6: 'variable', 0: 'surplus' });
    const none = selectComparisons([flat(100, n, 10)], { minSnr: 30 });
    expect(none.selected).toEqual([]);
    expect(none.rejected).toEqual([{ index: 0, reason: 'faint' }]);
    expect(() => differentialPhotometry(flat(1, n), [], [])).toThrow(PhotometryError);
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
