/**
 * The background meshes' WebAssembly loops (mesh-wasm.ts, in detect-wasm.ts's module) give the
 * TypeScript loops' sums, counts, histograms and their prefix sums, bit for bit, on hostile pixels (NaN, ±Infinity,
 * values ≤ −1e30, overflowing squares, subnormals, signed zeros), widths and heights that are not
 * multiples of the mesh, and meshes with too few valid pixels; and the TypeScript loops run when
 * the kernels are switched off.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { meshCount, meshRowStats, type MeshRow } from '../../../src/core/extract/background.js';
import { meshKernels, setDetectWasm } from '../../../src/core/extract/detect-wasm.js';
import { backgroundMeshRows, resolveOptions } from '../../../src/core/extract/extract.js';
import { lcg } from '../../../src/core/synth/index.js';

/** The project's LCG (core/synth), so that a failure repeats. */
const uniform = lcg(11);

const HOSTILE = [NaN, Infinity, -Infinity, -1e30, -2e30, 3e38, -3e38, 1e-45, -1e-45, 0, -0, 1e-39, -0.9e30];

/** An image around `sky` with noise, bright pixels, and a share `hostile` of the values above. */
function image(w: number, h: number, sky: number, hostile: number): Float32Array {
  return Float32Array.from({ length: w * h }, () => {
    const u = uniform();
    if (u < hostile) return HOSTILE[Math.floor(uniform() * HOSTILE.length)];
    if (u < hostile + 0.03) return sky + 2000 * uniform();
    return sky + (uniform() - 0.5) * 60;
  });
}

const f32 = Math.fround;

/** The TypeScript loops' sums (background.ts's meshSums and meshClippedSums), as a reference. */
function sums(px: Float32Array, w: number, x0: number, x1: number, y0: number, y1: number, cut?: [number, number]): number[] {
  let s = 0;
  let s2 = 0;
  let n = 0;
  let nan = 0;
  for (let y = y0; y < y1; y++) {
    for (let i = y * w + x0; i < y * w + x1; i++) {
      const p = px[i];
      if (cut ? p <= cut[1] && p >= cut[0] : p > -1e30) {
        s += p;
        s2 += p * p;
        n++;
      } else if (!cut && p !== p) nan++;
    }
  }
  return cut ? [s, s2, n] : [s, s2, n, nan];
}

/** background.ts's meshHistogram, as a reference. */
function histogram(px: Float32Array, w: number, x0: number, x1: number, y0: number, y1: number, qscale: number, cste: number, nlevels: number): number[] {
  const h = new Array<number>(nlevels).fill(0);
  const rq = 1 / qscale;
  for (let y = y0; y < y1; y++) {
    for (let i = y * w + x0; i < y * w + x1; i++) {
      const v = f32(f32(px[i] * rq) + cste);
      if (v > -1 && v < nlevels) h[v | 0]++;
    }
  }
  return h;
}

/** The bits of a mesh row's float32 values (NaN, −0 and +0 told apart), and its NaN count. */
function rowBits(r: MeshRow): { back: number[]; sigma: number[]; nan: number } {
  const u = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
  return { back: u(r.back), sigma: u(r.sigma), nan: r.nanCount };
}

beforeEach(() => setDetectWasm('on'));
afterEach(() => setDetectWasm('auto'));

describe('background mesh loops in WebAssembly', () => {
  it('sums, clipped sums and histograms: the TypeScript loops\' values, bit for bit', () => {
    for (const [w, h, hostile] of [
      [1, 5, 0.3],
      [7, 3, 0.5],
      [33, 17, 0.1],
      [130, 9, 0.02],
    ] as const) {
      const px = image(w, h, 1000, hostile);
      const k = meshKernels(w, h, 0);
      expect(k).toBeDefined();
      if (!k) return;
      k.load(px, 0, h);
      for (const [x0, x1] of [
        [0, w],
        [0, Math.ceil(w / 2)],
        [Math.floor(w / 3), w],
        [0, 0],
      ]) {
        k.sums(x0, x1);
        const want = sums(px, w, x0, x1, 0, h);
        want.forEach((v, i) => expect(Object.is(k.out[i], v)).toBe(true));
        for (const cut of [
          [f32(900), f32(1100)],
          [-Infinity, Infinity],
          [f32(-3e38), f32(1e-45)],
        ] as [number, number][]) {
          k.clipped(x0, x1, cut[0], cut[1]);
          sums(px, w, x0, x1, 0, h, cut).forEach((v, i) => expect(Object.is(k.out[i], v)).toBe(true));
        }
        for (const [qscale, nlevels] of [
          [f32(0.37), 4096],
          [f32(3), 100],
          [1, 7],
        ]) {
          const cste = f32(0.499999 - f32(f32(950) / qscale));
          const got = Array.from(k.histogram(x0, x1, qscale, cste, nlevels).subarray(0, nlevels));
          const want = histogram(px, w, x0, x1, 0, h, qscale, cste, nlevels);
          expect(got).toEqual(want);
          // its prefix sums (background.ts's histogramPrefixSums): counts, Σ h·i, Σ h·i²
          const sums = [[0], [0], [0]];
          want.forEach((hv, i) => [hv, hv * i, hv * i * i].forEach((t, q) => sums[q].push(sums[q][i] + t)));
          expect([k.prefix.p0, k.prefix.p1, k.prefix.p2].map((p) => Array.from(p.subarray(0, nlevels + 1)))).toEqual(sums);
        }
      }
      // a later mesh row of fewer rows (the image's last)
      if (h > 2) {
        k.load(px, 1, h - 1);
        k.sums(0, w);
        sums(px, w, 0, w, 1, h - 1).forEach((v, i) => expect(Object.is(k.out[i], v)).toBe(true));
      }
    }
  });

  it('histograms (four pixels at a time in float32 lanes, a division by qscale): the TypeScript\'s bins for random scales, offsets and levels', () => {
    const w = 67;
    const h = 9;
    const px = image(w, h, 1000, 0.2);
    // pixels of every magnitude, subnormals among them
    for (let i = 0; i < px.length; i += 7) px[i] = f32((uniform() - 0.5) * 10 ** (80 * uniform() - 45));
    const k = meshKernels(w, h, 0)!;
    k.load(px, 0, h);
    let filled = 0;
    for (let t = 0; t < 300; t++) {
      const qscale = t % 10 === 0 ? [1e-45, 1e-40, 3e38, 0, Infinity][t / 10 % 5] : f32(10 ** (60 * uniform() - 30));
      const qzero = f32((uniform() - 0.3) * 2000);
      const nlevels = 1 + Math.floor(uniform() * 4096);
      const cste = f32(0.499999 - f32(qzero / qscale));
      const [x0, x1] = t % 3 === 0 ? [0, w] : [Math.floor(uniform() * w), w - Math.floor(uniform() * 5)];
      const got = Array.from(k.histogram(x0, Math.max(x0, x1), qscale, cste, nlevels).subarray(0, nlevels));
      expect(got).toEqual(histogram(px, w, x0, Math.max(x0, x1), 0, h, qscale, cste, nlevels));
      if (got.some((c) => c > 0)) filled++;
    }
    expect(filled).toBeGreaterThan(30);
  });

  it('two meshes at a time (the pair functions): each lane its mesh\'s sums and clipped sums, bit for bit', () => {
    for (const [w, h, bw, hostile] of [
      [2, 3, 1, 0.5],
      [64, 16, 16, 0.2],
      [99, 7, 32, 0.1], // an odd mesh and a narrower last one beyond the pairs
      [256, 5, 64, 0.02],
    ] as const) {
      const px = image(w, h, 1000, hostile);
      const k = meshKernels(w, h, 0)!;
      k.load(px, 0, h);
      const pairs = Math.floor(w / bw) >> 1;
      k.sumsPairs(0, bw, pairs);
      for (let m = 0; m < 2 * pairs; m++) {
        const want = sums(px, w, m * bw, (m + 1) * bw, 0, h);
        want.forEach((v, f) => expect(Object.is(k.pairOut[8 * (m >> 1) + 2 * f + (m & 1)], v)).toBe(true));
      }
      // each mesh its own cuts, the hostile ones among them
      const cutsOf = (m: number): [number, number] => [[f32(985), f32(1010)], [-Infinity, Infinity], [f32(-3e38), f32(1e-45)], [NaN, 1]][m % 4] as [number, number];
      for (let m = 0; m < 2 * pairs; m++) {
        k.cuts[4 * (m >> 1) + (m & 1)] = cutsOf(m)[0];
        k.cuts[4 * (m >> 1) + 2 + (m & 1)] = cutsOf(m)[1];
      }
      k.clippedPairs(0, bw, pairs);
      for (let m = 0; m < 2 * pairs; m++) {
        const want = sums(px, w, m * bw, (m + 1) * bw, 0, h, cutsOf(m));
        want.forEach((v, f) => expect(Object.is(k.pairOut[8 * (m >> 1) + 2 * f + (m & 1)], v)).toBe(true));
      }
    }
  });

  it('mesh rows with and without them: the same backgrounds, RMS and NaN counts', () => {
    for (const [w, h, mesh, hostile] of [
      [100, 70, 32, 0.01],
      [64, 64, 16, 0.2],
      [37, 91, 16, 0.6], // meshes with too few valid pixels
      [300, 20, 64, 0.05], // one mesh row shorter than a mesh
      [96, 40, 32, 0.02], // an odd number of whole meshes (one pair and one alone)
      [128, 50, 32, 0.4], // whole meshes in pairs only, some with too few valid pixels
    ] as const) {
      const px = image(w, h, 500, hostile);
      for (let x = 0; x < w; x++) px[(h >> 1) * w + x] = NaN; // a masked row
      const o = resolveOptions({ backSize: mesh });
      const ny = meshCount(h, mesh);
      setDetectWasm('off');
      const want = backgroundMeshRows(px, w, h, 0, ny, o).map(rowBits);
      setDetectWasm('on');
      const got = backgroundMeshRows(px, w, h, 0, ny, o).map(rowBits);
      expect(got).toEqual(want);
      // one row at a time, as the strip workers ask
      const k = meshKernels(w, Math.min(mesh, h), 0);
      for (let j = 0; j < ny; j++) expect(rowBits(meshRowStats(px, w, h, j, mesh, mesh, k))).toEqual(want[j]);
    }
  });

  it('mesh rows whose meshes have around half their pixels valid: the same bad meshes with and without them', () => {
    for (const [w, h, mesh] of [
      [160, 40, 16],
      [75, 33, 8],
    ] as const) {
      const px = image(w, h, 500, 0);
      // the share of NaN pixels goes from 0 to 0.9 across the mesh columns
      const nx = meshCount(w, mesh);
      for (let i = 0; i < px.length; i++) if (uniform() < (0.9 * Math.floor((i % w) / mesh)) / nx) px[i] = NaN;
      const o = resolveOptions({ backSize: mesh });
      const ny = meshCount(h, mesh);
      setDetectWasm('off');
      const want = backgroundMeshRows(px, w, h, 0, ny, o).map(rowBits);
      setDetectWasm('on');
      const got = backgroundMeshRows(px, w, h, 0, ny, o).map(rowBits);
      expect(got).toEqual(want);
      const bad = want.flatMap((r) => r.back).filter((b) => b === 0xf149f2ca).length;
      expect(bad).toBeGreaterThan(0);
      expect(bad).toBeLessThan(nx * ny);
    }
  });

  it('are used when switched on, and not when switched off (the TypeScript loops)', () => {
    expect(meshKernels(64, 64, 4096)).toBeDefined();
    setDetectWasm('off');
    expect(meshKernels(64, 64, 4096)).toBeUndefined();
  });
});
