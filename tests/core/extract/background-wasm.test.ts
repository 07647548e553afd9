/**
 * The background's WebAssembly mesh kernels (background-wasm.ts) give the TypeScript loops'
 * mesh statistics, bit for bit, on hostile pixels (NaN, ±Infinity, −1e30 masked values,
 * subnormals, signed zeros) and meshes whose width is odd or not a multiple of 4; and the
 * TypeScript fallback is taken when they are switched off.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { meshRowStats } from '../../../src/core/extract/background.js';
import { backgroundModuleBytes, meshKernels, setBackgroundWasm } from '../../../src/core/extract/background-wasm.js';
import { skyImage } from './helpers.js';

const wasm = (globalThis as unknown as { WebAssembly: { validate(bytes: Uint8Array): boolean } }).WebAssembly;

let seed = 5;
function uniform(): number {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 2 ** 32;
}

const HOSTILE = [NaN, Infinity, -Infinity, -1e30, -2e30, -1e31, 1e-45, -1e-45, 0, -0, 1e-39];

/** The bits of float32 values (NaN, −0 and +0 told apart). */
const bits = (a: Float32Array): number[] => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

afterEach(() => setBackgroundWasm(true));

describe('background mesh kernels in WebAssembly', () => {
  it('is a valid module', () => {
    expect(wasm.validate(backgroundModuleBytes())).toBe(true);
  });

  it('give the mesh statistics of the TypeScript loops (hostile pixels, masked meshes, odd and narrow meshes)', () => {
    for (const [w, h, bs] of [
      [131, 97, 32],
      [67, 45, 16],
      [9, 9, 4],
      [3, 70, 64],
      [200, 130, 64],
    ] as const) {
      for (const share of [0, 0.01, 0.2, 0.6]) {
        const image = skyImage(w, h, 1000, 5, w + h);
        for (let i = 0; i < image.length; i++) {
          if (uniform() < share) image[i] = HOSTILE[Math.floor(uniform() * HOSTILE.length)];
          else if (uniform() < 0.05) image[i] += 300 * uniform();
        }
        // a mesh of nothing but masked values
        for (let y = 0; y < Math.min(h, bs); y++) for (let x = 0; x < Math.min(w, bs); x++) image[y * w + x] = y % 2 ? NaN : -1e30;
        const ny = Math.floor((h - 1) / bs) + 1;
        for (let j = 0; j < ny; j++) {
          setBackgroundWasm(false);
          const want = meshRowStats(image, w, h, j, bs, bs);
          setBackgroundWasm(true);
          const got = meshRowStats(image, w, h, j, bs, bs);
          expect(bits(got.back)).toEqual(bits(want.back));
          expect(bits(got.sigma)).toEqual(bits(want.sigma));
          expect(got.nanCount).toBe(want.nanCount);
        }
      }
    }
  });

  it('are not used when switched off (the TypeScript fallback)', () => {
    setBackgroundWasm(false);
    expect(meshKernels(4096)).toBeUndefined();
    setBackgroundWasm(true);
    expect(meshKernels(4096)).toBeDefined();
  });
});
