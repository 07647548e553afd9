/**
 * Deblending's kernels that call `Math.exp` / `Math.log` through imports (level-wasm.ts's
 * `gatherPixels` and `componentFwhm`) and the split objects' analysis (`listSums`): the
 * TypeScript's results, bit for bit, on random components
 * with extreme values (profiles that vanish beyond dist 70, sums of probabilities at or under 1e−31,
 * one core or many, huge and tiny amplitudes), and the C `rand()` sequence carried on identically.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { analyseGathered, CRand, type DeblendedObject, gatherUp, type GatherCore, makeDeblendScratch } from '../../../src/core/extract/deblend.js';
import { analysePixels } from '../../../src/core/extract/moments.js';
import { Detections, PixelRecords } from '../../../src/core/extract/detect.js';
import { setDetectWasm } from '../../../src/core/extract/detect-wasm.js';
import { profileFwhm } from '../../../src/core/extract/measure.js';
import { lcg } from '../../../src/core/synth/index.js';

/** The project's LCG (core/synth), so that a failure repeats. */
const uniform = lcg(11);

/** 10^e for e uniform in [lo, hi). */
const logUniform = (lo: number, hi: number): number => 10 ** (lo + (hi - lo) * uniform());

beforeEach(() => setDetectWasm('on'));
afterEach(() => setDetectWasm('auto'));

/** A component of `n` distinct pixels in a box of `span`² at (x0, y0) of an image `width` wide, records from `s0` on. */
function component(n: number, span: number, width: number, s0: number, value: () => number): { idx: Int32Array; value: Float32Array; cd: Float32Array } {
  const cells = new Set<number>();
  const x0 = Math.floor(uniform() * (width - span));
  const y0 = Math.floor(uniform() * 50);
  while (cells.size < n) cells.add((y0 + Math.floor(uniform() * span)) * width + x0 + Math.floor(uniform() * span));
  const idx = new Int32Array(s0 + n);
  idx.set(Array.from(cells), s0);
  return { idx, value: Float32Array.from({ length: s0 + n }, value), cd: Float32Array.from({ length: s0 + n }, value) };
}

const plain = (objs: DeblendedObject[]): unknown => objs.map((o) => ({ ...o, pixels: Array.from(o.pixels) }));

describe("deblending's gatherUp in WebAssembly", () => {
  it('gives every faint pixel to the core the TypeScript gives it, and leaves C rand() where the TypeScript leaves it', () => {
    const width = 400;
    let far = 0;
    let tiny = 0;
    let drawn = 0;
    for (let trial = 0; trial < 300; trial++) {
      const n = 2 + Math.floor(uniform() * (trial % 60 === 59 ? 2500 : 150));
      const span = Math.max(2, Math.ceil(Math.sqrt(n) * (1 + 3 * uniform())));
      const s0 = Math.floor(uniform() * 4);
      // values over many decades (the cores' shapes and amplitudes from them), now and then negative
      const scale = logUniform(-30, 30);
      const { idx, value, cd } = component(n, span, width, s0, () => Math.fround(scale * (uniform() < 0.03 ? -uniform() : 0.01 + uniform())));
      const det = new Detections(new PixelRecords(idx, value, cd, s0 + n), Int32Array.of(0, s0 + n), 1);
      const sc = makeDeblendScratch();
      const lk = sc.level;
      expect(lk).toBeDefined();
      if (!lk) return;
      lk.prepare(idx, cd, value, s0, n, width, 4);
      sc.loaded = true;
      // the cores: disjoint sets of local pixels (one core, or many), lists in the kernels' pool
      const nc = trial % 7 === 0 ? 1 : 1 + Math.floor(uniform() * Math.min(8, n - 1));
      const order = Int32Array.from({ length: n }, (_, k) => k).sort((a, b) => (uniform() < 0.5 ? a - b : b - a));
      const cores: GatherCore[] = [];
      let used = n;
      let taken = 0;
      for (let c = 0; c < nc && taken < n - 1; c++) {
        const size = 1 + Math.floor(uniform() * Math.min(12, n - 1 - taken));
        lk.pool.set(order.subarray(taken, taken + size), used);
        cores.push({ pix: lk.pool.subarray(used, used + size), thresh: Math.fround(trial % 5 === 0 ? logUniform(-45, -30) : scale * logUniform(-3, 1)) });
        used += size;
        taken += size;
      }
      const thresh = trial % 5 === 0 ? logUniform(-45, -30) : scale * logUniform(-3, 1);
      const xmin = lk.info[0];
      const ymin = lk.info[1];
      const lx = lk.lx.slice(0, n);
      const ly = lk.ly.slice(0, n);
      // a generator already some way into its sequence
      const warm = Math.floor(uniform() * 100);
      const ra = new CRand();
      const rb = new CRand();
      for (let k = 0; k < warm; k++) {
        ra.next();
        rb.next();
      }
      const want = gatherUp(det, s0, n, cores, lx, ly, xmin, ymin, width, 1000, thresh, ra, makeDeblendScratch());
      const got = gatherUp(det, s0, n, cores, lk.lx, lk.ly, xmin, ymin, width, 1000, thresh, rb, sc);
      expect(plain(got)).toEqual(plain(want));
      // each object's analysis and profile over its records as listed in the kernels (extract.ts's analyseComponent)
      expect(sc.gatheredFrom).toBe(s0);
      for (let j = 0; j < got.length; j++) {
        const o = got[j];
        const shape = analyseGathered(sc, j, o.pixels.length, width, 1000, thresh, o.centre!, o.coreBorder);
        const ts = analysePixels(det.pixels, o.pixels, o.pixels.length, width, 1000, thresh, o.centre, o.coreBorder);
        expect({ ...shape }).toEqual({ ...ts });
        const sat = trial % 4 === 0 ? Infinity : scale * logUniform(-1, 1);
        const fw = lk.listFwhm(sc.gatheredAt[j], o.pixels.length, s0, ts.mx, ts.my, ts.a, ts.b, ts.dpeak, thresh, sat);
        expect(Object.is(fw, profileFwhm(value, idx, o.pixels, o.pixels.length, width, ts.mx, ts.my, ts.a, ts.b, ts.dpeak, thresh, sat))).toBe(true);
      }
      const nextA = Array.from({ length: 40 }, () => ra.next());
      const nextB = Array.from({ length: 40 }, () => rb.next());
      expect(nextB).toEqual(nextA);
      if (nextA[0] !== new CRand().next() || warm > 0) drawn++;
      if (trial % 5 === 0) tiny++;
      if (span > 30) far++;
    }
    expect(far).toBeGreaterThan(20);
    expect(tiny).toBeGreaterThan(20);
    expect(drawn).toBeGreaterThan(100);
  });
});

describe("deblending's profileFwhm in WebAssembly", () => {
  it('gives a loaded component the FWHM of measure.ts, bit for bit', () => {
    const width = 300;
    let fitted = 0;
    for (let trial = 0; trial < 400; trial++) {
      const n = 1 + Math.floor(uniform() * (trial % 50 === 49 ? 3000 : 120));
      const span = Math.max(2, Math.ceil(Math.sqrt(n) * (1 + 2 * uniform())));
      const s0 = Math.floor(uniform() * 4);
      const scale = logUniform(-20, 30);
      const special = [NaN, Infinity, -Infinity, 0, -0, 3e38, 1e-45];
      const { idx, value, cd } = component(n, span, width, s0, () =>
        uniform() < 0.02 ? special[Math.floor(uniform() * special.length)] : Math.fround(scale * (uniform() < 0.05 ? -uniform() : uniform())),
      );
      const sc = makeDeblendScratch();
      const lk = sc.level;
      expect(lk).toBeDefined();
      if (!lk) return;
      lk.prepare(idx, cd, value, s0, n, width, 4);
      const list = Int32Array.from({ length: n }, (_, k) => s0 + k);
      for (let t = 0; t < 4; t++) {
        const mx = lk.info[0] + span * uniform();
        const my = lk.info[1] + span * uniform();
        const a = t === 3 ? 1e-20 : logUniform(-1, 1.5);
        const b = a * uniform();
        // (t = 3: a fifth of the peak just under one of the values, which its float32 rounding excludes)
        const dpeak = t === 2 ? -scale : t === 3 ? 5 * value[s0 + Math.floor(uniform() * n)] * (1 - 2 ** -30) : scale * uniform();
        const thresh = t === 1 ? 0 : t === 3 ? -1 : scale * logUniform(-3, 0);
        const sat = t === 0 ? Infinity : scale * logUniform(-1, 1);
        const want = profileFwhm(value, idx, list, n, width, mx, my, a, b, dpeak, thresh, sat);
        const got = lk.fwhm(n, mx, my, a, b, dpeak, thresh, sat);
        expect(Object.is(got, want), `${got} ${want}`).toBe(true);
        if (want !== 0) fitted++;
      }
    }
    expect(fitted).toBeGreaterThan(300);
  });
});
