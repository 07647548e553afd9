/**
 * Detection: background subtraction, filtering and 8-connected thresholding of one
 * horizontal strip of rows, plus the merge of strips into whole-image components.
 *
 * A strip is processed row by row (rolling buffers only), so the whole image never needs
 * a filtered copy. Every pixel above threshold is kept as a record (linear index, value
 * in the background-subtracted image, filtered value).
 */
import { backgroundNodeLine, type BackgroundModel, interpolateLine, type LineScratch, makeLineScratch, subtractBackgroundLine } from './background.js';
import { type DetectKernels, detectKernels } from './detect-wasm.js';
import { convolveRow, type Kernel } from './filter.js';
import { grow } from './grow.js';
import { Completions, LinkedList, LutzScanner } from './lutz.js';

const f32 = Math.fround;

// The per-image objects below are classes rather than object literals so that V8 keeps the
// hot loops that read them optimised from one image to the next (see background.ts).

/** Growable typed arrays of above-threshold pixels. */
export class PixelRecords {
  constructor(
    /** Linear pixel index `y * width + x`. */
    public idx: Int32Array,
    /** Background-subtracted value (NaN → 0). */
    public value: Float32Array,
    /** Filtered (convolved) value. */
    public cd: Float32Array,
    public count: number,
  ) {}
}

/** Connected components found in one strip. */
export class StripDetections {
  constructor(
    public y0: number,
    public y1: number,
    public pixels: PixelRecords,
    /** Components: pixels `order[compStart[c] .. compStart[c+1])` (indices into `pixels`). */
    public compStart: Int32Array,
    public order: Int32Array,
    public ncomp: number,
    /** Bit 1: touches the strip's first row (and y0 > 0); bit 2: touches its last row (and y1 < height). */
    public compOpen: Uint8Array,
    /** Completion key of each component: row · (width + 1) + column where the scan completed it. */
    public compKey: Float64Array,
  ) {}
}

/** Threshold definition: a constant, or `thresh × RMS map`. */
export type Threshold = { kind: 'constant'; value: number } | { kind: 'rms'; factor: number };

/** Options for {@link detectStrip}. */
export interface DetectStripOptions {
  image: Float32Array;
  width: number;
  height: number;
  y0: number;
  y1: number;
  model: BackgroundModel;
  kernel: Kernel | null;
  threshold: Threshold;
  /** Where to write the background-subtracted rows [y0, y1) (may be `image` itself). */
  subOut: Float32Array | null;
  /**
   * Raw rows just outside the strip (y0 − kh/2 … y0 − 1 and y1 … y1 + kh/2 − 1), for
   * multi-threaded in-place runs where neighbours may already have overwritten them.
   */
  haloRows?: Map<number, Float32Array>;
  /** Called with the fraction of the strip's rows done (every 256 rows). */
  onProgress?: (fraction: number) => void;
}

/** {@link DetectStripOptions} as an instance of a class (see above). */
class StripJob implements DetectStripOptions {
  readonly image: Float32Array;
  readonly width: number;
  readonly height: number;
  readonly y0: number;
  readonly y1: number;
  readonly model: BackgroundModel;
  readonly kernel: Kernel | null;
  readonly threshold: Threshold;
  readonly subOut: Float32Array | null;
  readonly haloRows: Map<number, Float32Array> | undefined;
  readonly onProgress: ((fraction: number) => void) | undefined;
  constructor(o: DetectStripOptions) {
    this.image = o.image;
    this.width = o.width;
    this.height = o.height;
    this.y0 = o.y0;
    this.y1 = o.y1;
    this.model = o.model;
    this.kernel = o.kernel;
    this.threshold = o.threshold;
    this.subOut = o.subOut;
    this.haloRows = o.haloRows;
    this.onProgress = o.onProgress;
  }
}

/**
 * Background-subtracted row `y` (unless already there) into its slot `y mod kh` of the rolling
 * rows: directly into `subOut` for the strip's own rows (in place when `subOut` is the image:
 * nothing needs a row's raw values once it is subtracted), into the slot's own buffer for rows
 * outside the strip or without `subOut`; with the WebAssembly kernels (`wasm`), always into the
 * slot's row of their memory, copied to `subOut` for the strip's own rows. `rowView[slot]` is
 * where it went. A module function,
 * not a closure inside {@link detectStrip}: see {@link Completions}.
 */
function loadRow(o: StripJob, y: number, ring: Float32Array[], rowView: Float32Array[], ringRow: Int32Array, ringNaN: Uint8Array, scratch: LineScratch, wasm: DetectKernels | null): void {
  const kh = ring.length;
  const w = o.width;
  const slot = ((y % kh) + kh) % kh;
  if (ringRow[slot] === y) return;
  const r = o.haloRows?.get(y) ?? o.image.subarray(y * w, y * w + w);
  const own = o.subOut !== null && y >= o.y0 && y < o.y1;
  if (wasm !== null) {
    // the row in the kernels' memory (where the filter reads it), copied out when it is kept
    const target = ring[slot];
    let nan: boolean;
    if (wasm.takesGrid(o.model)) nan = wasm.subtractRow(r, slot, o.model, null, y);
    else if (o.model.nx >= 2) {
      backgroundNodeLine(o.model, y, scratch);
      nan = wasm.subtract(r, slot, scratch.xw, scratch.node, scratch.dnode);
    } else nan = subtractBackgroundLine(o.model, y, r, target, scratch);
    ringNaN[slot] = nan ? 1 : 0;
    if (own) o.subOut!.set(target, y * w);
    rowView[slot] = target;
    ringRow[slot] = y;
    return;
  }
  const target = own ? o.subOut!.subarray(y * w, y * w + w) : ring[slot];
  ringNaN[slot] = subtractBackgroundLine(o.model, y, r, target, scratch) ? 1 : 0;
  rowView[slot] = target;
  ringRow[slot] = y;
}

/** Union-find root of `a` (with path halving). A module function: see {@link Completions}. */
function findRoot(parent: Int32Array, a: number): number {
  while (parent[a] !== a) {
    parent[a] = parent[parent[a]];
    a = parent[a];
  }
  return a;
}

/**
 * Record the pixels of one row whose filtered value `cd[x]` is above `thr` (at `np`, `np + 1`, …;
 * room for `w` records is guaranteed by the caller); `rec[x]` = record index or −1. Returns the
 * new record count. Separate small functions, so that V8 optimises them early and on their own.
 */
export function recordRowConst(
  cd: Float32Array,
  thr: number,
  sub: Float32Array,
  rowOff: number,
  w: number,
  rec: Int32Array,
  pIdx: Int32Array,
  pVal: Float32Array,
  pCd: Float32Array,
  np: number,
): number {
  for (let x = 0; x < w; x++) {
    const c = cd[x];
    if (c > thr) np = record(x, c, sub, rowOff, rec, pIdx, pVal, pCd, np);
    else rec[x] = -1;
  }
  return np;
}

/** {@link recordRowConst} with a per-pixel threshold `thr[x]`: a per-type specialisation (a number or a map of thresholds), so each loop stays monomorphic. */
function recordRowMap(
  cd: Float32Array,
  thr: Float32Array,
  sub: Float32Array,
  rowOff: number,
  w: number,
  rec: Int32Array,
  pIdx: Int32Array,
  pVal: Float32Array,
  pCd: Float32Array,
  np: number,
): number {
  for (let x = 0; x < w; x++) {
    const c = cd[x];
    if (c > thr[x]) np = record(x, c, sub, rowOff, rec, pIdx, pVal, pCd, np);
    else rec[x] = -1;
  }
  return np;
}

/**
 * One row's 3×3 filtering (the floats of filter.ts's convolve3Fast, in the same order) and
 * thresholding (as {@link recordRowConst}) in one pass, without storing the filtered row: the
 * usual case of a detection. `r0`, `r1`, `r2`: the background-subtracted rows above, at and
 * below (no NaN). Returns the new record count. An intended specialisation of convolve3Fast
 * (its sliding window, fused with the thresholding), not a copy to merge.
 */
export function convolveRecord3(
  r0: Float32Array,
  r1: Float32Array,
  r2: Float32Array,
  w: number,
  k: Float32Array,
  thr: number,
  sub: Float32Array,
  rowOff: number,
  rec: Int32Array,
  pIdx: Int32Array,
  pVal: Float32Array,
  pCd: Float32Array,
  np: number,
): number {
  const a0 = k[0];
  const b0 = k[1];
  const c0 = k[2];
  const a1 = k[3];
  const b1 = k[4];
  const c1 = k[5];
  const a2 = k[6];
  const b2 = k[7];
  const c2 = k[8];
  const last = w - 1;
  rec.fill(-1, 0, w);
  let c = filteredFirst(r0, r1, r2, k);
  if (c > thr) np = record(0, c, sub, rowOff, rec, pIdx, pVal, pCd, np);
  let p0 = r0[0];
  let q0 = r0[1];
  let p1 = r1[0];
  let q1 = r1[1];
  let p2 = r2[0];
  let q2 = r2[1];
  for (let x = 1; x < last; x++) {
    const s0 = r0[x + 1];
    const s1 = r1[x + 1];
    const s2 = r2[x + 1];
    c = f32(f32(f32(a0 * p0 + b0 * q0 + c0 * s0) + (a1 * p1 + b1 * q1 + c1 * s1)) + (a2 * p2 + b2 * q2 + c2 * s2));
    if (c > thr) np = record(x, c, sub, rowOff, rec, pIdx, pVal, pCd, np);
    p0 = q0;
    q0 = s0;
    p1 = q1;
    q1 = s1;
    p2 = q2;
    q2 = s2;
  }
  c = filteredLast(r0, r1, r2, k, last);
  if (c > thr) np = record(last, c, sub, rowOff, rec, pIdx, pVal, pCd, np);
  return np;
}

/** The filtered value of a row's first pixel (3×3 kernel `k`, rows `r0`, `r1`, `r2`; see {@link convolveRecord3}). */
function filteredFirst(r0: Float32Array, r1: Float32Array, r2: Float32Array, k: Float32Array): number {
  return f32(f32(f32(k[1] * r0[0] + k[2] * r0[1]) + (k[4] * r1[0] + k[5] * r1[1])) + (k[7] * r2[0] + k[8] * r2[1]));
}

/** The filtered value of a row's last pixel, `last` (see {@link filteredFirst}). */
function filteredLast(r0: Float32Array, r1: Float32Array, r2: Float32Array, k: Float32Array, last: number): number {
  return f32(f32(f32(k[0] * r0[last - 1] + k[1] * r0[last]) + (k[3] * r1[last - 1] + k[4] * r1[last])) + (k[6] * r2[last - 1] + k[7] * r2[last]));
}

/**
 * {@link convolveRecord3} by the WebAssembly kernels (`wasm`, whose memory holds the rows and
 * `rec`), the row's first and last pixels included (DetectKernels.filterRow: one call of three
 * parameters a row): the same records in the same order.
 */
function filterRecordWasm(wasm: DetectKernels, r0: Float32Array, r1: Float32Array, r2: Float32Array, k: Float32Array, thr: number, rowOff: number, pIdx: Int32Array, pVal: Float32Array, pCd: Float32Array, np: number): number {
  // the whole row's records in one call (its first and last pixels too), copied as blocks (no
  // loop over them here: it ran in V8's interpreter on a cold start)
  const n = wasm.filterRow(r0, r1, r2, k, thr, np, rowOff);
  if (n > 0) {
    pIdx.set(wasm.xs.subarray(0, n), np);
    pVal.set(wasm.vals.subarray(0, n), np);
    pCd.set(wasm.cds.subarray(0, n), np);
    np += n;
  }
  return np;
}

/** Append the record of pixel `x` (filtered value `c`) of the row at `rowOff`; the new count. */
function record(x: number, c: number, sub: Float32Array, rowOff: number, rec: Int32Array, pIdx: Int32Array, pVal: Float32Array, pCd: Float32Array, np: number): number {
  pIdx[np] = rowOff + x;
  const v = sub[x];
  pVal[np] = v === v ? v : 0;
  pCd[np] = c;
  rec[x] = np;
  return np + 1;
}

/**
 * The state of one strip's scan, and the work of one row as a method: the loop over rows runs
 * once per image, so with the row's work in its body V8 compiled that body again (by
 * on-stack replacement) for images after the first; a method called for every row is
 * compiled once and its code kept.
 */
class StripScan {
  readonly kh: number;
  readonly kh2: number;
  readonly scratch: LineScratch;
  readonly rmsLine: Float32Array;
  readonly thrLine: Float32Array;
  readonly conv: Float32Array;
  /** Rolling background-subtracted rows: slot y mod kh holds row ringRow[slot], in rowView[slot] (see loadRow). */
  readonly ring: Float32Array[];
  readonly rowView: Float32Array[];
  readonly ringRow: Int32Array;
  readonly ringNaN: Uint8Array;
  readonly rowsArg: Float32Array[];
  /** Stands for the rows outside the image. */
  readonly zeroRow: Float32Array;
  /** Flags of the strip's first and last row's pixels: 1 when the first row is not the image's, 2 when the last row is not. */
  readonly firstRowFlag: number;
  readonly lastRowFlag: number;
  /** Record capacity and count. */
  cap: number;
  np = 0;
  pIdx: Int32Array;
  pVal: Float32Array;
  pCd: Float32Array;
  readonly list: LinkedList;
  /** Completed components (room for a typical image's, so that growing them is rare). */
  readonly found = new Completions(1 << 13);
  readonly scanner: LutzScanner;
  /** Record index of each pixel of the current row above threshold, else −1. */
  readonly rec: Int32Array;
  /**
   * [constant threshold, factor of the RMS map] (one of them 0), in a typed array: the
   * threshold is a literal per image whose field representations may differ.
   */
  readonly thresholds: Float64Array;
  readonly useRmsMap: boolean;
  /** A 3×3 filter and a constant threshold: rows without NaN take {@link convolveRecord3}. */
  readonly fused: boolean;
  /** The WebAssembly kernels (detect-wasm.ts), whose memory then holds the rolling rows and `rec`; null without them. */
  readonly wasm: DetectKernels | null;
  /** {@link blockRows}' results of DetectKernels.subtractFilterRows: rows done, records, completions, NaN flag. */
  readonly blockResult = new Int32Array(4);

  constructor(readonly o: StripJob) {
    const w = o.width;
    this.kh = o.kernel ? o.kernel.height : 1;
    this.kh2 = this.kh >> 1;
    this.scratch = makeLineScratch(o.model);
    this.rmsLine = new Float32Array(w);
    this.thrLine = new Float32Array(w);
    this.conv = new Float32Array(w);
    const t = o.threshold;
    this.fused = o.kernel !== null && o.kernel.width === 3 && o.kernel.height === 3 && t.kind === 'constant' && w >= 2;
    // room for a few percent of the strip's pixels above threshold (a star field's share): most
    // strips then never grow their records (a copy of all of them each time)
    this.cap = Math.max(1 << 14, 2 ** Math.ceil(Math.log2(((o.y1 - o.y0) * w) / 32)));
    this.wasm = (this.fused ? detectKernels(w, this.kh, o.model.nx, (o.y1 - o.y0) * w, this.cap, o.model.ny) : undefined) ?? null;
    this.ring = [];
    for (let i = 0; i < this.kh; i++) this.ring.push(this.wasm ? this.wasm.rows[i] : new Float32Array(w));
    this.rowView = this.ring.slice();
    this.ringRow = new Int32Array(this.kh).fill(-1);
    this.ringNaN = new Uint8Array(this.kh);
    this.zeroRow = this.wasm ? this.wasm.zero : new Float32Array(w);
    this.firstRowFlag = o.y0 > 0 ? 1 : 0;
    this.lastRowFlag = o.y1 < o.height ? 2 : 0;
    this.rowsArg = new Array<Float32Array>(this.kh).fill(this.zeroRow);
    this.pIdx = new Int32Array(this.cap);
    this.pVal = new Float32Array(this.cap);
    this.pCd = new Float32Array(this.cap);
    // the pixel lists in the kernels' memory, where their Lutz scan links them (until the records outgrow it: see grow)
    this.list = new LinkedList(this.wasm ? this.wasm.next : new Int32Array(this.cap));
    this.scanner = new LutzScanner(w, this.list, this.found);
    this.rec = this.wasm ? this.wasm.rec : new Int32Array(w);
    this.useRmsMap = t.kind === 'rms';
    this.thresholds = Float64Array.of(t.kind === 'constant' ? t.value : 0, t.kind === 'rms' ? t.factor : 0);
  }

  /** Subtract, filter, threshold and label image row `y`. */
  scanRow(y: number): void {
    if (this.wasm !== null && this.joinedRow(this.wasm, y)) return;
    const { o, kh, kh2, ring, rowView, ringRow, ringNaN, rowsArg, scratch, conv, zeroRow, firstRowFlag, lastRowFlag } = this;
    const { width: w, height: h, y0, y1, kernel } = o;
    let anyNaN = false;
    for (let j = 0; j < kh; j++) {
      const yy = y - kh2 + j;
      const inside = yy >= 0 && yy < h;
      if (inside) loadRow(o, yy, ring, rowView, ringRow, ringNaN, scratch, this.wasm);
      const r = ((yy % kh) + kh) % kh;
      if (inside && ringNaN[r]) anyNaN = true;
      // Rows outside the image are rows of zeros (the same sums as leaving them out, see
      // filter.ts), so the image's first and last rows take the same path as the others:
      // code that only they run has no type feedback when V8 optimises this method (the
      // first row comes before it collects any) and deoptimised it at the last row.
      rowsArg[j] = inside ? rowView[r] : zeroRow;
    }
    const sub = rowView[y % kh];
    const rowOff = y * w;
    // room for a whole row of records, so that the loops below need no capacity check
    if (this.np + w > this.cap) this.grow(this.np + w);
    const { rec, pIdx, pVal, pCd } = this;
    const np0 = this.np;
    if (this.fused && !anyNaN) {
      // the usual case in one pass: 3×3 filter and constant threshold, no NaN in the three rows
      this.np =
        this.wasm !== null
          ? filterRecordWasm(this.wasm, rowsArg[0], rowsArg[1], rowsArg[2], kernel!.data, this.thresholds[0], rowOff, pIdx, pVal, pCd, this.np)
          : convolveRecord3(rowsArg[0], rowsArg[1], rowsArg[2], w, kernel!.data, this.thresholds[0], sub, rowOff, rec, pIdx, pVal, pCd, this.np);
    } else {
      if (kernel) convolveRow(rowsArg, w, kernel, conv, !anyNaN);
      else for (let x = 0; x < w; x++) conv[x] = sub[x] === sub[x] ? sub[x] : 0;
      let thr: Float32Array | null = null;
      if (this.useRmsMap) {
        interpolateLine(o.model, 'sigma', y, this.rmsLine, scratch);
        const f = this.thresholds[1];
        for (let x = 0; x < w; x++) this.thrLine[x] = f * this.rmsLine[x];
        thr = this.thrLine;
      }
      this.np =
        thr === null
          ? recordRowConst(conv, this.thresholds[0], sub, rowOff, w, rec, pIdx, pVal, pCd, this.np)
          : recordRowMap(conv, thr, sub, rowOff, w, rec, pIdx, pVal, pCd, this.np);
    }
    const rowFlag = (y === y0 ? firstRowFlag : 0) | (y === y1 - 1 ? lastRowFlag : 0);
    if (this.wasm !== null) this.wasm.lutzRow(rowFlag, this.list.next, np0, this.np, this.found, y - y0);
    else this.scanner.row(rec, rowFlag, 0);
  }

  /**
   * {@link scanRow}'s usual case with the kernels, the subtraction of the next row and the
   * filtering of row `y` in one call into them (DetectKernels.subtractFilterRow): rows y − 1 and y
   * already subtracted without NaN, row y + 1 inside the image and not yet subtracted, a model
   * whose grids the kernels take. Then also thresholds and labels row `y` and returns true; false
   * (nothing done, or row y + 1 subtracted with a NaN, as loadRow leaves it) for scanRow's general
   * path. The same rows, records and scan as that path.
   */
  joinedRow(wasm: DetectKernels, y: number): boolean {
    const { o, ring, rowView, ringRow, ringNaN } = this;
    const w = o.width;
    const yn = y + 1;
    if (!this.fused || y < 1 || yn >= o.height) return false;
    const s0 = (y - 1) % 3;
    const s1 = y % 3;
    const slot = yn % 3;
    if (!this.ringReady(wasm, y)) return false;
    // room for a whole row of records (as scanRow)
    if (this.np + w > this.cap) this.grow(this.np + w);
    const np0 = this.np;
    const r = o.haloRows?.get(yn) ?? o.image.subarray(yn * w, yn * w + w);
    const rowFlag = (y === o.y0 ? this.firstRowFlag : 0) | (y === o.y1 - 1 ? this.lastRowFlag : 0);
    const n = wasm.subtractFilterRow(r, slot, o.model, null, yn, rowView[s0], rowView[s1], o.kernel!.data, this.thresholds[0], np0, y * w, rowFlag, this.list.next, this.found, y - o.y0);
    // row y + 1 as loadRow leaves it
    const target = ring[slot];
    ringNaN[slot] = n < 0 ? 1 : 0;
    if (o.subOut !== null && yn >= o.y0 && yn < o.y1) o.subOut.set(target, yn * w);
    rowView[slot] = target;
    ringRow[slot] = yn;
    if (n < 0) return false;
    if (n > 0) {
      this.pIdx.set(wasm.xs.subarray(0, n), np0);
      this.pVal.set(wasm.vals.subarray(0, n), np0);
      this.pCd.set(wasm.cds.subarray(0, n), np0);
    }
    this.np = np0 + n;
    return true;
  }

  /**
   * Rows y, y + 1, … (at most `most`) by {@link joinedRow}'s work in one call into the kernels
   * (DetectKernels.subtractFilterRows) when it applies to all of them: rows y − 1 and y subtracted
   * without NaN, row y + 1 not yet, y > the strip's first row and the block's last row before the
   * strip's last (whose flags it does not set), room for a whole row of records for each row in the
   * pixel lists of the kernels' memory, a model whose grids the kernels take. The number of rows
   * done (0: none, for {@link scanRow}); at a row whose next row's subtraction has a NaN it stops,
   * leaving that row subtracted as loadRow does (scanRow's general path then takes the row). The
   * same rows, records, completions and scan as row by row.
   */
  blockRows(wasm: DetectKernels, y: number, most: number): number {
    const { o, ringRow, ringNaN } = this;
    const w = o.width;
    if (!this.fused || y <= o.y0 || y < 1 || this.list.next !== wasm.next) return 0;
    const m = Math.min(most, wasm.blockRows, o.y1 - 1 - y, Math.floor((this.cap - this.np) / w));
    if (m < 2) return 0;
    const yn = y + 1;
    if (!this.ringReady(wasm, y)) return 0;
    const np0 = this.np;
    const res = this.blockResult;
    wasm.subtractFilterRows(o.image.subarray(yn * w, (yn + m) * w), yn, m, o.model, null, o.kernel!.data, this.thresholds[0], np0, y * w, y - o.y0, res);
    const [done, n, nc, nan] = res;
    if (n > 0) {
      this.pIdx.set(wasm.blockXs!.subarray(0, n), np0);
      this.pVal.set(wasm.blockVals!.subarray(0, n), np0);
      this.pCd.set(wasm.blockCds!.subarray(0, n), np0);
    }
    this.np = np0 + n;
    if (nc > 0) this.found.addColumns(wasm.blockLog!, wasm.blockLogStride, nc);
    // rows y + 1 … y + done (+ 1 with its NaN) as loadRow leaves them (all the strip's own rows)
    const last = yn + done - (nan ? 0 : 1);
    if (o.subOut !== null) o.subOut.set(wasm.blockSub!.subarray(0, (last - yn + 1) * w), yn * w);
    for (let r = Math.max(yn, last - 2); r <= last; r++) {
      const slot = r % 3;
      ringRow[slot] = r;
      ringNaN[slot] = nan && r === last ? 1 : 0;
      this.rowView[slot] = this.ring[slot];
    }
    return done;
  }

  /**
   * Whether the kernels can take row `y` joined with the next row's subtraction ({@link joinedRow},
   * {@link blockRows}): rows y − 1 and y in the ring, subtracted without NaN, row y + 1 not yet, and
   * a model whose grids the kernels take.
   */
  private ringReady(wasm: DetectKernels, y: number): boolean {
    const { ringRow, ringNaN } = this;
    const s0 = (y - 1) % 3;
    const s1 = y % 3;
    return ringRow[s0] === y - 1 && ringRow[s1] === y && ringNaN[s0] === 0 && ringNaN[s1] === 0 && ringRow[(y + 1) % 3] !== y + 1 && wasm.takesGrid(this.o.model);
  }

  /** Grow the record arrays to at least `n` (the pixel lists leave the kernels' memory: their scan then hands the links back). */
  grow(n: number): void {
    while (n > this.cap) this.cap *= 2;
    this.pIdx = grow(this.pIdx, this.cap);
    this.pVal = grow(this.pVal, this.cap);
    this.pCd = grow(this.pCd, this.cap);
    this.list.next = grow(this.list.next, this.cap);
  }

  /**
   * Complete the scan and list the components; the kernels are given back (kernel-instances.ts).
   * No loop of its own (the listing is {@link listComponents}): a loop here would be compiled by
   * on-stack replacement on each image, and the code after it, not yet run when that happened,
   * deoptimised it.
   */
  finish(): StripDetections {
    const { o, found, np } = this;
    if (this.wasm !== null) {
      // the final empty row, which completes everything
      this.rec.fill(-1);
      this.wasm.lutzRow(0, this.list.next, np, np, found, o.y1 - o.y0);
    } else this.scanner.row(null);
    const ncomp = found.n;
    const counts = new Int32Array(ncomp + 1);
    const compOpen = new Uint8Array(ncomp);
    const compKeys = new Float64Array(ncomp);
    const order = new Int32Array(np);
    if (this.wasm !== null && this.list.next === this.wasm.next) {
      // the pixel lists in the kernels' memory (the records never outgrew it): walked there
      this.wasm.listComponents(found.first, found.count, ncomp, order, counts);
      componentKeys(found, o.y0, o.width, compOpen, compKeys);
    } else listComponents(found, this.list.next, o.y0, o.width, counts, compOpen, compKeys, order);
    const pixels = new PixelRecords(this.pIdx.subarray(0, np), this.pVal.subarray(0, np), this.pCd.subarray(0, np), np);
    // (what the detections hold is this object's own arrays: the kernels' memory serves the next stage's)
    this.wasm?.release();
    return new StripDetections(o.y0, o.y1, pixels, counts, order, ncomp, compOpen, compKeys);
  }
}

/**
 * The completed components of a strip's scan: their pixels in list order into `order` (component
 * c at `order[counts[c] … counts[c+1])`), flags, and the key that orders them as a whole-image
 * scan would complete them (row · (width + 1) + column).
 */
export function listComponents(found: Completions, next: Int32Array, y0: number, width: number, counts: Int32Array, compOpen: Uint8Array, compKeys: Float64Array, order: Int32Array): void {
  componentKeys(found, y0, width, compOpen, compKeys);
  let k = 0;
  for (let c = 0; c < found.n; c++) {
    for (let p = found.first[c], m = 0; p !== -1 && m < found.count[c]; p = next[p], m++) order[k++] = p;
    counts[c + 1] = k;
  }
}

/** {@link listComponents}' flags and keys (alone where the kernels make the lists: DetectKernels.listComponents). */
function componentKeys(found: Completions, y0: number, width: number, compOpen: Uint8Array, compKeys: Float64Array): void {
  for (let c = 0; c < found.n; c++) {
    compOpen[c] = found.flag[c];
    compKeys[c] = (y0 + found.line[c]) * (width + 1) + found.xl[c];
  }
}

/**
 * Detect the 8-connected groups of pixels whose filtered value is above threshold in rows
 * [y0, y1). Also writes the background-subtracted image rows into `subOut`.
 */
export function detectStrip(options: DetectStripOptions): StripDetections {
  // copied once into an instance of a class (the options are an object literal: see above)
  const o = new StripJob(options);
  const scan = new StripScan(o);
  const { y0, y1 } = o;
  for (let y = y0; y < y1; y++) {
    // a block of rows in one call to the kernels when it applies (never past a row of progress)
    const m = scan.wasm !== null ? scan.blockRows(scan.wasm, y, 256 - ((y - y0) & 255)) : 0;
    if (m > 0) y += m - 1;
    else scan.scanRow(y);
    if (o.onProgress && ((y - y0) & 255) === 255 && y + 1 < y1) o.onProgress((y - y0 + 1) / (y1 - y0));
  }
  return scan.finish();
}

/** Whole-image components, each a contiguous range of pixel records. */
export class Detections {
  constructor(
    public pixels: PixelRecords,
    /** Component c = pixels [start[c], start[c+1]). Components ordered by their last pixel (raster order). */
    public start: Int32Array,
    public ncomp: number,
  ) {}
}

/** The strips' components grouped into whole-image components (see {@link groupStrips}). */
interface StripGrouping {
  /** First label of each strip's components. */
  base: number[];
  /** Union-find parents of the labels. */
  parent: Int32Array;
  /** Group (0 … ngroups − 1, in whole-image completion order) of each root label, −1 if dropped. */
  slot: Int32Array;
  /** 1 where group k is made of several strips' components (its records need re-listing). */
  multi: Uint8Array;
  /** Group k = pixels [start[k], start[k+1]) of the whole-image records. */
  start: Int32Array;
  ngroups: number;
}

/**
 * Join the components of strips (given top to bottom, contiguous) that touch across a strip
 * boundary, drop the groups with fewer than `minarea` pixels and order the others as a
 * whole-image Lutz scan completes them.
 */
function groupStrips(strips: StripDetections[], width: number, minarea: number): StripGrouping {
  const base: number[] = [];
  let total = 0;
  for (const s of strips) {
    base.push(total);
    total += s.ncomp;
  }
  const parent = new Int32Array(total);
  for (let i = 0; i < total; i++) parent[i] = i;
  const rowLab = new Int32Array(width + 2);
  for (let s = 0; s + 1 < strips.length; s++) {
    const A = strips[s];
    const B = strips[s + 1];
    rowLab.fill(-1);
    const lastRow = (A.y1 - 1) * width;
    for (let c = 0; c < A.ncomp; c++) {
      if (!(A.compOpen[c] & 2)) continue;
      for (let k = A.compStart[c]; k < A.compStart[c + 1]; k++) {
        const i = A.pixels.idx[A.order[k]];
        if (i >= lastRow) rowLab[i - lastRow + 1] = base[s] + c;
      }
    }
    const firstRow = B.y0 * width;
    for (let c = 0; c < B.ncomp; c++) {
      if (!(B.compOpen[c] & 1)) continue;
      for (let k = B.compStart[c]; k < B.compStart[c + 1]; k++) {
        const i = B.pixels.idx[B.order[k]];
        if (i >= firstRow + width) continue;
        const x = i - firstRow;
        for (let d = 0; d < 3; d++) {
          const l = rowLab[x + d];
          if (l >= 0) {
            const ra = findRoot(parent, l);
            const rb = findRoot(parent, base[s + 1] + c);
            if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
          }
        }
      }
    }
  }
  // group sizes; a group completes with its last-completing part (Lutz completion key)
  const size = new Int32Array(total);
  const parts = new Int32Array(total);
  const key = new Float64Array(total).fill(-1);
  // (the per-strip loops are functions of their own: see StripScan.finish)
  for (let s = 0; s < strips.length; s++) groupSizes(strips[s], base[s], parent, size, parts, key);
  const roots = groupRoots(parent, size, minarea);
  roots.sort((p, q) => key[p] - key[q]);
  const slot = new Int32Array(total).fill(-1);
  const start = new Int32Array(roots.length + 1);
  const multi = new Uint8Array(roots.length);
  for (let k = 0; k < roots.length; k++) {
    slot[roots[k]] = k;
    start[k + 1] = start[k] + size[roots[k]];
    multi[k] = parts[roots[k]] > 1 ? 1 : 0;
  }
  return { base, parent, slot, multi, start, ngroups: roots.length };
}

/**
 * Merge the strips (given top to bottom, contiguous) into whole-image components, drop
 * those with fewer than `minarea` pixels, and copy them into contiguous ranges.
 * (Extraction itself uses {@link StripGroups}, which copies one component at a time.)
 */
export function mergeStrips(strips: StripDetections[], width: number, minarea: number): Detections {
  const { base, parent, slot, multi, start, ngroups } = groupStrips(strips, width, minarea);
  const n = start[ngroups];
  const out = new PixelRecords(new Int32Array(n), new Float32Array(n), new Float32Array(n), n);
  const { idx, value, cd } = out;
  const fillPos = start.slice(0, ngroups);
  for (let s = 0; s < strips.length; s++) fillGroups(strips[s], base[s], parent, slot, fillPos, out);
  // objects assembled from several strips: put their pixels in the order a whole-image Lutz scan gives
  for (let k = 0; k < ngroups; k++) if (multi[k]) relist(idx, value, cd, start[k], start[k + 1], width);
  return new Detections(out, start, ngroups);
}
/**
 * The whole-image components of strips (given top to bottom, contiguous), like
 * {@link mergeStrips}'s but copied one at a time when asked for, so that the records of all
 * components are never held twice (the strips' and a merged copy: ~5 MB of a 4096² field's).
 */
export class StripGroups {
  /** Number of components (of at least `minarea` pixels), in whole-image completion order. */
  readonly ncomp: number;
  /** Component k's parts: strip `partStrip[j]`'s component `partComp[j]`, j in [partStart[k], partStart[k+1]). */
  private readonly partStart: Int32Array;
  private readonly partStrip: Int32Array;
  private readonly partComp: Int32Array;
  private readonly size: Int32Array;
  private readonly multi: Uint8Array;
  private idx = new Int32Array(0);
  private value = new Float32Array(0);
  private cd = new Float32Array(0);
  private readonly one = new Int32Array(2);

  constructor(
    private readonly strips: StripDetections[],
    private readonly width: number,
    minarea: number,
  ) {
    const { base, parent, slot, multi, start, ngroups } = groupStrips(strips, width, minarea);
    this.ncomp = ngroups;
    this.multi = multi;
    this.size = new Int32Array(ngroups);
    for (let k = 0; k < ngroups; k++) this.size[k] = start[k + 1] - start[k];
    const group: Int32Array[] = strips.map((S, s) => componentGroups(S, base[s], parent, slot));
    const partStart = new Int32Array(ngroups + 1);
    for (const g of group) for (let c = 0; c < g.length; c++) if (g[c] >= 0) partStart[g[c] + 1]++;
    for (let k = 0; k < ngroups; k++) partStart[k + 1] += partStart[k];
    this.partStart = partStart;
    this.partStrip = new Int32Array(partStart[ngroups]);
    this.partComp = new Int32Array(partStart[ngroups]);
    const pos = partStart.slice(0, ngroups);
    // parts in strip order, then component order: the order in which mergeStrips copies them
    for (let s = 0; s < group.length; s++) {
      const g = group[s];
      for (let c = 0; c < g.length; c++) {
        if (g[c] < 0) continue;
        const j = pos[g[c]]++;
        this.partStrip[j] = s;
        this.partComp[j] = c;
      }
    }
  }

  /** Component k's number of records. */
  sizeOf(k: number): number {
    return this.size[k];
  }

  /**
   * The strip whose component alone component k is (not assembled from parts in several strips),
   * else null: its records are then that strip's at `order[q0 …]`, q0 = {@link soleStart}(k), in
   * the order {@link component} copies them.
   */
  soleStrip(k: number): StripDetections | null {
    const j = this.partStart[k];
    return this.partStart[k + 1] - j === 1 ? this.strips[this.partStrip[j]] : null;
  }

  /** With {@link soleStrip}: component k's first entry in its strip's `order`. */
  soleStart(k: number): number {
    const j = this.partStart[k];
    return this.strips[this.partStrip[j]].compStart[this.partComp[j]];
  }

  /**
   * Component k as a {@link Detections} of one component (number 0), its records as
   * {@link mergeStrips} lists them. The records are reused by the next call.
   */
  component(k: number): Detections {
    const n = this.size[k];
    if (this.idx.length < n) {
      const cap = Math.max(n, this.idx.length * 2, 1024);
      this.idx = new Int32Array(cap);
      this.value = new Float32Array(cap);
      this.cd = new Float32Array(cap);
    }
    const { idx, value, cd } = this;
    let d = 0;
    for (let j = this.partStart[k]; j < this.partStart[k + 1]; j++) d = copyComponent(this.strips[this.partStrip[j]], this.partComp[j], idx, value, cd, d);
    if (this.multi[k]) relist(idx, value, cd, 0, n, this.width);
    this.one[1] = n;
    return new Detections(new PixelRecords(idx, value, cd, n), this.one, 1);
  }
}

/** The group (slot) of each of strip `S`'s components (first label `base`), −1 if dropped. */
function componentGroups(S: StripDetections, base: number, parent: Int32Array, slot: Int32Array): Int32Array {
  const g = new Int32Array(S.ncomp);
  for (let c = 0; c < S.ncomp; c++) g[c] = slot[findRoot(parent, base + c)];
  return g;
}

/** Copy the records of strip `S`'s component `c` to `idx`, `value`, `cd` from `d` on; the next free place. */
function copyComponent(S: StripDetections, c: number, idx: Int32Array, value: Float32Array, cd: Float32Array, d: number): number {
  const P = S.pixels;
  for (let q = S.compStart[c]; q < S.compStart[c + 1]; q++) {
    const p = S.order[q];
    idx[d] = P.idx[p];
    value[d] = P.value[p];
    cd[d] = P.cd[p];
    d++;
  }
  return d;
}

/** Add the components of strip `S` (first label `base`) to their groups' size, part count and completion key. */
function groupSizes(S: StripDetections, base: number, parent: Int32Array, size: Int32Array, parts: Int32Array, key: Float64Array): void {
  for (let c = 0; c < S.ncomp; c++) {
    const r = findRoot(parent, base + c);
    size[r] += S.compStart[c + 1] - S.compStart[c];
    parts[r]++;
    if (S.compKey[c] > key[r]) key[r] = S.compKey[c];
  }
}

/** The groups (roots of `parent`) of at least `minarea` pixels, by label. */
function groupRoots(parent: Int32Array, size: Int32Array, minarea: number): number[] {
  const roots: number[] = [];
  for (let g = 0; g < parent.length; g++) if (findRoot(parent, g) === g && size[g] >= minarea) roots.push(g);
  return roots;
}

/** Copy the records of strip `S`'s components into their groups' places of `out` (`fillPos[k]`: next place of group k). */
function fillGroups(S: StripDetections, base: number, parent: Int32Array, slot: Int32Array, fillPos: Int32Array, out: PixelRecords): void {
  const P = S.pixels;
  const { idx, value, cd } = out;
  for (let c = 0; c < S.ncomp; c++) {
    const k = slot[findRoot(parent, base + c)];
    if (k < 0) continue;
    for (let q = S.compStart[c]; q < S.compStart[c + 1]; q++) {
      const p = S.order[q];
      const d = fillPos[k]++;
      idx[d] = P.idx[p];
      value[d] = P.value[p];
      cd[d] = P.cd[p];
    }
  }
}

/** Reorder records [s0, s1) (one 8-connected object) into Lutz pixel-list order. */
function relist(idx: Int32Array, value: Float32Array, cd: Float32Array, s0: number, s1: number, width: number): void {
  const n = s1 - s0;
  let xmin = 1 << 30;
  let xmax = -1;
  let ymin = 1 << 30;
  let ymax = -1;
  for (let k = s0; k < s1; k++) {
    const y = (idx[k] / width) | 0;
    const x = idx[k] - y * width;
    if (x < xmin) xmin = x;
    if (x > xmax) xmax = x;
    if (y < ymin) ymin = y;
    if (y > ymax) ymax = y;
  }
  const bw = xmax - xmin + 1;
  const map = new Int32Array(bw * (ymax - ymin + 1)).fill(-1);
  for (let k = s0; k < s1; k++) {
    const y = (idx[k] / width) | 0;
    map[(y - ymin) * bw + idx[k] - y * width - xmin] = k - s0;
  }
  const list = new LinkedList(new Int32Array(n));
  const done = new Completions();
  const scanner = new LutzScanner(bw, list, done);
  const rec = new Int32Array(bw);
  for (let y = ymin; y <= ymax; y++) {
    rec.set(map.subarray((y - ymin) * bw, (y - ymin + 1) * bw));
    scanner.row(rec);
  }
  scanner.row(null);
  // the one object of all n pixels
  let first = -1;
  for (let c = 0; c < done.n; c++) if (done.count[c] === n) first = done.first[c];
  if (first < 0) return;
  const ci = idx.slice(s0, s1);
  const cv = value.slice(s0, s1);
  const cc = cd.slice(s0, s1);
  for (let p = first, m = 0; m < n; p = list.next[p], m++) {
    idx[s0 + m] = ci[p];
    value[s0 + m] = cv[p];
    cd[s0 + m] = cc[p];
  }
}
