/**
 * minarea-wasm.ts's componentMinarea against clean.ts's minareaThreshold, the TypeScript it
 * replaces: random components (ties, −0 and +0, negative values), whole and as lists in the
 * kernels' memory, minarea 1 … 10 and a few larger.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { minareaThreshold } from '../../../src/core/extract/clean.js';
import { levelKernels, setDetectWasm } from '../../../src/core/extract/detect-wasm.js';
import { lcg } from '../../../src/core/synth/index.js';

/** The project's LCG (core/synth), so that a failure repeats. */
const uniform = lcg(11);

beforeEach(() => setDetectWasm('on'));
afterEach(() => setDetectWasm('auto'));

/** A float32 value with many ties, ±0 and the odd negative or large one. */
function value(kind: number): number {
  const u = uniform();
  if (kind === 0) return u < 0.3 ? -0 : u < 0.6 ? 0 : Math.fround(Math.floor(uniform() * 4) - 1.5);
  if (kind === 1) return Math.fround(Math.floor(uniform() * 5) * 0.25);
  return Math.fround((uniform() - 0.2) * 10 ** Math.floor(uniform() * 6));
}

describe('the minarea threshold in WebAssembly', () => {
  it('is minareaThreshold’s, bit for bit, over whole components and listed objects', () => {
    const k = levelKernels();
    expect(k).toBeDefined();
    if (!k) return;
    let checked = 0;
    for (let trial = 0; trial < 3000; trial++) {
      const width = 50;
      const n = 1 + Math.floor(uniform() * (trial % 100 === 99 ? 2500 : 40));
      const s0 = Math.floor(uniform() * 4);
      const idx = new Int32Array(s0 + n);
      for (let q = 0; q < n; q++) idx[s0 + q] = Math.floor(uniform() * 40) * width + Math.floor(uniform() * width);
      const kind = trial % 3;
      const cd = Float32Array.from({ length: s0 + n }, () => value(kind));
      const thresh = kind === 0 ? (uniform() < 0.5 ? 0 : -0) : kind === 1 ? 0.5 : uniform() * 3;
      k.prepare(idx, cd, cd, s0, n, width, 1);
      const minarea = trial % 50 === 49 ? 11 + Math.floor(uniform() * 54) : 1 + (trial % 10);
      const whole = Int32Array.from({ length: n }, (_, q) => s0 + q);
      expect(Object.is(k.minarea(0, n, 0, thresh, minarea), minareaThreshold(cd, whole, n, thresh, minarea))).toBe(true);
      // a list: a random subset of the pixels in a random order, in the kernels' memory
      const m = 1 + Math.floor(uniform() * n);
      const order = Array.from({ length: n }, (_, q) => q);
      for (let q = n - 1; q > 0; q--) {
        const r = Math.floor(uniform() * (q + 1));
        [order[q], order[r]] = [order[r], order[q]];
      }
      const list = Int32Array.from(order.slice(0, m), (q) => s0 + q);
      k.gathered.set(list);
      const got = k.minarea(k.gathered.byteOffset, m, s0, thresh, minarea);
      expect(Object.is(got, minareaThreshold(cd, list, m, thresh, minarea))).toBe(true);
      checked++;
    }
    expect(checked).toBe(3000);
  });
});
