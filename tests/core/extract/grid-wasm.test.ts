/**
 * The background model's grids in WebAssembly (grid-wasm.ts's `backgroundGrid`, through
 * buildBackgroundModel's `grid`) give the TypeScript's model bit for bit: bad meshes replaced by
 * their nearest valid neighbours (ties averaged, none valid at all), the median filter's windows
 * (shrunk at the edges, even counts, ±0, ties, ±Infinity and NaN RMS values), and the spline
 * derivatives, on grids of one mesh, one row, one column and more.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildBackgroundModel, MeshRow, type BackgroundModel } from '../../../src/core/extract/background.js';
import { gridKernels, setDetectWasm } from '../../../src/core/extract/detect-wasm.js';
import { lcg } from '../../../src/core/synth/index.js';

/** The project's LCG (core/synth), so that a failure repeats. */
const uniform = lcg(5);

/** A model's values as bits (NaN, −0 and +0 told apart). */
function bits(m: BackgroundModel): Record<string, number[]> {
  const u = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
  const g = (v: number) => Array.from(new Uint32Array(Float64Array.of(v).buffer));
  return { back: u(m.back), sigma: u(m.sigma), dback: u(m.dback), dsigma: u(m.dsigma), globalBack: g(m.globalBack), globalRms: g(m.globalRms) };
}

/** Mesh values: `kind` 0 smooth with noise, 1 few distinct values (ties, ±0), 2 hostile. */
function value(kind: number, x: number, y: number): number {
  if (kind === 0) return Math.fround(1000 + 3 * x - 2 * y + 5 * uniform());
  if (kind === 1) return [0, -0, 1, 1, 2][Math.floor(uniform() * 5)];
  return [1000, -0, 0, Infinity, -Infinity, 3e38, 1e-45, 999.5][Math.floor(uniform() * 8)];
}

/** Rows of `nx` × `ny` meshes, a share `bad` of them bad (−1e30 as meshRowStats marks them; or NaN). */
function rows(nx: number, ny: number, kind: number, bad: number): MeshRow[] {
  return Array.from({ length: ny }, (_, y) => {
    const back = new Float32Array(nx);
    const sigma = new Float32Array(nx);
    for (let x = 0; x < nx; x++) {
      if (uniform() < bad) {
        back[x] = uniform() < 0.8 ? -1e30 : NaN;
        sigma[x] = -1e30;
      } else {
        back[x] = value(kind, x, y);
        sigma[x] = kind === 2 && uniform() < 0.1 ? NaN : Math.abs(value(kind, y, x)) / 100;
      }
    }
    return new MeshRow(back, sigma, 0);
  });
}

beforeEach(() => setDetectWasm('on'));
afterEach(() => setDetectWasm('auto'));

describe('the background model\'s grids in WebAssembly', () => {
  it('give buildBackgroundModel\'s TypeScript model, bit for bit', () => {
    let cases = 0;
    for (const [nx, ny] of [
      [1, 1],
      [1, 6],
      [7, 1],
      [2, 2],
      [5, 7],
      [16, 16],
      [33, 9],
    ] as const) {
      for (const fs of [1, 3, 5]) {
        for (const kind of [0, 1, 2]) {
          for (const bad of [0, 0.2, 0.7, 1]) {
            const r = rows(nx, ny, kind, bad);
            const copy = () => r.map((m) => new MeshRow(m.back.slice(), m.sigma.slice(), 0));
            const want = bits(buildBackgroundModel(copy(), 64 * nx, 64 * ny, 64, 64, fs));
            const grid = gridKernels(nx, ny, fs);
            expect(grid).toBeDefined();
            const got = bits(buildBackgroundModel(copy(), 64 * nx, 64 * ny, 64, 64, fs, grid));
            expect({ nx, ny, fs, kind, bad, ...got }).toEqual({ nx, ny, fs, kind, bad, ...want });
            // the same kernels again (a second image of the same grid)
            expect(bits(buildBackgroundModel(copy(), 64 * nx, 64 * ny, 64, 64, fs, grid))).toEqual(want);
            cases++;
          }
        }
      }
    }
    expect(cases).toBe(7 * 3 * 3 * 4);
  });

  it('are not used for another grid or filter size, nor when switched off', () => {
    const r = rows(4, 3, 0, 0.1);
    const want = bits(buildBackgroundModel(r, 256, 192, 64, 64, 3));
    expect(bits(buildBackgroundModel(r, 256, 192, 64, 64, 3, gridKernels(3, 4, 3)))).toEqual(want);
    expect(bits(buildBackgroundModel(r, 256, 192, 64, 64, 3, gridKernels(4, 3, 5)))).toEqual(want);
    setDetectWasm('off');
    expect(gridKernels(4, 3, 3)).toBeUndefined();
  });
});
