/**
 * CLEAN in WebAssembly (clean-wasm.ts) against clean.ts's TypeScript, `eatenBy` equal element for
 * element: random object lists with crowded groups (overlapping zones, chains of absorptions where
 * the later absorber wins), sizes across many buckets and at powers of two (the keys), β values,
 * NaN and infinite shapes and fluxes, lists that outgrow the kernel's memory, and the lists the
 * kernel leaves to the TypeScript (non-finite positions, grids too large).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanObjects, cleanObjectsTs, type CleanInput } from '../../../src/core/extract/clean.js';
import { CleanKernels } from '../../../src/core/extract/clean-wasm.js';
import { wasmApi } from '../../../src/core/wasm/index.js';
import { cleanKernels, detectModuleBytes, setDetectWasm } from '../../../src/core/extract/detect-wasm.js';
import { lcg } from '../../../src/core/synth/index.js';

/** The project's LCG (core/synth), so that a failure repeats. */
const uniform = lcg(19);

beforeEach(() => setDetectWasm('on'));
afterEach(() => setDetectWasm('auto'));

/** An object at (x, y) with semi-axes a ≥ b, angle θ and flux as clean.ts reads them. */
function object(x: number, y: number, a: number, b: number, theta: number, fdflux: number): CleanInput {
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  return {
    mx: x,
    my: y,
    a,
    b,
    cxx: (c * c) / (a * a) + (s * s) / (b * b),
    cyy: (s * s) / (a * a) + (c * c) / (b * b),
    cxy: 2 * c * s * (1 / (a * a) - 1 / (b * b)),
    fdflux,
    fdnpix: 5 + Math.floor(uniform() * 200),
    abcor: 0.8 + 0.2 * uniform(),
  };
}

/** A semi-major axis: mostly small, some large, some at or next to a power of two. */
function size(): number {
  const u = uniform();
  if (u < 0.1) return 2 ** Math.floor(uniform() * 7);
  if (u < 0.2) return 2 ** Math.floor(uniform() * 7) * (1 + 2 ** -(30 + Math.floor(uniform() * 23)));
  if (u < 0.25) return 2 ** Math.floor(uniform() * 7) * (1 - 2 ** -(30 + Math.floor(uniform() * 23)));
  if (u < 0.3) return uniform() * 1e-3;
  return 0.3 + 10 ** (uniform() * 1.8);
}

/** `n` objects over a field of `span`² px: half of them in tight groups around brighter ones. */
function field(n: number, span: number): CleanInput[] {
  const objs: CleanInput[] = [];
  while (objs.length < n) {
    const x = uniform() * span;
    const y = uniform() * span;
    const a = size();
    const flux = 10 ** (1 + 4 * uniform());
    objs.push(object(x, y, a, a * (0.2 + 0.8 * uniform()), Math.PI * uniform(), flux));
    // neighbours in its wings, fainter or (now and then) brighter, some at the same flux
    const k = uniform() < 0.5 ? Math.floor(uniform() * 6) : 0;
    for (let q = 0; q < k && objs.length < n; q++) {
      const r = a * (0.5 + 8 * uniform());
      const t = 2 * Math.PI * uniform();
      const f = uniform() < 0.1 ? flux : flux * 10 ** (-3 * uniform() + (uniform() < 0.2 ? 1 : 0));
      const an = 0.5 + 3 * uniform();
      objs.push(object(x + r * Math.cos(t), y + r * Math.sin(t), an, an * (0.3 + 0.7 * uniform()), Math.PI * uniform(), f));
    }
  }
  // shuffle a little: the list order is part of the result
  for (let i = objs.length - 1; i > 0; i--) {
    if (uniform() < 0.3) {
      const j = Math.floor(uniform() * (i + 1));
      [objs[i], objs[j]] = [objs[j], objs[i]];
    }
  }
  return objs;
}

/** mthresh values around what the profiles reach: some objects removed, some not. */
function thresholds(objs: readonly CleanInput[], scale: number): Float64Array {
  return Float64Array.from(objs, (o) => Math.fround(o.fdflux * scale * 10 ** (-2 * uniform())));
}

function kernel() {
  const k = cleanKernels();
  expect(k).toBeDefined();
  return k!;
}

describe('CLEAN in WebAssembly', () => {
  it('removes the objects the TypeScript removes, each to the same absorber', () => {
    const k = kernel();
    let removed = 0;
    let chained = 0;
    for (let trial = 0; trial < 200; trial++) {
      const n = trial % 50 === 49 ? 3000 : 1 + Math.floor(uniform() * 400);
      const objs = field(n, 50 + uniform() * 2000);
      const mthresh = thresholds(objs, 10 ** (-3 * uniform()));
      const thresh = 10 ** (2 * uniform() - 1);
      const beta = [0.5, 1, 1.5, 2.7, 6][trial % 5];
      const want = cleanObjectsTs(objs, mthresh, thresh, beta);
      const got = k.clean(objs, mthresh, thresh, beta);
      expect(got).not.toBeNull();
      expect(Array.from(got!)).toEqual(Array.from(want));
      for (let i = 0; i < n; i++) {
        if (want[i] >= 0) removed++;
        if (want[i] >= 0 && want[want[i]] >= 0) chained++;
      }
    }
    // the lists exercise removals and chains of them
    expect(removed).toBeGreaterThan(2000);
    expect(chained).toBeGreaterThan(50);
  });

  it('gives the same result with NaN and infinite shapes, fluxes and thresholds', () => {
    const k = kernel();
    for (let trial = 0; trial < 100; trial++) {
      const objs = field(1 + Math.floor(uniform() * 200), 300);
      for (const o of objs) {
        if (uniform() < 0.1) o.cxx = NaN;
        if (uniform() < 0.05) o.cxy = Infinity;
        if (uniform() < 0.05) o.fdflux = NaN;
        if (uniform() < 0.05) o.abcor = 0;
        if (uniform() < 0.05) o.b = 0;
        if (uniform() < 0.05) o.fdnpix = 0;
        if (uniform() < 0.03) o.a = 0;
      }
      const mthresh = thresholds(objs, 0.01);
      for (let i = 0; i < mthresh.length; i++) if (uniform() < 0.05) mthresh[i] = uniform() < 0.5 ? NaN : -Infinity;
      const beta = [1, 0.3, 4][trial % 3];
      const want = cleanObjectsTs(objs, mthresh, 1, beta);
      const got = k.clean(objs, mthresh, 1, beta);
      expect(got).not.toBeNull();
      expect(Array.from(got!)).toEqual(Array.from(want));
    }
  });

  it('takes an empty list as the first it is given (a featureless image), then others', () => {
    const api = wasmApi()!;
    const fresh = new CleanKernels(new api.Module(detectModuleBytes()));
    expect(Array.from(fresh.clean([], new Float64Array(0), 1, 1)!)).toEqual([]);
    const objs = field(300, 400);
    const mthresh = thresholds(objs, 0.01);
    expect(Array.from(fresh.clean(objs, mthresh, 1, 1)!)).toEqual(Array.from(cleanObjectsTs(objs, mthresh, 1, 1)));
  });

  it('takes empty and one-object lists, and lists spread over a large field (its memory replaced)', () => {
    const k = kernel();
    expect(Array.from(k.clean([], new Float64Array(0), 1, 1)!)).toEqual([]);
    const one = [object(3, 4, 2, 1, 0.3, 100)];
    expect(Array.from(k.clean(one, Float64Array.of(1), 1, 1)!)).toEqual([-1]);
    for (const span of [20000, 60000]) {
      const objs = field(2500, span);
      const mthresh = thresholds(objs, 0.01);
      expect(Array.from(k.clean(objs, mthresh, 1, 1)!)).toEqual(Array.from(cleanObjectsTs(objs, mthresh, 1, 1)));
    }
  });

  it('leaves non-finite positions and semi-major axes, and grids too large, to the TypeScript', () => {
    const k = kernel();
    const lists: CleanInput[][] = [];
    for (const field_ of ['mx', 'my', 'a'] as const) {
      for (const v of [NaN, Infinity, -Infinity]) {
        const objs = field(50, 100);
        objs[17][field_] = v;
        lists.push(objs);
      }
    }
    // two objects of one bucket 10⁵ px apart in x and y: a grid of 5000² cells of 20 px
    const far = field(50, 100);
    Object.assign(far[3], { mx: 0, my: 0, a: 0.5 });
    Object.assign(far[4], { mx: 1e5, my: 1e5, a: 0.5 });
    lists.push(far);
    /** The result, or the error thrown (the TypeScript's grids cannot take some of these lists). */
    const outcome = (f: () => Int32Array): unknown => {
      try {
        return Array.from(f());
      } catch (e) {
        return String(e);
      }
    };
    for (const objs of lists) {
      const mthresh = thresholds(objs, 0.01);
      expect(k.clean(objs, mthresh, 1, 1)).toBeNull();
      // and cleanObjects then runs the TypeScript
      expect(outcome(() => cleanObjects(objs, mthresh, 1, 1))).toEqual(outcome(() => cleanObjectsTs(objs, mthresh, 1, 1)));
    }
  });
});
