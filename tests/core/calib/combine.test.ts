import { describe, expect, it } from 'vitest';
import { CalibError, combineBands, type BandReader } from '../../../src/core/calib/index.js';
import { finiteMedian as medianOf, meanOf } from '../../../src/core/stats/index.js';

/** Frames of width w, height h, each pixel's value given by f(frame, x, y). */
function readers(n: number, w: number, h: number, f: (k: number, x: number, y: number) => number): BandReader[] {
  return Array.from({ length: n }, (_, k) => (y0: number, y1: number) => {
    const out = new Float64Array((y1 - y0) * w);
    for (let y = y0; y < y1; y++) for (let x = 0; x < w; x++) out[(y - y0) * w + x] = f(k, x, y);
    return out;
  });
}

describe('combineBands', () => {
  it('takes the mean of the two middle values for an even count (numpy median)', () => {
    const vals = [5, 1, 4, 2];
    const r = combineBands(readers(4, 1, 1, (k) => vals[k]), 1, 1, { method: 'median' });
    expect(r.data[0]).toBe(3);
    expect(combineBands(readers(3, 1, 1, (k) => vals[k]), 1, 1, { method: 'median' }).data[0]).toBe(4);
  });
  it('ignores NaN, and gives NaN where no frame has a value', () => {
    const r = combineBands(readers(3, 2, 1, (k, x) => (x === 1 ? NaN : k === 0 ? NaN : k)), 2, 1, { method: 'mean' });
    expect(r.data[0]).toBe(1.5);
    expect(r.data[1]).toBeNaN();
    expect(r.empty).toBe(1);
  });
  it('sigma-clips once around the mean with the population deviation', () => {
    // 11 values: ten 0s and one 100: mean 9.09, sd 28.75, 100 is 3.16 sd away: kept at 3.5, clipped at 3
    const v = (k: number) => (k === 10 ? 100 : 0);
    expect(combineBands(readers(11, 1, 1, v), 1, 1, { method: 'sigclip', sigmaLow: 3.5, sigmaHigh: 3.5 }).data[0]).toBeCloseTo(100 / 11, 5);
    const clipped = combineBands(readers(11, 1, 1, v), 1, 1, { method: 'sigclip' });
    expect(clipped.data[0]).toBe(0);
    expect(clipped.rejected).toBe(1);
    // one pass only: after removing 100 (3.31 sd), the 1 among ten 0s would be 3.16 sd away, but is kept
    const w = (k: number) => (k === 10 ? 100 : k === 11 ? 1 : 0);
    expect(combineBands(readers(12, 1, 1, w), 1, 1, { method: 'sigclip' }).data[0]).toBeCloseTo(1 / 11, 6);
  });
  it('scales each frame before combining', () => {
    const r = combineBands(readers(2, 1, 1, (k) => (k + 1) * 10), 1, 1, { method: 'mean', scales: [1 / 10, 1 / 20] });
    expect(r.data[0]).toBe(1);
  });
  it('gives the same result whatever the band height, reading each row once', () => {
    const f = (k: number, x: number, y: number) => Math.sin(k * 7.1 + x * 0.3 + y * 1.7) * 100 + k;
    const whole = combineBands(readers(5, 13, 11, f), 13, 11, { method: 'median' });
    const reads: number[] = [];
    const counting = readers(5, 13, 11, f).map((r) => (y0: number, y1: number) => {
      reads.push(y1 - y0);
      return r(y0, y1);
    });
    const banded = combineBands(counting, 13, 11, { method: 'median', bandBytes: 5 * 13 * 8 * 3 });
    expect(banded.bandRows).toBe(3);
    expect(reads.reduce((a, b) => a + b, 0)).toBe(5 * 11);
    expect([...banded.data]).toEqual([...whole.data]);
  });
  it('refuses no frames, wrong scales and short bands', () => {
    expect(() => combineBands([], 1, 1, { method: 'mean' })).toThrow(CalibError);
    expect(() => combineBands(readers(2, 1, 1, () => 1), 1, 1, { method: 'mean', scales: [1] })).toThrow(/scales/);
    expect(() => combineBands([() => new Float64Array(1)], 2, 1, { method: 'mean' })).toThrow(/expected 2/);
  });
});

describe('whole-frame statistics', () => {
  it('median as numpy (even count: mean of the middle two), NaN ignored', () => {
    expect(medianOf([3, 1, 2])).toBe(2);
    expect(medianOf([4, 1, 3, 2])).toBe(2.5);
    expect(medianOf([NaN, 7, 1])).toBe(4);
    expect(medianOf([])).toBeNaN();
    const big = Float64Array.from({ length: 10001 }, (_, i) => (i * 7919) % 10001);
    expect(medianOf(big)).toBe(5000);
    expect(meanOf([1, 2, NaN, 6])).toBe(3);
  });
});

describe('combineBands median over many pixels', () => {
  it('equals the per-pixel median of the finite values, with NaN and ±Infinity in some stacks', () => {
    const w = 700;
    const h = 3;
    const val = (k: number, x: number, y: number) => {
      if (x === 5 && k < 3) return NaN;
      if (x === 600 && y === 1) return k % 2 === 0 ? Infinity : -Infinity;
      if (x === 601) return NaN;
      return Math.sin(k * 12.9898 + x * 78.233 + y * 37.719) * 43758.5453 % 100;
    };
    for (const n of [4, 7, 20]) {
      const r = combineBands(readers(n, w, h, val), w, h, { method: 'median', bandBytes: n * w * 8 * 2 });
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const vals = Array.from({ length: n }, (_, k) => val(k, x, y)).filter((v) => Number.isFinite(v));
          const want = vals.length === 0 ? NaN : medianOf(vals);
          expect(r.data[y * w + x]).toBe(Math.fround(want));
        }
      }
      expect(r.empty).toBe(h + 1);
    }
  });
});
