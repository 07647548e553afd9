import { describe, expect, it } from 'vitest';
import { batcherPairs, medianNetwork, networkMedians } from '../../../src/core/stats/median-network.js';
import { sortedMedian } from '../../../src/core/stats/index.js';

let seed = 7;
function uniform(): number {
  seed = (seed * 1103515245 + 12345) >>> 0;
  return seed / 4294967296;
}

describe('median network', () => {
  it('sorts every 0/1 input of up to 12 values (so, every input: the 0-1 principle)', () => {
    for (let n = 1; n <= 12; n++) {
      const pairs = batcherPairs(n);
      for (let m = 0; m < 1 << n; m++) {
        const v = Array.from({ length: n }, (_, i) => (m >> i) & 1);
        for (const [i, j] of pairs) if (v[i] > v[j]) [v[i], v[j]] = [v[j], v[i]];
        const ones = v.reduce((a, b) => a + b, 0);
        expect(v.every((x, i) => x === (i >= n - ones ? 1 : 0))).toBe(true);
      }
    }
  });

  it('gives each pixel the median of its values (mean of the middle two for an even count), for 1–60 frames', () => {
    for (let n = 1; n <= 60; n++) {
      const size = 37;
      const stack = new Float64Array(n * size);
      for (let i = 0; i < stack.length; i++) stack[i] = uniform() < 0.1 ? Math.round(uniform() * 3) : (uniform() - 0.5) * 1e4;
      const want = Array.from({ length: size }, (_, p) => sortedMedian(Float64Array.from({ length: n }, (_, f) => stack[f * size + p]).sort()));
      const out = new Float64Array(size + 3);
      networkMedians(stack, size, n, 0, 20, out, 3);
      networkMedians(stack, size, n, 20, size, out, 23);
      expect(Array.from(out.subarray(3))).toEqual(want);
    }
  });

  it('leaves the pixels marked to skip alone, and keeps fewer comparators than a full sort', () => {
    const stack = Float64Array.from([3, 1, 2, 9, 8, 7]); // 3 frames of 2 pixels
    const out = new Float32Array([-1, -1]);
    networkMedians(stack, 2, 3, 0, 2, out, 0, Uint8Array.from([0, 1]));
    expect(Array.from(out)).toEqual([3, -1]);
    expect(medianNetwork(20).length / 2).toBeLessThan(batcherPairs(20).length);
  });
});
