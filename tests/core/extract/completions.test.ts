/**
 * Completions.addColumns (a block of completions given as columns, detection's
 * subtractFilterRows log) against Completions.add one at a time, growing past the capacity.
 */
import { describe, expect, it } from 'vitest';
import { Completions } from '../../../src/core/extract/lutz.js';

describe('Completions.addColumns', () => {
  it('the arrays of add, completion by completion, through several growths', () => {
    const a = new Completions(4);
    const b = new Completions(4);
    const stride = 50;
    const log = new Int32Array(5 * stride);
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 1000;
    for (const nc of [0, 3, 1, 9, 40, 50, 2, 0, 17]) {
      for (let j = 0; j < nc; j++) {
        const [first, count, flag, xl, line] = [next(), next(), next() & 3, next(), next()];
        a.add(first, count, flag, line, xl);
        log[j] = first;
        log[stride + j] = count;
        log[2 * stride + j] = flag;
        log[3 * stride + j] = xl;
        log[4 * stride + j] = line;
      }
      b.addColumns(log, stride, nc);
      expect(b.n).toBe(a.n);
    }
    for (const f of ['first', 'count', 'flag', 'line', 'xl'] as const) expect(Array.from(b[f].subarray(0, b.n))).toEqual(Array.from(a[f].subarray(0, a.n)));
  });
});
