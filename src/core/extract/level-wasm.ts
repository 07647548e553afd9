/**
 * One level of a deblended branch in WebAssembly, a function of detect-wasm.ts's module: the
 * records above the level's threshold within the branch's bounding box (deblend.ts's buildLevels:
 * `rec[x] = map[…] ≥ 0 && cd[m] > tk ? m : −1`) and the Lutz scan of those rows (lutz-wasm.ts's
 * `lutzRow`, called from WebAssembly, then its final empty row), one call for the whole level. The
 * completed objects (first pixel, pixel count) are gathered in completion order; the pixel lists
 * are linked in place in `next`, as LutzScanner links them.
 *
 * Why: on a cold start the rec fill and LutzScanner.row ran in V8's interpreter (the scanner's
 * optimised code was thrown away at its first merge); a call per row into WebAssembly cost about
 * what it saved (bench/README, deblend-lutz). One call per branch and level does not.
 *
 * `levelBranch` does the rest of buildLevels' work for one branch around that scan: the branch's
 * pixels marked and their bounding box, and each child's pixel list copied into a pool and its
 * filtered flux summed (bench/README, cold-rest: those JavaScript loops over a few components'
 * pixels, 32 levels each, were a tenth of a cold 1024² deblend).
 *
 * `componentMap` does deblendComponent's first loops for every component (its pixels' local x, y
 * and map, box, peak and flux, and mayBranch's count of local maxima), most of whose pixels a cold
 * start otherwise ran in V8's interpreter; the component stays loaded for `mayBranch` (the rest of
 * deblend.ts's mayBranch: levels, counting sort, union-find), for the branches and, when
 * it stays whole, for `componentSums` (moments.ts's analysePixels' two passes over its pixels).
 *
 * Memory (a `WebAssembly.Memory` of its own, regrown when a component needs more): the slots of
 * the regions' addresses ({@link CONFIG}), the scan's block,
 * a `rec` row, `next`, the component's local map, its filtered values, the completions (pairs), the
 * pixels' local x and y, the marks, the pool of the tree's pixel lists (n · nthresh), and the
 * children's (start, count) pairs and fluxes, the component's pixel indices, `info` and the
 * component's unfiltered values; and the level tree's nodes, their fluxes, its levels' first nodes and
 * thresholds (`levelTree`).
 *
 * `levelTree` makes a component's whole tree in one call, `levelBranch` for each node level by level
 * (bench/README, level-tree: the 758 calls from JavaScript of a cold 1024² deblend, each through V8's
 * generic wrapper, and buildLevels' JavaScript around them, were ~3 ms of its 11–13).
 */
import { Body, EMPTY, F64, I32, op, type WasmFunction } from '../wasm/index.js';
import { EXP_FUNCTION, LOG_FUNCTION, POW_FUNCTION } from './kernel-imports.js';
import { giveKernelInstance, type KernelInstance, relayKernelInstance, takeKernelInstance } from './kernel-instances.js';
import { lutzBlockBytes, lutzStride } from './lutz-wasm.js';

/** The address of int32 element (local `i`) of the array at local `arr`, left on the stack. */
function elementAt4(b: Body, arr: number, i: number): void {
  b.get(arr).get(i).i32(2).op(op.i32Shl, op.i32Add);
}

/** `body` in a loop that runs again at its end until the body branches out of it (`br 1`). */
function untilOut(b: Body, body: () => void): void {
  b.op(op.block, EMPTY, op.loop, EMPTY);
  body();
  b.op(op.br, 0, op.end, op.end);
}

/** local `l` += `d`. */
function increment(b: Body, l: number, d = 1): void {
  b.get(l).i32(d).op(op.i32Add).set(l);
}

type LevelFn = (block: number, stride: number, rec: number, next: number, map: number, mapStride: number, cd: number, tk: number, nx0: number, nw: number, ny0: number, ny1: number, out: number) => number;
type MapFn = (n: number, width: number) => number;
type SumsFn = (n: number, thresh: number) => void;
type MayBranchFn = (n: number, nthresh: number, minDeb: number) => number;
type FwhmFn = (list: number, n: number, sub: number, mx: number, my: number, a: number, b: number, dpeak: number, thresh: number, sat: number) => number;
type GatherFn = (n: number, nc: number, xmin: number, ymin: number, s0: number) => void;
type ListSumsFn = (list: number, n: number, sub: number, thresh: number) => void;
type MinareaFn = (list: number, n: number, sub: number, thresh: number, minarea: number) => number;
type GatherOrderFn = (q0: number, n: number) => void;

/**
 * Bytes of a core's entry in {@link LevelKernels.coreF} / {@link LevelKernels.coreI} (see
 * {@link gatherPixelsFunction}): float64 mx, my, cxx, cyy, cxy, abcor, amp at 0 … 48; int32 at 56 the
 * byte address of its pixel list (a view of the pool), 60 its length, 64 the object's pixel count,
 * 68 where its list ends in {@link LevelKernels.gathered} and 72 where it starts.
 */
export const CORE_BYTES = 80;

/** The most levels {@link LevelKernels.mayBranch} takes (deblend.ts runs its TypeScript beyond). */
export const MAY_BRANCH_LEVELS = 256;
type BranchFn = (pix: number, npix: number, stamp: number, tk: number, minDeb: number, used: number) => number;
type TreeFn = (n: number, nthresh: number, thresh: number, fdpeak: number, minDeb: number) => number;

/**
 * The most records of a strip {@link LevelKernels.loadStrip} copies in (16 bytes each): what the copy
 * saves is JavaScript that runs cold, on the first image of a process (1024² field: 25,000
 * records, deblend stage −1.7 ms; 2048²: 105,000, −6 ms); a 4096² field's 430,000 (7 MB) raised
 * its peak RSS by 4–5 MB (143 → 148 MB, 3 runs each) for a stage its warm code runs as fast.
 */
export const STRIP_MAX_RECORDS = 1 << 17;

/** The most levels {@link LevelKernels.tree} takes (deblend.ts branches node by node beyond). */
export const TREE_LEVELS = 256;

/** f64.div (not in the encoder's table). */
const F64_DIV = 0xa3;

/**
 * Where `levelBranch` and `componentMap` find the regions' addresses (set once per memory, by
 * LevelKernels.grow, and the map's row stride by componentMap): a call from JavaScript with few
 * parameters costs less than with twenty, in V8's generic wrapper that cold code calls through.
 * Byte address of the first slot; then one int32 a slot, in {@link SLOTS}' order.
 */
const CONFIG = 16;
const SLOTS = [
  'block', 'S', 'rec', 'next', 'map', 'mapStride', 'cd', 'lx', 'ly', 'mark', 'pool', 'out', 'res', 'flux', 'idx', 'info', 'capCells', 'value', 'lev', 'ord', 'parent', 'size', 'count', 'tks',
  'owner', 'cores', 'prob', 'ring', 'gathered', 'lsum', 'shape', 'nodes', 'nodeF', 'lstart', 'ltk', 'nodeCap',
  'sIdx', 'sVal', 'sCd', 'sOrd',
] as const;
/** A slot's byte address (also for the kernels of minarea-wasm.ts, which share this memory). */
export function slot(name: (typeof SLOTS)[number]): number {
  return CONFIG + 4 * SLOTS.indexOf(name);
}

/** 16-byte aligned room for `n` 4-byte values (and 16 bytes of slack). */
function room(n: number): number {
  return (n * 4 + 16 + 15) & ~15;
}

/**
 * deblend.ts's mayBranch's levels, for its TypeScript and for {@link LevelKernels.mayBranch}:
 * `tks[k]` (k = nthresh − 1 … 1) the least of the float32 thresholds thresh·(fdpeak/thresh)^(k'/nthresh)
 * for k' = k … nthresh − 1 (level k takes the pixels above it).
 */
export function mayBranchThresholds(tks: Float64Array, thresh: number, fdpeak: number, nthresh: number): void {
  let least = Infinity;
  for (let k = nthresh - 1; k >= 1; k--) {
    const tk = Math.fround(thresh * Math.pow(fdpeak / thresh, k / nthresh));
    if (tk < least) least = tk;
    tks[k] = least;
  }
}

/** See the module comment; made by detect-wasm.ts's `levelKernels`. */
export class LevelKernels {
  /** After {@link scan}: pairs (first pixel, pixel count) of the completed objects. */
  out = new Int32Array(0);
  /** The pixel lists (`next[p]`, −1 ends a list), linked by {@link scan}. */
  next = new Int32Array(0);
  /**
   * The pixels of every branch of the loaded component's tree (local indices; its first n: the
   * root, 0 … n − 1), for {@link branch}: deblend.ts's nodes hold views of it.
   */
  pool = new Int32Array(0);
  /** After {@link branch}: pairs (start in {@link pool}, pixel count) of the branch's children. */
  res = new Int32Array(0);
  /** After {@link branch}: each child's filtered flux (the sum in double of its `cd`, in its list's order). */
  flux = new Float64Array(0);
  /** After {@link prepare}: the component's pixels' local x and y, and its local map (rows of `bw` + 2 cells, a border of −1). */
  lx = new Int32Array(0);
  ly = new Int32Array(0);
  map = new Int32Array(0);
  /**
   * After {@link prepare}: the box's xmin, ymin, width bw and the map's cells (int32 0 … 3), its
   * xmax, ymax (8, 9); after {@link sums}: the local x, y of the (first) peak unfiltered value
   * (10, 11), the pixels above `thresh` and above (thresh + peak) / 2 (12, 13).
   */
  info = new Int32Array(0);
  /**
   * Over the same bytes as {@link info}, float64: after {@link prepare}, the peak filtered value and
   * the filtered values' sum in double (2, 3); after {@link sums}, the peak unfiltered value (8), the
   * unfiltered values' sum (9) and the filtered values' first and second moments about the box's
   * corner, Σc·x, Σc·y, Σc·x·x, Σc·y·y, Σc·x·y (10 … 14), summed in the records' order.
   */
  infoF = new Float64Array(0);
  /**
   * The cores of a split component for {@link gather}, one entry of {@link CORE_BYTES} bytes each,
   * as float64 and as int32 values (room for as many cores as the loaded component has pixels).
   */
  coreF = new Float64Array(0);
  coreI = new Int32Array(0);
  /** deblend.ts's CRand state for {@link gather}: the ring's 31 values, then the index of the next to replace. */
  ring = new Int32Array(0);
  /** After {@link gather}: each object's records (s0 + local index), the objects one after the other (see {@link CORE_BYTES}). */
  gathered = new Int32Array(0);
  /**
   * After {@link listSums}, over the same bytes: int32 0 … 7 the list's box (local xmin, xmax, ymin,
   * ymax), the local x, y of its (first) peak unfiltered value, its pixels above `thresh` and above
   * (thresh + peak) / 2; float64 4 … 13 the peak unfiltered and filtered values, the filtered values'
   * sum, (thresh + peak) / 2, the unfiltered sum and the filtered moments Σc·x, Σc·y, Σc·x·x, Σc·y·y,
   * Σc·x·y about the box's corner, summed in the list's order.
   */
  lsumI = new Int32Array(0);
  lsumF = new Float64Array(0);
  /**
   * After {@link sums}, over the same bytes: float64 0 … 11 the shape moments.ts's shapeOf makes of
   * those sums (no centre): mx, my, mx2, my2, mxy, a, b, cxx, cyy, cxy, abcor, dflux; int32 24 its
   * `singular`. (Theta is left to the TypeScript: `Math.atan2` of mxy and mx2 − my2.)
   */
  shapeF = new Float64Array(0);
  shapeI = new Int32Array(0);
  /**
   * After {@link tree}: the nodes of the loaded component's level tree, level by level (level k's
   * from {@link levelStart}[k] to {@link levelStart}[k + 1]), each level's in buildLevels' order, one
   * entry of {@link NODE_BYTES} bytes each (int32: pool start, pixel count, first child, children).
   */
  nodeI = new Int32Array(0);
  /** After {@link tree}: each node's filtered flux, the sum in double of its `cd` in its list's order (0 for the root). */
  nodeF = new Float64Array(0);
  /** After {@link tree}: the first node of each level, and after the last level the node count. */
  levelStart = new Int32Array(0);
  /** After {@link tree}: level k's threshold (k ≥ 1; float32 values). */
  levelTk = new Float64Array(0);
  private treeFn: TreeFn | null = null;
  private value = new Float32Array(0);
  private sumsFn: SumsFn | null = null;
  private fwhmFn: FwhmFn | null = null;
  private gatherFn: GatherFn | null = null;
  private listSumsFn: ListSumsFn | null = null;
  private minareaFn: MinareaFn | null = null;
  private mayBranchFn: MayBranchFn | null = null;
  /** mayBranch's thresholds (running minima from the top level down). */
  private tks = new Float64Array(0);
  private cd = new Float32Array(0);
  private idx = new Int32Array(0);
  private rec = new Int32Array(0);
  private mark = new Int32Array(0);
  private mapFn: MapFn | null = null;
  /** The {@link CONFIG} slots. */
  private config = new Int32Array(0);
  private block = 0;
  private stride = 0;
  private fn: LevelFn | null = null;
  private branchFn: BranchFn | null = null;
  /** Room for a component of this many pixels, this bounding-box width, this many map cells and this many pool entries. */
  private capN = 0;
  private capW = 0;
  private capCells = 0;
  private capPool = 0;
  private mapStride = 0;
  /** The instance and memory (kernel-instances.ts) while the kernels hold one. */
  private instance: KernelInstance | null = null;
  /** Room for a strip's records ({@link loadStrip}), its arrays in the memory and where they came from. */
  private capStrip = 0;
  private stripIdx = new Int32Array(0);
  private stripValue = new Float32Array(0);
  private stripCd = new Float32Array(0);
  private stripOrder = new Int32Array(0);
  private stripFrom: { idx: Int32Array; value: Float32Array; cd: Float32Array; order: Int32Array; n: number } | null = null;
  private gatherOrderFn: GatherOrderFn | null = null;

  constructor(private readonly mod: object) {}

  /**
   * Done with the kernels for now (an image's components are all deblended): their instance goes
   * back for the next stage's (kernel-instances.ts). Every view above is then stale; the next
   * {@link prepare} takes an instance again.
   */
  release(): void {
    if (this.instance === null) return;
    giveKernelInstance(this.instance);
    this.instance = null;
    this.capN = this.capW = this.capCells = this.capPool = this.capStrip = 0;
    this.stripFrom = null;
  }

  /**
   * Copy in a strip's records (`idx`, `value`, `cd`: detect.ts's PixelRecords) and its components'
   * order (`order`: StripDetections.order), `n` of each, for {@link prepareStrip}; kept until the
   * next strip or {@link release}. False (nothing copied) for more than {@link STRIP_MAX_RECORDS}
   * records, or when they do not fit in the memory the kernels hold.
   */
  loadStrip(idx: Int32Array, value: Float32Array, cd: Float32Array, order: Int32Array, n: number): boolean {
    this.stripFrom = null;
    if (n > STRIP_MAX_RECORDS) return false;
    if (this.instance === null) this.grow(this.capN, this.capW, this.capCells, this.capPool, 0);
    // only into the memory held: its pages (the last stage's) are in place, where new ones would
    // cost a page fault each at the first touch, more than a crowded strip's copy saves
    const grows = n > this.capStrip;
    if (grows && LevelKernels.layout(this.capN, this.capW, this.capCells, this.capPool, n).bytes > this.instance!.memory.buffer.byteLength) return false;
    this.stripFrom = { idx, value, cd, order, n };
    // (grow copies the strip in after its new layout)
    if (grows) this.grow(this.capN, this.capW, this.capCells, this.capPool, n);
    else this.copyStrip(idx, value, cd, order, n);
    return true;
  }

  private copyStrip(idx: Int32Array, value: Float32Array, cd: Float32Array, order: Int32Array, n: number): void {
    this.stripIdx.set(idx.subarray(0, n));
    this.stripValue.set(value.subarray(0, n));
    this.stripCd.set(cd.subarray(0, n));
    this.stripOrder.set(order.subarray(0, n));
  }

  /**
   * {@link prepare} of the component whose `n` records are those of the loaded strip ({@link loadStrip})
   * listed at order[q0 …] (detect.ts's StripGroups.component copies the same records into the same
   * order): the same results, the records copied in by WebAssembly (`gatherOrder`).
   */
  prepareStrip(q0: number, n: number, width: number, nthresh: number): number {
    return this.mapIn(n, width, nthresh, q0, null, null, null, 0);
  }

  /**
   * Copy in a component's `n` filtered values (`cd[s0 …]`) and its local map (`cells` cells, rows of
   * `bw` + 2: see deblend.ts). With `lx`, `ly` (its pixels' local x and y) and `identity` (0 … n − 1
   * at least), also what {@link branch} needs for a tree of `nthresh` levels: those, marks zeroed and
   * the root's pixels in the pool.
   */
  load(cd: Float32Array, s0: number, n: number, map: Int32Array, cells: number, bw: number, lx?: Int32Array, ly?: Int32Array, identity?: Int32Array, nthresh = 1): void {
    const pool = n * nthresh;
    if (n > this.capN || bw > this.capW || cells > this.capCells || pool > this.capPool) {
      this.grow(Math.max(n, this.capN * 2), Math.max(bw, this.capW * 2), Math.max(cells, this.capCells * 2), Math.max(pool, this.capPool * 2));
    }
    this.cd.set(cd.subarray(s0, s0 + n));
    this.map.set(map.subarray(0, cells));
    this.mapStride = bw + 2;
    this.config[SLOTS.indexOf('mapStride')] = bw + 2;
    if (lx && ly && identity) {
      this.lx.set(lx.subarray(0, n));
      this.ly.set(ly.subarray(0, n));
      this.mark.fill(0, 0, n);
      this.pool.set(identity.subarray(0, n));
    }
  }

  /**
   * The level of threshold `tk` in columns `nx0 … nx0 + nw − 1` and rows `ny0 … ny1` of the loaded
   * component's box (local coordinates): the number of completed objects, in {@link out}.
   */
  scan(nx0: number, nw: number, ny0: number, ny1: number, tk: number): number {
    return this.fn!(this.block, this.stride, this.rec.byteOffset, this.next.byteOffset, this.map.byteOffset, this.mapStride, this.cd.byteOffset, tk, nx0, nw, ny0, ny1, this.out.byteOffset);
  }

  /**
   * deblend.ts's deblendComponent's first loops for component records `s0 … s0 + n − 1` (`idx`:
   * their pixels' indices in an image of `width` columns; `cd`: their filtered values), with room
   * for a tree of `nthresh` levels: the local x, y and map ({@link lx}, {@link ly}, {@link map}),
   * the box and the flux ({@link info}, {@link infoF}), and the number of its local maxima (8
   * neighbours; counted up to 2, which is all mayBranch asks). The component's values and map stay
   * loaded for {@link tree} and {@link branch}.
   */
  prepare(idx: Int32Array, cd: Float32Array, value: Float32Array, s0: number, n: number, width: number, nthresh: number): number {
    return this.mapIn(n, width, nthresh, -1, idx, cd, value, s0);
  }

  /**
   * {@link prepare} (`q0` < 0: records `s0 …` of `idx`, `cd`, `value` copied in) and {@link prepareStrip}
   * (`q0` ≥ 0: the loaded strip's, gathered by its order from `q0`).
   */
  private mapIn(n: number, width: number, nthresh: number, q0: number, idx: Int32Array | null, cd: Float32Array | null, value: Float32Array | null, s0: number): number {
    const pool = n * nthresh;
    if (n > this.capN || pool > this.capPool) this.grow(Math.max(n, this.capN * 2), this.capW, this.capCells, Math.max(pool, this.capPool * 2));
    for (;;) {
      if (q0 >= 0) this.gatherOrderFn!(q0, n);
      else {
        this.idx.set(idx!.subarray(s0, s0 + n));
        this.cd.set(cd!.subarray(s0, s0 + n));
        this.value.set(value!.subarray(s0, s0 + n));
      }
      const maxima = this.mapFn!(n, width);
      const bw = this.info[2];
      if (maxima >= 0 && bw <= this.capW) {
        this.mapStride = bw + 2;
        return maxima;
      }
      // (a larger box than any before: rare, early in an image)
      this.grow(this.capN, Math.max(bw, this.capW * 2), Math.max(this.info[3], this.capCells * 2), this.capPool);
    }
  }

  /**
   * After {@link prepare} of a component of `n` pixels: moments.ts's analysePixels' two passes over
   * all of them, in their order, for the threshold `thresh` ({@link info}, {@link infoF}), and the
   * shape of those sums ({@link shapeF}, {@link shapeI}).
   */
  sums(n: number, thresh: number): void {
    this.sumsFn!(n, thresh);
  }

  /**
   * deblend.ts's mayBranch for the component loaded by {@link prepare} (`n` pixels, at least two
   * local maxima and a positive peak `fdpeak`; `nthresh` ≤ {@link MAY_BRANCH_LEVELS}): does some
   * level of its max-tree hold two branches of `minDeb` pixels or more? The thresholds are computed
   * here, as mayBranch computes them; the pixels' levels, their counting sort and the union-find
   * run in WebAssembly.
   */
  mayBranch(n: number, thresh: number, fdpeak: number, nthresh: number, minDeb: number): boolean {
    mayBranchThresholds(this.tks, thresh, fdpeak, nthresh);
    return this.mayBranchFn!(n, nthresh, minDeb) !== 0;
  }

  /**
   * measure.ts's profileFwhm of the whole component loaded by {@link prepare} (`n` pixels, in their
   * records' order; barycentre `mx`, `my`, semi-axes `a`, `b`, peak `dpeak`, threshold `thresh`,
   * saturation `sat`, as profileFwhm takes them): the same sums in the same order, `Math.log` imported.
   */
  fwhm(n: number, mx: number, my: number, a: number, b: number, dpeak: number, thresh: number, sat: number): number {
    return this.fwhmFn!(0, n, 0, mx, my, a, b, dpeak, thresh, sat);
  }

  /**
   * {@link fwhm} of the `n` pixels listed at byte address `list` of the kernels' memory (int32 values
   * minus `sub`: indices of the loaded component's pixels), e.g. a deblended object in {@link gathered}.
   */
  listFwhm(list: number, n: number, sub: number, mx: number, my: number, a: number, b: number, dpeak: number, thresh: number, sat: number): number {
    return this.fwhmFn!(list, n, sub, mx, my, a, b, dpeak, thresh, sat);
  }

  /**
   * moments.ts's analysePixels' two passes over `n` pixels of the loaded component listed at byte
   * address `list` (int32 values minus `sub`, in the list's order), for the threshold `thresh`:
   * the results in {@link lsumI} / {@link lsumF} (see {@link listSumsFunction}).
   */
  listSums(list: number, n: number, sub: number, thresh: number): void {
    this.listSumsFn!(list, n, sub, thresh);
  }

  /**
   * clean.ts's minareaThreshold over `n` pixels of the loaded component (its pixels 0 … n − 1 when
   * `list` is 0, else the int32 values at byte address `list` minus `sub`, as {@link listFwhm}), for
   * the threshold `thresh` and 1 ≤ `minarea` ≤ minarea-wasm.ts's MINAREA_KERNEL_MAX (see there).
   */
  minarea(list: number, n: number, sub: number, thresh: number, minarea: number): number {
    return this.minareaFn!(list, n, sub, thresh, minarea);
  }

  /**
   * deblend.ts's gatherUp's loops for the loaded component (`n` pixels, box origin `xmin`, `ymin`,
   * records from `s0` on) split into the `nc` cores described in {@link coreF} / {@link coreI}
   * (their pixel lists views of {@link pool}), the C `rand()` state in {@link ring} (carried on
   * there): every pixel not in a core given to a core, and each object's records listed in
   * {@link gathered} (its cores' pixels, then the others in the component's order).
   */
  gather(n: number, nc: number, xmin: number, ymin: number, s0: number): void {
    this.gatherFn!(n, nc, xmin, ymin, s0);
  }

  /**
   * deblend.ts's buildLevels for the component of `n` pixels loaded by {@link prepare}, in one call
   * (its threshold `thresh`, filtered peak `fdpeak`, `nthresh` ≤ {@link TREE_LEVELS} levels, branches
   * of `minDeb` pixels or more; see {@link levelTreeFunction}): the number of levels, described by
   * {@link nodeI}, {@link nodeF}, {@link levelStart} and {@link levelTk}, their pixels in {@link pool};
   * −1 for the overflow (a level of NSONMAX branches or more), −2 when the tree outgrows the nodes'
   * room (then {@link root} and {@link branch} make it).
   */
  tree(n: number, nthresh: number, thresh: number, fdpeak: number, minDeb: number): number {
    return this.treeFn!(n, nthresh, thresh, fdpeak, minDeb);
  }

  /** After {@link prepare} of a component of `n` pixels: its tree's root (`identity`'s first n) in the pool and no marks. */
  root(n: number, identity: Int32Array): void {
    this.mark.fill(0, 0, n);
    this.pool.set(identity.subarray(0, n));
  }

  /**
   * Branch `pix` (a view of {@link pool}: a node of the loaded component's tree) at the level of
   * threshold `tk`: its pixels marked `stamp` (a number no earlier branch of the component had),
   * the level scanned in the branch's bounding box (as {@link scan}), and each completed object of
   * at least `minDeb` pixels whose first pixel is the branch's (deblend.ts's buildLevels) listed in
   * the pool from entry `used` on, in completion order: the number of those children, described
   * by {@link res} and {@link flux}.
   */
  branch(pix: Int32Array, stamp: number, tk: number, minDeb: number, used: number): number {
    return this.branchFn!(pix.byteOffset, pix.length, stamp, tk, minDeb, used);
  }

  /**
   * Byte addresses of the memory's arrays for the sizes {@link layout} chose, in the order they lie,
   * after the config block and Lutz's (`block`), each 16-byte aligned with {@link room} for its
   * 4-byte units; `end`, the bytes they take (the memory's size, its last array the strip's).
   */
  private static place(n: number, w: number, cells: number, pool: number, strip: number, nodeCap: number, block: number) {
    let at = block + lutzBlockBytes(w);
    const take = (units: number): number => {
      const a = at;
      at += room(units);
      return a;
    };
    return {
      rec: take(w),
      // (never at address 0, which tells the scan that `next` is not in this memory)
      next: take(n),
      map: take(cells),
      cd: take(n),
      out: take(2 * n),
      lx: take(n),
      ly: take(n),
      mark: take(n),
      pool: take(pool),
      res: take(2 * n),
      flux: take(2 * n),
      idx: take(n),
      info: take(32),
      value: take(n),
      lev: take(n),
      ord: take(n),
      parent: take(n),
      size: take(n),
      count: take(MAY_BRANCH_LEVELS + 1),
      tks: take(2 * MAY_BRANCH_LEVELS),
      owner: take(n),
      cores: take((CORE_BYTES / 4) * n),
      prob: take(n),
      ring: take(32),
      gathered: take(n),
      lsum: take(32),
      shape: take(32),
      nodes: take((NODE_BYTES / 4) * nodeCap),
      nodeF: take(2 * nodeCap),
      lstart: take(TREE_LEVELS + 2),
      ltk: take(2 * TREE_LEVELS),
      sIdx: take(strip),
      sVal: take(strip),
      sCd: take(strip),
      sOrd: take(strip),
      end: at,
    };
  }

  /**
   * The bytes of a memory with room for a component of `atLeastN` pixels, a box `atLeastW` wide,
   * `atLeastCells` map cells, `atLeastPool` pool entries and a strip of `atLeastStrip` records (each
   * at least the defaults below); `grow` lays them out.
   */
  private static layout(atLeastN: number, atLeastW: number, atLeastCells: number, atLeastPool: number, atLeastStrip: number): { n: number; w: number; cells: number; pool: number; strip: number; nodeCap: number; block: number; bytes: number } {
    // (room for the components of most images from the first: a larger memory means a new layout and the component loaded again)
    const n = Math.max(atLeastN, 1024);
    const w = Math.max(atLeastW, 128);
    const cells = Math.max(atLeastCells, 16384);
    const pool = Math.max(atLeastPool, 32 * 1024);
    const block = (CONFIG + 4 * SLOTS.length + 15) & ~15;
    const nodeCap = Math.max(2 * n, 2048);
    // (a strip's records for prepareStrip, when loadStrip has asked for room: the memory's end)
    const strip = atLeastStrip;
    const bytes = LevelKernels.place(n, w, cells, pool, strip, nodeCap, block).end;
    return { n, w, cells, pool, strip, nodeCap, block, bytes };
  }

  private grow(atLeastN: number, atLeastW: number, atLeastCells: number, atLeastPool: number, atLeastStrip = this.capStrip): void {
    const { n, w, cells, pool, strip, nodeCap, block, bytes } = LevelKernels.layout(atLeastN, atLeastW, atLeastCells, atLeastPool, atLeastStrip);
    // (nothing of the memory before is kept: prepare loads the component again, and the strip below)
    let instance = this.instance;
    // a new layout in the memory the kernels hold, when it has room (zeroed as takeKernelInstance's)
    if (instance === null || !relayKernelInstance(instance, bytes)) {
      if (instance !== null) giveKernelInstance(instance);
      instance = takeKernelInstance(this.mod, bytes);
    }
    this.instance = instance;
    const memory = instance.memory;
    this.fn = instance.exports.levelScan as LevelFn;
    this.branchFn = instance.exports.levelBranch as BranchFn;
    this.mapFn = instance.exports.componentMap as MapFn;
    this.sumsFn = instance.exports.componentSums as SumsFn;
    this.mayBranchFn = instance.exports.mayBranch as MayBranchFn;
    this.fwhmFn = instance.exports.componentFwhm as FwhmFn;
    this.gatherFn = instance.exports.gatherPixels as GatherFn;
    this.listSumsFn = instance.exports.listSums as ListSumsFn;
    this.minareaFn = instance.exports.componentMinarea as MinareaFn;
    this.treeFn = instance.exports.levelTree as TreeFn;
    this.gatherOrderFn = instance.exports.gatherOrder as GatherOrderFn;
    const buffer = memory.buffer;
    const p = LevelKernels.place(n, w, cells, pool, strip, nodeCap, block);
    this.block = block;
    this.stride = lutzStride(w);
    this.rec = new Int32Array(buffer, p.rec, w);
    this.next = new Int32Array(buffer, p.next, n);
    this.map = new Int32Array(buffer, p.map, cells);
    this.cd = new Float32Array(buffer, p.cd, n);
    this.out = new Int32Array(buffer, p.out, 2 * n);
    this.lx = new Int32Array(buffer, p.lx, n);
    this.ly = new Int32Array(buffer, p.ly, n);
    this.mark = new Int32Array(buffer, p.mark, n);
    this.pool = new Int32Array(buffer, p.pool, pool);
    this.res = new Int32Array(buffer, p.res, 2 * n);
    this.flux = new Float64Array(buffer, p.flux, n);
    this.idx = new Int32Array(buffer, p.idx, n);
    this.info = new Int32Array(buffer, p.info, 32);
    this.infoF = new Float64Array(buffer, p.info, 16);
    this.value = new Float32Array(buffer, p.value, n);
    this.tks = new Float64Array(buffer, p.tks, MAY_BRANCH_LEVELS);
    this.coreF = new Float64Array(buffer, p.cores, (CORE_BYTES / 8) * n);
    this.coreI = new Int32Array(buffer, p.cores, (CORE_BYTES / 4) * n);
    this.ring = new Int32Array(buffer, p.ring, 32);
    this.gathered = new Int32Array(buffer, p.gathered, n);
    this.lsumI = new Int32Array(buffer, p.lsum, 32);
    this.lsumF = new Float64Array(buffer, p.lsum, 16);
    this.shapeI = new Int32Array(buffer, p.shape, 32);
    this.shapeF = new Float64Array(buffer, p.shape, 16);
    this.nodeI = new Int32Array(buffer, p.nodes, (NODE_BYTES / 4) * nodeCap);
    this.nodeF = new Float64Array(buffer, p.nodeF, nodeCap);
    this.levelStart = new Int32Array(buffer, p.lstart, TREE_LEVELS + 2);
    this.levelTk = new Float64Array(buffer, p.ltk, TREE_LEVELS);
    this.stripIdx = new Int32Array(buffer, p.sIdx, strip);
    this.stripValue = new Float32Array(buffer, p.sVal, strip);
    this.stripCd = new Float32Array(buffer, p.sCd, strip);
    this.stripOrder = new Int32Array(buffer, p.sOrd, strip);
    this.config = new Int32Array(buffer, CONFIG, SLOTS.length);
    const addresses: Record<(typeof SLOTS)[number], number> = { ...p, block, S: this.stride, mapStride: this.mapStride, capCells: cells, nodeCap };
    SLOTS.forEach((name, k) => (this.config[k] = addresses[name]));
    this.capN = n;
    this.capW = w;
    this.capCells = cells;
    this.capPool = pool;
    this.capStrip = strip;
    // (what loadStrip put in the memory before: copied again)
    const from = this.stripFrom;
    if (from !== null) this.copyStrip(from.idx, from.value, from.cd, from.order, from.n);
  }
}

/**
 * `levelScan(block, S, rec, next, map, mapStride, cd, tk, nx0, nw, ny0, ny1, out) → count` (byte
 * addresses but mapStride, in cells): a new scan in the block, rows ny0 … ny1 then an empty row,
 * each row's completions appended to `out` as (first, count). `lutzRow` is function `lutzIndex`.
 */
export function levelScanFunction(lutzIndex: number): Body {
  const [block, S, rec, next, map, mapStride, cd, tk, nx0, nw, ny0, ny1, out] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const [y, x, m, rowBase, nout, j, nc, compl, v] = [13, 14, 15, 16, 17, 18, 19, 20, 21];
  const b = new Body();
  // a new scan: markers zeroed, co = pstop = 0
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(x).get(S).op(op.i32GeS, op.brIf, 1);
  b.get(block).get(x).op(op.i32Add).i32(0).mem(op.i32Store, 2, 16);
  b.get(x).i32(4).op(op.i32Add).set(x);
  b.op(op.br, 0, op.end, op.end);
  b.get(block).i32(0).mem(op.i32Store, 2, 0);
  b.get(block).i32(0).mem(op.i32Store, 2, 4);
  b.get(block).i32(16).op(op.i32Add).get(S).i32(16).op(op.i32Mul, op.i32Add).set(compl);
  b.get(ny0).set(y);
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(y).get(ny1).i32(1).op(op.i32Add, op.i32GtS, op.brIf, 1);
  b.i32(0).set(x);
  b.get(map).get(y).i32(1).op(op.i32Add).get(mapStride).op(op.i32Mul).i32(1).op(op.i32Add).get(nx0).op(op.i32Add).i32(2).op(op.i32Shl, op.i32Add).set(rowBase);
  // rec[x] = m ≥ 0 && cd[m] > tk ? m : −1 (rows past ny1: the final empty row)
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(x).get(nw).op(op.i32GeS, op.brIf, 1);
  b.i32(-1).set(v);
  b.get(y).get(ny1).op(op.i32LeS, op.if, EMPTY);
  b.get(rowBase).get(x).i32(2).op(op.i32Shl, op.i32Add).mem(op.i32Load, 2).tee(m);
  b.i32(0).op(op.i32GeS, op.if, EMPTY);
  b.get(cd).get(m).i32(2).op(op.i32Shl, op.i32Add).mem(op.f32Load, 2).op(op.f64PromoteF32).get(tk).op(op.f64Gt, op.if, EMPTY);
  b.get(m).set(v);
  b.op(op.end, op.end, op.end);
  b.get(rec).get(x).i32(2).op(op.i32Shl, op.i32Add).get(v).mem(op.i32Store, 2);
  b.get(x).i32(1).op(op.i32Add).set(x);
  b.op(op.br, 0, op.end, op.end);
  b.get(block).get(S).get(rec).get(nw).i32(0).get(next).op(op.call, lutzIndex);
  // the row's completions (first, count) appended to out
  b.get(block).mem(op.i32Load, 2, 12).set(nc);
  b.i32(0).set(j);
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(j).get(nc).op(op.i32GeS, op.brIf, 1);
  b.get(out).get(nout).i32(3).op(op.i32Shl, op.i32Add).get(compl).get(j).i32(4).op(op.i32Shl, op.i32Add).mem(op.i32Load, 2, 0).mem(op.i32Store, 2, 0);
  b.get(out).get(nout).i32(3).op(op.i32Shl, op.i32Add).get(compl).get(j).i32(4).op(op.i32Shl, op.i32Add).mem(op.i32Load, 2, 4).mem(op.i32Store, 2, 4);
  b.get(nout).i32(1).op(op.i32Add).set(nout);
  b.get(j).i32(1).op(op.i32Add).set(j);
  b.op(op.br, 0, op.end, op.end);
  b.get(y).i32(1).op(op.i32Add).set(y);
  b.op(op.br, 0, op.end, op.end);
  b.get(nout);
  return b;
}

/** The function's entry for detect-wasm.ts's module, `lutzRow` being function `lutzIndex` there. */
export function levelFunction(lutzIndex: number): WasmFunction {
  return {
    params: [I32, I32, I32, I32, I32, I32, I32, F64, I32, I32, I32, I32, I32],
    results: [I32],
    locals: [I32, I32, I32, I32, I32, I32, I32, I32, I32],
    body: levelScanFunction(lutzIndex),
    exportName: 'levelScan',
  };
}

/**
 * `levelBranch(pix, npix, stamp, tk, minDeb, used) → children` (`pix` a byte address, `used` an
 * entry of the pool; the regions' addresses from the {@link CONFIG} slots): LevelKernels.branch.
 * `levelScan` is function `scanIndex`.
 */
export function levelBranchFunction(scanIndex: number): Body {
  const [pix, npix, stamp, tk, minDeb, used] = [0, 1, 2, 3, 4, 5];
  const [block, S, rec, next, map, mapStride, cd, lx, ly, mark, pool, out, res, flux] = [6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19];
  const [q, p, nx0, nx1, ny0, ny1, nfound, f, first, count, nch, m, v] = [20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32];
  const sum = 33;
  const b = new Body();
  const fromConfig: Array<[number, (typeof SLOTS)[number]]> = [
    [block, 'block'], [S, 'S'], [rec, 'rec'], [next, 'next'], [map, 'map'], [mapStride, 'mapStride'], [cd, 'cd'],
    [lx, 'lx'], [ly, 'ly'], [mark, 'mark'], [pool, 'pool'], [out, 'out'], [res, 'res'], [flux, 'flux'],
  ];
  for (const [l, name] of fromConfig) b.i32(0).mem(op.i32Load, 2, slot(name)).set(l);
  /** `local = value < local ? value : local` (`lt`) or `value > local` (`gt`), value from local `v`. */
  const keep = (l: number, cmp: number): void => {
    b.get(v).get(l).get(v).get(l).op(cmp, op.select).set(l);
  };
  b.i32(1 << 30).set(nx0);
  b.i32(-1).set(nx1);
  b.i32(1 << 30).set(ny0);
  b.i32(-1).set(ny1);
  // the branch's pixels: marked, and their bounding box
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(q).get(npix).op(op.i32GeS, op.brIf, 1);
  b.get(pix).get(q).i32(2).op(op.i32Shl, op.i32Add).mem(op.i32Load, 2).i32(2).op(op.i32Shl).set(p);
  b.get(mark).get(p).op(op.i32Add).get(stamp).mem(op.i32Store, 2);
  b.get(lx).get(p).op(op.i32Add).mem(op.i32Load, 2).set(v);
  keep(nx0, op.i32LtS);
  keep(nx1, op.i32GtS);
  b.get(ly).get(p).op(op.i32Add).mem(op.i32Load, 2).set(v);
  keep(ny0, op.i32LtS);
  keep(ny1, op.i32GtS);
  b.get(q).i32(1).op(op.i32Add).set(q);
  b.op(op.br, 0, op.end, op.end);
  // the level in the box
  b.get(block).get(S).get(rec).get(next).get(map).get(mapStride).get(cd).get(tk).get(nx0).get(nx1).get(nx0).op(op.i32Sub).i32(1).op(op.i32Add).get(ny0).get(ny1).get(out);
  b.op(op.call, scanIndex).set(nfound);
  // the children: completions of minDeb pixels or more that start in this branch
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(f).get(nfound).op(op.i32GeS, op.brIf, 1);
  b.get(out).get(f).i32(3).op(op.i32Shl, op.i32Add).mem(op.i32Load, 2, 0).set(first);
  b.get(out).get(f).i32(3).op(op.i32Shl, op.i32Add).mem(op.i32Load, 2, 4).set(count);
  b.get(count).get(minDeb).op(op.i32GeS);
  b.get(mark).get(first).i32(2).op(op.i32Shl, op.i32Add).mem(op.i32Load, 2).get(stamp).op(op.i32Eq, op.i32And, op.if, EMPTY);
  // its pixels into the pool from `used` on, and its flux (in the list's order)
  b.f64(0).set(sum);
  b.get(first).set(p);
  b.i32(0).set(m);
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(m).get(count).op(op.i32GeS, op.brIf, 1);
  b.get(pool).get(used).get(m).op(op.i32Add).i32(2).op(op.i32Shl, op.i32Add).get(p).mem(op.i32Store, 2);
  b.get(sum).get(cd).get(p).i32(2).op(op.i32Shl, op.i32Add).mem(op.f32Load, 2).op(op.f64PromoteF32, op.f64Add).set(sum);
  b.get(next).get(p).i32(2).op(op.i32Shl, op.i32Add).mem(op.i32Load, 2).set(p);
  b.get(m).i32(1).op(op.i32Add).set(m);
  b.op(op.br, 0, op.end, op.end);
  b.get(res).get(nch).i32(3).op(op.i32Shl, op.i32Add).get(used).mem(op.i32Store, 2, 0);
  b.get(res).get(nch).i32(3).op(op.i32Shl, op.i32Add).get(count).mem(op.i32Store, 2, 4);
  b.get(flux).get(nch).i32(3).op(op.i32Shl, op.i32Add).get(sum).mem(op.f64Store, 3);
  b.get(used).get(count).op(op.i32Add).set(used);
  b.get(nch).i32(1).op(op.i32Add).set(nch);
  b.op(op.end);
  b.get(f).i32(1).op(op.i32Add).set(f);
  b.op(op.br, 0, op.end, op.end);
  b.get(nch);
  return b;
}

/** {@link levelBranchFunction}'s entry for detect-wasm.ts's module, `levelScan` being function `scanIndex` there. */
export function levelBranchEntry(scanIndex: number): WasmFunction {
  return {
    params: [I32, I32, I32, F64, I32, I32],
    results: [I32],
    locals: [...new Array<number>(14 + 13).fill(I32), F64],
    body: levelBranchFunction(scanIndex),
    exportName: 'levelBranch',
  };
}

/**
 * `componentMap(n, width) → maxima` (the regions' addresses from the {@link CONFIG} slots):
 * LevelKernels.prepare's work, −1 (and only the box in `info`) when the map would need more than
 * `capCells` cells; the map's row stride into its slot.
 */
export function componentMapFunction(): Body {
  const [n, width] = [0, 1];
  const [idx, cd, lx, ly, map, capCells, info] = [2, 3, 4, 5, 6, 7, 8];
  const [k, i, x, y, xmin, ymin, xmax, ymax, stride, cells, nmax, c, above] = [9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21];
  const [fdpeak, fdflux, v] = [22, 23, 24];
  const b = new Body();
  const fromConfig: Array<[number, (typeof SLOTS)[number]]> = [[idx, 'idx'], [cd, 'cd'], [lx, 'lx'], [ly, 'ly'], [map, 'map'], [capCells, 'capCells'], [info, 'info']];
  for (const [l, name] of fromConfig) b.i32(0).mem(op.i32Load, 2, slot(name)).set(l);
  const DIV_U = 0x6e;
  /** Address of element local `e` (a local) of the int32 or float32 array at local `arr`. */
  const at = (arr: number, e: number): void => {
    b.get(arr).get(e).i32(2).op(op.i32Shl, op.i32Add);
  };
  const keep = (l: number, value: number, cmp: number): void => {
    b.get(value).get(l).get(value).get(l).op(cmp, op.select).set(l);
  };
  b.i32(1 << 30).set(xmin);
  b.i32(1 << 30).set(ymin);
  b.i32(-1).set(xmax);
  b.i32(-1).set(ymax);
  b.f64(-1e30).set(fdpeak);
  // image x, y of every pixel, the box, the peak and the sum (in the records' order)
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(k).get(n).op(op.i32GeS, op.brIf, 1);
  at(idx, k);
  b.mem(op.i32Load, 2).tee(i).get(width).op(DIV_U).set(y);
  b.get(i).get(y).get(width).op(op.i32Mul, op.i32Sub).set(x);
  at(lx, k);
  b.get(x).mem(op.i32Store, 2);
  at(ly, k);
  b.get(y).mem(op.i32Store, 2);
  keep(xmin, x, op.i32LtS);
  keep(xmax, x, op.i32GtS);
  keep(ymin, y, op.i32LtS);
  keep(ymax, y, op.i32GtS);
  at(cd, k);
  b.mem(op.f32Load, 2).op(op.f64PromoteF32).set(v);
  keep(fdpeak, v, op.f64Gt);
  b.get(fdflux).get(v).op(op.f64Add).set(fdflux);
  b.get(k).i32(1).op(op.i32Add).set(k);
  b.op(op.br, 0, op.end, op.end);
  // the map: rows of bw + 2 cells, (bh + 2) rows
  b.get(xmax).get(xmin).op(op.i32Sub).i32(3).op(op.i32Add).set(stride);
  b.get(stride).get(ymax).get(ymin).op(op.i32Sub).i32(3).op(op.i32Add, op.i32Mul).set(cells);
  b.get(info).get(xmin).mem(op.i32Store, 2, 0);
  b.get(info).get(ymin).mem(op.i32Store, 2, 4);
  b.get(info).get(stride).i32(2).op(op.i32Sub).mem(op.i32Store, 2, 8);
  b.get(info).get(cells).mem(op.i32Store, 2, 12);
  b.get(info).get(xmax).mem(op.i32Store, 2, 32);
  b.get(info).get(ymax).mem(op.i32Store, 2, 36);
  b.get(info).get(fdpeak).mem(op.f64Store, 3, 16);
  b.get(info).get(fdflux).mem(op.f64Store, 3, 24);
  b.get(cells).get(capCells).op(op.i32GtS, op.if, EMPTY);
  b.i32(-1).op(op.return);
  b.op(op.end);
  b.i32(0).get(stride).mem(op.i32Store, 2, slot('mapStride'));
  b.i32(0).set(k);
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(k).get(cells).op(op.i32GeS, op.brIf, 1);
  at(map, k);
  b.i32(-1).mem(op.i32Store, 2);
  b.get(k).i32(1).op(op.i32Add).set(k);
  b.op(op.br, 0, op.end, op.end);
  // local x, y, and each pixel in the map
  b.i32(0).set(k);
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(k).get(n).op(op.i32GeS, op.brIf, 1);
  at(lx, k);
  b.mem(op.i32Load, 2).get(xmin).op(op.i32Sub).set(x);
  at(ly, k);
  b.mem(op.i32Load, 2).get(ymin).op(op.i32Sub).set(y);
  at(lx, k);
  b.get(x).mem(op.i32Store, 2);
  at(ly, k);
  b.get(y).mem(op.i32Store, 2);
  b.get(map).get(y).i32(1).op(op.i32Add).get(stride).op(op.i32Mul).get(x).op(op.i32Add).i32(1).op(op.i32Add).i32(2).op(op.i32Shl, op.i32Add).get(k).mem(op.i32Store, 2);
  b.get(k).i32(1).op(op.i32Add).set(k);
  b.op(op.br, 0, op.end, op.end);
  // local maxima (no neighbour of a higher filtered value), counted up to 2
  b.i32(0).set(k);
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(k).get(n).op(op.i32GeS, op.brIf, 1);
  b.get(nmax).i32(2).op(op.i32GeS, op.brIf, 1);
  at(cd, k);
  b.mem(op.f32Load, 2).op(op.f64PromoteF32).set(v);
  at(ly, k);
  b.mem(op.i32Load, 2).i32(1).op(op.i32Add).get(stride).op(op.i32Mul);
  at(lx, k);
  b.mem(op.i32Load, 2).op(op.i32Add).i32(1).op(op.i32Add).set(c);
  b.i32(0).set(above);
  for (const dy of [-1, 0, 1]) {
    for (const dx of [-1, 0, 1]) {
      if (dx === 0 && dy === 0) continue;
      // m = map[c + dy · stride + dx]; above |= m ≥ 0 && cd[m] > v (cd[−1] is read and ignored)
      b.get(map).get(c);
      if (dy !== 0) b.get(stride).op(dy < 0 ? op.i32Sub : op.i32Add);
      if (dx !== 0) b.i32(dx).op(op.i32Add);
      b.i32(2).op(op.i32Shl, op.i32Add).mem(op.i32Load, 2).set(i);
      b.get(i).i32(0).op(op.i32GeS);
      at(cd, i);
      b.mem(op.f32Load, 2).op(op.f64PromoteF32).get(v).op(op.f64Gt, op.i32And);
      b.get(above).op(op.i32Or).set(above);
    }
  }
  b.get(nmax).get(above).op(op.i32Eqz, op.i32Add).set(nmax);
  b.get(k).i32(1).op(op.i32Add).set(k);
  b.op(op.br, 0, op.end, op.end);
  b.get(nmax);
  return b;
}

/** {@link componentMapFunction}'s entry for detect-wasm.ts's module. */
export function componentMapEntry(): WasmFunction {
  return {
    params: [I32, I32],
    results: [I32],
    locals: [...new Array<number>(7 + 13).fill(I32), F64, F64, F64],
    body: componentMapFunction(),
    exportName: 'componentMap',
  };
}

/**
 * `componentSums(n, thresh)`: LevelKernels.sums, moments.ts's analysePixels' passes over the loaded
 * component (its local x, y; its unfiltered and filtered values), results in `info`; then moments.ts's
 * shapeOf of those sums without a centre, operation for operation (`Math.log` through the import,
 * `f32.demote_f64` where it calls `Math.fround`), but theta and the border test, results in `shape`.
 * Why: shapeOf's float64 arithmetic, a few dozen operations an object, ran in V8's interpreter for
 * a cold start's first few hundred components, each result a number allocated on the heap.
 */
export function componentSumsFunction(): Body {
  const [n, thresh] = [0, 1];
  const [cd, value, lx, ly, info, k, xpeak, ypeak, dnpix, area2] = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const [peak, thresh2, v, c, x, y, tv, mx, my, mx2, my2, mxy] = [12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23];
  const b = new Body();
  const fromConfig: Array<[number, (typeof SLOTS)[number]]> = [[cd, 'cd'], [value, 'value'], [lx, 'lx'], [ly, 'ly'], [info, 'info']];
  for (const [l, name] of fromConfig) b.i32(0).mem(op.i32Load, 2, slot(name)).set(l);
  const elem = (arr: number): void => {
    b.get(arr).get(k).i32(2).op(op.i32Shl, op.i32Add);
  };
  /** `acc += a · b (· d)`, left to right as TypeScript evaluates it. */
  const acc = (l: number, ...factors: number[]): void => {
    b.get(l).get(c);
    for (const f of factors) b.get(f).op(op.f64Mul);
    b.op(op.f64Add).set(l);
  };
  // first pass: the peak unfiltered value (the first of equal ones) and where (image x, y 0, 0 if none)
  b.f64(-1e30).set(peak);
  b.i32(0).get(info).mem(op.i32Load, 2, 0).op(op.i32Sub).set(xpeak);
  b.i32(0).get(info).mem(op.i32Load, 2, 4).op(op.i32Sub).set(ypeak);
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(k).get(n).op(op.i32GeS, op.brIf, 1);
  elem(value);
  b.mem(op.f32Load, 2).op(op.f64PromoteF32).set(v);
  b.get(peak).get(v).op(op.f64Lt, op.if, EMPTY);
  b.get(v).set(peak);
  elem(lx);
  b.mem(op.i32Load, 2).set(xpeak);
  elem(ly);
  b.mem(op.i32Load, 2).set(ypeak);
  b.op(op.end);
  b.get(k).i32(1).op(op.i32Add).set(k);
  b.op(op.br, 0, op.end, op.end);
  // second pass: areas, the unfiltered sum and the filtered moments
  b.get(thresh).get(peak).op(op.f64Add).f64(2).op(F64_DIV).set(thresh2);
  b.i32(0).set(k);
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(k).get(n).op(op.i32GeS, op.brIf, 1);
  elem(lx);
  b.mem(op.i32Load, 2).op(op.f64ConvertI32S).set(x);
  elem(ly);
  b.mem(op.i32Load, 2).op(op.f64ConvertI32S).set(y);
  elem(cd);
  b.mem(op.f32Load, 2).op(op.f64PromoteF32).set(c);
  elem(value);
  b.mem(op.f32Load, 2).op(op.f64PromoteF32).set(v);
  b.get(tv).get(v).op(op.f64Add).set(tv);
  b.get(dnpix).get(v).get(thresh).op(op.f64Gt, op.i32Add).set(dnpix);
  b.get(area2).get(v).get(thresh2).op(op.f64Gt, op.i32Add).set(area2);
  acc(mx, x);
  acc(my, y);
  acc(mx2, x, x);
  acc(my2, y, y);
  acc(mxy, x, y);
  b.get(k).i32(1).op(op.i32Add).set(k);
  b.op(op.br, 0, op.end, op.end);
  b.get(info).get(xpeak).mem(op.i32Store, 2, 40);
  b.get(info).get(ypeak).mem(op.i32Store, 2, 44);
  b.get(info).get(dnpix).mem(op.i32Store, 2, 48);
  b.get(info).get(area2).mem(op.i32Store, 2, 52);
  [peak, tv, mx, my, mx2, my2, mxy].forEach((l, j) => b.get(info).get(l).mem(op.f64Store, 3, 64 + 8 * j));
  shapeTail(b, { n, thresh, info, dnpix, area2, thresh2, tv, mx, my, mx2, my2, mxy });
  return b;
}

/** The locals {@link shapeTail} adds to componentSums' (after its 10 int32 and 12 float64 ones). */
const SHAPE_I32_LOCALS = 2;
const SHAPE_F64_LOCALS = 14;

/**
 * moments.ts's shapeOf (no centre) of componentSums' sums in its locals `l`, into `shape` (see
 * LevelKernels.shapeF): every float64 operation in the TypeScript's order, the float32 roundings
 * (`Math.fround`) as `f32.demote_f64`, `Math.sqrt` as `f64.sqrt`, `Math.log` through the import.
 */
function shapeTail(b: Body, l: Record<'n' | 'thresh' | 'info' | 'dnpix' | 'area2' | 'thresh2' | 'tv' | 'mx' | 'my' | 'mx2' | 'my2' | 'mxy', number>): void {
  const [sh, singular] = [24, 25];
  const [fdflux, xm, ym, xm2, ym2, xym, temp2, temp, pm, aA, bA, darea, t1t2, abcor] = [26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39];
  const f32r = (): void => {
    b.op(op.f32DemoteF64, op.f64PromoteF32);
  };
  b.i32(0).mem(op.i32Load, 2, slot('shape')).set(sh);
  // fdflux = f32(the filtered sum prepare made)
  b.get(l.info).mem(op.f64Load, 3, 24);
  f32r();
  b.set(fdflux);
  // xm = mx / fdflux; ym = my / fdflux; xm2 = mx2 / fdflux − xm·xm; ym2 = my2 / fdflux − ym·ym; xym = mxy / fdflux − xm·ym
  b.get(l.mx).get(fdflux).op(F64_DIV).set(xm);
  b.get(l.my).get(fdflux).op(F64_DIV).set(ym);
  b.get(l.mx2).get(fdflux).op(F64_DIV).get(xm).get(xm).op(op.f64Mul, op.f64Sub).set(xm2);
  b.get(l.my2).get(fdflux).op(F64_DIV).get(ym).get(ym).op(op.f64Mul, op.f64Sub).set(ym2);
  b.get(l.mxy).get(fdflux).op(F64_DIV).get(xm).get(ym).op(op.f64Mul, op.f64Sub).set(xym);
  // temp2 = xm2·ym2 − xym·xym; if (temp2 < 0.00694) { xm2 += 0.0833333; ym2 += 0.0833333; temp2 again; singular }
  const temp2Of = (): void => {
    b.get(xm2).get(ym2).op(op.f64Mul).get(xym).get(xym).op(op.f64Mul, op.f64Sub).set(temp2);
  };
  temp2Of();
  b.i32(0).set(singular);
  b.get(temp2).f64(0.00694).op(op.f64Lt, op.if, EMPTY);
  b.get(xm2).f64(0.0833333).op(op.f64Add).set(xm2);
  b.get(ym2).f64(0.0833333).op(op.f64Add).set(ym2);
  temp2Of();
  b.i32(1).set(singular);
  b.op(op.end);
  // temp = xm2 − ym2; temp = √(0.25·temp·temp + xym·xym); pm = 0.5·(xm2 + ym2)
  b.get(xm2).get(ym2).op(op.f64Sub).set(temp);
  b.f64(0.25).get(temp).op(op.f64Mul).get(temp).op(op.f64Mul).get(xym).get(xym).op(op.f64Mul, op.f64Add, op.f64Sqrt).set(temp);
  b.f64(0.5).get(xm2).get(ym2).op(op.f64Add, op.f64Mul).set(pm);
  // a = f32(√(pm + temp)); b = f32(√(pm − temp))
  b.get(pm).get(temp).op(op.f64Add, op.f64Sqrt);
  f32r();
  b.set(aA);
  b.get(pm).get(temp).op(op.f64Sub, op.f64Sqrt);
  f32r();
  b.set(bA);
  // darea = area2 − dnpix; t1t2 = thresh / thresh2; abcor = 1
  b.get(l.area2).get(l.dnpix).op(op.i32Sub, op.f64ConvertI32S).set(darea);
  b.get(l.thresh).get(l.thresh2).op(F64_DIV).set(t1t2);
  b.f64(1).set(abcor);
  // if (t1t2 > 0) { abcor = (darea < 0 ? darea : −1) / (2π · log(t1t2 < 1 ? t1t2 : 0.99) · a · b); if (abcor > 1) abcor = 1 }
  b.get(t1t2).f64(0).op(op.f64Gt, op.if, EMPTY);
  b.get(darea).f64(-1).get(darea).f64(0).op(op.f64Lt, op.select);
  b.f64(2 * Math.PI).get(t1t2).f64(0.99).get(t1t2).f64(1).op(op.f64Lt, op.select, op.call, LOG_FUNCTION, op.f64Mul);
  b.get(aA).op(op.f64Mul).get(bA).op(op.f64Mul, F64_DIV).set(abcor);
  b.f64(1).get(abcor).get(abcor).f64(1).op(op.f64Gt, op.select).set(abcor);
  b.op(op.end);
  // mx = xm + xmin, my = ym + ymin, mx2, my2, mxy, a, b
  b.get(sh).get(xm).get(l.info).mem(op.i32Load, 2, 0).op(op.f64ConvertI32S, op.f64Add).mem(op.f64Store, 3, 0);
  b.get(sh).get(ym).get(l.info).mem(op.i32Load, 2, 4).op(op.f64ConvertI32S, op.f64Add).mem(op.f64Store, 3, 8);
  [xm2, ym2, xym, aA, bA].forEach((v, j) => b.get(sh).get(v).mem(op.f64Store, 3, 16 + 8 * j));
  // cxx = f32(ym2 / temp2), cyy = f32(xm2 / temp2), cxy = f32(−2·xym / temp2), abcor = f32(abcor), dflux = f32(tv)
  b.get(sh).get(ym2).get(temp2).op(F64_DIV);
  f32r();
  b.mem(op.f64Store, 3, 56);
  b.get(sh).get(xm2).get(temp2).op(F64_DIV);
  f32r();
  b.mem(op.f64Store, 3, 64);
  b.get(sh).f64(-2).get(xym).op(op.f64Mul).get(temp2).op(F64_DIV);
  f32r();
  b.mem(op.f64Store, 3, 72);
  b.get(sh).get(abcor);
  f32r();
  b.mem(op.f64Store, 3, 80);
  b.get(sh).get(l.tv);
  f32r();
  b.mem(op.f64Store, 3, 88);
  b.get(sh).get(singular).mem(op.i32Store, 2, 96);
}

/** {@link componentSumsFunction}'s entry for detect-wasm.ts's module. */
export function componentSumsEntry(): WasmFunction {
  return {
    params: [I32, F64],
    results: [],
    locals: [...new Array<number>(10).fill(I32), ...new Array<number>(12).fill(F64), ...new Array<number>(SHAPE_I32_LOCALS).fill(I32), ...new Array<number>(SHAPE_F64_LOCALS).fill(F64)],
    body: componentSumsFunction(),
    exportName: 'componentSums',
  };
}

/**
 * `mayBranch(n, nthresh, minDeb) → 0 | 1`: LevelKernels.mayBranch's WebAssembly, deblend.ts's
 * mayBranch after its count of local maxima and its thresholds (in `tks`): each pixel's level,
 * the pixels ordered by level (a counting sort), and the union-find of the branches level by level
 * from the top, counting those of `minDeb` pixels or more.
 */
export function mayBranchFunction(): Body {
  const [n, nthresh, minDeb] = [0, 1, 2];
  const [cd, lx, ly, map, lev, ord, parent, size, count, tks, stride] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
  const [p, lo, hi, mid, k, at, c, nbig, q, end, m, ra, rb, bigA, bigB, cell] = [14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29];
  const v = 30;
  const b = new Body();
  const fromConfig: Array<[number, (typeof SLOTS)[number]]> = [
    [cd, 'cd'], [lx, 'lx'], [ly, 'ly'], [map, 'map'], [lev, 'lev'], [ord, 'ord'], [parent, 'parent'], [size, 'size'], [count, 'count'], [tks, 'tks'], [stride, 'mapStride'],
  ];
  for (const [l, name] of fromConfig) b.i32(0).mem(op.i32Load, 2, slot(name)).set(l);
  const at4 = (arr: number, e: number): void => elementAt4(b, arr, e);
  const loop = (body: () => void): void => untilOut(b, body);
  const inc = (l: number, d = 1): void => increment(b, l, d);
  /** local `out` = the root of local `a` (path halving: parent[a] = parent[parent[a]] on the way). */
  const find = (a: number, out: number): void => {
    b.get(a).set(out);
    loop(() => {
      at4(parent, out);
      b.mem(op.i32Load, 2).get(out).op(op.i32Eq, op.brIf, 1);
      at4(parent, out);
      at4(parent, out);
      b.mem(op.i32Load, 2).i32(2).op(op.i32Shl).get(parent).op(op.i32Add).mem(op.i32Load, 2).mem(op.i32Store, 2);
      at4(parent, out);
      b.mem(op.i32Load, 2).set(out);
    });
  };
  // count[0 … nthresh] = 0
  loop(() => {
    b.get(k).get(nthresh).op(op.i32GtS, op.brIf, 1);
    at4(count, k);
    b.i32(0).mem(op.i32Store, 2);
    inc(k);
  });
  // each pixel's level: the largest k in [1, nthresh) with v > tks[k], else 0
  loop(() => {
    b.get(p).get(n).op(op.i32GeS, op.brIf, 1);
    at4(cd, p);
    b.mem(op.f32Load, 2).op(op.f64PromoteF32).set(v);
    b.i32(0).set(lo);
    b.get(nthresh).i32(1).op(op.i32Sub).set(hi);
    loop(() => {
      b.get(lo).get(hi).op(op.i32GeS, op.brIf, 1);
      b.get(lo).get(hi).op(op.i32Add).i32(1).op(op.i32Add).i32(1).op(0x75 /* i32.shr_s */).set(mid);
      b.get(v).get(tks).get(mid).i32(3).op(op.i32Shl, op.i32Add).mem(op.f64Load, 3).op(op.f64Gt, op.if, EMPTY);
      b.get(mid).set(lo);
      b.op(op.else);
      b.get(mid).i32(1).op(op.i32Sub).set(hi);
      b.op(op.end);
    });
    at4(lev, p);
    b.get(lo).mem(op.i32Store, 2);
    at4(count, lo);
    at4(count, lo);
    b.mem(op.i32Load, 2).i32(1).op(op.i32Add).mem(op.i32Store, 2);
    inc(p);
  });
  // count[k] = start of level k's run, top level first
  b.get(nthresh).i32(1).op(op.i32Sub).set(k);
  loop(() => {
    b.get(k).i32(0).op(op.i32LtS, op.brIf, 1);
    at4(count, k);
    b.mem(op.i32Load, 2).set(c);
    at4(count, k);
    b.get(at).mem(op.i32Store, 2);
    b.get(at).get(c).op(op.i32Add).set(at);
    inc(k, -1);
  });
  // ord[count[lev[p]]++] = p; parent[p] = −1, size[p] = 0
  b.i32(0).set(p);
  loop(() => {
    b.get(p).get(n).op(op.i32GeS, op.brIf, 1);
    at4(lev, p);
    b.mem(op.i32Load, 2).set(k);
    at4(count, k);
    b.mem(op.i32Load, 2).set(c);
    at4(ord, c);
    b.get(p).mem(op.i32Store, 2);
    at4(count, k);
    b.get(c).i32(1).op(op.i32Add).mem(op.i32Store, 2);
    at4(parent, p);
    b.i32(-1).mem(op.i32Store, 2);
    at4(size, p);
    b.i32(0).mem(op.i32Store, 2);
    inc(p);
  });
  // the levels from the top down: each pixel joins its neighbours already in
  b.get(nthresh).i32(1).op(op.i32Sub).set(k);
  loop(() => {
    b.get(k).i32(1).op(op.i32LtS, op.brIf, 1);
    at4(count, k);
    b.mem(op.i32Load, 2).set(end);
    loop(() => {
      b.get(q).get(end).op(op.i32GeS, op.brIf, 1);
      at4(ord, q);
      b.mem(op.i32Load, 2).set(p);
      inc(q);
      at4(parent, p);
      b.get(p).mem(op.i32Store, 2);
      at4(size, p);
      b.i32(1).mem(op.i32Store, 2);
      b.get(nbig).get(minDeb).i32(1).op(op.i32LeS, op.i32Add).set(nbig);
      at4(ly, p);
      b.mem(op.i32Load, 2).i32(1).op(op.i32Add).get(stride).op(op.i32Mul);
      at4(lx, p);
      b.mem(op.i32Load, 2).op(op.i32Add).i32(1).op(op.i32Add).set(cell);
      for (const dy of [-1, 0, 1]) {
        for (const dx of [-1, 0, 1]) {
          if (dx === 0 && dy === 0) continue;
          b.op(op.block, EMPTY);
          // m = map[cell + dy · stride + dx]; skipped when outside or not yet in
          b.get(map).get(cell);
          if (dy !== 0) b.get(stride).op(dy < 0 ? op.i32Sub : op.i32Add);
          if (dx !== 0) b.i32(dx).op(op.i32Add);
          b.i32(2).op(op.i32Shl, op.i32Add).mem(op.i32Load, 2).tee(m);
          b.i32(0).op(op.i32LtS, op.brIf, 0);
          at4(parent, m);
          b.mem(op.i32Load, 2).i32(0).op(op.i32LtS, op.brIf, 0);
          find(m, ra);
          find(p, rb);
          b.get(ra).get(rb).op(op.i32Eq, op.brIf, 0);
          at4(size, ra);
          b.mem(op.i32Load, 2).get(minDeb).op(op.i32GeS).set(bigA);
          at4(size, rb);
          b.mem(op.i32Load, 2).get(minDeb).op(op.i32GeS).set(bigB);
          at4(parent, rb);
          b.get(ra).mem(op.i32Store, 2);
          at4(size, ra);
          at4(size, ra);
          b.mem(op.i32Load, 2);
          at4(size, rb);
          b.mem(op.i32Load, 2).op(op.i32Add).mem(op.i32Store, 2);
          // nbig += (!bigA && !bigB && size[ra] ≥ minDeb) − (bigA && bigB)
          b.get(nbig).get(bigA).get(bigB).op(op.i32Or, op.i32Eqz);
          at4(size, ra);
          b.mem(op.i32Load, 2).get(minDeb).op(op.i32GeS, op.i32And, op.i32Add);
          b.get(bigA).get(bigB).op(op.i32And, op.i32Sub).set(nbig);
          b.op(op.end);
        }
      }
    });
    b.get(nbig).i32(2).op(op.i32GeS, op.if, EMPTY);
    b.i32(1).op(op.return);
    b.op(op.end);
    inc(k, -1);
  });
  b.i32(0);
  return b;
}

/** {@link mayBranchFunction}'s entry for detect-wasm.ts's module. */
export function mayBranchEntry(): WasmFunction {
  return {
    params: [I32, I32, I32],
    results: [I32],
    locals: [...new Array<number>(11 + 16).fill(I32), F64],
    body: mayBranchFunction(),
    exportName: 'mayBranch',
  };
}

/** f64.neg, i32.shr_u, i32.rem_u (not all in the encoder's table). */
const F64_NEG = 0x9a;
const I32_SHR_U = 0x76;
const I32_REM_U = 0x70;

/**
 * `componentFwhm(list, n, sub, mx, my, a, b, dpeak, thresh, sat) → fwhm`: LevelKernels.fwhm,
 * measure.ts's profileFwhm over `n` pixels of the loaded component (its pixels 0 … n − 1 when
 * `list` is 0, else the int32 values at byte address `list` minus `sub`; their unfiltered values,
 * local x, y plus the box's origin from `info`), operation for operation: the float64 sums in the records' order,
 * `Math.log` called through the import (function {@link LOG_FUNCTION}), float32 rounding
 * (`f32.demote_f64`) where the TypeScript calls `Math.fround`.
 */
export function componentFwhmFunction(): Body {
  const [list, n, sub, mx, my, a, bAxis, dpeak, thresh, sat] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [value, lx, ly, info, k, xmin, ymin, p] = [10, 11, 12, 13, 14, 15, 16, 17];
  const [thresh0, pix, dx, dy, lpix, inverr2, d2, s, sx, sy, sxx, sxy, d, bb, bmax, fwhm] = [18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33];
  const b = new Body();
  const fromConfig: Array<[number, (typeof SLOTS)[number]]> = [[value, 'value'], [lx, 'lx'], [ly, 'ly'], [info, 'info']];
  for (const [l, name] of fromConfig) b.i32(0).mem(op.i32Load, 2, slot(name)).set(l);
  b.get(info).mem(op.i32Load, 2, 0).set(xmin);
  b.get(info).mem(op.i32Load, 2, 4).set(ymin);
  const f32r = (): void => {
    b.op(op.f32DemoteF64, op.f64PromoteF32);
  };
  const elem = (arr: number): void => {
    b.get(arr).get(p).i32(2).op(op.i32Shl, op.i32Add);
  };
  /** `l = l + (the value on the stack)`. */
  const addTo = (l: number): void => {
    b.set(d).get(l).get(d).op(op.f64Add).set(l);
  };
  // thresh0 = f32(dpeak / 5); if (thresh0 < thresh) thresh0 = thresh; if (!(thresh0 > 0)) return 0
  b.get(dpeak).f64(5).op(F64_DIV);
  f32r();
  b.set(thresh0);
  b.get(thresh).get(thresh0).get(thresh0).get(thresh).op(op.f64Lt, op.select).set(thresh0);
  b.get(thresh0).f64(0).op(op.f64Gt, op.i32Eqz, op.if, EMPTY);
  b.f64(0).op(op.return);
  b.op(op.end);
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(k).get(n).op(op.i32GeS, op.brIf, 1);
  // p = list ? list[k] − sub : k
  b.get(list).get(k).i32(2).op(op.i32Shl, op.i32Add).mem(op.i32Load, 2).get(sub).op(op.i32Sub).get(k).get(list).op(op.select).set(p);
  elem(value);
  b.mem(op.f32Load, 2).op(op.f64PromoteF32).tee(pix);
  b.get(thresh0).op(op.f64Gt).get(pix).get(sat).op(op.f64Lt, op.i32And, op.if, EMPTY);
  elem(lx);
  b.mem(op.i32Load, 2).get(xmin).op(op.i32Add, op.f64ConvertI32S).get(mx).op(op.f64Sub).set(dx);
  elem(ly);
  b.mem(op.i32Load, 2).get(ymin).op(op.i32Add, op.f64ConvertI32S).get(my).op(op.f64Sub).set(dy);
  b.get(pix).op(op.call, LOG_FUNCTION).set(lpix);
  b.get(pix).get(pix).op(op.f64Mul).set(inverr2);
  b.get(inverr2);
  addTo(s);
  b.get(dx).get(dx).op(op.f64Mul).get(dy).get(dy).op(op.f64Mul, op.f64Add).set(d2);
  b.get(d2).get(inverr2).op(op.f64Mul);
  addTo(sx);
  b.get(d2).get(d2).op(op.f64Mul).get(inverr2).op(op.f64Mul);
  addTo(sxx);
  b.get(lpix).get(inverr2).op(op.f64Mul);
  addTo(sy);
  b.get(lpix).get(d2).op(op.f64Mul).get(inverr2).op(op.f64Mul);
  addTo(sxy);
  b.op(op.end);
  b.get(k).i32(1).op(op.i32Add).set(k);
  b.op(op.br, 0, op.end, op.end);
  // d = s·sxx − sx·sx; if (!(|d| > 0)) return 0
  b.get(s).get(sxx).op(op.f64Mul).get(sx).get(sx).op(op.f64Mul, op.f64Sub).set(d);
  b.get(d).op(op.f64Abs).f64(0).op(op.f64Gt, op.i32Eqz, op.if, EMPTY);
  b.f64(0).op(op.return);
  b.op(op.end);
  // bb = −(s·sxy − sx·sy) / d; bmax = 1 / (13·a·b); if (bb < bmax) bb = bmax
  b.get(s).get(sxy).op(op.f64Mul).get(sx).get(sy).op(op.f64Mul, op.f64Sub, F64_NEG).get(d).op(F64_DIV).set(bb);
  b.f64(1).f64(13).get(a).op(op.f64Mul).get(bAxis).op(op.f64Mul, F64_DIV).set(bmax);
  b.get(bmax).get(bb).get(bb).get(bmax).op(op.f64Lt, op.select).set(bb);
  // fwhm = f32(1.6651 / √bb); if (fwhm > 0) fwhm = f32(fwhm − 1 / (4·fwhm))
  b.f64(1.6651).get(bb).op(op.f64Sqrt, F64_DIV);
  f32r();
  b.set(fwhm);
  b.get(fwhm).f64(0).op(op.f64Gt, op.if, EMPTY);
  b.get(fwhm).f64(1).f64(4).get(fwhm).op(op.f64Mul, F64_DIV, op.f64Sub);
  f32r();
  b.set(fwhm);
  b.op(op.end);
  b.get(fwhm);
  return b;
}

/** {@link componentFwhmFunction}'s entry for detect-wasm.ts's module. */
export function componentFwhmEntry(): WasmFunction {
  return {
    params: [I32, I32, I32, F64, F64, F64, F64, F64, F64, F64],
    results: [F64],
    locals: [...new Array<number>(8).fill(I32), ...new Array<number>(16).fill(F64)],
    body: componentFwhmFunction(),
    exportName: 'componentFwhm',
  };
}

/**
 * `gatherPixels(n, nc, xmin, ymin, s0)`: LevelKernels.gather, deblend.ts's gatherUp after the cores'
 * shapes and amplitudes (in the `cores` entries, {@link CORE_BYTES}): `owner` −1, then each core's
 * pixels its own; each other pixel (in the component's order) given to the core drawn as gatherUp
 * draws it — the float32 roundings of its `Math.fround` calls (`f32.demote_f64` of the float64
 * result at the same points), `Math.exp` through the import (function {@link EXP_FUNCTION}), C
 * `rand()` (CRand.next) on the state in `ring` — and stored as −2 − core; then each object's
 * records into `gathered`: its core's pixels, then the pixels given to it.
 */
export function gatherPixelsFunction(): Body {
  const [n, nc, xmin, ymin, s0] = [0, 1, 2, 3, 4];
  const [lx, ly, owner, cores, prob, ring, gathered] = [5, 6, 7, 8, 9, 10, 11];
  const [k, ci, e, iclst, chosen, ri, v, q, at, o] = [12, 13, 14, 15, 16, 17, 18, 19, 20, 21];
  const [x, y, distmin, acc, dx, dy, dist, drand] = [22, 23, 24, 25, 26, 27, 28, 29];
  const b = new Body();
  const fromConfig: Array<[number, (typeof SLOTS)[number]]> = [[lx, 'lx'], [ly, 'ly'], [owner, 'owner'], [cores, 'cores'], [prob, 'prob'], [ring, 'ring'], [gathered, 'gathered']];
  for (const [l, name] of fromConfig) b.i32(0).mem(op.i32Load, 2, slot(name)).set(l);
  const f32r = (): void => {
    b.op(op.f32DemoteF64, op.f64PromoteF32);
  };
  const at4 = (arr: number, i: number): void => elementAt4(b, arr, i);
  const loop = (body: () => void): void => untilOut(b, body);
  const inc = (l: number): void => increment(b, l);
  /** e = the address of core ci's entry. */
  const entry = (): void => {
    b.get(cores).get(ci).i32(CORE_BYTES).op(op.i32Mul, op.i32Add).set(e);
  };
  /** A float64 field of core entry e. */
  const field = (offset: number): void => {
    b.get(e).mem(op.f64Load, 3, offset);
  };
  // owner[k] = −1
  loop(() => {
    b.get(k).get(n).op(op.i32GeS, op.brIf, 1);
    at4(owner, k);
    b.i32(-1).mem(op.i32Store, 2);
    inc(k);
  });
  // each core's pixels: owner[pix[q]] = ci; the object's count = the core's
  loop(() => {
    b.get(ci).get(nc).op(op.i32GeS, op.brIf, 1);
    entry();
    b.get(e).get(e).mem(op.i32Load, 2, 60).mem(op.i32Store, 2, 64);
    b.i32(0).set(q);
    loop(() => {
      b.get(q).get(e).mem(op.i32Load, 2, 60).op(op.i32GeS, op.brIf, 1);
      b.get(owner);
      b.get(e).mem(op.i32Load, 2, 56).get(q).i32(2).op(op.i32Shl, op.i32Add).mem(op.i32Load, 2);
      b.i32(2).op(op.i32Shl, op.i32Add).get(ci).mem(op.i32Store, 2);
      inc(q);
    });
    inc(ci);
  });
  // the other pixels
  b.i32(0).set(k);
  loop(() => {
    b.get(k).get(n).op(op.i32GeS, op.brIf, 1);
    b.op(op.block, EMPTY);
    at4(owner, k);
    b.mem(op.i32Load, 2).i32(0).op(op.i32GeS, op.brIf, 0);
    at4(lx, k);
    b.mem(op.i32Load, 2).get(xmin).op(op.i32Add, op.f64ConvertI32S).set(x);
    at4(ly, k);
    b.mem(op.i32Load, 2).get(ymin).op(op.i32Add, op.f64ConvertI32S).set(y);
    b.f64(1e31).set(distmin);
    b.i32(0).set(iclst);
    b.f64(0).set(acc);
    b.i32(0).set(ci);
    loop(() => {
      b.get(ci).get(nc).op(op.i32GeS, op.brIf, 1);
      entry();
      // dx = f32(x − mx), dy = f32(y − my)
      b.get(x);
      field(0);
      b.op(op.f64Sub);
      f32r();
      b.set(dx);
      b.get(y);
      field(8);
      b.op(op.f64Sub);
      f32r();
      b.set(dy);
      // dist = f32(0.5 · (cxx·dx·dx + cyy·dy·dy + cxy·dx·dy) / abcor)
      b.f64(0.5);
      field(16);
      b.get(dx).op(op.f64Mul).get(dx).op(op.f64Mul);
      field(24);
      b.get(dy).op(op.f64Mul).get(dy).op(op.f64Mul, op.f64Add);
      field(32);
      b.get(dx).op(op.f64Mul).get(dy).op(op.f64Mul, op.f64Add, op.f64Mul);
      field(40);
      b.op(F64_DIV);
      f32r();
      b.set(dist);
      // acc = f32(acc + (dist < 70 ? f32(amp · f32(exp(−dist))) : 0))
      b.get(acc);
      b.get(dist).f64(70).op(op.f64Lt, op.if, F64);
      field(48);
      b.get(dist).op(F64_NEG, op.call, EXP_FUNCTION);
      f32r();
      b.op(op.f64Mul);
      f32r();
      b.op(op.else).f64(0).op(op.end);
      b.op(op.f64Add);
      f32r();
      b.set(acc);
      // prob[ci] = acc; the nearest core so far
      at4(prob, ci);
      b.get(acc).op(op.f32DemoteF64).mem(op.f32Store, 2);
      b.get(dist).get(distmin).op(op.f64Lt, op.if, EMPTY);
      b.get(dist).set(distmin);
      b.get(ci).set(iclst);
      b.op(op.end);
      inc(ci);
    });
    b.get(iclst).set(chosen);
    b.get(acc).f64(1e-31).op(op.f64Gt, op.if, EMPTY);
    // CRand.next: v = ring[ri] + ring[(ri + 28) % 31]; ring[ri] = v; ri = (ri + 1) % 31; v >>> 1
    b.get(ring).mem(op.i32Load, 2, 124).set(ri);
    at4(ring, ri);
    b.mem(op.i32Load, 2);
    b.get(ring).get(ri).i32(28).op(op.i32Add).i32(31).op(I32_REM_U).i32(2).op(op.i32Shl, op.i32Add).mem(op.i32Load, 2);
    b.op(op.i32Add).set(v);
    at4(ring, ri);
    b.get(v).mem(op.i32Store, 2);
    b.get(ring).get(ri).i32(1).op(op.i32Add).i32(31).op(I32_REM_U).mem(op.i32Store, 2, 124);
    // drand = f32(f32(acc · f32(rand)) / f32(RAND_MAX)), f32(2147483647) = 2^31
    b.get(acc).get(v).i32(1).op(I32_SHR_U, op.f64ConvertI32S);
    f32r();
    b.op(op.f64Mul);
    f32r();
    b.f64(2147483648).op(F64_DIV);
    f32r();
    b.set(drand);
    b.i32(0).set(ci);
    loop(() => {
      b.get(ci).get(nc).op(op.i32GeS, op.brIf, 1);
      at4(prob, ci);
      b.mem(op.f32Load, 2).op(op.f64PromoteF32).get(drand).op(op.f64Lt, op.i32Eqz, op.brIf, 1);
      inc(ci);
    });
    b.get(ci).get(iclst).get(ci).get(nc).op(op.i32Ne, op.select).set(chosen);
    b.op(op.end);
    // owner[k] = −2 − chosen; the object's count + 1
    at4(owner, k);
    b.i32(-2).get(chosen).op(op.i32Sub).mem(op.i32Store, 2);
    b.get(cores).get(chosen).i32(CORE_BYTES).op(op.i32Mul, op.i32Add).tee(e);
    b.get(e).mem(op.i32Load, 2, 64).i32(1).op(op.i32Add).mem(op.i32Store, 2, 64);
    b.op(op.end);
    inc(k);
  });
  // each object's start and end in `gathered`, its core's pixels first
  b.i32(0).set(ci);
  loop(() => {
    b.get(ci).get(nc).op(op.i32GeS, op.brIf, 1);
    entry();
    b.get(e).get(at).mem(op.i32Store, 2, 72);
    b.i32(0).set(q);
    loop(() => {
      b.get(q).get(e).mem(op.i32Load, 2, 60).op(op.i32GeS, op.brIf, 1);
      at4(gathered, at);
      b.get(s0);
      b.get(e).mem(op.i32Load, 2, 56).get(q).i32(2).op(op.i32Shl, op.i32Add).mem(op.i32Load, 2);
      b.op(op.i32Add).mem(op.i32Store, 2);
      inc(q);
      inc(at);
    });
    b.get(e).get(at).mem(op.i32Store, 2, 68);
    b.get(e).mem(op.i32Load, 2, 72).get(e).mem(op.i32Load, 2, 64).op(op.i32Add).set(at);
    inc(ci);
  });
  // then the pixels given to it, in the component's order
  b.i32(0).set(k);
  loop(() => {
    b.get(k).get(n).op(op.i32GeS, op.brIf, 1);
    at4(owner, k);
    b.mem(op.i32Load, 2).tee(o).i32(0).op(op.i32LtS, op.if, EMPTY);
    b.get(cores).i32(-2).get(o).op(op.i32Sub).i32(CORE_BYTES).op(op.i32Mul, op.i32Add).set(e);
    b.get(e).mem(op.i32Load, 2, 68).set(at);
    at4(gathered, at);
    b.get(s0).get(k).op(op.i32Add).mem(op.i32Store, 2);
    b.get(e).get(at).i32(1).op(op.i32Add).mem(op.i32Store, 2, 68);
    b.op(op.end);
    inc(k);
  });
  return b;
}

/** {@link gatherPixelsFunction}'s entry for detect-wasm.ts's module. */
export function gatherPixelsEntry(): WasmFunction {
  return {
    params: [I32, I32, I32, I32, I32],
    results: [],
    locals: [...new Array<number>(7 + 10).fill(I32), ...new Array<number>(8).fill(F64)],
    body: gatherPixelsFunction(),
    exportName: 'gatherPixels',
  };
}

/**
 * `listSums(list, n, sub, thresh)`: LevelKernels.listSums, moments.ts's analysePixels' two passes
 * over the loaded component's pixels `list[k] − sub` (k = 0 … n − 1, `list` a byte address): the
 * box, the first peak unfiltered value and where, the peak filtered value and the filtered sum in
 * double, then the areas, the unfiltered sum and the filtered moments about the box's corner, in
 * the list's order (the coordinates local: the same differences as the image's). Results in `lsum`.
 */
export function listSumsFunction(): Body {
  const [list, n, sub, thresh] = [0, 1, 2, 3];
  const [cd, value, lx, ly, out, k, p, x, y, xmin, xmax, ymin, ymax, xpeak, ypeak, dnpix, area2, info] = [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21];
  const [peak, cpeak, rv, v, c, thresh2, tv, mx, my, mx2, my2, mxy, fx, fy] = [22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35];
  const b = new Body();
  const fromConfig: Array<[number, (typeof SLOTS)[number]]> = [[cd, 'cd'], [value, 'value'], [lx, 'lx'], [ly, 'ly'], [out, 'lsum'], [info, 'info']];
  for (const [l, name] of fromConfig) b.i32(0).mem(op.i32Load, 2, slot(name)).set(l);
  const elem = (arr: number): void => {
    b.get(arr).get(p).i32(2).op(op.i32Shl, op.i32Add);
  };
  /** p = list[k] − sub; x, y its local coordinates; v, c its unfiltered and filtered values. */
  const pixel = (): void => {
    b.get(list).get(k).i32(2).op(op.i32Shl, op.i32Add).mem(op.i32Load, 2).get(sub).op(op.i32Sub).set(p);
    elem(lx);
    b.mem(op.i32Load, 2).set(x);
    elem(ly);
    b.mem(op.i32Load, 2).set(y);
    elem(value);
    b.mem(op.f32Load, 2).op(op.f64PromoteF32).set(v);
    elem(cd);
    b.mem(op.f32Load, 2).op(op.f64PromoteF32).set(c);
  };
  const keep = (l: number, val: number, cmp: number): void => {
    b.get(val).get(l).get(val).get(l).op(cmp, op.select).set(l);
  };
  /** `acc += c · f (· g)`, left to right as TypeScript evaluates it. */
  const acc = (l: number, ...factors: number[]): void => {
    b.get(l).get(c);
    for (const f of factors) b.get(f).op(op.f64Mul);
    b.op(op.f64Add).set(l);
  };
  b.i32(1 << 30).set(xmin);
  b.i32(1 << 30).set(ymin);
  b.i32(-1).set(xmax);
  b.i32(-1).set(ymax);
  b.f64(-1e30).set(peak);
  b.f64(-1e30).set(cpeak);
  // (no peak found: image x, y 0, 0, as analysePixels leaves them)
  b.i32(0).get(info).mem(op.i32Load, 2, 0).op(op.i32Sub).set(xpeak);
  b.i32(0).get(info).mem(op.i32Load, 2, 4).op(op.i32Sub).set(ypeak);
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(k).get(n).op(op.i32GeS, op.brIf, 1);
  pixel();
  b.get(peak).get(v).op(op.f64Lt, op.if, EMPTY);
  b.get(v).set(peak);
  b.get(x).set(xpeak);
  b.get(y).set(ypeak);
  b.op(op.end);
  b.get(c).get(cpeak).get(cpeak).get(c).op(op.f64Lt, op.select).set(cpeak);
  b.get(rv).get(c).op(op.f64Add).set(rv);
  keep(xmin, x, op.i32LtS);
  keep(xmax, x, op.i32GtS);
  keep(ymin, y, op.i32LtS);
  keep(ymax, y, op.i32GtS);
  b.get(k).i32(1).op(op.i32Add).set(k);
  b.op(op.br, 0, op.end, op.end);
  b.get(thresh).get(peak).op(op.f64Add).f64(2).op(F64_DIV).set(thresh2);
  b.i32(0).set(k);
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(k).get(n).op(op.i32GeS, op.brIf, 1);
  pixel();
  b.get(x).get(xmin).op(op.i32Sub, op.f64ConvertI32S).set(fx);
  b.get(y).get(ymin).op(op.i32Sub, op.f64ConvertI32S).set(fy);
  b.get(tv).get(v).op(op.f64Add).set(tv);
  b.get(dnpix).get(v).get(thresh).op(op.f64Gt, op.i32Add).set(dnpix);
  b.get(area2).get(v).get(thresh2).op(op.f64Gt, op.i32Add).set(area2);
  acc(mx, fx);
  acc(my, fy);
  acc(mx2, fx, fx);
  acc(my2, fy, fy);
  acc(mxy, fx, fy);
  b.get(k).i32(1).op(op.i32Add).set(k);
  b.op(op.br, 0, op.end, op.end);
  [xmin, xmax, ymin, ymax, xpeak, ypeak, dnpix, area2].forEach((l, j) => b.get(out).get(l).mem(op.i32Store, 2, 4 * j));
  [peak, cpeak, rv, thresh2, tv, mx, my, mx2, my2, mxy].forEach((l, j) => b.get(out).get(l).mem(op.f64Store, 3, 32 + 8 * j));
  return b;
}

/** {@link listSumsFunction}'s entry for detect-wasm.ts's module. */
export function listSumsEntry(): WasmFunction {
  return {
    params: [I32, I32, I32, F64],
    results: [],
    locals: [...new Array<number>(18).fill(I32), ...new Array<number>(14).fill(F64)],
    body: listSumsFunction(),
    exportName: 'listSums',
  };
}

/** SExtractor's NSONMAX (deblend.ts): a level of this many branches or more is an overflow. */
const TREE_NSONMAX = 1024;

/**
 * Bytes of a node's entry in {@link LevelKernels.nodeI} (after {@link LevelKernels.tree}): int32 at 0
 * the start of its pixels in the pool, 4 their count, 8 its first child's node index, 12 its number of
 * children (0 for a node of the last level); its filtered flux in {@link LevelKernels.nodeF}.
 */
export const NODE_BYTES = 16;

/**
 * `levelTree(n, nthresh, thresh, fdpeak, minDeb) → levels` (the regions' addresses from the
 * {@link CONFIG} slots): LevelKernels.tree, deblend.ts's buildLevels for the loaded component of `n`
 * pixels in one call. Its root (pixels 0 … n − 1 in the pool, no marks), then for k = 1 … nthresh − 1
 * the level's threshold tk = f32(fdpeak > 0 ? thresh · pow(fdpeak / thresh, k / nthresh) : thresh)
 * (`Math.pow` through the import) into `ltk`, and each node of level k − 1 in order branched by
 * `levelBranch` (function `branchIndex`, stamp 1, 2, … in that order), its children appended as
 * nodes (`nodes`, `nodeF`) in completion order; `lstart[k]` the first node of level k. Returns the
 * number of levels (the first empty level ends the tree, as in buildLevels), −1 when a level has
 * {@link TREE_NSONMAX} nodes or more (the overflow: buildLevels' null, told as soon as the level has
 * that many), −2 when the nodes outgrow `nodeCap` (the caller makes the tree branch by branch).
 */
export function levelTreeFunction(branchIndex: number): Body {
  const [n, nthresh, thresh, fdpeak, minDeb] = [0, 1, 2, 3, 4];
  const [pool, mark, res, flux, nodes, nodeF, lstart, ltk, cap] = [5, 6, 7, 8, 9, 10, 11, 12, 13];
  const [k, nn, cur, pi, stamp, used, nch, f, e, q] = [14, 15, 16, 17, 18, 19, 20, 21, 22, 23];
  const tk = 24;
  const b = new Body();
  const fromConfig: Array<[number, (typeof SLOTS)[number]]> = [
    [pool, 'pool'], [mark, 'mark'], [res, 'res'], [flux, 'flux'], [nodes, 'nodes'], [nodeF, 'nodeF'], [lstart, 'lstart'], [ltk, 'ltk'], [cap, 'nodeCap'],
  ];
  for (const [l, name] of fromConfig) b.i32(0).mem(op.i32Load, 2, slot(name)).set(l);
  const at4 = (arr: number, i: number): void => elementAt4(b, arr, i);
  const loop = (body: () => void): void => untilOut(b, body);
  const inc = (l: number): void => increment(b, l);
  /** e = the address of node `i`'s entry. */
  const entry = (i: number): void => {
    b.get(nodes).get(i).i32(4).op(op.i32Shl, op.i32Add).set(e);
  };
  // the root: mark[q] = 0, pool[q] = q
  loop(() => {
    b.get(q).get(n).op(op.i32GeS, op.brIf, 1);
    at4(mark, q);
    b.i32(0).mem(op.i32Store, 2);
    at4(pool, q);
    b.get(q).mem(op.i32Store, 2);
    inc(q);
  });
  b.get(nodes).i32(0).mem(op.i32Store, 2, 0);
  b.get(nodes).get(n).mem(op.i32Store, 2, 4);
  b.get(nodes).i32(0).mem(op.i32Store, 2, 8);
  b.get(nodes).i32(0).mem(op.i32Store, 2, 12);
  b.get(nodeF).f64(0).mem(op.f64Store, 3, 0);
  b.get(lstart).i32(0).mem(op.i32Store, 2, 0);
  b.get(lstart).i32(1).mem(op.i32Store, 2, 4);
  b.i32(1).set(nn);
  b.get(n).set(used);
  b.i32(1).set(k);
  loop(() => {
    b.get(k).get(nthresh).op(op.i32GeS, op.brIf, 1);
    // tk = f32(fdpeak > 0 ? thresh · pow(fdpeak / thresh, k / nthresh) : thresh)
    b.get(fdpeak).f64(0).op(op.f64Gt, op.if, F64);
    b.get(thresh).get(fdpeak).get(thresh).op(F64_DIV).get(k).op(op.f64ConvertI32S).get(nthresh).op(op.f64ConvertI32S, F64_DIV, op.call, POW_FUNCTION, op.f64Mul);
    b.op(op.else).get(thresh).op(op.end);
    b.op(op.f32DemoteF64, op.f64PromoteF32).set(tk);
    b.get(ltk).get(k).i32(3).op(op.i32Shl, op.i32Add).get(tk).mem(op.f64Store, 3);
    b.get(nn).set(cur);
    // each node of level k − 1, in order
    at4(lstart, k);
    b.i32(4).op(op.i32Sub).mem(op.i32Load, 2).set(pi);
    loop(() => {
      b.get(pi).get(cur).op(op.i32GeS, op.brIf, 1);
      inc(stamp);
      entry(pi);
      b.get(pool).get(e).mem(op.i32Load, 2, 0).i32(2).op(op.i32Shl, op.i32Add);
      b.get(e).mem(op.i32Load, 2, 4).get(stamp).get(tk).get(minDeb).get(used).op(op.call, branchIndex).set(nch);
      b.get(e).get(nn).mem(op.i32Store, 2, 8);
      b.get(e).get(nch).mem(op.i32Store, 2, 12);
      b.get(nn).get(nch).op(op.i32Add).get(cap).op(op.i32GtS, op.if, EMPTY);
      b.i32(-2).op(op.return);
      b.op(op.end);
      b.i32(0).set(f);
      loop(() => {
        b.get(f).get(nch).op(op.i32GeS, op.brIf, 1);
        entry(nn);
        b.get(e).get(res).get(f).i32(3).op(op.i32Shl, op.i32Add).mem(op.i32Load, 2, 0).mem(op.i32Store, 2, 0);
        b.get(e).get(res).get(f).i32(3).op(op.i32Shl, op.i32Add).mem(op.i32Load, 2, 4).mem(op.i32Store, 2, 4);
        b.get(e).i32(0).mem(op.i32Store, 2, 8);
        b.get(e).i32(0).mem(op.i32Store, 2, 12);
        b.get(nodeF).get(nn).i32(3).op(op.i32Shl, op.i32Add).get(flux).get(f).i32(3).op(op.i32Shl, op.i32Add).mem(op.f64Load, 3).mem(op.f64Store, 3);
        b.get(e).mem(op.i32Load, 2, 0).get(e).mem(op.i32Load, 2, 4).op(op.i32Add).set(used);
        inc(nn);
        inc(f);
      });
      // a level of NSONMAX branches: the overflow, whatever its other branches
      b.get(nn).get(cur).op(op.i32Sub).i32(TREE_NSONMAX).op(op.i32GeS, op.if, EMPTY);
      b.i32(-1).op(op.return);
      b.op(op.end);
      inc(pi);
    });
    b.get(lstart).get(k).i32(2).op(op.i32Shl, op.i32Add).get(nn).mem(op.i32Store, 2, 4);
    b.get(nn).get(cur).op(op.i32Eq, op.brIf, 1);
    inc(k);
  });
  b.get(k);
  return b;
}

/** {@link levelTreeFunction}'s entry for detect-wasm.ts's module, `levelBranch` being function `branchIndex` there. */
export function levelTreeEntry(branchIndex: number): WasmFunction {
  return {
    params: [I32, I32, F64, F64, I32],
    results: [I32],
    locals: [...new Array<number>(9 + 10).fill(I32), F64],
    body: levelTreeFunction(branchIndex),
    exportName: 'levelTree',
  };
}

/**
 * `gatherOrder(q0, n)`: LevelKernels.prepareStrip's copy of one component of the strip that
 * LevelKernels.loadStrip put in the memory, detect.ts's copyComponent: for k < n, record
 * p = order[q0 + k] of the strip into element k of the arrays `prepare` fills (`idx`, `value`,
 * `cd`), each value's bits copied.
 */
export function gatherOrderFunction(): Body {
  const [q0, n] = [0, 1];
  const [ord, sIdx, sVal, sCd, idx, value, cd, k, p, at] = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const b = new Body();
  const fromConfig: Array<[number, (typeof SLOTS)[number]]> = [[ord, 'sOrd'], [sIdx, 'sIdx'], [sVal, 'sVal'], [sCd, 'sCd'], [idx, 'idx'], [value, 'value'], [cd, 'cd']];
  for (const [l, name] of fromConfig) b.i32(0).mem(op.i32Load, 2, slot(name)).set(l);
  // (ord: the address of order[q0])
  elementAt4(b, ord, q0);
  b.set(ord);
  /** array `to`'s element k (byte offset `at`) = array `from`'s element p (byte offset `p`). */
  const copy = (to: number, from: number): void => {
    b.get(to).get(at).op(op.i32Add);
    b.get(from).get(p).op(op.i32Add).mem(op.i32Load, 2);
    b.mem(op.i32Store, 2);
  };
  untilOut(b, () => {
    b.get(k).get(n).op(op.i32GeS, op.brIf, 1);
    b.get(k).i32(2).op(op.i32Shl).set(at);
    b.get(ord).get(at).op(op.i32Add).mem(op.i32Load, 2).i32(2).op(op.i32Shl).set(p);
    copy(idx, sIdx);
    copy(value, sVal);
    copy(cd, sCd);
    increment(b, k);
  });
  return b;
}

export function gatherOrderEntry(): WasmFunction {
  return { params: [I32, I32], results: [], locals: new Array<number>(10).fill(I32), body: gatherOrderFunction(), exportName: 'gatherOrder' };
}
