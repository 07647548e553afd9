/**
 * CLEANing of spurious detections in the wings of bright objects (SExtractor `clean.c`,
 * in SEP's pairwise form): an object is removed when the Moffat-like profile extrapolated
 * from a brighter neighbour (`CLEAN_PARAM` = Moffat β) exceeds its own `mthresh` (the
 * `minarea`-th brightest filtered value above threshold). As in SExtractor, the removed
 * object's isophotal flux is added to the one that absorbs it.
 */

import type { CleanInput } from './clean-input.js';
import { cleanKernels } from './detect-wasm.js';

/** CLEAN search zone in units of (a1 + a2) (SExtractor CLEAN_ZONE). */
const CLEAN_ZONE = 10.0;

export type { CleanInput } from './clean-input.js';

/** {@link minareaThreshold}'s heap. */
let heapBuf = new Float32Array(5);

/**
 * `mthresh`: the `minarea`-th largest of (filtered value − thresh) over the pixels
 * (0 if fewer than `minarea` pixels).
 */
export function minareaThreshold(cd: Float32Array, list: Int32Array, n: number, thresh: number, minarea: number): number {
  if (n < minarea) return 0;
  // SExtractor's small heap, kept literally (including its index arithmetic, which does not
  // always sift down to the leaves, and the skipped (minarea+1)-th pixel): the value must
  // match SExtractor's for CLEAN to remove the same detections.
  // one buffer for every object (of another length when minarea changes), not an array each
  if (heapBuf.length !== minarea) heapBuf = new Float32Array(minarea);
  const heap = heapBuf;
  let ht = 0;
  let h = minarea;
  for (let q = 0; q < n; q++) {
    const tpix = Math.fround(cd[list[q]] - thresh);
    if (h > 0) heap[ht++] = tpix;
    else if (h !== 0) {
      if (tpix > heap[0]) {
        heap[0] = tpix;
        for (let j = 0, k = 2; k <= minarea; j = k, k = (j + 1) << 1) {
          let hk = k;
          if (k !== minarea && heap[hk - 1] > heap[hk]) {
            hk++;
            k++;
          }
          hk--;
          if (heap[j] <= heap[hk]) break;
          const t = heap[hk];
          heap[hk] = heap[j];
          heap[j] = t;
        }
      }
    } else heap.sort();
    h--;
  }
  return heap[0];
}

/**
 * The fields CLEAN reads, one typed array per field (index = object). The loops below read
 * only these arrays: objects' shapes differ in V8's field representations from one image to
 * the next (a value that is a small integer in one image and a double in another), and every
 * such change threw away the optimised CLEAN code that read them.
 */
class CleanTable {
  readonly mx: Float64Array;
  readonly my: Float64Array;
  readonly a: Float64Array;
  readonly cxx: Float64Array;
  readonly cyy: Float64Array;
  readonly cxy: Float64Array;
  readonly fdflux: Float64Array;
  /** Amplitude of the Moffat-like profile CLEAN extrapolates from each object. */
  readonly amp: Float64Array;
  /** Its α. */
  readonly alpha: Float64Array;

  constructor(readonly n: number) {
    this.mx = new Float64Array(n);
    this.my = new Float64Array(n);
    this.a = new Float64Array(n);
    this.cxx = new Float64Array(n);
    this.cyy = new Float64Array(n);
    this.cxy = new Float64Array(n);
    this.fdflux = new Float64Array(n);
    this.amp = new Float64Array(n);
    this.alpha = new Float64Array(n);
  }
}

/** The {@link CleanTable} of `objs`, with each object's profile for `thresh` and β = `beta`. */
function cleanTable(objs: readonly CleanInput[], thresh: number, beta: number): CleanTable {
  const t = new CleanTable(objs.length);
  for (let i = 0; i < objs.length; i++) {
    const o = objs[i];
    t.mx[i] = o.mx;
    t.my[i] = o.my;
    t.a[i] = o.a;
    t.cxx[i] = o.cxx;
    t.cyy[i] = o.cyy;
    t.cxy[i] = o.cxy;
    t.fdflux[i] = o.fdflux;
    const unitarea = Math.PI * o.a * o.b;
    const amp = o.fdflux / (2 * unitarea * o.abcor);
    t.amp[i] = amp;
    t.alpha[i] = ((Math.pow(amp / thresh, 1.0 / beta) - 1) * unitarea) / o.fdnpix;
  }
  return t;
}

/**
 * Decide which objects survive. Objects are compared pairwise in list order (SEP);
 * `mthresh[i]` is object i's {@link minareaThreshold}. Returns `eatenBy[i]` = index of the
 * object that absorbed i, or −1 if i survives. In WebAssembly (clean-wasm.ts, the same result)
 * where detection's module is compiled, else {@link cleanObjectsTs}.
 */
export function cleanObjects(objs: readonly CleanInput[], mthresh: Float64Array, thresh: number, cleanParam: number): Int32Array {
  const eatenBy = cleanKernels()?.clean(objs, mthresh, thresh, cleanParam);
  return eatenBy ?? cleanObjectsTs(objs, mthresh, thresh, cleanParam);
}

/** {@link cleanObjects} in TypeScript (where there is no WebAssembly, and for a list the kernel leaves). */
export function cleanObjectsTs(objs: readonly CleanInput[], mthresh: Float64Array, thresh: number, cleanParam: number): Int32Array {
  const n = objs.length;
  const eatenBy = new Int32Array(n).fill(-1);
  const survives = new Uint8Array(n).fill(1);
  const beta = cleanParam;
  const t = cleanTable(objs, thresh, beta);
  // Candidate pairs: objects are bucketed by size (a in powers of two), each bucket in its
  // own grid; object i queries every bucket within 10·(a_i + a_bucket_max). The order of the
  // j within one i matters: an object removed by one neighbour can be removed again by a later
  // one, which then receives its flux (`eatenBy` is overwritten), so the grids' layout and
  // their queries' order are part of the catalog.
  const buckets = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const key = Math.max(0, Math.ceil(Math.log2(Math.max(t.a[i], 1e-3))));
    let l = buckets.get(key);
    if (!l) buckets.set(key, (l = []));
    l.push(i);
  }
  // a plain loop: the array's elements kind (so its map) is the same for every image
  const grids: Grid[] = [];
  for (const items of buckets.values()) grids.push(new Grid(t, Int32Array.from(items)));
  const amax = new Float64Array(grids.length);
  for (let g = 0; g < grids.length; g++) amax[g] = grids[g].geom[3];
  const cand = new Candidates(n);
  for (let i = 0; i < n; i++) if (survives[i]) cleanAround(i, t, mthresh, grids, amax, cand, survives, eatenBy, beta);
  return eatenBy;
}

/** A reusable list of object indices. */
class Candidates {
  readonly items: Int32Array;
  length = 0;
  constructor(n: number) {
    this.items = new Int32Array(n);
  }
}

/**
 * Compare surviving object i with its surviving neighbours of higher index: the fainter of
 * each pair is removed when the brighter one's profile exceeds its `mthresh` there. A
 * function per object rather than the body of the loop over all of them, so that V8 keeps
 * its compiled code from one image to the next.
 */
function cleanAround(i: number, t: CleanTable, mthresh: Float64Array, grids: readonly Grid[], amax: Float64Array, cand: Candidates, survives: Uint8Array, eatenBy: Int32Array, beta: number): void {
  const { mx, my, a, cxx, cyy, cxy, fdflux, amp, alpha } = t;
  const x1 = mx[i];
  const y1 = my[i];
  const a1 = a[i];
  cand.length = 0;
  for (let g = 0; g < grids.length; g++) grids[g].query(x1, y1, CLEAN_ZONE * (a1 + amax[g]), i, cand);
  const items = cand.items;
  for (let q = 0; q < cand.length; q++) {
    const j = items[q];
    if (!survives[j]) continue;
    const dx = Math.fround(x1 - mx[j]);
    const dy = Math.fround(y1 - my[j]);
    let rlim = Math.fround(a1 + a[j]);
    rlim = Math.fround(rlim * rlim);
    if (dx * dx + dy * dy > rlim * CLEAN_ZONE * CLEAN_ZONE) continue;
    // the brighter of the two extrapolates its profile to the other
    const k = fdflux[j] < fdflux[i] ? i : j;
    const victim = k === i ? j : i;
    const val = 1 + alpha[k] * (cxx[k] * dx * dx + cyy[k] * dy * dy + cxy[k] * dx * dy);
    if (val > 1.0 && Math.fround(val < 1e10 ? amp[k] * Math.pow(val, -beta) : 0.0) > mthresh[victim]) {
      survives[victim] = 0;
      eatenBy[victim] = k;
    }
  }
}

/** Follow `eatenBy` chains to the surviving absorber (−1 for survivors). */
export function finalAbsorber(eatenBy: Int32Array, i: number): number {
  let j = eatenBy[i];
  if (j < 0) return -1;
  let guard = 0;
  while (eatenBy[j] >= 0 && guard++ < eatenBy.length) j = eatenBy[j];
  return j;
}

/** A uniform grid over the barycentres of some objects. */
class Grid {
  /**
   * Cell size, origin and the largest semi-major axis of the members [px]: [cell, x0, y0,
   * amax], in a typed array so that V8's field representations (small integer or double)
   * cannot change from one image to the next.
   */
  readonly geom: Float64Array;
  /** Grid width and height in cells. */
  private readonly size: Int32Array;
  private readonly start: Int32Array;
  private readonly items: Int32Array;

  constructor(t: CleanTable, members: Int32Array) {
    const { mx, my, a } = t;
    let amax = 0;
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (let m = 0; m < members.length; m++) {
      const i = members[m];
      if (a[i] > amax) amax = a[i];
      if (mx[i] < x0) x0 = mx[i];
      if (my[i] < y0) y0 = my[i];
      if (mx[i] > x1) x1 = mx[i];
      if (my[i] > y1) y1 = my[i];
    }
    const cell = Math.max(16, 20 * amax);
    this.geom = Float64Array.of(cell, x0, y0, amax);
    const gw = Math.floor((x1 - x0) / cell) + 1;
    const gh = Math.floor((y1 - y0) / cell) + 1;
    this.size = Int32Array.of(gw, gh);
    const nc = gw * gh;
    const cellOf = new Int32Array(members.length);
    for (let m = 0; m < members.length; m++) {
      const i = members[m];
      cellOf[m] = Math.floor((my[i] - y0) / cell) * gw + Math.floor((mx[i] - x0) / cell);
    }
    const start = new Int32Array(nc + 1);
    for (let m = 0; m < members.length; m++) start[cellOf[m] + 1]++;
    for (let c = 0; c < nc; c++) start[c + 1] += start[c];
    const items = new Int32Array(members.length);
    const fill = start.slice(0, nc);
    for (let m = 0; m < members.length; m++) items[fill[cellOf[m]]++] = members[m];
    this.start = start;
    this.items = items;
  }

  /** Append the members with index > `after` whose cell intersects the square of half-side `reach`. */
  query(x: number, y: number, reach: number, after: number, out: Candidates): void {
    const g = this.geom;
    const c = g[0];
    const x0 = g[1];
    const y0 = g[2];
    const gw = this.size[0];
    const gh = this.size[1];
    const cx0 = Math.max(0, Math.floor((x - reach - x0) / c));
    const cx1 = Math.min(gw - 1, Math.floor((x + reach - x0) / c));
    const cy0 = Math.max(0, Math.floor((y - reach - y0) / c));
    const cy1 = Math.min(gh - 1, Math.floor((y + reach - y0) / c));
    const { start, items } = this;
    const list = out.items;
    let n = out.length;
    // the cells cx0..cx1 of a row are consecutive in `items` (cells in row-major order), so a
    // row's members are one range: the same members in the same order as cell by cell, without
    // the loop over the cells (most of them empty), which ran cold
    if (cx0 > cx1) return;
    for (let cy = cy0; cy <= cy1; cy++) {
      const end = start[cy * gw + cx1 + 1];
      for (let q = start[cy * gw + cx0]; q < end; q++) if (items[q] > after) list[n++] = items[q];
    }
    out.length = n;
  }
}
