import { describe, expect, it } from 'vitest';
import { computeBackground, interpolateLine, meshBilinear, meshCount } from '../../../src/core/extract/background.js';
import { fmedian } from '../../../src/core/stats/index.js';
import { skyImage } from './helpers.js';

describe('background', () => {
  it('recovers a flat sky level and its noise', () => {
    const w = 256;
    const h = 192;
    const img = skyImage(w, h, 1000, 10, 3);
    const m = computeBackground(img, w, h);
    expect(m.nx).toBe(4);
    expect(m.ny).toBe(3);
    expect(m.globalBack).toBeGreaterThan(999);
    expect(m.globalBack).toBeLessThan(1001);
    expect(m.globalRms).toBeGreaterThan(9.5);
    expect(m.globalRms).toBeLessThan(10.5);
    const line = new Float32Array(w);
    interpolateLine(m, 'back', 100, line);
    for (const v of line) expect(Math.abs(v - 1000)).toBeLessThan(1.5);
    expect(Math.abs(meshBilinear(m, 'back', 10, 10) - 1000)).toBeLessThan(1.5);
  });

  it('follows a linear gradient through the spline', () => {
    const w = 320;
    const h = 320;
    const img = skyImage(w, h, 0, 2, 5);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) img[y * w + x] += 500 + 0.5 * x;
    const m = computeBackground(img, w, h);
    const line = new Float32Array(w);
    interpolateLine(m, 'back', 160, line);
    for (let x = 40; x < w - 40; x += 20) expect(Math.abs(line[x] - (500 + 0.5 * x))).toBeLessThan(1.5);
  });

  it('ignores NaN pixels and fills fully masked meshes from their neighbours', () => {
    const w = 192;
    const h = 192;
    const img = skyImage(w, h, 50, 3, 7);
    for (let y = 64; y < 128; y++) for (let x = 64; x < 128; x++) img[y * w + x] = NaN;
    for (let i = 0; i < img.length; i += 97) img[i] = NaN;
    const m = computeBackground(img, w, h);
    expect(Number.isFinite(m.globalBack)).toBe(true);
    expect(Math.abs(m.back[1 * m.nx + 1] - 50)).toBeLessThan(1);
  });

  it('uses SExtractor median and mesh-count conventions', () => {
    expect(fmedian([3, 1, 2])).toBe(2);
    expect(fmedian([4, 1, 2, 3])).toBe(2.5);
    expect(meshCount(100, 64)).toBe(2);
    expect(meshCount(64, 64)).toBe(1);
  });
});

describe('mesh histogram arithmetic', () => {
  // meshHistogram computes SExtractor's float quotient pix/qscale as fround(pix · (1/qscale)),
  // claiming the same float whenever the quotient is a normal float (the proof is in background.ts)
  it('gives the float quotient of two floats through the double reciprocal', () => {
    const f32 = Math.fround;
    const bits = new Uint32Array(1);
    const asFloat = new Float32Array(bits.buffer);
    let s = 12345;
    const next = (): number => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s;
    };
    /** A random finite, non-zero float: any sign, any exponent (subnormals included). */
    const randomFloat = (): number => {
      for (;;) {
        bits[0] = next();
        const v = asFloat[0];
        if (Number.isFinite(v) && v !== 0) return v;
      }
    };
    let checked = 0;
    for (let i = 0; i < 200_000; i++) {
      const p = randomFloat();
      const q = randomFloat();
      const want = f32(p / q);
      if (Math.abs(want) < 2 ** -126) continue; // a subnormal quotient: outside the claim
      const got = f32(p * (1 / q));
      if (!Object.is(got, want)) throw new Error(`${p} / ${q}: ${got} ≠ ${want}`);
      checked++;
    }
    expect(checked).toBeGreaterThan(150_000);
    // and the values a mesh sees: pixels near a sky level, a quantisation step of a fraction of its noise
    for (let i = 0; i < 200_000; i++) {
      const p = f32(1000 + ((next() / 2 ** 32) - 0.5) * 400);
      const q = f32((10 * (1 + next() / 2 ** 32)) / 4096);
      expect(Object.is(f32(p * (1 / q)), f32(p / q))).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(350_000);
  });
});

describe('median filter window', () => {
  it('gives fmedian for windows of 1 to 49 values, zeros of both signs and ties included', async () => {
    const { fmedian, windowMedian } = await import('../../../src/core/stats/index.js');
    let s = 7;
    const next = (): number => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
    const pool = [0, -0, 1.5, -1.5, 1000.25, 1000.25, -1e30, 3, 0, -0];
    for (let t = 0; t < 20_000; t++) {
      const n = 1 + Math.floor(next() * 49);
      const a = Float32Array.from({ length: n }, () => (next() < 0.5 ? pool[Math.floor(next() * pool.length)] : (next() - 0.5) * 100));
      const want = fmedian(a, n);
      const got = windowMedian(Float32Array.from(a), n);
      if (!Object.is(got, want)) throw new Error(`${Array.from(a)}: ${got} ≠ ${want}`);
    }
  });
});
