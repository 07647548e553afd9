import { describe, expect, it } from 'vitest';
import { finiteMedian, finiteMedianInPlace, fmedian, median, smallMedianInPlace, sortedMedian, windowMedian } from '../../../src/core/stats/index.js';
import { rng } from '../../helpers/rng.js';

describe('the medians of the core', () => {
  it('sortedMedian takes the middle of a sorted range, the mean of the two middles for an even count', () => {
    const s = [1, 2, 4, 8, 16, 32];
    expect(sortedMedian(s)).toBe(6);
    expect(sortedMedian(s, 1, 4)).toBe(4);
    expect(sortedMedian(s, 2, 2)).toBeNaN();
  });
  it('median leaves NaN out but counts ±Infinity; finiteMedian leaves both out', () => {
    expect(median([3, NaN, 1, 2])).toBe(2);
    expect(median([Infinity, 1, 2])).toBe(2);
    expect(median([Infinity, Infinity, 1])).toBe(Infinity);
    expect(median([NaN])).toBeNaN();
    expect(finiteMedian([Infinity, Infinity, 1])).toBe(1);
    expect(finiteMedian([-Infinity, NaN])).toBeNaN();
  });
  it('every specialisation gives the same median of the same values', () => {
    const next = rng(7);
    for (let n = 1; n <= 60; n++) {
      // ties included: values on a coarse grid
      const v = Array.from({ length: n }, () => Math.round(next() * 20) / 4 - 2);
      const want = median(v);
      expect(finiteMedianInPlace(Float64Array.from(v))).toBe(want);
      expect(smallMedianInPlace(Float64Array.from(v), n)).toBe(want);
      expect(fmedian(v)).toBe(Math.fround(want));
      expect(windowMedian(Float32Array.from(v), n)).toBe(Math.fround(want));
    }
  });
  it('finiteMedianInPlace of large arrays (bracketed from a sample) equals the sorted median, ties, skew and sorted input included', () => {
    const next = rng(11);
    const cases: Array<(i: number) => number> = [
      () => next(),
      () => Math.round(next() * 5),
      (i) => i,
      (i) => -i * 0.5,
      (i) => (i % 1000 === 0 ? NaN : Math.exp(next() * 10)),
      (i) => (i < 40000 ? 1 : next()),
    ];
    for (const n of [65536, 65537, 100001, 200000]) {
      for (const f of cases) {
        const v = Float64Array.from({ length: n }, (_, i) => f(i));
        expect(finiteMedianInPlace(Float64Array.from(v))).toBe(median(v));
      }
    }
  });
});
