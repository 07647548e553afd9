/**
 * Photometry's WebAssembly kernels (phot-wasm.ts, in detect-wasm.ts's module) give core/aperture's
 * sums bit for bit: circular apertures of any radius and sub-sampling (≥ 1), the Kron radius and
 * the AUTO flux, on pixels with NaN, ±Infinity, huge values and signed zeros, at and beyond the
 * image's borders, for objects in any order (the ring of rows moved down and up); objects whose
 * boxes are not int32 (NaN or huge positions) or taller than the ring are left to the
 * TypeScript; and `extract` gives the same catalogs with the kernels and without.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ellipseCoeffs, kronRadius, sumCircleSep, sumEllipse } from '../../../src/core/aperture/index.js';
import { photKernels, setDetectWasm } from '../../../src/core/extract/detect-wasm.js';
import { extract, type ExtractOptions } from '../../../src/core/extract/extract.js';
import { plainSource } from '../../../src/core/extract/mask.js';
import { addGaussian, skyImage } from './helpers.js';
import { lcg } from '../../../src/core/synth/index.js';

/** The project's LCG (core/synth), so that a failure repeats. */
const uniform = lcg(17);

const HOSTILE = [NaN, Infinity, -Infinity, 3e38, -3e38, 1e-45, -1e-45, 0, -0, 1e30];

/** Noise with bright pixels and a share `hostile` of the values above. */
function image(w: number, h: number, hostile: number): Float32Array {
  return Float32Array.from({ length: w * h }, () => {
    const u = uniform();
    if (u < hostile) return HOSTILE[Math.floor(uniform() * HOSTILE.length)];
    if (u < hostile + 0.05) return 3000 * uniform();
    return (uniform() - 0.4) * 50;
  });
}

beforeEach(() => setDetectWasm('on'));
afterEach(() => setDetectWasm('auto'));

/** Bitwise equality of doubles (NaN equal to NaN, 0 not equal to −0). */
function same(a: number, b: number): boolean {
  return Object.is(a, b);
}

/** The kernels' results for one object against core/aperture's, as the measure stage calls them. */
function check(sub: Float32Array, w: number, h: number, radii: number[], subpix: number, x: number, y: number, a: number, b: number, theta: number, auto: boolean): void {
  const k = photKernels(w, h, radii, subpix);
  expect(k).toBeDefined();
  if (!k) return;
  checkWith(k, sub, w, h, radii, subpix, x, y, a, b, theta, auto);
}

function checkWith(k: NonNullable<ReturnType<typeof photKernels>>, sub: Float32Array, w: number, h: number, radii: number[], subpix: number, x: number, y: number, a: number, b: number, theta: number, auto: boolean): void {
  const src = plainSource(sub, w, h);
  const e = auto ? ellipseCoeffs(a, b, theta) : [0, 0, 0];
  const ok = k.measure(sub, x, y, e[0], e[1], e[2], auto);
  expect(ok).toBe(true);
  const got: number[] = Array.from(k.out);
  const want: number[] = [];
  for (const r of radii) {
    const s = sumCircleSep(src, x, y, r, subpix);
    want.push(s.sum, s.area, s.truncated ? 1 : 0);
  }
  if (auto) {
    const kr = kronRadius(src, x, y, e[0], e[1], e[2], 6.0);
    let kfac = Number.isFinite(kr.kron) && kr.kron > 0 ? 2.5 * kr.kron : 3.5;
    if (kfac < 3.5) kfac = 3.5;
    const au = sumEllipse(src, x, y, e[0], e[1], e[2], kfac);
    want.push(kr.kron, kr.truncated ? 1 : 0, au.sum, au.area, au.truncated ? 1 : 0);
  }
  const n = want.length;
  const bad = want.findIndex((v, i) => !same(v, got[i]));
  expect(bad, `x ${x} y ${y} a ${a} b ${b} theta ${theta} r ${radii} subpix ${subpix}: ${got.slice(0, n)} vs ${want}`).toBe(-1);
}

/** The rows of an ellipse's box (sep.ts's ellipseBox and boxExtent, clipped to the image). */
function ellipseRows(h: number, y: number, e: number[], r: number): number {
  let dylim = e[1] - (e[2] * e[2]) / (4.0 * e[0]);
  dylim = dylim > 0.0 ? r / Math.sqrt(dylim) : 0.0;
  return Math.min(h, Math.trunc(y + dylim + 1.4999999)) - Math.max(0, Math.trunc(y - dylim + 0.5));
}

/** The most rows of an object's boxes: its circles, its Kron ellipse and its AUTO ellipse. */
function boxRows(sub: Float32Array, w: number, h: number, radii: number[], x: number, y: number, e: number[]): number {
  let rows = 0;
  for (const r of radii) rows = Math.max(rows, Math.min(h, Math.trunc(y + r + 1.4999999)) - Math.max(0, Math.trunc(y - r + 0.5)));
  const kr = kronRadius(plainSource(sub, w, h), x, y, e[0], e[1], e[2], 6.0).kron;
  let kfac = Number.isFinite(kr) && kr > 0 ? 2.5 * kr : 3.5;
  if (kfac < 3.5) kfac = 3.5;
  return Math.max(rows, ellipseRows(h, y, e, 6.0), ellipseRows(h, y, e, kfac));
}

describe('photometry in WebAssembly', () => {
  it('gives core/aperture sums bit for bit on hostile pixels, at and beyond the borders', () => {
    for (let trial = 0; trial < 40; trial++) {
      const w = 1 + Math.floor(uniform() * 90);
      const h = 1 + Math.floor(uniform() * 90);
      const sub = image(w, h, trial % 3 === 0 ? 0 : 0.05);
      const subpix = 1 + Math.floor(uniform() * 7);
      const radii = Array.from({ length: 1 + Math.floor(uniform() * 3) }, () => 0.2 + uniform() * 12);
      const k = photKernels(w, h, radii, subpix)!;
      for (let o = 0; o < 30; o++) {
        const x = -8 + uniform() * (w + 16);
        const y = -8 + uniform() * (h + 16);
        const a = 0.3 + uniform() * 6;
        const b = a * (0.1 + 0.9 * uniform());
        checkWith(k, sub, w, h, radii, subpix, x, y, a, b, (uniform() - 0.5) * 3.2, uniform() < 0.85);
      }
    }
  });

  it('moves its ring of rows down and up, and leaves boxes taller than it to the TypeScript', () => {
    // wide, so that the ring (64 rows) is a small part of the image
    const w = 4500;
    const h = 1500;
    const sub = image(w, h, 0.01);
    const radii = [3, 5.5, 8];
    const k = photKernels(w, h, radii, 5)!;
    let tall = 0;
    for (let o = 0; o < 300; o++) {
      // down the image, then up it in small steps, then anywhere; sometimes a huge ellipse
      const y = o < 150 ? o * 7 + uniform() * 20 : o < 250 ? 1450 - (o - 150) * 9 + uniform() * 5 : uniform() * h;
      const big = o >= 250 && uniform() < 0.1;
      const [x, a, b, theta] = [uniform() * w, big ? 20 + uniform() * 100 : 1 + uniform() * 3, big ? 15 : 1, uniform()];
      const e = ellipseCoeffs(a, b, theta);
      if (boxRows(sub, w, h, radii, x, y, e) > 64) {
        // a box of more rows than the ring: the TypeScript's
        expect(k.measure(sub, x, y, e[0], e[1], e[2], true)).toBe(false);
        tall++;
      } else checkWith(k, sub, w, h, radii, 5, x, y, a, b, theta, true);
    }
    expect(tall).toBeGreaterThan(3);
  });

  it('the default aperture and sub-sampling, integer and half-integer centres', () => {
    const w = 40;
    const h = 33;
    const sub = image(w, h, 0.02);
    for (const x of [0, 0.5, 5, 19.5, 20, 39, 39.5, -0.5, 40]) {
      for (const y of [0, 0.5, 16, 16.5, 32, 32.5]) check(sub, w, h, [5], 5, x, y, 2, 1.5, 0.3, true);
    }
  });

  it('leaves objects whose boxes are not int32 to the TypeScript', () => {
    const sub = image(20, 20, 0);
    const k = photKernels(20, 20, [5], 5)!;
    for (const [x, y] of [
      [NaN, 5],
      [5, NaN],
      [1e12, 5],
      [5, -1e12],
    ]) {
      expect(k.measure(sub, x, y, 1, 1, 0, true)).toBe(false);
    }
    // an ellipse far larger than the image (its box clipped to the image), and an ordinary object after them
    checkWith(k, sub, 20, 20, [5], 5, 5, 5, 1e15, 1e14, 0.2, true);
    check(sub, 20, 20, [5], 5, 10, 10, 2, 2, 0, true);
  });

  it('is not used with subpix 0 (exact overlaps)', () => {
    expect(photKernels(10, 10, [3], 0)).toBeUndefined();
  });

  it('gives extract the same catalogs with the kernels and without', () => {
    const cases: [number, number, number, ExtractOptions][] = [
      [160, 120, 60, {}],
      [97, 131, 40, { apertures: [2, 4.5, 9], subpix: 3 }],
      [300, 80, 90, { maskType: 'correct' }],
    ];
    for (const [w, h, stars, opts] of cases) {
      const img = skyImage(w, h, 100, 5, 3);
      for (let s = 0; s < stars; s++) {
        addGaussian(img, w, h, uniform() * w, uniform() * h, 500 + 20000 * uniform(), 1 + uniform() * 2, 1 + uniform() * 2, uniform() * 3);
      }
      img[Math.floor(uniform() * w * h)] = NaN;
      setDetectWasm('on');
      const on = extract(img, w, h, opts);
      setDetectWasm('off');
      const off = extract(img, w, h, opts);
      expect(on.sources.length).toBeGreaterThan(5);
      expect(JSON.stringify(on.sources)).toBe(JSON.stringify(off.sources));
    }
  });
});
