/**
 * Deblending's level scans in WebAssembly (level-wasm.ts, in detect-wasm.ts's module): for any
 * component map, threshold and box, the objects LutzScanner completes (first pixel and count, in
 * completion order) and its pixel lists; and the same catalogs from `extract` with them or with
 * LutzScanner, on crowded fields of blended stars.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { analyseLoaded, CRand, type DeblendedObject, deblendComponent, makeDeblendScratch } from '../../../src/core/extract/deblend.js';
import { Detections, PixelRecords } from '../../../src/core/extract/detect.js';
import { analysePixels } from '../../../src/core/extract/moments.js';
import { levelKernels, setDetectWasm } from '../../../src/core/extract/detect-wasm.js';
import { type LevelKernels, NODE_BYTES, STRIP_MAX_RECORDS } from '../../../src/core/extract/level-wasm.js';
import { extract } from '../../../src/core/extract/extract.js';
import { Completions, LinkedList, LutzScanner } from '../../../src/core/extract/lutz.js';
import { addGaussian, skyImage } from './helpers.js';
import { lcg } from '../../../src/core/synth/index.js';

/** The project's LCG (core/synth), so that a failure repeats. */
const uniform = lcg(5);

/**
 * A random blend drawn from `uniform`: 1 … `maxPeaks` Gaussians (peak 50–550, σ 0.8–3.8 px) on a
 * w × h grid (8–47 × 8–37), float32, with uniform noise of full width `noise`; a threshold of
 * 3–13; and the pixels above it, in raster order.
 */
function randomBlend(maxPeaks: number, noise: number): { w: number; h: number; img: Float32Array; thresh: number; idx: number[] } {
  const w = 8 + Math.floor(uniform() * 40);
  const h = 8 + Math.floor(uniform() * 30);
  const img = new Float32Array(w * h);
  const peaks = 1 + Math.floor(uniform() * maxPeaks);
  for (let g = 0; g < peaks; g++) {
    const cx = uniform() * w;
    const cy = uniform() * h;
    const f = 50 + 500 * uniform();
    const s2 = 2 * (0.8 + 3 * uniform()) ** 2;
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) img[y * w + x] += f * Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / s2);
  }
  for (let i = 0; i < w * h; i++) img[i] = Math.fround(img[i] + (uniform() - 0.5) * noise);
  const thresh = 3 + 10 * uniform();
  const idx: number[] = [];
  for (let i = 0; i < w * h; i++) if (img[i] > thresh) idx.push(i);
  return { w, h, img, thresh, idx };
}

beforeEach(() => setDetectWasm('on'));
afterEach(() => setDetectWasm('auto'));

describe('deblending level scans in WebAssembly', () => {
  it('complete the objects LutzScanner completes, in its order, with its pixel lists', () => {
    for (let trial = 0; trial < 60; trial++) {
      const bw = 1 + Math.floor(uniform() * 40);
      const bh = 1 + Math.floor(uniform() * 30);
      const stride = bw + 2;
      const cells = stride * (bh + 2);
      // a component's local map: a border of −1, cells of pixels (local indices) or −1
      const map = new Int32Array(cells).fill(-1);
      const fill = 0.2 + 0.7 * uniform();
      let n = 0;
      for (let y = 0; y < bh; y++) for (let x = 0; x < bw; x++) if (uniform() < fill) map[(y + 1) * stride + x + 1] = n++;
      if (n === 0) continue;
      const s0 = Math.floor(uniform() * 5);
      const cd = Float32Array.from({ length: s0 + n }, () => Math.fround(uniform() * 100));
      const k = levelKernels();
      expect(k).toBeDefined();
      if (!k) return;
      k.load(cd, s0, n, map, cells, bw);
      for (let level = 0; level < 4; level++) {
        const tk = Math.fround(level * 25 + uniform() * 10);
        const nx0 = Math.floor(uniform() * bw);
        const nw = 1 + Math.floor(uniform() * (bw - nx0));
        const ny0 = Math.floor(uniform() * bh);
        const ny1 = ny0 + Math.floor(uniform() * (bh - ny0));
        const list = new LinkedList(new Int32Array(n).fill(-7));
        const found = scanBox(map, bw, cd, s0, tk, nx0, nw, ny0, ny1, list);
        const got = k.scan(nx0, nw, ny0, ny1, tk);
        expect(got).toBe(found.n);
        for (let f = 0; f < found.n; f++) {
          expect([k.out[2 * f], k.out[2 * f + 1]]).toEqual([found.first[f], found.count[f]]);
          // the object's pixel list, walked as deblending walks it
          const a: number[] = [];
          const b: number[] = [];
          for (let p = found.first[f], m = 0; m < found.count[f]; p = list.next[p], m++) a.push(p);
          for (let p = k.out[2 * f], m = 0; m < k.out[2 * f + 1]; p = k.next[p], m++) b.push(p);
          expect(b).toEqual(a);
        }
      }
    }
  });

  it('branch a node as buildLevels does: marks, box, scan, children of minDeb pixels or more and their fluxes', () => {
    for (let trial = 0; trial < 60; trial++) {
      const bw = 1 + Math.floor(uniform() * 40);
      const bh = 1 + Math.floor(uniform() * 30);
      const stride = bw + 2;
      const cells = stride * (bh + 2);
      const map = new Int32Array(cells).fill(-1);
      const fill = 0.2 + 0.7 * uniform();
      const xs: number[] = [];
      const ys: number[] = [];
      for (let y = 0; y < bh; y++) {
        for (let x = 0; x < bw; x++) {
          if (uniform() < fill) {
            map[(y + 1) * stride + x + 1] = xs.length;
            xs.push(x);
            ys.push(y);
          }
        }
      }
      const n = xs.length;
      if (n === 0) continue;
      const lx = Int32Array.from(xs);
      const ly = Int32Array.from(ys);
      const s0 = Math.floor(uniform() * 5);
      const cd = Float32Array.from({ length: s0 + n }, () => Math.fround(uniform() * 100 - (uniform() < 0.05 ? 200 : 0)));
      if (n > 3) cd[s0 + 3] = NaN;
      const identity = Int32Array.from({ length: n }, (_, i) => i);
      const nthresh = 12;
      const k = levelKernels();
      expect(k).toBeDefined();
      if (!k) return;
      k.load(cd, s0, n, map, cells, bw, lx, ly, identity, nthresh);
      expect(Array.from(k.pool.subarray(0, n))).toEqual(Array.from(identity));
      const mark = new Int32Array(n);
      let used = n;
      for (let stamp = 1; stamp <= 4; stamp++) {
        // a parent: some of the pixels (a view of the pool, as buildLevels' nodes are)
        const parent = Int32Array.from(identity.filter(() => uniform() < 0.7));
        if (parent.length === 0) continue;
        if (used + parent.length > n * nthresh) break;
        k.pool.set(parent, used);
        const pix = k.pool.subarray(used, used + parent.length);
        used += parent.length;
        const tk = Math.fround(uniform() * 80);
        const minDeb = 1 + Math.floor(uniform() * 3);
        // buildLevels' TypeScript
        const [nx0, nx1, ny0, ny1] = markBox(parent, lx, ly, mark, stamp);
        const nw = nx1 - nx0 + 1;
        const list = new LinkedList(new Int32Array(n).fill(-7));
        const found = scanBox(map, bw, cd, s0, tk, nx0, nw, ny0, ny1, list);
        const want: Array<[number[], number]> = [];
        for (let f = 0; f < found.n; f++) {
          const first = found.first[f];
          const count = found.count[f];
          if (count < minDeb || mark[first] !== stamp) continue;
          const px: number[] = [];
          let flux = 0;
          for (let p = first, m = 0; m < count; p = list.next[p], m++) {
            px.push(p);
            flux += cd[s0 + p];
          }
          want.push([px, flux]);
        }
        const nch = k.branch(pix, stamp, tk, minDeb, used);
        const got: Array<[number[], number]> = [];
        for (let c = 0; c < nch; c++) {
          expect(k.res[2 * c]).toBe(used);
          got.push([Array.from(k.pool.subarray(used, used + k.res[2 * c + 1])), k.flux[c]]);
          used += k.res[2 * c + 1];
        }
        expect(got).toEqual(want);
      }
    }
  });

  it('map a component as deblendComponent does: local x, y and map, box, peak, flux and local maxima', () => {
    const k = levelKernels();
    expect(k).toBeDefined();
    if (!k) return;
    for (let trial = 0; trial < 200; trial++) {
      const width = 1 + Math.floor(uniform() * 300);
      // a large box now and then: the kernels' memory regrown
      const span = trial % 40 === 39 ? 2000 : 60;
      const n = 1 + Math.floor(uniform() * (trial % 50 === 49 ? 3000 : 80));
      const s0 = Math.floor(uniform() * 4);
      const x0 = Math.floor(uniform() * width);
      const y0 = Math.floor(uniform() * 50);
      const idx = new Int32Array(s0 + n);
      for (let q = 0; q < n; q++) idx[s0 + q] = (y0 + Math.floor(uniform() * span) % 40) * width + ((x0 + Math.floor(uniform() * span)) % width);
      // values with ties (levels of 8) and the odd negative
      const cd = Float32Array.from({ length: s0 + n }, () => Math.fround(Math.floor(uniform() * 8) * 1.5 - (uniform() < 0.05 ? 20 : 0)));
      const nthresh = 1 + Math.floor(uniform() * 32);
      const maxima = k.prepare(idx, cd, cd, s0, n, width, nthresh);
      // deblend.ts's TypeScript
      let xmin = 1 << 30;
      let ymin = 1 << 30;
      let xmax = -1;
      let ymax = -1;
      let fdpeak = -1e30;
      let fdflux = 0;
      const lx = new Int32Array(n);
      const ly = new Int32Array(n);
      for (let q = 0; q < n; q++) {
        const i = idx[s0 + q];
        const y = (i / width) | 0;
        const x = i - y * width;
        lx[q] = x;
        ly[q] = y;
        xmin = Math.min(xmin, x);
        xmax = Math.max(xmax, x);
        ymin = Math.min(ymin, y);
        ymax = Math.max(ymax, y);
        const v = cd[s0 + q];
        if (v > fdpeak) fdpeak = v;
        fdflux += v;
      }
      const bw = xmax - xmin + 1;
      const stride = bw + 2;
      const cells = stride * (ymax - ymin + 3);
      const map = new Int32Array(cells).fill(-1);
      for (let q = 0; q < n; q++) {
        lx[q] -= xmin;
        ly[q] -= ymin;
        map[(ly[q] + 1) * stride + lx[q] + 1] = q;
      }
      let nmax = 0;
      for (let p = 0; p < n && nmax < 2; p++) {
        let above = false;
        for (const d of [-stride - 1, -stride, -stride + 1, -1, 1, stride - 1, stride, stride + 1]) {
          const m = map[(ly[p] + 1) * stride + lx[p] + 1 + d];
          if (m >= 0 && cd[s0 + m] > cd[s0 + p]) above = true;
        }
        if (!above) nmax++;
      }
      expect(maxima).toBe(nmax);
      expect(Array.from(k.info.subarray(0, 4))).toEqual([xmin, ymin, bw, cells]);
      expect([k.infoF[2], k.infoF[3]]).toEqual([fdpeak, fdflux]);
      expect(Array.from(k.lx.subarray(0, n))).toEqual(Array.from(lx));
      expect(Array.from(k.ly.subarray(0, n))).toEqual(Array.from(ly));
      expect(Array.from(k.map.subarray(0, cells))).toEqual(Array.from(map));
      expect(k.pool.length).toBeGreaterThanOrEqual(n * nthresh);
    }
  });

  it("prepareStrip: a strip's component copied in by its order and mapped as prepare maps it; the strip kept through a regrowth; a strip larger than the memory refused", () => {
    const k = levelKernels();
    const want = levelKernels();
    expect(k && want).toBeDefined();
    if (!k || !want) return;
    const width = 97;
    // a strip of np records (distinct pixels of a 97 × 60 image, values with ties), its order a
    // permutation of them, its components consecutive runs of the order
    const np = 1500;
    const pixels = Int32Array.from({ length: width * 60 }, (_, i) => i);
    for (let i = pixels.length - 1; i > 0; i--) {
      const j = Math.floor(uniform() * (i + 1));
      [pixels[i], pixels[j]] = [pixels[j], pixels[i]];
    }
    const idx = pixels.slice(0, np);
    const value = Float32Array.from({ length: np }, () => Math.fround(uniform() * 50 - 5));
    const cd = Float32Array.from({ length: np }, () => Math.fround(Math.floor(uniform() * 8) * 1.5));
    const order = Int32Array.from({ length: np }, (_, i) => i);
    for (let i = np - 1; i > 0; i--) {
      const j = Math.floor(uniform() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    // (room enough for the strip in the memory the kernels hold: a large component first)
    const grown = (size: number): void => {
      const at = Int32Array.from({ length: size }, (_, i) => i);
      const ones = new Float32Array(size).fill(1);
      k.prepare(at, ones, ones, 0, size, 200, 32);
    };
    grown(6000);
    expect(k.loadStrip(idx, value, cd, order, np)).toBe(true);
    const check = (q0: number, n: number, nthresh: number): void => {
      // StripGroups.component's copy, then prepare
      const gi = new Int32Array(n);
      const gv = new Float32Array(n);
      const gc = new Float32Array(n);
      for (let q = 0; q < n; q++) {
        gi[q] = idx[order[q0 + q]];
        gv[q] = value[order[q0 + q]];
        gc[q] = cd[order[q0 + q]];
      }
      const maxima = want.prepare(gi, gc, gv, 0, n, width, nthresh);
      expect(k.prepareStrip(q0, n, width, nthresh)).toBe(maxima);
      const cells = want.info[3];
      // (what componentMap writes: the box, the map's cells, the peak and the flux)
      expect(Array.from(k.info.subarray(0, 4))).toEqual(Array.from(want.info.subarray(0, 4)));
      expect(Array.from(k.infoF.subarray(2, 4))).toEqual(Array.from(want.infoF.subarray(2, 4)));
      expect(Array.from(k.lx.subarray(0, n))).toEqual(Array.from(want.lx.subarray(0, n)));
      expect(Array.from(k.ly.subarray(0, n))).toEqual(Array.from(want.ly.subarray(0, n)));
      expect(Array.from(k.map.subarray(0, cells))).toEqual(Array.from(want.map.subarray(0, cells)));
      // what the analysis after reads: the records themselves
      k.sums(n, 3);
      want.sums(n, 3);
      expect(Array.from(k.shapeF.subarray(0, 12))).toEqual(Array.from(want.shapeF.subarray(0, 12)));
    };
    for (let q0 = 0; q0 < np; ) {
      const n = Math.min(np - q0, 1 + Math.floor(uniform() * 60));
      check(q0, n, 1 + Math.floor(uniform() * 32));
      q0 += n;
    }
    // a component larger than the kernels' room: their memory laid out anew, the strip copied in again
    grown(20000);
    check(100, 900, 32);
    check(np - 7, 7, 2);
    // a strip of more records than the memory the kernels hold has room for: refused, nothing copied
    const huge = (k.pool.buffer.byteLength >> 4) + 1;
    expect(k.loadStrip(new Int32Array(huge), new Float32Array(huge), new Float32Array(huge), new Int32Array(huge), huge)).toBe(false);
    // and one of more records than STRIP_MAX_RECORDS, whatever the memory
    grown(STRIP_MAX_RECORDS);
    const over = STRIP_MAX_RECORDS + 1;
    expect(k.loadStrip(new Int32Array(over), new Float32Array(over), new Float32Array(over), new Int32Array(over), over)).toBe(false);
    expect(k.loadStrip(idx, value, cd, order, np)).toBe(true);
    check(3, 40, 32);
    k.release();
    want.release();
  });

  it("give a loaded component analysePixels' shape, field for field (the shape's arithmetic in WebAssembly)", () => {
    const sc = makeDeblendScratch();
    expect(sc.level).toBeDefined();
    const k = sc.level;
    if (!k) return;
    for (let trial = 0; trial < 200; trial++) {
      const width = 5 + Math.floor(uniform() * 200);
      const height = 5 + Math.floor(uniform() * 60);
      const n = 1 + Math.floor(uniform() * (trial % 50 === 49 ? 3000 : 90));
      const s0 = Math.floor(uniform() * 4);
      const x0 = Math.floor(uniform() * width);
      const y0 = Math.floor(uniform() * height);
      const idx = new Int32Array(s0 + n);
      // pixels near (x0, y0), the image's edges now and then
      for (let q = 0; q < n; q++) {
        const x = Math.min(width - 1, Math.max(0, x0 + Math.floor((uniform() - 0.5) * 20)));
        const y = Math.min(height - 1, Math.max(0, y0 + Math.floor((uniform() - 0.5) * 20)));
        idx[s0 + q] = y * width + x;
      }
      // ties in both values (levels of 8), an odd negative
      const level = (): number => Math.fround(Math.floor(uniform() * 8) * 3.25 + uniform() * (trial % 3 === 0 ? 0 : 1) - (uniform() < 0.03 ? 40 : 0));
      const value = Float32Array.from({ length: s0 + n }, level);
      // now and then filtered values all zero (a zero flux: shapeOf's divisions give NaN) or all equal
      const flat = trial % 23 === 7 ? 0 : trial % 23 === 11 ? 2.5 : null;
      const cd = Float32Array.from({ length: s0 + n }, flat === null ? level : () => flat);
      // and a threshold above every value now and then (no pixel above it, t1t2 > 1)
      const thresh = trial % 17 === 5 ? 100 : Math.fround(uniform() * 10);
      k.prepare(idx, cd, value, s0, n, width, 32);
      sc.loaded = true;
      const got = analyseLoaded(sc, n, width, height, thresh);
      const list = Int32Array.from({ length: n }, (_, q) => s0 + q);
      const want = analysePixels(new PixelRecords(idx, value, cd, s0 + n), list, n, width, height, thresh, null);
      expect({ ...got }).toEqual({ ...want });
    }
  });

  it('deblend components as the TypeScript does (mayBranch, the tree, the objects)', () => {
    let split = 0;
    for (let trial = 0; trial < 150; trial++) {
      // every pixel above the threshold, in raster order, as one component
      const { w, h, img, thresh, idx } = randomBlend(4, trial % 4 === 0 ? 0 : 4);
      const n = idx.length;
      if (n < 6) continue;
      const cd = Float32Array.from(idx, (i) => img[i]);
      const det = new Detections(new PixelRecords(Int32Array.from(idx), cd.slice(), cd, n), Int32Array.of(0, n), 1);
      const nthresh = trial % 5 === 0 ? 8 : 32;
      const mincont = trial % 3 === 0 ? 0.005 : 0.0001;
      const minarea = 1 + (trial % 5);
      setDetectWasm('off');
      const ts = makeDeblendScratch();
      expect(ts.level).toBeUndefined();
      const want = deblendComponent(det, 0, w, h, thresh, nthresh, mincont, minarea, ts, new CRand());
      setDetectWasm('on');
      const wa = makeDeblendScratch();
      expect(wa.level).toBeDefined();
      const got = deblendComponent(det, 0, w, h, thresh, nthresh, mincont, minarea, wa, new CRand());
      const plain = (objs: DeblendedObject[]): unknown => objs.map((o) => ({ ...o, pixels: Array.from(o.pixels) }));
      expect(plain(got)).toEqual(plain(want));
      if (want.length > 1) split++;
    }
    expect(split).toBeGreaterThan(10);
  });

  it("make a component's whole level tree as buildLevels' TypeScript does: levels, thresholds, nodes, pixels, fluxes, children", () => {
    const k = levelKernels();
    expect(k).toBeDefined();
    if (!k) return;
    let trees = 0;
    for (let trial = 0; trial < 120; trial++) {
      const { w, img, thresh, idx } = randomBlend(5, trial % 4 === 0 ? 0 : 6);
      const n = idx.length;
      if (n < 2) continue;
      const cd = Float32Array.from(idx, (i) => img[i]);
      // a NaN and an infinity now and then (never above a level's threshold / above them all)
      if (trial % 7 === 3) cd[Math.floor(uniform() * n)] = NaN;
      if (trial % 11 === 5) cd[Math.floor(uniform() * n)] = Infinity;
      const nthresh = [2, 8, 32, 64][trial % 4];
      const minDeb = 1 + (trial % 3);
      k.prepare(Int32Array.from(idx), cd, cd, 0, n, w, nthresh);
      const fdpeak = k.infoF[2];
      const want = treeOf(cd, n, k.lx.slice(0, n), k.ly.slice(0, n), k.map.slice(0, k.info[3]), k.info[2], thresh, fdpeak, nthresh, minDeb);
      const got = treeFromKernels(k, k.tree(n, nthresh, thresh, fdpeak, minDeb), thresh);
      expect(got).toEqual(want);
      if (want !== null && want.length > 2) trees++;
    }
    expect(trees).toBeGreaterThan(30);
    // a field of 35 × 35 separate peaks: a level of 1,225 branches, the overflow (−1); and of 30 × 30
    // peaks over 32 levels: more nodes than the kernels have room for (−2: deblend.ts branches node by node)
    for (const [side, nthresh, expected] of [
      [35, 4, -1],
      [30, 32, -2],
    ] as const) {
      const w = 2 * side;
      const idx = Int32Array.from({ length: w * w }, (_, i) => i);
      const cd = Float32Array.from(idx, (i) => ((i % w) % 2 === 0 && Math.floor(i / w) % 2 === 0 ? 1000 : 10));
      const n = w * w;
      k.prepare(idx, cd, cd, 0, n, w, nthresh);
      const fdpeak = k.infoF[2];
      const want = treeOf(cd, n, k.lx.slice(0, n), k.ly.slice(0, n), k.map.slice(0, k.info[3]), k.info[2], 5, fdpeak, nthresh, 1);
      const nlev = k.tree(n, nthresh, 5, fdpeak, 1);
      expect(nlev).toBe(expected);
      expect(want === null).toBe(expected === -1);
      const det = new Detections(new PixelRecords(idx, cd.slice(), cd, n), Int32Array.of(0, n), 1);
      setDetectWasm('off');
      const ts = deblendComponent(det, 0, w, w, 5, nthresh, 0.0001, 1, makeDeblendScratch(), new CRand());
      setDetectWasm('on');
      const wa = deblendComponent(det, 0, w, w, 5, nthresh, 0.0001, 1, makeDeblendScratch(), new CRand());
      expect(wa.map((o) => ({ ...o, pixels: Array.from(o.pixels) }))).toEqual(ts.map((o) => ({ ...o, pixels: Array.from(o.pixels) })));
    }
  });

  it('give extract the same catalogs as LutzScanner on crowded fields of blended stars', () => {
    for (const [w, h, stars] of [
      [160, 120, 60],
      [97, 131, 40],
    ] as const) {
      const img = skyImage(w, h, 100, 5, w);
      for (let s = 0; s < stars; s++) {
        const x = 5 + uniform() * (w - 10);
        const y = 5 + uniform() * (h - 10);
        const f = 2000 + 40000 * uniform();
        addGaussian(img, w, h, x, y, f, 1.2 + uniform() * 1.5);
        // a close companion: something to deblend
        if (uniform() < 0.6) addGaussian(img, w, h, x + 2 + 3 * uniform(), y + 3 * uniform() - 1.5, f * (0.2 + uniform()), 1.5);
      }
      setDetectWasm('off');
      expect(makeDeblendScratch().level).toBeUndefined();
      const want = JSON.stringify(extract(img, w, h, { deblendNThresh: 32, deblendCont: 0.005 }).sources);
      setDetectWasm('on');
      expect(makeDeblendScratch().level).toBeDefined();
      const got = JSON.stringify(extract(img, w, h, { deblendNThresh: 32, deblendCont: 0.005 }).sources);
      expect(got).toBe(want);
      expect((JSON.parse(got) as { flags: number }[]).filter((s) => (s.flags & 2) !== 0).length).toBeGreaterThan(5);
    }
  });
});

/** Stamp `pix` in `mark` with `stamp`, as buildLevels marks a branch's pixels; their box in local x, y: [x0, x1, y0, y1]. */
function markBox(pix: Iterable<number>, lx: ArrayLike<number>, ly: ArrayLike<number>, mark: Int32Array, stamp: number): [number, number, number, number] {
  let nx0 = 1 << 30;
  let nx1 = -1;
  let ny0 = 1 << 30;
  let ny1 = -1;
  for (const p of pix) {
    mark[p] = stamp;
    nx0 = Math.min(nx0, lx[p]);
    nx1 = Math.max(nx1, lx[p]);
    ny0 = Math.min(ny0, ly[p]);
    ny1 = Math.max(ny1, ly[p]);
  }
  return [nx0, nx1, ny0, ny1];
}

/**
 * deblend.ts's level scan without the kernels: LutzScanner over columns nx0 … nx0 + nw − 1 and rows
 * ny0 … ny1 of a component's local `map` (rows of `bw` + 2 cells, −1 outside), the pixels m with
 * cd[s0 + m] > tk; its completions, their pixel lists linked in `list`.
 */
function scanBox(map: Int32Array, bw: number, cd: Float32Array, s0: number, tk: number, nx0: number, nw: number, ny0: number, ny1: number, list: LinkedList): Completions {
  const found = new Completions();
  const scanner = new LutzScanner(nw, list, found);
  scanner.reset(nw);
  const rec = new Int32Array(nw);
  for (let y = ny0; y <= ny1; y++) {
    for (let x = 0; x < nw; x++) {
      const m = map[(y + 1) * (bw + 2) + 1 + nx0 + x];
      rec[x] = m >= 0 && cd[s0 + m] > tk ? m : -1;
    }
    scanner.row(rec);
  }
  scanner.row(null);
  return found;
}

/** A node of a level tree as the tests compare them: its pixels (local indices, in list order), flux (unrounded), threshold, children. */
interface TreeNode {
  pix: number[];
  flux: number;
  tk: number;
  children: number[];
}

/**
 * deblend.ts's buildLevels without the kernels (LutzScanner), for component values `cd` (records
 * 0 … n − 1), local x, y and map (rows of `bw` + 2 cells): its levels, or null for the overflow.
 * The root's flux is left 0 (buildLevels gives it the component's, which nothing reads).
 */
function treeOf(cd: Float32Array, n: number, lx: Int32Array, ly: Int32Array, map: Int32Array, bw: number, thresh: number, fdpeak: number, nthresh: number, minDeb: number): TreeNode[][] | null {
  const levels: TreeNode[][] = [[{ pix: Array.from({ length: n }, (_, i) => i), flux: 0, tk: thresh, children: [] }]];
  const mark = new Int32Array(n);
  let stamp = 0;
  for (let k = 1; k < nthresh; k++) {
    const tk = Math.fround(fdpeak > 0 ? thresh * Math.pow(fdpeak / thresh, k / nthresh) : thresh);
    const cur: TreeNode[] = [];
    for (const node of levels[k - 1]) {
      stamp++;
      const [nx0, nx1, ny0, ny1] = markBox(node.pix, lx, ly, mark, stamp);
      const list = new LinkedList(new Int32Array(n));
      const found = scanBox(map, bw, cd, 0, tk, nx0, nx1 - nx0 + 1, ny0, ny1, list);
      for (let f = 0; f < found.n; f++) {
        if (found.count[f] < minDeb || mark[found.first[f]] !== stamp) continue;
        const pix: number[] = [];
        let flux = 0;
        for (let p = found.first[f], m = 0; m < found.count[f]; p = list.next[p], m++) {
          pix.push(p);
          flux += cd[p];
        }
        node.children.push(cur.length);
        cur.push({ pix, flux, tk, children: [] });
      }
    }
    if (cur.length >= 1024) return null;
    if (cur.length === 0) break;
    levels.push(cur);
  }
  return levels;
}

/** The tree LevelKernels.tree left in `k` (`nlev` levels; −1: null), as {@link treeOf} gives it (the root's threshold `thresh`). */
function treeFromKernels(k: LevelKernels, nlev: number, thresh: number): TreeNode[][] | null {
  if (nlev === -1) return null;
  expect(nlev).toBeGreaterThan(0);
  const levels: TreeNode[][] = [];
  const E = NODE_BYTES / 4;
  for (let l = 0; l < nlev; l++) {
    const level: TreeNode[] = [];
    const base = k.levelStart[l + 1];
    for (let a = k.levelStart[l]; a < k.levelStart[l + 1]; a++) {
      const at = k.nodeI[E * a];
      const count = k.nodeI[E * a + 1];
      const first = k.nodeI[E * a + 2];
      const children = Array.from({ length: k.nodeI[E * a + 3] }, (_, c) => first + c - base);
      level.push({ pix: Array.from(k.pool.subarray(at, at + count)), flux: k.nodeF[a], tk: l === 0 ? thresh : k.levelTk[l], children });
    }
    levels.push(level);
  }
  return levels;
}
