/**
 * The moments' pixel passes in WebAssembly (moments-wasm.ts, in detect-wasm.ts's module) give
 * analysePixels' shape, every field bit for bit, for runs of consecutive records: random
 * footprints, peaks tied or not, a fixed centre, the image's border, and values that make the
 * moments singular; and the catalogs of `extract` do not change with them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PixelRecords } from '../../../src/core/extract/detect.js';
import { momentKernels, setDetectWasm } from '../../../src/core/extract/detect-wasm.js';
import { extract } from '../../../src/core/extract/extract.js';
import { analysePixels, type Shape } from '../../../src/core/extract/moments.js';
import { addGaussian, skyImage } from './helpers.js';

let seed = 3;
function uniform(): number {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 2 ** 32;
}

/** Every field of a shape, doubles as their bits (−0 and +0 told apart). */
function fields(s: Shape): unknown[] {
  return Object.entries(s).map(([k, v]) => [k, typeof v === 'number' ? (Object.is(v, -0) ? '-0' : v) : v]);
}

beforeEach(() => setDetectWasm('on'));
afterEach(() => setDetectWasm('auto'));

describe('moments in WebAssembly', () => {
  it('give analysePixels\' shape for runs of consecutive records', () => {
    const k = momentKernels();
    expect(k).toBeDefined();
    if (!k) return;
    for (let trial = 0; trial < 200; trial++) {
      const width = 1 + Math.floor(uniform() * 300);
      const height = 1 + Math.floor(uniform() * 200);
      const total = 1 + Math.floor(uniform() * 600);
      const flat = uniform() < 0.1; // equal values: tied peaks, singular moments
      const line = uniform() < 0.1; // one row or column: singular moments
      const idx = Int32Array.from({ length: total }, () => {
        const x = line ? 7 % width : Math.floor(uniform() * width);
        const y = Math.floor(uniform() * height);
        return y * width + x;
      });
      const value = Float32Array.from({ length: total }, () => (flat ? 50 : 20 + uniform() * 500 * uniform()));
      const cd = Float32Array.from({ length: total }, (_, i) => (flat ? 40 : value[i] * (0.5 + uniform())));
      const px = new PixelRecords(idx, value, cd, total);
      const s0 = Math.floor(uniform() * total);
      const n = 1 + Math.floor(uniform() * (total - s0));
      const list = Int32Array.from({ length: n }, (_, i) => s0 + i);
      const thresh = Math.fround(10 + uniform() * 100);
      const centre: [number, number] | null = uniform() < 0.3 ? [uniform() * width, uniform() * height] : null;
      const border = uniform() < 0.2 ? uniform() < 0.5 : null;
      const want = analysePixels(px, list, n, width, height, thresh, centre, border);
      const got = analysePixels(px, list, n, width, height, thresh, centre, border, k);
      expect(fields(got)).toEqual(fields(want));
    }
  });

  it('leave the catalogs of extract as they were', () => {
    const w = 150;
    const h = 110;
    const img = skyImage(w, h, 100, 5, 9);
    for (let s = 0; s < 50; s++) addGaussian(img, w, h, 3 + uniform() * (w - 6), 3 + uniform() * (h - 6), 500 + 30000 * uniform(), 1 + 2 * uniform());
    setDetectWasm('off');
    const want = JSON.stringify(extract(img, w, h).sources);
    setDetectWasm('on');
    expect(JSON.stringify(extract(img, w, h).sources)).toBe(want);
  });
});
