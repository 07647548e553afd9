/**
 * A background mesh's mode in WebAssembly (mode-wasm.ts's `meshMode`, MeshKernels.mode) gives
 * background.ts's meshMode (quantisation, histogram, backGuess), bit for bit: on meshes of many
 * shapes of histogram (Gaussian, bimodal, skewed, a few distinct values, all equal, empty), on
 * clipped sums that do not match the pixels (histograms empty or all in one end bin), and on NaN,
 * ±Infinity and zero counts, whose cuts are huge, infinite or NaN (where a plain float → int
 * conversion in WebAssembly would trap).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backGuess, meshMode } from '../../../src/core/extract/background.js';
import { meshKernels, setDetectWasm } from '../../../src/core/extract/detect-wasm.js';
import { lcg } from '../../../src/core/synth/index.js';

/** The project's LCG (core/synth), so that a failure repeats. */
const uniform = lcg(7);
function gauss(): number {
  return Math.sqrt(-2 * Math.log(uniform() + 1e-12)) * Math.cos(2 * Math.PI * uniform());
}

const f32 = Math.fround;

/** Pixel generators: each gives a mesh's value. */
const SHAPES: Array<[string, () => number]> = [
  ['gaussian', () => 1000 + 7 * gauss()],
  ['bimodal', () => (uniform() < 0.3 ? 1040 : 1000) + 3 * gauss()],
  ['skewed', () => 500 + 20 * -Math.log(uniform() + 1e-12)],
  ['stars', () => (uniform() < 0.05 ? 1000 + 5000 * uniform() : 1000 + 10 * gauss())],
  ['few values', () => [3, 4, 4, 5, 9][Math.floor(uniform() * 5)]],
  ['two spikes', () => (uniform() < 0.5 ? 0 : 100)],
  ['uneven spikes', () => (uniform() < 0.45 ? 0 : uniform() < 0.2 ? 37 : 100)],
  ['three spikes', () => [10, 20, 30][Math.floor(uniform() * 3)]],
  ['all equal', () => 1234.5],
  ['all zero', () => 0],
  ['tiny spread', () => 1 + 1e-7 * gauss()],
  ['huge', () => 3e38 * (uniform() - 0.5)],
  ['hostile', () => [NaN, Infinity, -Infinity, -1e30, 1e-45, -0, 1000][Math.floor(uniform() * 7)]],
];

/** meshRowStats' sums over the pixels in [lcut, hcut] (its clipped sums), lcut and hcut from the valid pixels' mean ± 2σ. */
function clippedSums(px: Float32Array, w: number, x0: number, x1: number, h: number): [number, number, number] {
  let s = 0;
  let s2 = 0;
  let n = 0;
  for (let y = 0; y < h; y++) {
    for (let x = x0; x < x1; x++) {
      const p = px[y * w + x];
      if (p > -1e30) {
        s += p;
        s2 += p * p;
        n++;
      }
    }
  }
  const mean = s / n;
  const v = s2 / n - mean * mean;
  const sd = v > 0 ? Math.sqrt(v) : 0;
  const lo = f32(mean - 2 * sd);
  const hi = f32(mean + 2 * sd);
  s = s2 = n = 0;
  for (let y = 0; y < h; y++) {
    for (let x = x0; x < x1; x++) {
      const p = px[y * w + x];
      if (p <= hi && p >= lo) {
        s += p;
        s2 += p * p;
        n++;
      }
    }
  }
  return [s, s2, n];
}

/** The two results' bits (NaN, −0 and +0 told apart). */
function bits(a: ArrayLike<number>): string {
  return Array.from(new Uint32Array(Float32Array.of(a[0], a[1]).buffer), (u) => u.toString(16)).join(' ');
}

beforeEach(() => setDetectWasm('on'));
afterEach(() => setDetectWasm('auto'));

describe('a background mesh\'s mode in WebAssembly', () => {
  it('gives meshMode\'s background and RMS, bit for bit, on meshes of many histogram shapes and sizes', () => {
    for (const [w, h, bw] of [
      [128, 64, 64],
      [50, 13, 16],
      [7, 3, 7],
      [1, 1, 1],
    ] as const) {
      for (const [name, gen] of SHAPES) {
        const px = Float32Array.from({ length: w * h }, gen);
        const k = meshKernels(w, h, 0)!;
        k.load(px, 0, h);
        const ts = new Float64Array(2);
        for (let x0 = 0; x0 < w; x0 += bw) {
          const x1 = Math.min(w, x0 + bw);
          const [s, s2, n] = clippedSums(px, w, x0, x1, h);
          meshMode(px, w, x0, x1, 0, h, s, s2, n, ts);
          k.mode(x0, x1, s, s2, n);
          expect(`${name} ${w}x${h} @${x0}: ${bits(k.out)}`).toBe(`${name} ${w}x${h} @${x0}: ${bits(ts)}`);
        }
      }
    }
  });

  it('gives meshMode\'s values for sums that do not match the pixels, and for NaN, infinite and zero ones', () => {
    const w = 64;
    const h = 32;
    const px = Float32Array.from({ length: w * h }, () => 1000 + 10 * gauss());
    const k = meshKernels(w, h, 0)!;
    k.load(px, 0, h);
    const ts = new Float64Array(2);
    const cases: Array<[number, number, number]> = [
      [0, 0, 0],
      [NaN, NaN, 5],
      [Infinity, Infinity, 100],
      [-Infinity, Infinity, 100],
      [1e300, Infinity, 3],
      [1000 * 2048, 1000 * 1000 * 2048, 2048], // σ = 0: qscale 1
      [1000 * 2048, 1000 * 1000 * 2048 * 1.5, 2048], // σ too large: a few levels
      [1100 * 2048, 1100 * 1100 * 2048 + 2048 * 4, 2048], // a mean above the pixels: the histogram's top bins
      [900 * 2048, 900 * 900 * 2048 + 2048 * 4, 2048], // below them: empty
      [-5e37, 1e76, 1],
      [1e-40, 1e-80, 1],
      [1000 * 1e6, 1e12 * 1e6, 1e6], // more levels than 4096
    ];
    for (let i = 0; i < 200; i++) {
      const n = Math.floor(uniform() * 3000);
      const mean = 1000 + 30 * gauss();
      const sd = Math.abs(20 * gauss());
      cases.push([mean * n, (sd * sd + mean * mean) * n, n]);
    }
    for (const [s, s2, n] of cases) {
      for (const [x0, x1] of [
        [0, w],
        [5, 37],
        [0, 0],
      ]) {
        meshMode(px, w, x0, x1, 0, h, s, s2, n, ts);
        k.mode(x0, x1, s, s2, n);
        expect(`${s} ${s2} ${n} [${x0}, ${x1}): ${bits(k.out)}`).toBe(`${s} ${s2} ${n} [${x0}, ${x1}): ${bits(ts)}`);
      }
    }
  });

  it('backGuess of random histograms (sparse, spiky, flat, empty, one bin): the TypeScript\'s mode and σ, bit for bit', () => {
    const k = meshKernels(8, 8, 0)!;
    const p0 = new Float64Array(4097);
    const p1 = new Float64Array(4097);
    const p2 = new Float64Array(4097);
    const fills: Array<(i: number, n: number) => number> = [
      () => (uniform() < 0.1 ? Math.floor(uniform() * 50) : 0), // sparse
      (i, n) => (i === 0 || i === n - 1 ? 1 + Math.floor(uniform() * 20) : 0), // both ends only
      (i, n) => (i === n >> 1 ? 1000 : 0), // one bin
      () => 0, // empty
      () => 7, // flat
      (i, n) => Math.floor(1000 * Math.exp(-(((i - n / 2) / (n / 10 + 1)) ** 2))), // Gaussian
      (i, n) => Math.floor(300 * Math.exp(-(((i - n / 4) / (n / 20 + 1)) ** 2)) + 600 * Math.exp(-(((i - (3 * n) / 4) / (n / 30 + 1)) ** 2))), // bimodal
      (i) => (i % 17 === 0 ? 3 : 0), // a comb
      () => Math.floor(uniform() * 3), // noise
      (i, n) => (i < n / 3 ? 0 : Math.floor(uniform() * 100)), // a cliff
    ];
    let n = 0;
    for (let trial = 0; trial < 600; trial++) {
      // (0: a random number of levels)
      const nlevels = [1, 2, 3, 5, 0, 4096][trial % 6] || 1 + Math.floor(uniform() * 4096);
      const fill = fills[Math.floor(trial / 6) % fills.length];
      const h = k.histo;
      for (let i = 0; i < nlevels; i++) h[i] = fill(i, nlevels);
      for (let i = 0; i < nlevels; i++) {
        p0[i + 1] = p0[i] + h[i];
        p1[i + 1] = p1[i] + h[i] * i;
        p2[i + 1] = p2[i] + h[i] * i * i;
      }
      k.prefix.p0.set(p0.subarray(0, nlevels + 1));
      k.prefix.p1.set(p1.subarray(0, nlevels + 1));
      k.prefix.p2.set(p2.subarray(0, nlevels + 1));
      // (the mean matters only when no iteration runs: one level)
      const bmMean = [f32(nlevels / 2), NaN, Infinity, -Infinity, f32(-3e38), 0][trial % 7 < 6 ? trial % 7 : 0];
      const qzero = f32(1000 * uniform());
      const qscale = [f32(uniform() + 0.01), 1, f32(1e-30), Infinity][trial % 4];
      const want = backGuess(Int32Array.from(h.subarray(0, nlevels)), nlevels, bmMean, qzero, qscale, { p0, p1, p2 });
      k.guess(nlevels, bmMean, qzero, qscale);
      expect(`${trial}: ${bits(k.out)}`).toBe(`${trial}: ${bits(want)}`);
      if (Number.isFinite(want[0]) && want[1] > 0) n++;
    }
    // most of them a finite mode with a spread
    expect(n).toBeGreaterThan(100);
  });

  it('leaves the histogram and its prefix sums as MeshKernels.histogram does', () => {
    const w = 40;
    const h = 20;
    const px = Float32Array.from({ length: w * h }, () => 200 + 4 * gauss());
    const k = meshKernels(w, h, 0)!;
    k.load(px, 0, h);
    const [s, s2, n] = clippedSums(px, w, 0, w, h);
    // the same quantisation by hand, as meshRowStats computes it
    const mean = s / n;
    const v = s2 / n - mean * mean;
    const sd = v > 0 ? Math.sqrt(v) : 0;
    const nlevels = Math.min(4096, Math.trunc(((Math.sqrt(2 / Math.PI) * 5) / 4) * n + 1));
    const qscale = f32(sd > 0 ? (10 * sd) / nlevels : 1);
    const qzero = f32(mean - 5 * sd);
    const histo = k.histogram(0, w, qscale, f32(0.499999 - f32(qzero / qscale)), nlevels);
    const want = Array.from(histo.subarray(0, nlevels));
    const p0 = Array.from(k.prefix.p0.subarray(0, nlevels + 1));
    expect(want.reduce((a, b) => a + b, 0)).toBeGreaterThan(0.9 * n);
    histo.fill(7);
    k.prefix.p0.fill(7);
    k.mode(0, w, s, s2, n);
    expect(Array.from(histo.subarray(0, nlevels))).toEqual(want);
    expect(Array.from(k.prefix.p0.subarray(0, nlevels + 1))).toEqual(p0);
  });
});
