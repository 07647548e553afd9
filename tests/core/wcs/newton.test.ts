import { describe, expect, it } from 'vitest';
import { forwardDifference, newtonInverse2d, type PlaneJacobian, type PlaneMap } from '../../../src/core/wcs/newton.js';

// A smooth, invertible distortion near the origin (like a small SIP polynomial).
const f: PlaneMap = (x, y) => [x + 1e-3 * x * x - 2e-4 * x * y, y + 5e-4 * y * y + 1e-4 * x * x];
const exact: PlaneJacobian = (x, y) => [1 + 2e-3 * x - 2e-4 * y, -2e-4 * x, 2e-4 * x, 1 + 1e-3 * y];

describe('newtonInverse2d', () => {
  it('inverts a distortion with the analytic or the finite-difference Jacobian', () => {
    for (const [x, y] of [[0, 0], [12.5, -40], [-100, 80], [300, 250]] as const) {
      const [tx, ty] = f(x, y);
      const a = newtonInverse2d(f, exact, tx, ty, tx, ty, { maxIterations: 60, stepTolerance: 1e-12, finalTolerance: 1e-9 });
      expect(a[0]).toBeCloseTo(x, 9);
      expect(a[1]).toBeCloseTo(y, 9);
      const b = newtonInverse2d(f, forwardDifference(f, 1e-6), tx, ty, tx, ty, { maxIterations: 60, stepTolerance: 1e-12, finalTolerance: 1e-9 });
      expect(b[0]).toBeCloseTo(x, 8);
      expect(b[1]).toBeCloseTo(y, 8);
    }
  });
  it('stops at once when the residual is already below residualTolerance', () => {
    let calls = 0;
    const counted: PlaneMap = (x, y) => {
      calls++;
      return f(x, y);
    };
    const [tx, ty] = f(3, 4);
    expect(newtonInverse2d(counted, exact, tx, ty, 3, 4, { maxIterations: 50, stepTolerance: 1e-15, residualTolerance: 1e-12 })).toEqual([3, 4]);
    expect(calls).toBe(1);
  });
  it('gives NaN for a singular Jacobian, a non-finite residual, or no convergence within finalTolerance', () => {
    const flat: PlaneMap = (x) => [x, x];
    expect(newtonInverse2d(flat, forwardDifference(flat, 1e-6), 1, 2, 0, 0, { maxIterations: 10, stepTolerance: 1e-12 })).toEqual([NaN, NaN]);
    const hole: PlaneMap = (x, y) => [Math.log(x), y];
    expect(newtonInverse2d(hole, forwardDifference(hole, 1e-6), 0, 0, -1, 0, { maxIterations: 10, stepTolerance: 1e-12 })).toEqual([NaN, NaN]);
    const [tx, ty] = f(300, 250);
    const short = { maxIterations: 1, stepTolerance: 1e-15 };
    expect(newtonInverse2d(f, exact, tx, ty, tx, ty, { ...short, finalTolerance: 1e-9 })).toEqual([NaN, NaN]);
    // without finalTolerance the last iterate is handed back for the caller to check
    expect(newtonInverse2d(f, exact, tx, ty, tx, ty, short).every(Number.isFinite)).toBe(true);
  });
});
