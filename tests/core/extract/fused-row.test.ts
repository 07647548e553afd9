import { describe, expect, it } from 'vitest';
import { convolveRecord3, recordRowConst } from '../../../src/core/extract/detect.js';
import { convolveRow, defaultKernel, normaliseKernel } from '../../../src/core/extract/filter.js';

describe('convolveRecord3', () => {
  // the default kernel, and one with negative and unequal weights (edge pixels take the
  // zero-padded sums: they must be the floats of the edge formulas of convolve3Fast)
  it.each([
    ['default', defaultKernel()],
    ['asymmetric', normaliseKernel([-1, 3, 0.5, 2, 5, -2, 0.25, 1, 4], 3, 3)],
  ])('records exactly what filtering the row and then thresholding it records (%s kernel)', (_name, k) => {
    let s = 99;
    const rnd = (): number => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
    for (const w of [2, 3, 17, 300]) {
      for (let t = 0; t < 50; t++) {
        const rows = [0, 1, 2].map(() => Float32Array.from({ length: w }, () => (rnd() - 0.3) * 40));
        // rows of zeros too (a threshold below zero records all of them, signed zeros included)
        if (t % 10 === 9) rows[t % 3].fill(0);
        const thr = t % 7 === 6 ? -1 : 5 + rnd();
        const conv = new Float32Array(w);
        convolveRow(rows, w, k, conv, true);
        const want = { rec: new Int32Array(w), idx: new Int32Array(w), val: new Float32Array(w), cd: new Float32Array(w) };
        const got = { rec: new Int32Array(w), idx: new Int32Array(w), val: new Float32Array(w), cd: new Float32Array(w) };
        const n1 = recordRowConst(conv, thr, rows[1], 1000, w, want.rec, want.idx, want.val, want.cd, 0);
        const n2 = convolveRecord3(rows[0], rows[1], rows[2], w, k.data, thr, rows[1], 1000, got.rec, got.idx, got.val, got.cd, 0);
        expect(n2).toBe(n1);
        expect(got).toEqual(want);
      }
    }
  });
});
