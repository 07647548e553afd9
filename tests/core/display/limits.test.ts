import { describe, expect, it } from 'vitest';
import { histogram, percentileLimits, PERCENTILES, quantileSorted, renderRgba, sortedFinite } from '../../../src/core/display/index.js';

describe('percentile limits', () => {
  // Expected values from numpy.percentile(np.arange(1, 11), [(100-p)/2, (100+p)/2]).
  const numpy: Record<number, [number, number]> = {
    99.5: [1.0225, 9.9775],
    99: [1.045, 9.955],
    98: [1.09, 9.91],
    95: [1.225, 9.775],
    90: [1.45, 9.55],
  };
  it.each(PERCENTILES.map((p) => [p] as const))('matches numpy for the central %s %%', (p) => {
    const sorted = sortedFinite(Float64Array.from([7, 3, 10, 1, 5, 9, 2, 8, 4, 6]));
    const [lo, hi] = percentileLimits(sorted, p);
    expect(lo).toBeCloseTo(numpy[p]![0], 10);
    expect(hi).toBeCloseTo(numpy[p]![1], 10);
  });

  it('ignores NaN and infinite pixels as astropy PercentileInterval does (1.2, 4.8)', () => {
    const sorted = sortedFinite(Float32Array.from([5, 1, Number.NaN, 3, 2, 4, Number.POSITIVE_INFINITY]));
    expect(Array.from(sorted)).toEqual([1, 2, 3, 4, 5]);
    const [lo, hi] = percentileLimits(sorted, 90);
    expect(lo).toBeCloseTo(1.2, 6);
    expect(hi).toBeCloseTo(4.8, 6);
  });

  it('gives the extremes at 0 and 1, and NaN when there is no finite pixel', () => {
    const sorted = sortedFinite(Float32Array.from([4, -2, 9]));
    expect(quantileSorted(sorted, 0)).toBe(-2);
    expect(quantileSorted(sorted, 1)).toBe(9);
    expect(quantileSorted(sorted, 0.5)).toBe(4);
    expect(percentileLimits(sortedFinite(Float32Array.from([Number.NaN])), 99)).toEqual([Number.NaN, Number.NaN]);
  });
});

describe('histogram', () => {
  it('counts the finite values within [low, high] in equal bins, the high edge in the last bin', () => {
    const h = histogram(Float32Array.from([0, 0.5, 1, 2.5, 3.99, 4, 5, -1, Number.NaN]), 0, 4, 4);
    expect(Array.from(h.counts)).toEqual([2, 1, 1, 2]);
    expect([h.low, h.high]).toEqual([0, 4]);
  });

  it('puts every value equal to a zero-width range in bin 0', () => {
    expect(Array.from(histogram(Float32Array.from([3, 3, 2]), 3, 3, 3).counts)).toEqual([2, 0, 0]);
  });
});

describe('contrast and bias', () => {
  const ramp = Float32Array.from([0, 0.25, 0.5, 0.75, 1]);
  const grey = (o: { contrast?: number; bias?: number }) => {
    const rgba = renderRgba(ramp, 5, 1, { low: 0, high: 1, stretch: 'linear', colormap: 'gray', ...o });
    return [0, 1, 2, 3, 4].map((i) => rgba[i * 4]!);
  };

  it('leaves the map unchanged at contrast 1, bias 0.5', () => {
    expect(grey({ contrast: 1, bias: 0.5 })).toEqual(grey({}));
    expect(grey({})).toEqual([0, 64, 128, 191, 255]);
  });

  it('steepens the map with contrast 2 (a quarter of the range clips at each end)', () => {
    expect(grey({ contrast: 2 })).toEqual([0, 0, 128, 255, 255]);
  });

  it('darkens the image with a larger bias (the map slides right)', () => {
    // 4096 levels: 0.75 becomes level 3071/4095, so ±1 grey level.
    const got = grey({ bias: 0.75 });
    [0, 0, 64, 128, 191].forEach((v, i) => expect(Math.abs(got[i]! - v)).toBeLessThanOrEqual(1));
  });
});
