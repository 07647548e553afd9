/**
 * Multi-threshold deblending (SExtractor `deblend.c` / SEP): the component is re-thresholded
 * at `nthresh` levels spaced exponentially between the detection threshold and its filtered
 * peak; the resulting tree is cut where a node has at least two branches each holding more
 * than `mincont` of the total (filtered) flux. Faint pixels not in any retained branch are
 * given to one of the branches at random, weighted by each branch's Gaussian-like profile
 * (SExtractor's `gatherup`; the pseudo-random sequence is seeded per component, so results
 * are deterministic and do not depend on strip or thread layout).
 */
import type { Detections } from './detect.js';
import { levelKernels } from './detect-wasm.js';
import { CORE_BYTES, type LevelKernels, MAY_BRANCH_LEVELS, mayBranchThresholds, NODE_BYTES, TREE_LEVELS } from './level-wasm.js';
import { Completions, LinkedList, LutzScanner } from './lutz.js';
import { analysePixels, reserveAnalysis, shapeOf, type Shape, shapeRecord } from './moments.js';

/** Maximum number of branches per level (SExtractor NSONMAX). */
const NSONMAX = 1024;
/** Minimum area of a branch (SExtractor MAXDEBAREA caps `minarea` at 3). */
const MAXDEBAREA = 3;

/**
 * Whether {@link deblendComponent} tries to split a component of `n` pixels (with `nthresh` levels
 * and `minarea`): else it keeps it whole without a look (and without the level kernels).
 */
export function mayDeblend(n: number, nthresh: number, minarea: number): boolean {
  return nthresh >= 2 && n >= 2 * Math.min(minarea, MAXDEBAREA);
}

/** One output object of the deblender. */
export interface DeblendedObject {
  /** Pixel record indices. */
  pixels: Int32Array;
  /** Barycentre of the branch core (deblended children only). */
  centre: [number, number] | null;
  /** Deblended from a larger component (SExtractor flag 2). */
  merged: boolean;
  /** Too many branches: the component was kept whole (SExtractor flag 64). */
  overflow: boolean;
  /**
   * For deblended children: the branch core touches the image border (SExtractor takes
   * flag 8 of a child from its core, not from the faint pixels it gathers). Null otherwise.
   */
  coreBorder: boolean | null;
}

/**
 * The C library's `rand()` as in glibc (additive feedback, degree 31) with seed 1, which
 * is what SExtractor and SEP draw from when distributing faint pixels among branches.
 * Consuming it in the same order makes deblended fluxes agree pixel for pixel.
 */
export class CRand {
  private readonly r = new Int32Array(34);
  private i = 0;
  constructor(seed = 1) {
    const r = this.r;
    r[0] = seed;
    for (let k = 1; k < 31; k++) {
      const hi = Math.trunc(r[k - 1] / 127773);
      const lo = r[k - 1] % 127773;
      let word = 16807 * lo - 2836 * hi;
      if (word < 0) word += 2147483647;
      r[k] = word;
    }
    const st = new Int32Array(344 + 34);
    st.set(r.subarray(0, 31));
    for (let k = 31; k < 34; k++) st[k] = st[k - 31];
    for (let k = 34; k < 344; k++) st[k] = (st[k - 31] + st[k - 3]) | 0;
    // ring = r[313 .. 343], the 31 values before the first output r[344]
    this.ring = st.slice(313, 344);
    this.i = 0;
  }
  private ring: Int32Array;
  /** Next value in [0, 2^31 − 1]. */
  next(): number {
    const ring = this.ring;
    // ring holds r[k-31 .. k-1] for the next k; index i points at r[k-31]
    const k31 = ring[this.i];
    const k3 = ring[(this.i + 28) % 31];
    const v = (k31 + k3) | 0;
    ring[this.i] = v;
    this.i = (this.i + 1) % 31;
    return v >>> 1;
  }
  /** Its state into `to`: the ring's 31 values, then the index of the next to replace (level-wasm.ts's gatherPixels draws on from there). */
  saveTo(to: Int32Array): void {
    to.set(this.ring);
    to[31] = this.i;
  }
  /** Its state from `from`, as {@link saveTo} wrote it (and gatherPixels left it). */
  loadFrom(from: Int32Array): void {
    this.ring.set(from.subarray(0, 31));
    this.i = from[31];
  }
}

interface Node {
  pix: Int32Array; // local indices
  fdflux: number;
  thresh: number;
  children: number[];
  ok: boolean;
}

/**
 * Buffers reused from one component to the next (a class, not a literal: see background.ts),
 * with the Lutz scanner of the sub-thresholds and the objects it completes (`found`).
 */
export class DeblendScratch {
  map = new Int32Array(1024);
  mark = new Int32Array(256);
  stack = new Int32Array(256);
  buf = new Int32Array(256);
  lx = new Int32Array(256);
  ly = new Int32Array(256);
  /** Level of each pixel in mayBranch. */
  lev = new Int32Array(256);
  /** mayBranch's thresholds (running minima from the top level down) and pixels per level. */
  tk = new Float64Array(0);
  count = new Int32Array(0);
  list = new LinkedList(new Int32Array(0));
  readonly found = new Completions();
  scanner: LutzScanner | null = null;
  scannerWidth = 0;
  rec = new Int32Array(0);
  /** Offsets of the eight neighbours in the local map (its row stride changes per component). */
  readonly nb = new Int32Array(8);
  /**
   * `identity[k] = k`: a component that stays whole lists its records 0 … n − 1 as a view of
   * this (written once when grown, never changed, so earlier views stay valid) instead of an
   * array of its own; 2,700 components of a 2048² field were as many array buffers to allocate.
   */
  identity = identityOf(256);
  /** The pixels of every branch of a component's tree (see buildLevels); room for 256 pixels and 32 levels. */
  pool = new Int32Array(256 * 32);
  /** The level scans in WebAssembly (level-wasm.ts) when detection's module is compiled, else LutzScanner. */
  readonly level: LevelKernels | undefined = levelKernels();
  /** The last component deblended is loaded in {@link level} (see {@link analyseLoaded}). */
  loaded = false;
  /**
   * The last component deblended was split by the level kernels (gatherUp's gatherLoaded): its first
   * record (s0), else −1; object j's records are then listed in the kernels' memory at byte address
   * {@link gatheredAt}[j] (see {@link analyseGathered}).
   */
  gatheredFrom = -1;
  gatheredAt = new Int32Array(16);
  /** cutNodes' flags of the tree's nodes (1: no core below). */
  ok = new Uint8Array(256);
}

/**
 * moments.ts's analysePixels of the whole of the last component deblended with `sc` (`n` pixels,
 * in their records' order), when it is loaded in the level kernels (`sc.loaded`): its two passes
 * in WebAssembly over what deblendComponent loaded and shapeOf's arithmetic there too (level-wasm.ts's
 * componentSums), but theta and the border test, the same TypeScript as shapeOf's.
 */
export function analyseLoaded(sc: DeblendScratch, n: number, width: number, height: number, thresh: number): Shape {
  const lk = sc.level!;
  lk.sums(n, thresh);
  const info = lk.info;
  const f = lk.infoF;
  const s = lk.shapeF;
  const xmin = info[0];
  const ymin = info[1];
  const xmax = info[8];
  const ymax = info[9];
  const xm2 = s[2];
  const ym2 = s[3];
  const xym = s[4];
  const temp = xm2 - ym2;
  const r = shapeRecord();
  r.fdnpix = n;
  r.fdflux = Math.fround(f[3]);
  r.fdpeak = f[2];
  r.dpeak = f[8];
  r.xpeak = info[10] + xmin;
  r.ypeak = info[11] + ymin;
  r.xmin = xmin;
  r.xmax = xmax;
  r.ymin = ymin;
  r.ymax = ymax;
  r.mx = s[0];
  r.my = s[1];
  r.mx2 = xm2;
  r.my2 = ym2;
  r.mxy = xym;
  r.a = s[5];
  r.b = s[6];
  r.theta = Math.abs(temp) > 0 ? Math.atan2(2.0 * xym, temp) / 2.0 : Math.PI / 4.0;
  r.cxx = s[7];
  r.cyy = s[8];
  r.cxy = s[9];
  r.abcor = s[10];
  r.dnpix = info[12];
  r.dflux = s[11];
  r.singular = lk.shapeI[24] !== 0;
  r.border = xmin === 0 || ymin === 0 || xmax === width - 1 || ymax === height - 1;
  return r;
}

/**
 * moments.ts's analysePixels of object `j` of the last component deblended with `sc` when the level
 * kernels split it (`sc.gatheredFrom` ≥ 0; `n` its pixels, `centre` and `border` its core's, as
 * deblendComponent returned them): its two passes in WebAssembly over its records as listed there.
 */
export function analyseGathered(sc: DeblendScratch, j: number, n: number, width: number, height: number, thresh: number, centre: readonly [number, number], border: boolean | null): Shape {
  return listShape(sc.level!, sc.gatheredAt[j], n, sc.gatheredFrom, thresh, width, height, centre, border);
}

/**
 * analysePixels (moments.ts) of `n` pixels of the component loaded in `lk`, listed at byte address
 * `list` of its memory (int32 values minus `sub`): the sums by LevelKernels.listSums, the shape from
 * them by the same TypeScript (shapeOf).
 */
function listShape(lk: LevelKernels, list: number, n: number, sub: number, thresh: number, width: number, height: number, centre: readonly [number, number] | null, border: boolean | null): Shape {
  lk.listSums(list, n, sub, thresh);
  const i = lk.lsumI;
  const f = lk.lsumF;
  const x0 = lk.info[0];
  const y0 = lk.info[1];
  return shapeOf(n, Math.fround(f[6]), f[5], f[4], i[4] + x0, i[5] + y0, i[0] + x0, i[1] + x0, i[2] + y0, i[3] + y0, thresh, f[7], i[6], i[7], f[8], f[9], f[10], f[11], f[12], f[13], width, height, centre, border);
}

/** `[0, 1, …, n − 1]`. */
function identityOf(n: number): Int32Array {
  const id = new Int32Array(n);
  for (let k = 0; k < n; k++) id[k] = k;
  return id;
}

export function makeDeblendScratch(): DeblendScratch {
  return new DeblendScratch();
}

function wholeComponent(sc: DeblendScratch, s0: number, n: number, overflow: boolean): DeblendedObject[] {
  // (the identity is as long as the largest component yet: see deblendComponent; a component
  // beyond it, only in merged records whose components do not start at 0, gets its own list)
  const pixels = s0 + n <= sc.identity.length ? sc.identity.subarray(s0, s0 + n) : recordRange(s0, n);
  return [{ pixels, centre: null, merged: false, overflow, coreBorder: null }];
}

/** `[s0, s0 + 1, …, s0 + n − 1]`. */
function recordRange(s0: number, n: number): Int32Array {
  const all = new Int32Array(n);
  for (let k = 0; k < n; k++) all[k] = s0 + k;
  return all;
}

/**
 * Quick test on the component's max-tree: is there any level at which two or more branches
 * of at least `minDeb` pixels exist? If not, the multi-threshold tree is a chain and the
 * component is never split, whatever the contrast.
 */
function mayBranch(
  sc: DeblendScratch,
  cd: Float32Array,
  s0: number,
  n: number,
  lx: Int32Array,
  ly: Int32Array,
  map: Int32Array,
  bw: number,
  thresh: number,
  fdpeak: number,
  nthresh: number,
  minDeb: number,
  maxima: number,
): boolean {
  if (!(fdpeak > 0)) return false;
  // Every branch of an upper level set holds a local maximum of the component, so a
  // component with a single local maximum (8-neighbours) can never branch.
  // (the map has a border of −1 all round, row stride bw + 2: no bounds to test)
  const stride = bw + 2;
  const nb = sc.nb;
  nb[0] = -stride - 1;
  nb[1] = -stride;
  nb[2] = -stride + 1;
  nb[3] = -1;
  nb[4] = 1;
  nb[5] = stride - 1;
  nb[6] = stride;
  nb[7] = stride + 1;
  // (`maxima` ≥ 0: counted already, by the level kernels)
  let nmax = maxima < 0 ? 0 : maxima;
  for (let p = maxima < 0 ? 0 : n; p < n && nmax < 2; p++) {
    const v = cd[s0 + p];
    const c = (ly[p] + 1) * stride + lx[p] + 1;
    // the eight neighbours inline, not a call each: before V8 optimises this function (most of
    // a cold start's components) every call was a real one
    let above = false;
    for (let d = 0; d < 8 && !above; d++) {
      const m = map[c + nb[d]];
      above = m >= 0 && cd[s0 + m] > v;
    }
    if (!above) nmax++;
  }
  if (nmax < 2) return false;
  // The pixels in the order the levels take them, from the top level down: a counting sort by
  // level rather than a sort by value (n log n comparisons, each a call of a closure, until V8
  // optimised it). Within a level the order differs from the value order, which changes nothing:
  // what is tested after each level, the number of branches of `minDeb` pixels or more, depends
  // only on which pixels are in. Level k takes the pixels above the least of thresholds
  // k … nthresh − 1 (what the value-ordered pass took: it never went back), so `lev[p]` is the
  // last level whose running minimum pixel p exceeds.
  if (sc.tk.length < nthresh) {
    sc.tk = new Float64Array(nthresh);
    sc.count = new Int32Array(nthresh + 1);
  }
  const tks = sc.tk;
  mayBranchThresholds(tks, thresh, fdpeak, nthresh);
  const count = sc.count;
  count.fill(0, 0, nthresh + 1);
  const lev = sc.lev;
  for (let p = 0; p < n; p++) {
    const v = cd[s0 + p];
    // the largest k in [1, nthresh) with v > tks[k] (tks does not decrease with k), else 0
    let lo = 0;
    let hi = nthresh - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (v > tks[mid]) lo = mid;
      else hi = mid - 1;
    }
    lev[p] = lo;
    count[lo]++;
  }
  // start[k] of level k's run in `o`, top level first (count[k] becomes that start)
  let at = 0;
  for (let k = nthresh - 1; k >= 0; k--) {
    const c = count[k];
    count[k] = at;
    at += c;
  }
  const o = sc.stack;
  for (let p = 0; p < n; p++) o[count[lev[p]]++] = p;
  const parent = sc.buf;
  const size = sc.mark;
  for (let k = 0; k < n; k++) {
    parent[k] = -1;
    size[k] = 0;
  }
  const find = findRoot;
  let nbig = 0;
  let q = 0;
  for (let k = nthresh - 1; k >= 1; k--) {
    // (count[k] is now the end of level k's run)
    const end = count[k];
    while (q < end) {
      const p = o[q++];
      parent[p] = p;
      size[p] = 1;
      if (minDeb <= 1) nbig++;
      const c = (ly[p] + 1) * stride + lx[p] + 1;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          if (dx === 0 && dy === 0) continue;
          const m = map[c + dy * stride + dx];
          if (m < 0 || parent[m] < 0) continue;
          const ra = find(parent, m);
          const rb = find(parent, p);
          if (ra === rb) continue;
          const bigA = size[ra] >= minDeb;
          const bigB = size[rb] >= minDeb;
          parent[rb] = ra;
          size[ra] += size[rb];
          // two big branches merge: one fewer; two small ones make a big one: one more (no
          // branch of its own for the rare first case, which V8 would deoptimise on)
          const grown = !bigA && !bigB && size[ra] >= minDeb;
          nbig += (grown ? 1 : 0) - (bigA && bigB ? 1 : 0);
        }
      }
    }
    if (nbig >= 2) return true;
  }
  return false;
}

function findRoot(parent: Int32Array, a: number): number {
  while (parent[a] !== a) {
    parent[a] = parent[parent[a]];
    a = parent[a];
  }
  return a;
}

/**
 * Deblend component `c` of `det`. `thresh` is the detection threshold (filtered image units).
 */
export function deblendComponent(
  det: Detections,
  c: number,
  width: number,
  height: number,
  thresh: number,
  nthresh: number,
  mincont: number,
  minarea: number,
  scratch: DeblendScratch = makeDeblendScratch(),
  rand: CRand = new CRand(),
): DeblendedObject[] {
  const s0 = det.start[c];
  const n = det.start[c + 1] - s0;
  const { idx, cd } = det.pixels;
  scratch.loaded = false;
  scratch.gatheredFrom = -1;
  if (!mayDeblend(n, nthresh, minarea)) return wholeComponent(scratch, s0, n, false);
  // bounding box and local map
  let xmin = 1 << 30;
  let ymin = 1 << 30;
  let xmax = -1;
  let ymax = -1;
  let fdpeak = -1e30;
  let fdflux = 0;
  if (scratch.mark.length < n) {
    const m = Math.max(n, scratch.mark.length * 2);
    scratch.mark = new Int32Array(m);
    scratch.stack = new Int32Array(m);
    scratch.buf = new Int32Array(m);
    scratch.lx = new Int32Array(m);
    scratch.ly = new Int32Array(m);
    scratch.lev = new Int32Array(m);
    // here, not where they are used: this branch runs early in an image (V8 has seen it when it
    // optimises this function), while a branch of their own, first taken by some large
    // component later, threw the optimised code of the function holding it away
    scratch.identity = identityOf(m);
    // (with the level kernels, the tree's pixels are in their memory: see buildLevels)
    if (!scratch.level) scratch.pool = new Int32Array(m * nthresh);
    reserveAnalysis(m);
  }
  const minDeb = Math.min(minarea, MAXDEBAREA);
  const lk = scratch.level;
  if (lk) {
    // the loops below in one WebAssembly call (level-wasm.ts), with mayBranch's local maxima
    const maxima = lk.prepare(idx, cd, det.pixels.value, s0, n, width, nthresh);
    scratch.loaded = true;
    const info = lk.info;
    const peak = lk.infoF[2];
    const flux = Math.fround(lk.infoF[3]);
    return deblendMapped(det, s0, n, lk.lx, lk.ly, lk.map, info[0], info[1], info[2], peak, flux, maxima, width, height, thresh, nthresh, mincont, minDeb, scratch, rand);
  }
  const lx = scratch.lx;
  const ly = scratch.ly;
  // image x, y of every pixel (made local below): one division per pixel
  for (let k = 0; k < n; k++) {
    const i = idx[s0 + k];
    const y = (i / width) | 0;
    const x = i - y * width;
    lx[k] = x;
    ly[k] = y;
    if (x < xmin) xmin = x;
    if (x > xmax) xmax = x;
    if (y < ymin) ymin = y;
    if (y > ymax) ymax = y;
    const v = cd[s0 + k];
    if (v > fdpeak) fdpeak = v;
    fdflux += v;
  }
  fdflux = Math.fround(fdflux);
  const bw = xmax - xmin + 1;
  const bh = ymax - ymin + 1;
  // the component's bounding box with a border of empty cells all round (row stride bw + 2)
  const cells = (bw + 2) * (bh + 2);
  if (scratch.map.length < cells) scratch.map = new Int32Array(Math.max(cells, scratch.map.length * 2));
  const map = scratch.map;
  map.fill(-1, 0, cells);
  const stride = bw + 2;
  for (let k = 0; k < n; k++) {
    const x = lx[k] - xmin;
    const y = ly[k] - ymin;
    lx[k] = x;
    ly[k] = y;
    map[(y + 1) * stride + x + 1] = k;
  }
  return deblendMapped(det, s0, n, lx, ly, map, xmin, ymin, bw, fdpeak, fdflux, -1, width, height, thresh, nthresh, mincont, minDeb, scratch, rand);
}

/**
 * The rest of {@link deblendComponent} once the component is mapped: its pixels' local `lx`, `ly`,
 * its local `map` (rows of `bw` + 2 cells, a border of −1), box origin `xmin`, `ymin`, peak and flux, and
 * its local maxima counted up to 2 (`maxima`, or −1: not counted yet, mayBranch counts them).
 */
function deblendMapped(
  det: Detections,
  s0: number,
  n: number,
  lx: Int32Array,
  ly: Int32Array,
  map: Int32Array,
  xmin: number,
  ymin: number,
  bw: number,
  fdpeak: number,
  fdflux: number,
  maxima: number,
  width: number,
  height: number,
  thresh: number,
  nthresh: number,
  mincont: number,
  minDeb: number,
  scratch: DeblendScratch,
  rand: CRand,
): DeblendedObject[] {
  const cd = det.pixels.cd;
  // one call of wholeComponent for every component that stays whole (most do): a call site
  // first reached after V8 optimised this function would deoptimise it
  let cores: GatherCore[] | null = null;
  let overflow = false;
  // mayBranch in WebAssembly when the component is loaded there (maxima counted)
  const branches =
    maxima < 0 || nthresh > MAY_BRANCH_LEVELS
      ? maxima !== 0 && maxima !== 1 && mayBranch(scratch, cd, s0, n, lx, ly, map, bw, thresh, fdpeak, nthresh, minDeb, maxima)
      : maxima >= 2 && fdpeak > 0 && scratch.level!.mayBranch(n, thresh, fdpeak, nthresh, minDeb);
  if (branches) {
    // the whole tree in one WebAssembly call when the component is loaded there (level-wasm.ts's
    // levelTree), else (or when its nodes outgrow their room: −2) branch by branch
    const lk = scratch.loaded ? scratch.level : undefined;
    const nlev = lk !== undefined && nthresh <= TREE_LEVELS ? lk.tree(n, nthresh, thresh, fdpeak, minDeb) : -2;
    if (nlev === -1) overflow = true;
    else if (nlev >= 0) cores = cutNodes(lk!, nlev, fdflux * mincont, scratch);
    else {
      const levels = buildLevels(cd, s0, n, lx, ly, map, bw, thresh, fdpeak, fdflux, nthresh, minDeb, scratch);
      if (levels === null) overflow = true;
      else cores = cutTree(levels, fdflux * mincont);
    }
  }
  if (cores === null) return wholeComponent(scratch, s0, n, overflow);
  return gatherUp(det, s0, n, cores, lx, ly, xmin, ymin, width, height, thresh, rand, scratch);
}

/*
 * The phases below are separate functions so that V8 compiles each on its own (most
 * components stop at mayBranch): one large function took long to compile and ran slowly
 * meanwhile on the first image of every thread.
 */

/**
 * The multi-threshold tree of a component (SExtractor's `deblend` levels): level k holds the
 * branches above threshold k of `nthresh`, each with its pixels (local indices) and filtered
 * flux. Null when a level has NSONMAX branches or more (deblending overflow).
 */
function buildLevels(
  cd: Float32Array,
  s0: number,
  n: number,
  lx: Int32Array,
  ly: Int32Array,
  map: Int32Array,
  bw: number,
  thresh: number,
  fdpeak: number,
  fdflux: number,
  nthresh: number,
  minDeb: number,
  scratch: DeblendScratch,
): Node[][] | null {
  const mark = scratch.mark;
  let stamp = 0;

  // Every branch's pixels are a view of one pool (no level holds more than the component's n
  // pixels, so n · nthresh is room enough), not an array of their own: ~9,000 array buffers to
  // allocate for a 2048² field. The root's pixels are the identity's first n.
  // With the kernels, the pool is theirs (LevelKernels.pool, its first n the root's pixels).
  const lk = scratch.level;
  if (!lk && scratch.pool.length < n * nthresh) scratch.pool = new Int32Array(n * nthresh);
  // (the component is loaded: deblendComponent's `prepare`)
  lk?.root(n, scratch.identity);
  const pool = lk ? lk.pool : scratch.pool;
  let used = lk ? n : 0;
  const levels: Node[][] = [[{ pix: lk ? pool.subarray(0, n) : scratch.identity.subarray(0, n), fdflux, thresh, children: [], ok: true }]];
  if (!lk) {
    mark.fill(0, 0, n);
    if (scratch.list.next.length < n) scratch.list.next = new Int32Array(Math.max(n, scratch.list.next.length * 2));
    if (scratch.scannerWidth < bw) {
      scratch.scannerWidth = Math.max(bw, scratch.scannerWidth * 2);
      scratch.scanner = new LutzScanner(scratch.scannerWidth, scratch.list, scratch.found);
      scratch.rec = new Int32Array(scratch.scannerWidth);
    }
  }
  const found = scratch.found;
  const scanner = scratch.scanner!;
  const rec = scratch.rec;
  for (let k = 1; k < nthresh; k++) {
    const tk = Math.fround(fdpeak > 0 ? thresh * Math.pow(fdpeak / thresh, k / nthresh) : thresh);
    const prev = levels[k - 1];
    const cur: Node[] = [];
    for (let pi = 0; pi < prev.length; pi++) {
      const node = prev[pi];
      stamp++;
      if (lk) {
        // the branch in one call (level-wasm.ts): marks, box, scan, the children's pixels and fluxes
        const nch = lk.branch(node.pix, stamp, tk, minDeb, used);
        const res = lk.res;
        for (let f = 0; f < nch; f++) {
          const at = res[2 * f];
          used = at + res[2 * f + 1];
          node.children.push(cur.length);
          cur.push({ pix: pool.subarray(at, used), fdflux: Math.fround(lk.flux[f]), thresh: tk, children: [], ok: true });
        }
        continue;
      }
      let nx0 = 1 << 30;
      let nx1 = -1;
      let ny0 = 1 << 30;
      let ny1 = -1;
      for (let q = 0; q < node.pix.length; q++) {
        const p = node.pix[q];
        mark[p] = stamp;
        if (lx[p] < nx0) nx0 = lx[p];
        if (lx[p] > nx1) nx1 = lx[p];
        if (ly[p] < ny0) ny0 = ly[p];
        if (ly[p] > ny1) ny1 = ly[p];
      }
      const nw = nx1 - nx0 + 1;
      scanner.reset(nw);
      found.clear();
      for (let y = ny0; y <= ny1; y++) {
        // (the map's border: see deblendComponent)
        const row = (y + 1) * (bw + 2) + 1;
        for (let x = 0; x < nw; x++) {
          const m = map[row + nx0 + x];
          rec[x] = m >= 0 && cd[s0 + m] > tk ? m : -1;
        }
        scanner.row(rec);
      }
      scanner.row(null);
      const nfound = found.n;
      const next = scratch.list.next;
      for (let f = 0; f < nfound; f++) {
        const first = found.first[f];
        const count = found.count[f];
        if (count < minDeb || mark[first] !== stamp) continue;
        const pix = pool.subarray(used, used + count);
        used += count;
        let flux = 0;
        for (let p = first, m = 0; m < count; p = next[p], m++) {
          pix[m] = p;
          flux += cd[s0 + p];
        }
        node.children.push(cur.length);
        cur.push({ pix, fdflux: Math.fround(flux), thresh: tk, children: [], ok: true });
      }
    }
    if (cur.length >= NSONMAX) return null;
    if (cur.length === 0) break;
    levels.push(cur);
  }
  return levels;
}

/**
 * Cut the tree top-down (SExtractor's contrast test, `value0` = DEBLEND_MINCONT × the
 * component's flux): the cores, or null when the component stays whole.
 */
function cutTree(levels: Node[][], value0: number): Node[] | null {
  // cut the tree top-down
  // indexed loops, not for…of: the iterator protocol made this rarely run function's optimised
  // code several times larger (and as much longer to compile)
  const cores: Node[] = [];
  for (let k = levels.length - 2; k >= 0; k--) {
    const next = levels[k + 1];
    const level = levels[k];
    for (let a = 0; a < level.length; a++) {
      const node = level[a];
      const children = node.children;
      let m = 0;
      for (let b = 0; b < children.length; b++) {
        const ch = next[children[b]];
        if (ch.fdflux - ch.thresh * ch.pix.length > value0) m++;
        node.ok = node.ok && ch.ok;
      }
      if (m > 1) {
        for (let b = 0; b < children.length; b++) {
          const ch = next[children[b]];
          if (ch.ok && ch.fdflux - ch.thresh * ch.pix.length > value0) cores.push(ch);
        }
        node.ok = false;
      }
    }
  }
  if (levels[0][0].ok || cores.length < 1) return null;
  return cores;
}

/**
 * {@link cutTree} of the tree LevelKernels.tree left in the kernels `lk` (`nlev` levels; its nodes
 * read where it wrote them, the same floats compared in the same order): the cores (views of the
 * kernels' pool), or null when the component stays whole.
 */
function cutNodes(lk: LevelKernels, nlev: number, value0: number, scratch: DeblendScratch): GatherCore[] | null {
  const node = lk.nodeI;
  const flux = lk.nodeF;
  const start = lk.levelStart;
  const total = start[nlev];
  if (scratch.ok.length < total) scratch.ok = new Uint8Array(Math.max(total, 2 * scratch.ok.length));
  const ok = scratch.ok;
  ok.fill(1, 0, total);
  const E = NODE_BYTES / 4;
  const cores: GatherCore[] = [];
  for (let k = nlev - 2; k >= 0; k--) {
    // (the children's level's threshold)
    const tk = lk.levelTk[k + 1];
    for (let a = start[k]; a < start[k + 1]; a++) {
      const first = node[E * a + 2];
      const end = first + node[E * a + 3];
      let m = 0;
      for (let c = first; c < end; c++) {
        if (Math.fround(flux[c]) - tk * node[E * c + 1] > value0) m++;
        if (ok[c] === 0) ok[a] = 0;
      }
      if (m > 1) {
        for (let c = first; c < end; c++) {
          const at = node[E * c];
          const count = node[E * c + 1];
          if (ok[c] !== 0 && Math.fround(flux[c]) - tk * count > value0) cores.push({ pix: lk.pool.subarray(at, at + count), thresh: tk });
        }
        ok[a] = 0;
      }
    }
  }
  if (ok[0] !== 0 || cores.length < 1) return null;
  return cores;
}

/** A core of {@link gatherUp}: a node of the level tree (its pixels, local indices, and its level's threshold). */
export interface GatherCore {
  readonly pix: Int32Array;
  readonly thresh: number;
}

/**
 * SExtractor's `gatherup`: analyse the cores, then give every other pixel of the component to
 * a core, at random in proportion to each core's Gaussian profile there (C `rand()` order).
 * With the component loaded in the level kernels (`scratch.loaded`) and the cores' pixels in their
 * pool, the loops over the pixels run there (gatherLoaded). Exported for the tests.
 */
export function gatherUp(
  det: Detections,
  s0: number,
  n: number,
  cores: readonly GatherCore[],
  lx: Int32Array,
  ly: Int32Array,
  xmin: number,
  ymin: number,
  width: number,
  height: number,
  thresh: number,
  rand: CRand,
  scratch: DeblendScratch,
): DeblendedObject[] {
  // gatherup: analyse cores, then distribute the remaining pixels
  const nc = cores.length;
  const shapes: Shape[] = [];
  // in WebAssembly when the component is loaded there and its cores' pixels are in the kernels' pool
  const lk = scratch.loaded ? scratch.level : undefined;
  const inPool = lk !== undefined && nc <= n && cores.every((c) => c.pix.buffer === lk.pool.buffer);
  if (inPool) {
    for (let ci = 0; ci < nc; ci++) shapes.push(listShape(lk, cores[ci].pix.byteOffset, cores[ci].pix.length, 0, cores[ci].thresh, width, height, null, null));
  } else {
    const coreGlobal = new Int32Array(n);
    for (let ci = 0; ci < nc; ci++) {
      const pix = cores[ci].pix;
      for (let q = 0; q < pix.length; q++) coreGlobal[q] = s0 + pix[q];
      shapes.push(analysePixels(det.pixels, coreGlobal, pix.length, width, height, cores[ci].thresh, null));
    }
  }
  const f32 = Math.fround;
  const amp = new Float32Array(nc);
  for (let ci = 0; ci < nc; ci++) {
    const sh = shapes[ci];
    const dist = f32(sh.fdnpix / (2 * Math.PI * sh.abcor * sh.a * sh.b));
    let a = dist < 70.0 ? f32(f32(thresh) * f32(Math.exp(dist))) : f32(4.0 * sh.fdpeak);
    if (a > f32(4.0 * sh.fdpeak)) a = f32(4.0 * sh.fdpeak);
    amp[ci] = a;
  }
  if (inPool) return gatherLoaded(lk, s0, n, cores, shapes, amp, xmin, ymin, rand, scratch);
  const owner = new Int32Array(n).fill(-1);
  const isCore = new Uint8Array(n);
  for (let ci = 0; ci < nc; ci++) {
    const pix = cores[ci].pix;
    for (let q = 0; q < pix.length; q++) {
      owner[pix[q]] = ci;
      isCore[pix[q]] = 1;
    }
  }
  const counts = new Int32Array(nc);
  for (let ci = 0; ci < nc; ci++) counts[ci] = cores[ci].pix.length;
  const p = new Float32Array(nc);
  const RAND_MAX = f32(2147483647);
  for (let k = 0; k < n; k++) {
    if (owner[k] >= 0) continue;
    const x = lx[k] + xmin;
    const y = ly[k] + ymin;
    let distmin = 1e31;
    let iclst = 0;
    let acc = 0;
    for (let ci = 0; ci < nc; ci++) {
      const sh = shapes[ci];
      const dx = f32(x - sh.mx);
      const dy = f32(y - sh.my);
      const dist = f32((0.5 * (sh.cxx * dx * dx + sh.cyy * dy * dy + sh.cxy * dx * dy)) / sh.abcor);
      acc = f32(acc + (dist < 70.0 ? f32(amp[ci] * f32(Math.exp(-dist))) : 0.0));
      p[ci] = acc;
      if (dist < distmin) {
        distmin = dist;
        iclst = ci;
      }
    }
    let chosen = iclst;
    if (acc > 1.0e-31) {
      const drand = f32(f32(acc * f32(rand.next())) / RAND_MAX);
      let ci = 0;
      while (ci < nc && p[ci] < drand) ci++;
      chosen = ci === nc ? iclst : ci;
    }
    owner[k] = chosen;
    counts[chosen]++;
  }
  const out: DeblendedObject[] = [];
  const lists: Int32Array[] = [];
  const fillAt = new Int32Array(nc);
  for (let ci = 0; ci < nc; ci++) {
    const l = new Int32Array(counts[ci]);
    const pix = cores[ci].pix;
    for (let q = 0; q < pix.length; q++) l[q] = s0 + pix[q];
    fillAt[ci] = pix.length;
    lists.push(l);
  }
  for (let k = 0; k < n; k++) {
    if (isCore[k]) continue;
    const o = owner[k];
    lists[o][fillAt[o]++] = s0 + k;
  }
  for (let ci = 0; ci < nc; ci++) {
    out.push({ pixels: lists[ci], centre: [shapes[ci].mx, shapes[ci].my], merged: true, overflow: false, coreBorder: shapes[ci].border });
  }
  return out;
}

/**
 * The rest of {@link gatherUp} by level-wasm.ts's gatherPixels, for a component loaded in the level
 * kernels `lk` whose cores' pixel lists are views of their pool: the cores' shapes and amplitudes
 * copied in, the C `rand()` state carried in and out, each object's records copied out.
 */
function gatherLoaded(
  lk: LevelKernels,
  s0: number,
  n: number,
  cores: readonly GatherCore[],
  shapes: Shape[],
  amp: Float32Array,
  xmin: number,
  ymin: number,
  rand: CRand,
  scratch: DeblendScratch,
): DeblendedObject[] {
  const nc = cores.length;
  const cf = lk.coreF;
  const ci32 = lk.coreI;
  const F = CORE_BYTES / 8;
  for (let ci = 0; ci < nc; ci++) {
    const sh = shapes[ci];
    const e = F * ci;
    cf[e] = sh.mx;
    cf[e + 1] = sh.my;
    cf[e + 2] = sh.cxx;
    cf[e + 3] = sh.cyy;
    cf[e + 4] = sh.cxy;
    cf[e + 5] = sh.abcor;
    cf[e + 6] = amp[ci];
    ci32[2 * e + 14] = cores[ci].pix.byteOffset;
    ci32[2 * e + 15] = cores[ci].pix.length;
  }
  rand.saveTo(lk.ring);
  lk.gather(n, nc, xmin, ymin, s0);
  rand.loadFrom(lk.ring);
  const out: DeblendedObject[] = [];
  const gathered = lk.gathered;
  if (scratch.gatheredAt.length < nc) scratch.gatheredAt = new Int32Array(Math.max(nc, 2 * scratch.gatheredAt.length));
  scratch.gatheredFrom = s0;
  for (let ci = 0; ci < nc; ci++) {
    const e = 2 * F * ci;
    const start = ci32[e + 18];
    scratch.gatheredAt[ci] = gathered.byteOffset + 4 * start;
    out.push({ pixels: gathered.slice(start, start + ci32[e + 16]), centre: [shapes[ci].mx, shapes[ci].my], merged: true, overflow: false, coreBorder: shapes[ci].border });
  }
  return out;
}
