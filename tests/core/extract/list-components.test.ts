/**
 * DetectKernels.listComponents (lutz-wasm.ts's `listComponents`) against detect.ts's
 * listComponents, the TypeScript it replaces for strips whose pixel lists are in the kernels'
 * memory: the same lists and ends on random linked lists (chains cut by −1 or by their count,
 * counts beyond and below the chains' lengths, one-record and empty strips).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listComponents } from '../../../src/core/extract/detect.js';
import { detectKernels, setDetectWasm } from '../../../src/core/extract/detect-wasm.js';
import { Completions } from '../../../src/core/extract/lutz.js';
import { lcg } from '../../../src/core/synth/index.js';

/** The project's LCG (core/synth), so that a failure repeats. */
const uniform = lcg(11);

beforeEach(() => setDetectWasm('on'));
afterEach(() => setDetectWasm('auto'));

/** Random components over `np` records: each a chain through `next` (in a shuffled order), its count its length, or sometimes less or more; `next` ends each chain with −1. */
function randomLists(np: number, next: Int32Array): Completions {
  const perm = Int32Array.from({ length: np }, (_, i) => i);
  for (let i = np - 1; i > 0; i--) {
    const j = Math.floor(uniform() * (i + 1));
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  const found = new Completions(4);
  let i = 0;
  while (i < np) {
    const len = 1 + Math.floor(uniform() * (uniform() < 0.2 ? 60 : 5));
    const end = Math.min(np, i + len);
    for (let k = i; k < end; k++) next[perm[k]] = k + 1 < end ? perm[k + 1] : -1;
    const u = uniform();
    const count = u < 0.1 ? end - i - 1 : u < 0.2 ? end - i + 3 : end - i;
    found.add(perm[i], count, Math.floor(uniform() * 4), Math.floor(uniform() * 100), Math.floor(uniform() * 50));
    i = end;
  }
  return found;
}

describe('listComponents in WebAssembly', () => {
  it('lists the components as the TypeScript walk does', () => {
    let cases = 0;
    for (const np of [0, 1, 2, 7, 100, 1000, 5000]) {
      // one kernels' instance for the five sets (its room then holds the set before's values)
      const k = detectKernels(64, 3, 2, 64 * 64, Math.max(np, 16), 2)!;
      expect(k).toBeDefined();
      for (let rep = 0; rep < 5; rep++) {
        const found = randomLists(np, k.next);
        const ncomp = found.n;
        const a = { counts: new Int32Array(ncomp + 1), order: new Int32Array(np) };
        listComponents(found, k.next.slice(), 0, 64, a.counts, new Uint8Array(ncomp), new Float64Array(ncomp), a.order);
        const b = { counts: new Int32Array(ncomp + 1), order: new Int32Array(np) };
        k.listComponents(found.first, found.count, ncomp, b.order, b.counts);
        expect(Array.from(b.counts)).toEqual(Array.from(a.counts));
        expect(Array.from(b.order)).toEqual(Array.from(a.order));
        cases++;
      }
    }
    expect(cases).toBe(35);
  });
});
