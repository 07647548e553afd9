import { describe, expect, it } from 'vitest';
import { combineBands, type BandReader } from '../../../src/core/calib/index.js';
import { medianModuleBytes, simdMedians } from '../../../src/core/stats/median-simd.js';
import { networkMedians } from '../../../src/core/stats/median-network.js';

/** The engine's WebAssembly (this project's Node typings do not declare it). */
const wasm = (globalThis as unknown as { WebAssembly: { validate(bytes: Uint8Array): boolean } }).WebAssembly;

let seed = 11;
function uniform(): number {
  seed = (seed * 1103515245 + 12345) >>> 0;
  return seed / 4294967296;
}

/** Equal as numbers (+0 and −0 alike: the TypeScript network may turn a −0 into +0), NaN equal to NaN. */
function same(a: number, b: number): boolean {
  return a === b || (a !== a && b !== b);
}

/** Random values with many ties, zeros of both signs and a wide range. */
function value(): number {
  const u = uniform();
  if (u < 0.05) return uniform() < 0.5 ? 0 : -0;
  if (u < 0.2) return Math.round(uniform() * 4) - 2;
  return (uniform() - 0.5) * 10 ** (uniform() * 12 - 4);
}

describe('median network in WebAssembly SIMD', () => {
  it('is a valid module for stack heights from 2 to 128', () => {
    for (const n of [2, 3, 4, 5, 6, 7, 8, 9, 16, 20, 21, 31, 32, 64, 127, 128]) expect(wasm.validate(medianModuleBytes(n))).toBe(true);
  });

  it('equals the TypeScript network on random stacks of 2–64 and 127–128 values, odd and even band sizes', () => {
    const heights = [...Array.from({ length: 63 }, (_, i) => i + 2), 127, 128];
    for (const n of heights) {
      for (const size of [1, 2, 3, 38, 101]) {
        const k = simdMedians(n, size + 5);
        expect(k).toBeDefined();
        if (!k) return;
        for (let i = 0; i < n * size; i++) k.stack[i] = value();
        const copy = Float64Array.from(k.stack.subarray(0, n * size));
        const before = Float64Array.from(copy);
        const got = k.run(size);
        expect(got.length).toBe(size);
        const want = new Float64Array(size);
        networkMedians(copy, size, n, 0, size, want, 0);
        for (let p = 0; p < size; p++) if (!same(got[p], want[p])) expect([n, size, p, got[p]]).toEqual([n, size, p, want[p]]);
        // the stack is only read
        expect(Array.from(k.stack.subarray(0, n * size)).every((x, i) => Object.is(x, before[i]))).toBe(true);
      }
    }
  });

  it('covers bands longer than one call into the module (chunks of 2048 pixel pairs)', () => {
    const n = 20;
    const size = 9001;
    const k = simdMedians(n, size);
    if (!k) throw new Error('no SIMD');
    for (let i = 0; i < n * size; i++) k.stack[i] = value();
    const copy = Float64Array.from(k.stack.subarray(0, n * size));
    const got = Float64Array.from(k.run(size));
    const want = new Float64Array(size);
    networkMedians(copy, size, n, 0, size, want, 0);
    let differ = 0;
    for (let p = 0; p < size; p++) if (!same(got[p], want[p])) differ++;
    expect(differ).toBe(0);
    // a smaller band in the same kernel afterwards (the last band of a frame): stride = its size
    const small = 777;
    for (let i = 0; i < n * small; i++) k.stack[i] = value();
    const copy2 = Float64Array.from(k.stack.subarray(0, n * small));
    const got2 = k.run(small);
    const want2 = new Float64Array(small);
    networkMedians(copy2, small, n, 0, small, want2, 0);
    for (let p = 0; p < small; p++) expect(same(got2[p], want2[p])).toBe(true);
  });

  it('gives NaN for a pixel with NaN or ±Infinity among its values, and the right median beside it', () => {
    for (const n of [2, 3, 20, 21]) {
      const size = 9;
      const k = simdMedians(n, size);
      if (!k) throw new Error('no SIMD');
      for (let f = 0; f < n; f++) for (let p = 0; p < size; p++) k.stack[f * size + p] = f * 10 + p;
      k.stack[1] = NaN; // pixel 1, frame 0
      k.stack[(n - 1) * size + 2] = Infinity; // pixel 2, last frame
      k.stack[3] = -Infinity;
      k.stack[size + 4] = Infinity; // pixel 4: +∞ and −∞
      k.stack[4] = -Infinity;
      k.stack[8] = 1e308; // pixel 8: a sum that overflows (false alarm: NaN, the caller redoes it)
      k.stack[size + 8] = 1e308;
      const got = k.run(size);
      for (const p of [1, 2, 3, 4, 8]) expect(got[p]).toBeNaN();
      const mid = n % 2 === 1 ? 10 * (n >> 1) : 10 * (n >> 1) - 5;
      for (const p of [0, 5, 6, 7]) expect(got[p]).toBe(mid + p);
    }
  });

  it('refuses a band larger than the kernel was made for', () => {
    const k = simdMedians(5, 10);
    expect(() => k?.run(11)).toThrow(RangeError);
  });
});

describe('combineBands: SIMD and TypeScript medians agree', () => {
  /** Frames of width w, height h from `val`, written into the stack when the combination offers it. */
  function readers(n: number, w: number, val: (k: number, i: number) => number): BandReader[] {
    return Array.from({ length: n }, (_, k) => (y0: number, y1: number, into?: Float64Array) => {
      const out = into ?? new Float64Array((y1 - y0) * w);
      for (let i = 0; i < out.length; i++) out[i] = val(k, y0 * w + i);
      return out;
    });
  }

  it('on random frames with NaN, ±Infinity, empty pixels, scales and several band heights', () => {
    const w = 53;
    const h = 17;
    for (const n of [2, 3, 8, 20, 33]) {
      const vals = Array.from({ length: n }, () => Float64Array.from({ length: w * h }, () => value()));
      for (let i = 0; i < 40; i++) vals[Math.floor(uniform() * n)][Math.floor(uniform() * w * h)] = [NaN, Infinity, -Infinity][i % 3];
      for (let k = 0; k < n; k++) vals[k][7] = NaN; // pixel 7 has no value
      const val = (k: number, i: number) => vals[k][i];
      const scales = Array.from({ length: n }, () => 0.5 + uniform());
      for (const bandRows of [1, 4, 17]) {
        const opts = { method: 'median' as const, bandBytes: n * w * 8 * bandRows, scales };
        const a = combineBands(readers(n, w, val), w, h, opts);
        const b = combineBands(readers(n, w, val), w, h, { ...opts, simd: false });
        expect(a.bandRows).toBe(bandRows);
        expect(a.empty).toBe(b.empty);
        expect(a.empty).toBeGreaterThanOrEqual(1);
        for (let i = 0; i < w * h; i++) if (!same(a.data[i], b.data[i])) expect([n, bandRows, i, a.data[i]]).toEqual([n, bandRows, i, b.data[i]]);
      }
    }
  });
});
