/**
 * Detection's WebAssembly kernels (detect-wasm.ts) give the TypeScript loops' floats, bit for
 * bit, on hostile values (NaN, ±Infinity, −1e30 masked values, overflowing sums, subnormals,
 * signed zeros) and widths that are odd or not multiples of 4; and the TypeScript fallback is
 * taken when they are switched off.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backgroundNodeLine, computeBackground, makeLineScratch, subtractBackgroundLine } from '../../../src/core/extract/background.js';
import { convolveRecord3, type StripDetections } from '../../../src/core/extract/detect.js';
import { DETECT_WASM_MIN_PIXELS, DetectKernels, detectKernels, detectModuleBytes, prepareDetectKernels, setDetectWasm } from '../../../src/core/extract/detect-wasm.js';
import { detectRows, resolveOptions } from '../../../src/core/extract/extract.js';
import { defaultKernel, normaliseKernel } from '../../../src/core/extract/filter.js';
import { Completions, LinkedList, LutzScanner } from '../../../src/core/extract/lutz.js';
import { DETECT_MODULE_BASE64 } from '../../../src/core/extract/detect-wasm-bytes.js';
import { skyImage } from './helpers.js';
import { lcg } from '../../../src/core/synth/index.js';

const wasm = (globalThis as unknown as { WebAssembly: { validate(bytes: Uint8Array): boolean } }).WebAssembly;

/** The project's LCG (core/synth), so that a failure repeats. */
const uniform = lcg(7);

const HOSTILE = [NaN, Infinity, -Infinity, -1e30, -2e30, 3e38, -3e38, 1e-45, -1e-45, 0, -0, 1e-39];

/** Hostile pixels of an image that still has a background (+Infinity or values near ±3e38 would make its RMS infinite: nothing detected). */
const IN_IMAGE = [NaN, -Infinity, -1e30, -2e30, 1e-45, -0, 0];

/** Mostly ordinary values around `sky`, with a share `hostile` of the values above. */
function row(w: number, sky: number, hostile: number, nan = true): Float32Array {
  return Float32Array.from({ length: w }, () => {
    if (uniform() < hostile) {
      const v = HOSTILE[Math.floor(uniform() * HOSTILE.length)];
      return !nan && v !== v ? 5 : v;
    }
    return sky + (uniform() - 0.3) * 40;
  });
}

/** The bits of float32 values (NaN, −0 and +0 told apart). */
const bits = (a: Float32Array): Uint32Array => new Uint32Array(a.buffer, a.byteOffset, a.length);

/** The kernels' strip `q` is the TypeScript scan's `p`: components, records (values to the bit), lists, order, flags and keys. */
function expectSameStrip(q: StripDetections, p: StripDetections): void {
  expect(q.ncomp).toBe(p.ncomp);
  expect(q.pixels.count).toBe(p.pixels.count);
  expect(Array.from(q.pixels.idx)).toEqual(Array.from(p.pixels.idx));
  expect(Array.from(bits(q.pixels.value))).toEqual(Array.from(bits(p.pixels.value)));
  expect(Array.from(bits(q.pixels.cd))).toEqual(Array.from(bits(p.pixels.cd)));
  expect(Array.from(q.compStart)).toEqual(Array.from(p.compStart));
  expect(Array.from(q.order)).toEqual(Array.from(p.order));
  expect(Array.from(q.compOpen)).toEqual(Array.from(p.compOpen));
  expect(Array.from(q.compKey)).toEqual(Array.from(p.compKey));
}

// the kernels whatever the size (the tests' images are small), unless a test says otherwise
beforeEach(() => setDetectWasm('on'));
afterEach(() => setDetectWasm('auto'));

describe('detection kernels in WebAssembly', () => {
  it('is a valid module', () => {
    expect(wasm.validate(detectModuleBytes())).toBe(true);
  });

  it('is compiled from a current copy of its bytes (detect-wasm-bytes.ts; on failure, paste the text shown)', () => {
    expect(DETECT_MODULE_BASE64).toBe(Buffer.from(detectModuleBytes()).toString('base64'));
  });

  it.each([
    ['default', defaultKernel()],
    ['asymmetric', normaliseKernel([-1, 3, 0.5, 2, 5, -2, 0.25, 1, 4], 3, 3)],
  ])('filter and threshold: the records (index, value, filtered value) of convolveRecord3 for the middle pixels (%s kernel)', (_name, kernel) => {
    // (four pixels a step: widths whose middle ends at every lane of a step, thresholds hit by one lane only)
    for (const w of [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 17, 64, 101]) {
      for (let t = 0; t < 40; t++) {
        const k = detectKernels(w, 3, 2, 0);
        expect(k).toBeDefined();
        if (!k) return;
        const hostile = t % 4 === 0 ? 0 : t % 4 === 1 ? 0.05 : 0.5;
        for (let j = 0; j < 3; j++) k.rows[j].set(row(w, 0, hostile));
        if (t % 10 === 9) k.rows[t % 3].fill(0);
        const thr = t % 7 === 6 ? -1 : t % 7 === 5 ? 0 : 5 + uniform();
        const [r0, r1, r2] = k.rows;
        const want = { rec: new Int32Array(w), idx: new Int32Array(w), val: new Float32Array(w), cd: new Float32Array(w) };
        const rowOff = 37 * w * t;
        const n = convolveRecord3(r0, r1, r2, w, kernel.data, thr, r1, rowOff, want.rec, want.idx, want.val, want.cd, 0);
        const np0 = 11;
        k.rec.fill(-7);
        const got = k.filterRecord(r0, r1, r2, kernel.data, thr, np0, rowOff);
        const middle: number[] = [];
        for (let i = 0; i < n; i++) if (want.idx[i] >= rowOff + 1 && want.idx[i] < rowOff + w - 1) middle.push(i);
        expect(got).toBe(middle.length);
        expect(Array.from(k.xs.subarray(0, got))).toEqual(middle.map((i) => want.idx[i]));
        expect(Array.from(bits(k.vals.subarray(0, got)))).toEqual(middle.map((i) => bits(want.val)[i]));
        expect(Array.from(bits(k.cds.subarray(0, got)))).toEqual(middle.map((i) => bits(want.cd)[i]));
        for (let x = 1; x < w - 1; x++) expect(k.rec[x]).toBe(want.rec[x] < 0 ? -1 : np0 + middle.indexOf(want.rec[x]));
        // filterRow: the whole row's records (first and last pixels too), numbered from np0
        k.rec.fill(-7);
        const all = k.filterRow(r0, r1, r2, kernel.data, thr, np0, rowOff);
        expect(all).toBe(n);
        expect(Array.from(k.xs.subarray(0, n))).toEqual(Array.from(want.idx.subarray(0, n)));
        expect(Array.from(bits(k.vals.subarray(0, n)))).toEqual(Array.from(bits(want.val.subarray(0, n))));
        expect(Array.from(bits(k.cds.subarray(0, n)))).toEqual(Array.from(bits(want.cd.subarray(0, n))));
        for (let x = 0; x < w; x++) expect(k.rec[x]).toBe(want.rec[x] < 0 ? -1 : np0 + want.rec[x]);
      }
    }
  });

  it('Lutz scan: the completions and pixel lists of LutzScanner, row by row, on random and nested shapes', () => {
    /** Pattern kinds: random at a density, combs and nested U shapes (merges, deep stacks), full rows, empty. */
    const cell = (kind: number, x: number, y: number, w: number, density: number): boolean => {
      switch (kind) {
        case 0:
          return uniform() < density;
        case 1: // combs joined at the bottom: objects open on many columns, merged late
          return x % 2 === 0 || y % 9 === 8;
        case 2: // nested U shapes and spirals of rings
          return (Math.max(Math.abs(x - w / 2), Math.abs(y - 20)) | 0) % 3 !== 1 || (x === (w >> 1) && y > 20);
        case 3:
          return y % 5 !== 4;
        default:
          return false;
      }
    };
    let objects = 0;
    for (const w of [2, 3, 4, 5, 7, 8, 13, 64, 131]) {
      for (let t = 0; t < 24; t++) {
        const kind = t % 5;
        const density = [0.05, 0.3, 0.5, 0.7, 0.95][t % 5];
        const h = 1 + (t % 3 === 0 ? 40 : Math.floor(uniform() * 60));
        const cap = w * h + 1;
        // the pixel lists: 0 an array of the caller's (links handed back), 1 in the kernels' memory
        // (linked in place), 2 there until the records outgrow it half way (as StripScan.grow does)
        const where = t % 3;
        const k = detectKernels(w, 3, 2, 0, where === 0 ? 0 : cap);
        expect(k).toBeDefined();
        if (!k) return;
        const jsList = new LinkedList(new Int32Array(cap).fill(-9));
        const jsDone = new Completions(4);
        const scanner = new LutzScanner(w, jsList, jsDone);
        let next = where === 0 ? new Int32Array(cap) : k.next;
        next.fill(-9);
        const done = new Completions(4);
        const rec = new Int32Array(w);
        let np = 0;
        for (let y = 0; y <= h; y++) {
          if (where === 2 && y === h >> 1) next = Int32Array.from(next);
          const np0 = np;
          for (let x = 0; x < w; x++) rec[x] = y < h && cell(kind, x, y, w, density) ? np++ : -1;
          const flag = y === 0 ? 1 : y === h - 1 ? 2 : (t & 4) !== 0 && y % 7 === 3 ? 3 : 0;
          k.rec.set(rec);
          if (y < h) {
            scanner.row(rec, flag, 0);
            k.lutzRow(flag, next, np0, np, done, y);
          } else {
            scanner.row(null);
            k.lutzRow(0, next, np, np, done, y);
          }
        }
        expect(done.n).toBe(jsDone.n);
        for (const f of ['first', 'count', 'flag', 'line', 'xl'] as const) expect(Array.from(done[f].subarray(0, done.n)), f).toEqual(Array.from(jsDone[f].subarray(0, jsDone.n)));
        expect(Array.from(next.subarray(0, np))).toEqual(Array.from(jsList.next.subarray(0, np)));
        objects += jsDone.n;
      }
    }
    expect(objects).toBeGreaterThan(1000);
  });

  it('background subtraction: the floats and NaN flag of subtractBackgroundLine', () => {
    // (a model of one mesh column is subtracted in TypeScript: widths of ≥ 2 meshes; meshes of 8, 5
    // and 3: spline intervals changing inside a step of four pixels, at every lane, or not)
    for (const [w, bs] of [
      [9, 8],
      [10, 8],
      [11, 8],
      [12, 5],
      [13, 8],
      [14, 3],
      [17, 8],
      [19, 5],
      [21, 3],
      [33, 8],
      [67, 8],
      [130, 8],
      [131, 5],
    ]) {
      const h = 40;
      const image = skyImage(w, h, 1000, 5, w);
      for (let i = 0; i < image.length; i += 3) image[i] += (i % 17) * 2 - (i % 5) * 7;
      const model = computeBackground(image, w, h, { backSize: bs });
      expect(model.nx).toBeGreaterThanOrEqual(2);
      const k = detectKernels(w, 3, model.nx, 0);
      expect(k).toBeDefined();
      if (!k) return;
      const scratch = makeLineScratch(model);
      for (let y = 0; y < h; y++) {
        const raw = row(w, 1000, y % 3 === 0 ? 0 : 0.2, y % 2 === 0);
        const want = new Float32Array(w);
        const wantNaN = subtractBackgroundLine(model, y, raw, want, scratch);
        backgroundNodeLine(model, y, scratch);
        const gotNaN = k.subtract(raw, y % 3, scratch.xw, scratch.node, scratch.dnode);
        expect(gotNaN).toBe(wantNaN);
        expect(Array.from(bits(k.rows[y % 3]))).toEqual(Array.from(bits(want)));
      }
    }
  });

  const canonicalNaN = (a: Float32Array): Float32Array => a.map((v) => (v === v ? v : NaN));

  it('subtractRow: the spline nodes of nodeLine and the floats and NaN flag of subtractBackgroundLine, with the x weights of xWeights or the kernels\' own', () => {
    // meshes of 8 and 7 (odd heights: rows in the last mesh row's upper half), grids of 2 × 2 and
    // more, hostile grid values (huge, tiny, signed zeros, NaN where a mesh is bad), every row
    let rows = 0;
    for (const [w, h, bs] of [
      [17, 16, 8],
      [33, 40, 8],
      [67, 45, 7],
      [130, 61, 8],
      [9, 100, 4],
    ]) {
      const image = skyImage(w, h, 1000, 5, w + h);
      for (let i = 0; i < image.length; i += 3) image[i] += (i % 17) * 2 - (i % 5) * 7;
      const model = computeBackground(image, w, h, { backSize: bs });
      expect(model.nx).toBeGreaterThanOrEqual(2);
      expect(model.ny).toBeGreaterThanOrEqual(2);
      const hostile = [3e38, -3e38, 1e-45, -0, 0, 1e30, NaN, -1e-40, 7.25];
      for (const variant of [0, 1, 2]) {
        if (variant === 1) for (let i = 0; i < model.back.length; i += 2) model.back[i] = hostile[i % hostile.length];
        if (variant === 2) for (let i = 0; i < model.dback.length; i++) model.dback[i] = hostile[(i * 7) % hostile.length] * (i % 2 ? 1 : 1e-30);
        const m = { ...model, back: model.back.slice(), dback: model.dback.slice() } as typeof model;
        const k = detectKernels(w, 3, m.nx, 0, 0, m.ny);
        expect(k).toBeDefined();
        if (!k) return;
        expect(k.takesGrid(m)).toBe(true);
        const scratch = makeLineScratch(m);
        for (let y = 0; y < h; y++) {
          const raw = row(w, 1000, y % 3 === 0 ? 0 : 0.2, y % 2 === 0);
          const want = new Float32Array(w);
          const wantNaN = subtractBackgroundLine(m, y, raw, want, scratch);
          // (the x weights alternately TypeScript's xWeights' and the kernels' own, `xWeights`)
          const gotNaN = k.subtractRow(raw, y % 3, m, y % 2 === 0 ? scratch.xw : null, y);
          expect(gotNaN).toBe(wantNaN);
          // (a NaN in the grid gives NaN nodes, whose sign bit V8's float32 stores and WebAssembly's
          // demotion leave differently: NaNs compared as NaNs, every other value bit for bit)
          expect(Array.from(bits(canonicalNaN(k.rows[y % 3]))), `w ${w} y ${y} variant ${variant}`).toEqual(Array.from(bits(canonicalNaN(want))));
          rows++;
        }
      }
    }
    expect(rows).toBeGreaterThan(600);
    // a grid of one mesh row, or kernels made without room for the grid: not taken
    const image = skyImage(40, 8, 1000, 5, 3);
    const flat = computeBackground(image, 40, 8, { backSize: 8 });
    expect(flat.ny).toBe(1);
    expect(detectKernels(40, 3, flat.nx, 0, 0, flat.ny)!.takesGrid(flat)).toBe(false);
  });

  it('subtractFilterRow: the rows, NaN flag, records, rec, links and completions of subtractRow, filterRow and lutzRow; −1 and nothing filtered on a NaN', () => {
    let joined = 0;
    let nans = 0;
    let completed = 0;
    let geometry = 0;
    for (const [w, h, bs] of [
      [17, 16, 8],
      [67, 45, 7],
      [130, 61, 8],
      [2, 20, 1],
      [9, 100, 4],
    ]) {
      const image = skyImage(w, h, 1000, 5, w + h);
      const model = computeBackground(image, w, h, { backSize: bs });
      if (model.nx < 2 || model.ny < 2) continue;
      const scratch = makeLineScratch(model);
      const kernel = defaultKernel();
      const records = w * h + 8;
      const a = detectKernels(w, 3, model.nx, 0, records, model.ny)!;
      const b = detectKernels(w, 3, model.nx, 0, records, model.ny)!;
      expect(b.takesGrid(model)).toBe(true);
      // the pixel lists in the kernels' memory, or (every other geometry) outside it
      const inPlace = geometry++ % 2 === 0;
      const [nextA, nextB] = inPlace ? [a.next, b.next] : [new Int32Array(records), new Int32Array(records)];
      const [foundA, foundB] = [new Completions(), new Completions()];
      let np0 = 3;
      for (let y = 0; y < h; y++) {
        const raw = row(w, 1000, y % 4 === 0 ? 0 : y % 4 === 1 ? 0.02 : 0.3, y % 3 !== 2);
        const thr = y % 5 === 4 ? -1 : 1000 * uniform() - 300;
        const rowOff = y * w;
        const rowFlag = y % 7;
        const slot = y % 3;
        const [s0, s1] = [(y + 1) % 3, (y + 2) % 3];
        a.rec.fill(-7);
        b.rec.fill(-7);
        // a: the two calls; b: the joined one (the same rows above in both)
        const wantNaN = a.subtractRow(raw, slot, model, scratch.xw, y);
        const want = wantNaN ? -1 : a.filterRow(a.rows[s0], a.rows[s1], a.rows[slot], kernel.data, thr, np0, rowOff);
        if (want >= 0) a.lutzRow(rowFlag, nextA, np0, np0 + want, foundA, y);
        const got = b.subtractFilterRow(raw, slot, model, scratch.xw, y, b.rows[s0], b.rows[s1], kernel.data, thr, np0, rowOff, rowFlag, nextB, foundB, y);
        expect(got, `w ${w} y ${y}`).toBe(want);
        expect(Array.from(bits(canonicalNaN(b.rows[slot])))).toEqual(Array.from(bits(canonicalNaN(a.rows[slot]))));
        expect(Array.from(b.rec)).toEqual(Array.from(a.rec));
        if (got < 0) {
          nans++;
          expect(Array.from(b.rec)).toEqual(new Array<number>(w).fill(-7));
          // (the next rows see rows without NaN, as in detection, where a row with one is filtered in TypeScript)
          a.rows[slot].fill(0);
          b.rows[slot].fill(0);
          continue;
        }
        joined++;
        expect(Array.from(b.xs.subarray(0, got))).toEqual(Array.from(a.xs.subarray(0, got)));
        expect(Array.from(bits(b.vals.subarray(0, got)))).toEqual(Array.from(bits(a.vals.subarray(0, got))));
        expect(Array.from(bits(b.cds.subarray(0, got)))).toEqual(Array.from(bits(a.cds.subarray(0, got))));
        np0 += got;
        expect(Array.from(nextB.subarray(0, np0))).toEqual(Array.from(nextA.subarray(0, np0)));
        expect(foundB.n).toBe(foundA.n);
        for (const f of ['first', 'count', 'flag', 'line', 'xl'] as const) expect(Array.from(foundB[f].subarray(0, foundB.n))).toEqual(Array.from(foundA[f].subarray(0, foundA.n)));
      }
      completed += foundA.n;
    }
    expect(joined).toBeGreaterThan(100);
    expect(nans).toBeGreaterThan(20);
    expect(completed).toBeGreaterThan(20);
  });

  it('detection with and without them: the same strips and subtracted image, in place or not, odd widths, hostile pixels', () => {
    for (const [w, h] of [
      [131, 97],
      [64, 64],
      [37, 150],
    ] as const) {
      const image = skyImage(w, h, 100, 5, w + h);
      // sources, masked and hostile pixels
      for (let i = 0; i < image.length; i++) {
        const u = uniform();
        if (u < 0.02) image[i] += 200 + 500 * uniform();
        else if (u < 0.025) image[i] = IN_IMAGE[Math.floor(uniform() * IN_IMAGE.length)];
      }
      for (let x = 0; x < w; x++) image[20 * w + x] = NaN; // a masked row
      const o = resolveOptions({});
      const model = computeBackground(image, w, h, { backSize: 32 });
      const run = (on: boolean, inPlace: boolean): { strips: StripDetections[]; sub: Float32Array } => {
        setDetectWasm(on ? 'on' : 'off');
        const img = Float32Array.from(image);
        const sub = inPlace ? img : new Float32Array(w * h);
        const cut = Math.floor(h / 3);
        const strips = [detectRows(img, w, h, 0, cut, model, o, sub), detectRows(img, w, h, cut, h, model, o, sub)];
        return { strips, sub };
      };
      for (const inPlace of [false, true]) {
        const a = run(false, inPlace);
        const b = run(true, inPlace);
        expect(Array.from(bits(b.sub))).toEqual(Array.from(bits(a.sub)));
        for (let s = 0; s < 2; s++) {
          const [p, q] = [a.strips[s], b.strips[s]];
          expectSameStrip(q, p);
          expect(q.pixels.count).toBeGreaterThan(0);
        }
      }
    }
  });

  it('blocks of rows in one call (subtractFilterRows): the strips of the TypeScript scan, blocks cut by NaN rows and pixels, strips\' first and last rows, records growing past capacity', () => {
    // each call's rows asked, rows done and NaN flag
    const counted: Array<[number, number, number]> = [];
    const original = DetectKernels.prototype.subtractFilterRows;
    const spy = vi.spyOn(DetectKernels.prototype, 'subtractFilterRows').mockImplementation(function (this: DetectKernels, ...args: Parameters<DetectKernels['subtractFilterRows']>) {
      original.apply(this, args);
      counted.push([args[2], args[10][0], args[10][3]]);
    });
    for (const [w, h, thresh, nanRows, nanPixels] of [
      [300, 120, 1.5, [37, 38, 70], 3],
      [512, 90, 1.5, [2, 45], 0],
      [257, 200, 0.01, [], 0],
    ] as const) {
      const image = skyImage(w, h, 100, 5, w + h);
      for (let i = 0; i < image.length; i++) if (uniform() < 0.01) image[i] += 300 * uniform();
      for (const y of nanRows) image.fill(NaN, y * w, y * w + w);
      for (let i = 0; i < nanPixels; i++) image[Math.floor(uniform() * image.length)] = NaN;
      const o = resolveOptions({ thresh });
      const model = computeBackground(image, w, h, { backSize: 32 });
      const run = (on: boolean, inPlace: boolean): { strips: StripDetections[]; sub: Float32Array } => {
        setDetectWasm(on ? 'on' : 'off');
        const img = Float32Array.from(image);
        const sub = inPlace ? img : new Float32Array(w * h);
        const cut = Math.floor(h / 2) + 3;
        const strips = [detectRows(img, w, h, 0, cut, model, o, sub), detectRows(img, w, h, cut, h, model, o, sub)];
        return { strips, sub };
      };
      for (const inPlace of [false, true]) {
        const a = run(false, inPlace);
        const before = counted.length;
        const b = run(true, inPlace);
        expect(counted.length).toBeGreaterThan(before);
        expect(Array.from(bits(b.sub))).toEqual(Array.from(bits(a.sub)));
        for (let s = 0; s < 2; s++) {
          const [p, q] = [a.strips[s], b.strips[s]];
          expectSameStrip(q, p);
        }
      }
    }
    spy.mockRestore();
    // whole blocks, blocks cut by a NaN (at their first row too)
    expect(counted.filter(([m, done, nan]) => done === m && nan === 0).length).toBeGreaterThan(10);
    expect(counted.filter(([, done, nan]) => nan === 1 && done > 0).length).toBeGreaterThan(0);
    expect(counted.filter(([, done, nan]) => nan === 1 && done === 0).length).toBeGreaterThan(0);
  });

  it('a crowded strip whose records outgrow the pixel lists in the kernels\' memory: the same strip as the TypeScript scan', () => {
    const [w, h] = [200, 200];
    const image = skyImage(w, h, 100, 5, 11);
    const o = resolveOptions({ thresh: 0.01 });
    const model = computeBackground(image, w, h, { backSize: 32 });
    const run = (on: boolean): StripDetections => {
      setDetectWasm(on ? 'on' : 'off');
      return detectRows(Float32Array.from(image), w, h, 0, h, model, o, null);
    };
    const [p, q] = [run(false), run(true)];
    // more records than the first capacity (2^14), so StripScan.grow moved the lists out half way
    expect(p.pixels.count).toBeGreaterThan(1 << 14);
    expect(q.ncomp).toBe(p.ncomp);
    expect(Array.from(q.pixels.idx)).toEqual(Array.from(p.pixels.idx));
    expect(Array.from(q.compStart)).toEqual(Array.from(p.compStart));
    expect(Array.from(q.order)).toEqual(Array.from(p.order));
    expect(Array.from(q.compKey)).toEqual(Array.from(p.compKey));
  });

  it('are used for large strips, or when switched on, and not when switched off (the TypeScript fallback)', () => {
    setDetectWasm('auto');
    expect(detectKernels(100, 3, 4, 1000)).toBeUndefined();
    expect(detectKernels(2048, 3, 4, DETECT_WASM_MIN_PIXELS)).toBeDefined();
    setDetectWasm('off');
    expect(detectKernels(2048, 3, 4, DETECT_WASM_MIN_PIXELS)).toBeUndefined();
    setDetectWasm('on');
    expect(detectKernels(100, 3, 4, 1000)).toBeDefined();
  });

  // (last: once compiled ahead, the module serves every later strip of this process)
  it('serve strips of every size once compiled ahead (prepareDetectKernels)', async () => {
    setDetectWasm('auto');
    expect(detectKernels(100, 3, 4, 1000)).toBeUndefined();
    await expect(prepareDetectKernels()).resolves.toBe(true);
    expect(detectKernels(100, 3, 4, 1000)).toBeDefined();
    setDetectWasm('off');
    expect(detectKernels(100, 3, 4, 1000)).toBeUndefined();
  });
});
