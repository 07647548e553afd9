/**
 * Detection's per-pixel row pass in WebAssembly: the background subtraction of a row (the spline
 * of background.ts's subtractBackgroundLine) and the fused 3×3 filter and constant threshold of
 * detect.ts's convolveRecord3, generated at run time (core/wasm's encoder; nothing built, nothing
 * native). WebAssembly is compiled to machine code before its first call, so these loops never
 * run in V8's interpreter, which is where a process's first image spent most of detection.
 *
 * The floats are the TypeScript's, operation for operation: both loops compute in float64 and
 * round to float32 where the TypeScript calls `Math.fround` (WebAssembly has no fused
 * multiply-add, and its f64 arithmetic is IEEE's, as JavaScript's). Both work on pairs of pixels
 * (f64x2: float32 lanes would not give the TypeScript's float64 sums), four pixels a step: the
 * filter promotes each row's pixels once and shares each kernel weight's splat between the two
 * pairs; the subtraction splats the spline nodes once when the four pixels share their interval
 * (the common case: an interval is a mesh wide), else takes a pair whose lanes load their own.
 *
 * The rows live in a small `WebAssembly.Memory` of the scan's own (a few rows of the image's
 * width, ~40 bytes a column), never the image: the caller copies a raw row in, and a subtracted
 * row out where it must be kept.
 */
import { Body, EMPTY, F32, F64, fromBase64, I32, LazyModule, op, simd, V128, wasmModule } from '../wasm/index.js';
import type { WasmFunction } from '../wasm/index.js';
import { DETECT_MODULE_BASE64 } from './detect-wasm-bytes.js';
import { KERNEL_IMPORT_COUNT, KERNEL_IMPORTS } from './kernel-imports.js';
import { giveKernelInstance, type KernelInstance, takeKernelInstance } from './kernel-instances.js';
import type { Completions } from './lutz.js';
import { listComponentsEntry, LUTZ_LOCALS, lutzBlockBytes, lutzRowFunction, lutzStride } from './lutz-wasm.js';
import { componentFwhmEntry, componentMapEntry, componentSumsEntry, gatherOrderEntry, gatherPixelsEntry, levelBranchEntry, levelFunction, LevelKernels, levelTreeEntry, listSumsEntry, mayBranchEntry } from './level-wasm.js';
import { meshFunctions, MeshKernels, meshPairFunctions } from './mesh-wasm.js';
import { gridEntries, GridKernels } from './grid-wasm.js';
import { meshModeEntries, meshRowEntry } from './mode-wasm.js';
import { photFunctions, PhotKernels, photSourceFunction } from './phot-wasm.js';
import { cleanObjectsEntry, CleanKernels } from './clean-wasm.js';
import { componentMinareaEntry } from './minarea-wasm.js';

type SubtractFn = (raw: number, out: number, w: number, kx: number, cx: number, dx: number, node: number, dnode: number, cxm: number) => number;
type FilterFn = (r0: number, r1: number, r2: number, w: number, kp: number, thr: number, rec: number, np: number, xs: number, cds: number, vals: number, rowOff: number) => number;
type LutzFn = (block: number, stride: number, rec: number, w: number, rowFlag: number, next: number) => void;

/** The x weights of a background model's spline (background.ts's XWeights, the fields used here). */
export interface SplineWeights {
  readonly k: Int32Array;
  readonly cdx32: Float32Array;
  readonly dx32: Float32Array;
  /** cdx·cdx − 1 and dx·dx − 1, in float64, of the float32 weights (xWeights' doubles). */
  readonly cdxm: Float64Array;
  readonly dxm: Float64Array;
}

/** A background model's spline grids (background.ts's BackgroundModel, the fields {@link DetectKernels.subtractRow} reads). */
export interface SplineGrid {
  readonly nx: number;
  readonly ny: number;
  /** Mesh width and height in pixels. */
  readonly bw: number;
  readonly bh: number;
  /** The mesh backgrounds (ny rows of nx) and their second derivatives along y. */
  readonly back: Float32Array;
  readonly dback: Float32Array;
}

/**
 * Strips of fewer pixels than this run the TypeScript loops (in `auto` mode) unless the module was
 * compiled ahead ({@link prepareDetectKernels}): the first WebAssembly module of a process costs
 * ~1–6 ms of the calling thread's CPU to compile synchronously (V8's engine starting up). Measured
 * with the module compiled synchronously (the command line's fallback when the compilation ahead
 * is late), detection stage CPU, medians of 11–13 runs at load 7–9: 1024² 53 → 32 ms and 512²
 * 33 → 15 ms with the kernels, 256² 11.9 / 11.4 and 9.1 / 9.6 ms (even).
 */
export const DETECT_WASM_MIN_PIXELS = 1 << 18;

/**
 * `auto`: the kernels for strips of at least {@link DETECT_WASM_MIN_PIXELS}, and for every strip
 * once {@link prepareDetectKernels} has compiled them; `on`: always; `off`: never.
 */
export type DetectWasmMode = 'auto' | 'on' | 'off';

let mode: DetectWasmMode = 'auto';
/** The kernels' module, compiled once a thread (ahead by {@link prepareDetectKernels}, else where a stage needs it). */
const detectModule = new LazyModule(moduleBytes);
/** The module was compiled ahead (or asked for ahead and compiled since): strips of every size take it. */
let prepared = false;

/**
 * When detection uses the WebAssembly kernels (default `auto`; without WebAssembly SIMD it
 * always runs the TypeScript loops). For tests and comparisons.
 */
export function setDetectWasm(m: DetectWasmMode): void {
  mode = m;
}

/**
 * Compile the kernels' module off the calling thread (`WebAssembly.compile`), so that detection
 * finds it ready and takes the kernels for strips of every size: to be called early (the command
 * line calls it before reading the image), and awaited, or not, before detection. Resolves to
 * whether the kernels are ready; never rejects.
 */
export async function prepareDetectKernels(): Promise<boolean> {
  await detectModule.prepare();
  prepared = detectModule.current !== null;
  return prepared;
}

/** The module's bytes as compiled: {@link detectModuleBytes}'s, kept as text (see detect-wasm-bytes.ts). */
function moduleBytes(): Uint8Array {
  return fromBase64(DETECT_MODULE_BASE64);
}

/** 16-byte aligned room for `n` 4-byte values and 16 bytes of slack (a pair's load may read one value past the end). */
function room(n: number): number {
  return (n * 4 + 16 + 15) & ~15;
}

/**
 * The kernels and their memory for a strip of `pixels` pixels in rows of `width` (≥ 2),
 * `slots` rolling rows, a background model of `nx` mesh columns and a 3×3 kernel, and room for
 * the pixel lists of `records` records ({@link DetectKernels.next}) and, for
 * {@link DetectKernels.subtractRow}, the model's grids of `ny` mesh rows (0: none); undefined
 * without WebAssembly SIMD, for a strip too small to pay (see {@link DETECT_WASM_MIN_PIXELS})
 * or when switched off ({@link setDetectWasm}).
 */
export function detectKernels(width: number, slots: number, nx: number, pixels: number, records = 0, ny = 0): DetectKernels | undefined {
  if (mode === 'off' || (mode === 'auto' && !prepared && !(pixels >= DETECT_WASM_MIN_PIXELS)) || !(width >= 2)) return undefined;
  const compiled = detectModule.get();
  if (compiled === null) return undefined;
  return new DetectKernels(compiled, width, slots, nx, records, ny);
}

/**
 * The background meshes' kernels (mesh-wasm.ts) for mesh rows of at most `maxRows` rows of
 * `width` pixels in an image of `pixels` pixels, under the same rule as {@link detectKernels}
 * (the module compiled ahead, or an image large enough to pay for compiling it here, which its
 * detection would then use too); undefined otherwise.
 */
export function meshKernels(width: number, maxRows: number, pixels: number): MeshKernels | undefined {
  if (mode === 'off' || (mode === 'auto' && !prepared && !(pixels >= DETECT_WASM_MIN_PIXELS)) || !(width >= 1)) return undefined;
  const compiled = detectModule.get();
  if (compiled === null) return undefined;
  return new MeshKernels(compiled, width, maxRows);
}

/**
 * Deblending's level scans (level-wasm.ts) when the module is already compiled in this thread
 * (ahead, or by a detection) or the kernels are switched on; undefined otherwise (deblending then
 * runs LutzScanner). Deblending alone never compiles it: a component rarely has levels to scan.
 */
export function levelKernels(): LevelKernels | undefined {
  if (mode === 'off' || (mode === 'auto' && !prepared && detectModule.current === undefined)) return undefined;
  const compiled = detectModule.get();
  if (compiled === null) return undefined;
  return new LevelKernels(compiled);
}

/**
 * Photometry's kernels (phot-wasm.ts) for an image of `width` × `height` pixels, circular apertures
 * of radii `radii` sampled `subpix`² (≥ 1) times a pixel, under {@link levelKernels}' rule (the
 * module already compiled in this thread, or the kernels switched on); undefined otherwise
 * (photometry then runs core/aperture's loops). Photometry alone never compiles it.
 */
export function photKernels(width: number, height: number, radii: readonly number[], subpix: number): PhotKernels | undefined {
  if (mode === 'off' || (mode === 'auto' && !prepared && detectModule.current === undefined) || !(subpix >= 1)) return undefined;
  const compiled = detectModule.get();
  if (compiled === null) return undefined;
  return new PhotKernels(compiled, width, height, radii, subpix);
}

/** The CLEAN kernel of this thread (its memory kept for the next list), made by {@link cleanKernels}. */
let clean: CleanKernels | null = null;

/**
 * CLEAN's kernel (clean-wasm.ts) under {@link levelKernels}' rule (the module already compiled in
 * this thread, or the kernels switched on); undefined otherwise (CLEAN then runs clean.ts's loops).
 * CLEAN alone never compiles it.
 */
export function cleanKernels(): CleanKernels | undefined {
  if (mode === 'off' || (mode === 'auto' && !prepared && detectModule.current === undefined)) return undefined;
  const compiled = detectModule.get();
  if (compiled === null) return undefined;
  if (clean === null) clean = new CleanKernels(compiled);
  return clean;
}

/**
 * The background model's grid kernels (grid-wasm.ts) for `nx` × `ny` meshes and a median filter of
 * `filterSize`², under {@link levelKernels}' rule (the module already compiled in this thread, or
 * the kernels switched on); undefined otherwise (buildBackgroundModel then runs its TypeScript).
 */
export function gridKernels(nx: number, ny: number, filterSize: number): GridKernels | undefined {
  if (mode === 'off' || (mode === 'auto' && !prepared && detectModule.current === undefined)) return undefined;
  const compiled = detectModule.get();
  if (compiled === null) return undefined;
  return new GridKernels(compiled, nx, ny, filterSize);
}

/** See the module comment; made by {@link detectKernels}. */
export class DetectKernels {
  /** The rolling rows (views of the kernels' memory; a row past the last is slack). */
  readonly rows: Float32Array[] = [];
  /** A row of zeros (the rows outside the image). */
  readonly zero: Float32Array;
  /** Record index of each pixel of the current row above threshold, else −1 (see detect.ts's StripScan). */
  readonly rec: Int32Array;
  /** After {@link filterRecord}: the columns of the row's middle pixels above threshold, and their filtered values. */
  readonly xs: Int32Array;
  readonly cds: Float32Array;
  /** After {@link filterRecord}: the pixels' values in `r1` (NaN → 0). */
  readonly vals: Float32Array;
  /**
   * Room for the Lutz scan's pixel lists (`next[record]`, the constructor's `records` of them), which
   * {@link lutzRow} then links in place; a caller whose records outgrow it passes an array of its own.
   */
  readonly next: Int32Array;
  /** {@link listComponents}' room (the constructor's `records` values each): the components' first records, their list ends, the records in list order. */
  private readonly listFirst: Int32Array;
  private readonly listEnds: Int32Array;
  private readonly listOrder: Int32Array;
  private readonly raw: Float32Array;
  private readonly kx: Int32Array;
  private readonly cx: Float32Array;
  private readonly dx: Float32Array;
  /** Each column's cdx·cdx − 1 and dx·dx − 1 (float64; dxm 2·room(width) bytes after cxm). */
  private readonly cxm: Float64Array;
  private readonly dxm: Float64Array;
  private readonly node: Float32Array;
  private readonly dnode: Float32Array;
  /** The filter's 3×3 kernel, as float64 (exactly its float32 values). */
  private readonly kernel: Float64Array;
  private readonly subtractFn: SubtractFn;
  private readonly filterFn: FilterFn;
  private readonly lutzFn: LutzFn;
  private readonly subtractRowFn: (cfg: number, y: number, out: number) => number;
  private readonly filterRowFn: (cfg: number, np: number, rowOff: number) => number;
  private readonly listComponentsFn: (first: number, count: number, ncomp: number, next: number, order: number) => number;
  private readonly subtractFilterRowFn: (rowCfg: number, y: number, out: number, filterCfg: number, np: number, rowOff: number, lutzAt: number, stride: number, rowFlag: number, next: number) => number;
  private readonly subtractFilterRowsFn: (rowCfg: number, filterCfg: number, blk: number, y: number, m: number, np: number, rowOff: number, lutzAt: number, stride: number, next: number) => number;
  /** Most rows of one {@link subtractFilterRows} call (0 without room for a grid). */
  readonly blockRows: number = 0;
  /**
   * {@link subtractFilterRows}' rooms: its configuration block (ROWS_CONFIG), the raw rows, the
   * subtracted rows, the records and the completions' log (five int32 values each).
   */
  private readonly rowsConfig: Int32Array | null = null;
  private readonly blockRaw: Float32Array | null = null;
  readonly blockSub: Float32Array | null = null;
  readonly blockXs: Int32Array | null = null;
  readonly blockCds: Float32Array | null = null;
  readonly blockVals: Float32Array | null = null;
  readonly blockLog: Int32Array | null = null;
  /** Values between the columns of {@link blockLog} (firsts, counts, flags, columns, lines). */
  readonly blockLogStride: number = 0;
  /** {@link filterRow}'s configuration block (FILTER_CONFIG's int32 slots, the threshold as float64). */
  private readonly filterConfig: Int32Array;
  private readonly filterThr: Float64Array;
  /** {@link subtractRow}'s configuration block (ROW_CONFIG's int32 slots, `bh` as float64), the grids and the spline's scratch; null without room for a grid. */
  private readonly rowConfig: Int32Array | null = null;
  private readonly rowBh: Float64Array | null = null;
  private readonly gridBack: Float32Array | null = null;
  private readonly gridDback: Float32Array | null = null;
  /** The model whose grids are in {@link gridBack}, {@link gridDback}. */
  private grid: SplineGrid | null = null;
  /** The Lutz scan's block (lutz-wasm.ts): its address, stride, header (co, pstop, links, completions) and logs. */
  private readonly lutzAt: number;
  private readonly lutzStride: number;
  private readonly lutzHead: Int32Array;
  private readonly links: Int32Array;
  private readonly completed: Int32Array;
  /** The weights {@link kx} … hold: a caller's, or the model's whose weights {@link modelWeights} computed there. */
  private weights: SplineWeights | SplineGrid | null = null;
  private readonly xWeightsFn: (xstep: number, changepoint: number, dx: number, dx0: number, bw: number, nbx: number, width: number, kx: number, cx: number, dx32: number, cxm: number) => void;
  /** The kernel whose values {@link kernel} holds (copied once per strip, not once per row). */
  private kernelFrom: Float32Array | null = null;
  /** The instance and memory (kernel-instances.ts), until {@link release}. */
  private readonly instance: KernelInstance;

  constructor(mod: object, readonly width: number, slots: number, nx: number, records: number, ny = 0) {
    const row = room(width);
    const cells = ny >= 2 && nx >= 2 ? nx * ny : 0;
    const blockRows = cells > 0 ? Math.max(2, Math.min(32, Math.floor(16384 / width))) : 0;
    const blockBytes = blockRows > 0 ? ROWS_CONFIG_BYTES + 5 * room(blockRows * width) + room(5 * blockRows * (width + 3)) : 0;
    const gridBytes = cells > 0 ? 2 * room(cells) + room(nx) + ROW_CONFIG_BYTES + blockBytes : 0;
    const bytes = row * (slots + 13) + 2 * room(nx) + 80 + lutzBlockBytes(width) + 4 * room(records) + FILTER_CONFIG_BYTES + gridBytes;
    const instance = takeKernelInstance(mod, bytes);
    const memory = instance.memory;
    this.instance = instance;
    this.subtractFn = instance.exports.subtract as SubtractFn;
    this.filterFn = instance.exports.filterRecord as FilterFn;
    this.lutzFn = instance.exports.lutzRow as LutzFn;
    this.subtractRowFn = instance.exports.subtractRow as (cfg: number, y: number, out: number) => number;
    this.filterRowFn = instance.exports.filterRow as (cfg: number, np: number, rowOff: number) => number;
    this.listComponentsFn = instance.exports.listComponents as (first: number, count: number, ncomp: number, next: number, order: number) => number;
    this.subtractFilterRowFn = instance.exports.subtractFilterRow as (rowCfg: number, y: number, out: number, filterCfg: number, np: number, rowOff: number, lutzAt: number, stride: number, rowFlag: number, next: number) => number;
    this.xWeightsFn = instance.exports.xWeights as (xstep: number, changepoint: number, dx: number, dx0: number, bw: number, nbx: number, width: number, kx: number, cx: number, dx32: number, cxm: number) => void;
    this.subtractFilterRowsFn = instance.exports.subtractFilterRows as (rowCfg: number, filterCfg: number, blk: number, y: number, m: number, np: number, rowOff: number, lutzAt: number, stride: number, next: number) => number;
    const buffer = memory.buffer;
    let at = 0;
    const f32 = (n: number, size: number): Float32Array => {
      const a = new Float32Array(buffer, at, n);
      at += size;
      return a;
    };
    const i32 = (n: number, size: number): Int32Array => {
      const a = new Int32Array(buffer, at, n);
      at += size;
      return a;
    };
    for (let s = 0; s < slots; s++) this.rows.push(f32(width, row));
    this.zero = f32(width, row);
    this.raw = f32(width, row);
    this.rec = i32(width, row);
    this.xs = i32(width, row);
    this.cds = f32(width, row);
    this.vals = f32(width, row);
    this.kx = i32(width, row);
    this.cx = f32(width, row);
    this.dx = f32(width, row);
    // (dxm 2·row bytes after cxm: `subtract` finds it there)
    this.cxm = new Float64Array(buffer, at, width);
    this.dxm = new Float64Array(buffer, at + 2 * row, width);
    at += 4 * row;
    this.node = f32(nx, room(nx));
    this.dnode = f32(nx, room(nx));
    this.kernel = new Float64Array(buffer, at, 9);
    at += 80;
    const stride = lutzStride(width);
    this.lutzAt = at;
    this.lutzStride = stride;
    this.lutzHead = new Int32Array(buffer, at, 4);
    this.links = new Int32Array(buffer, at + 16 + 12 * stride, stride); // (4 strides of bytes: stride int32 values)
    this.completed = new Int32Array(buffer, at + 16 + 16 * stride, stride);
    // (never at address 0, which tells the scan that `next` is not in this memory)
    this.next = new Int32Array(buffer, at + lutzBlockBytes(width), records);
    at += lutzBlockBytes(width) + room(records);
    this.listFirst = i32(records, room(records));
    this.listEnds = i32(records, room(records));
    this.listOrder = i32(records, room(records));
    this.filterConfig = new Int32Array(buffer, at, FILTER_CONFIG_BYTES / 4);
    this.filterThr = new Float64Array(buffer, at + FILTER_CONFIG_THR, 1);
    at += FILTER_CONFIG_BYTES;
    const fc = this.filterConfig;
    fc[FILTER_CONFIG.w] = width;
    fc[FILTER_CONFIG.kp] = this.kernel.byteOffset;
    fc[FILTER_CONFIG.rec] = this.rec.byteOffset;
    fc[FILTER_CONFIG.xs] = this.xs.byteOffset;
    fc[FILTER_CONFIG.cds] = this.cds.byteOffset;
    fc[FILTER_CONFIG.vals] = this.vals.byteOffset;
    if (cells > 0) {
      this.gridBack = f32(cells, room(cells));
      this.gridDback = f32(cells, room(cells));
      const u = f32(nx, room(nx));
      this.rowConfig = new Int32Array(buffer, at, ROW_CONFIG_BYTES / 4);
      this.rowBh = new Float64Array(buffer, at + ROW_CONFIG_BH, 1);
      const c = this.rowConfig;
      c[ROW_CONFIG.raw] = this.raw.byteOffset;
      c[ROW_CONFIG.w] = width;
      c[ROW_CONFIG.kx] = this.kx.byteOffset;
      c[ROW_CONFIG.cx] = this.cx.byteOffset;
      c[ROW_CONFIG.dx] = this.dx.byteOffset;
      c[ROW_CONFIG.cxm] = this.cxm.byteOffset;
      c[ROW_CONFIG.node] = this.node.byteOffset;
      c[ROW_CONFIG.dnode] = this.dnode.byteOffset;
      c[ROW_CONFIG.back] = this.gridBack.byteOffset;
      c[ROW_CONFIG.dback] = this.gridDback.byteOffset;
      c[ROW_CONFIG.u] = u.byteOffset;
      at += ROW_CONFIG_BYTES;
      const rc = new Int32Array(buffer, at, ROWS_CONFIG_BYTES / 4);
      at += ROWS_CONFIG_BYTES;
      const block = blockRows * width;
      this.blockRaw = f32(block, room(block));
      this.blockSub = f32(block, room(block));
      this.blockXs = i32(block, room(block));
      this.blockCds = f32(block, room(block));
      this.blockVals = f32(block, room(block));
      this.blockLog = i32(5 * blockRows * (width + 3), room(5 * blockRows * (width + 3)));
      this.blockLogStride = blockRows * (width + 3);
      rc[ROWS_CONFIG.raw] = this.blockRaw.byteOffset;
      rc[ROWS_CONFIG.sub] = this.blockSub.byteOffset;
      rc[ROWS_CONFIG.xs] = this.blockXs.byteOffset;
      rc[ROWS_CONFIG.cds] = this.blockCds.byteOffset;
      rc[ROWS_CONFIG.vals] = this.blockVals.byteOffset;
      rc[ROWS_CONFIG.log] = this.blockLog.byteOffset;
      rc[ROWS_CONFIG.rows] = this.rows[0].byteOffset;
      rc[ROWS_CONFIG.rowBytes] = row;
      rc[ROWS_CONFIG.logStride] = 4 * this.blockLogStride;
      this.rowsConfig = rc;
      this.blockRows = blockRows;
    }
  }

  /** Done with the kernels (the strip is listed): their instance goes back for the next stage's (kernel-instances.ts); none of this object's methods or arrays may be used after. */
  release(): void {
    giveKernelInstance(this.instance);
  }

  /**
   * Whether {@link subtractRow} takes `model`: a model of ≥ 2 mesh columns and ≥ 2 mesh rows,
   * of the columns and rows the kernels were made for.
   */
  takesGrid(model: SplineGrid): boolean {
    return this.gridBack !== null && model.nx >= 2 && model.ny >= 2 && model.nx * model.ny === this.gridBack.length && model.nx === this.node.length;
  }

  /**
   * `rows[slot] = raw − background` for image row `y` ≥ 0 of `model` (one that {@link takesGrid}),
   * x weights `w` (null: the model's, computed by the kernels); true when a result is NaN. background.ts's nodeLine and the subtraction of
   * {@link subtract} in one call: the floats of subtractBackgroundLine.
   */
  subtractRow(raw: Float32Array, slot: number, model: SplineGrid, w: SplineWeights | null, y: number): boolean {
    this.setGrid(model);
    this.setWeights(w, model);
    this.raw.set(raw.subarray(0, this.width));
    return this.subtractRowFn(this.rowConfig!.byteOffset, y, this.rows[slot].byteOffset) !== 0;
  }

  /**
   * {@link subtractRow} of image row `y` into `rows[slot]` and, when no result of it is NaN,
   * {@link filterRow} of the rows `r0`, `r1` and that new row (the row below `r1`) and
   * {@link lutzRow} of its records (`rowFlag`, `next`, `found`, `line` as there): the filter's
   * count; −1 when a result of the subtraction is NaN (then nothing is filtered or scanned, `rec`,
   * the records and the scan untouched). One call into the kernels instead of three, the same values.
   */
  subtractFilterRow(
    raw: Float32Array,
    slot: number,
    model: SplineGrid,
    w: SplineWeights | null,
    y: number,
    r0: Float32Array,
    r1: Float32Array,
    k: Float32Array,
    thr: number,
    np: number,
    rowOff: number,
    rowFlag: number,
    next: Int32Array,
    found: Completions,
    line: number,
  ): number {
    this.setGrid(model);
    this.setWeights(w, model);
    this.raw.set(raw.length === this.width ? raw : raw.subarray(0, this.width));
    this.loadKernel(k);
    const c = this.filterConfig;
    const out = this.rows[slot].byteOffset;
    c[FILTER_CONFIG.r0] = r0.byteOffset;
    c[FILTER_CONFIG.r1] = r1.byteOffset;
    c[FILTER_CONFIG.r2] = out;
    this.filterThr[0] = thr;
    const inPlace = next === this.next;
    const n = this.subtractFilterRowFn(this.rowConfig!.byteOffset, y, out, c.byteOffset, np, rowOff, this.lutzAt, this.lutzStride, rowFlag, inPlace ? next.byteOffset : 0);
    if (n >= 0) this.lutzResults(inPlace, next, np, np + n, found, line);
    return n;
  }

  /**
   * {@link subtractFilterRow} for `m` ≤ {@link blockRows} rows in one call (rowFlag 0, the pixel
   * lists in place in {@link next}): `raw` holds image rows y … y + m − 1 (m · width values), each
   * subtracted into row i of {@link blockSub} (the last three also copied to their rolling
   * slots `rows[(y + i) mod 3]`, where the two rows above the block are read from), and, without a NaN, the row above it filtered
   * (its records np + … at linear index `rowOff` + i · width + column, appended to
   * {@link blockXs}, {@link blockCds}, {@link blockVals}) and scanned (its completions appended to
   * {@link blockLog}'s columns, {@link blockLogStride} apart: first, count, flag, xl and the
   * scan's line `line` + i). Returns
   * `{rows done, records, completions}` in `out`: rows done is m, or i when row y + i's subtraction
   * has a NaN (that row left in {@link blockSub} and its slot, nothing filtered or scanned for it),
   * the `nan` flag then set. The same values as {@link subtractFilterRow} row by row.
   */
  subtractFilterRows(raw: Float32Array, y: number, m: number, model: SplineGrid, w: SplineWeights | null, k: Float32Array, thr: number, np: number, rowOff: number, line: number, out: Int32Array): void {
    this.setGrid(model);
    this.setWeights(w, model);
    this.blockRaw!.set(raw);
    this.loadKernel(k);
    this.filterThr[0] = thr;
    const rc = this.rowsConfig!;
    rc[ROWS_CONFIG.line] = line;
    const r = this.subtractFilterRowsFn(this.rowConfig!.byteOffset, this.filterConfig.byteOffset, rc.byteOffset, y, m, np, rowOff, this.lutzAt, this.lutzStride, this.next.byteOffset);
    out[0] = r < 0 ? -r - 1 : r;
    out[1] = rc[ROWS_CONFIG.records];
    out[2] = rc[ROWS_CONFIG.completions];
    out[3] = r < 0 ? 1 : 0;
  }

  /**
   * detect.ts's listComponents' lists (not its flags and keys) over the scan's pixel lists in
   * {@link next} (the lists of every record so far linked there), by the kernels'
   * `listComponents` in one call: the `ncomp` components completed (`first`, `count`:
   * Completions' arrays) listed into `order` (component c at `order[counts[c] … counts[c+1])`;
   * `counts[0]` left as it is, 0), `ncomp` ≤ `order.length` ≤ the constructor's `records`.
   * Only the pages of its room that it writes are touched.
   */
  listComponents(first: Int32Array, count: Int32Array, ncomp: number, order: Int32Array, counts: Int32Array): void {
    const ends = this.listEnds.subarray(0, ncomp);
    this.listFirst.set(first.subarray(0, ncomp));
    ends.set(count.subarray(0, ncomp));
    const k = this.listComponentsFn(this.listFirst.byteOffset, ends.byteOffset, ncomp, this.next.byteOffset, this.listOrder.byteOffset);
    order.set(this.listOrder.subarray(0, k));
    counts.set(ends, 1);
  }

  /** The grids of `model` (one that {@link takesGrid}) in the kernels' memory, copied once for each model. */
  private setGrid(model: SplineGrid): void {
    if (this.grid !== model) {
      this.gridBack!.set(model.back);
      this.gridDback!.set(model.dback);
      const c = this.rowConfig!;
      c[ROW_CONFIG.nbx] = model.nx;
      c[ROW_CONFIG.nby] = model.ny;
      this.rowBh![0] = model.bh;
      this.grid = model;
    }
  }

  /**
   * `w`'s weights into the kernels' memory, once for each; null: those of `model` (mesh width
   * `model.bw`, the image's width the kernels were made for), computed there by the kernels'
   * `xWeights` (background.ts's xWeights' floats) instead of copied from TypeScript's.
   */
  private setWeights(w: SplineWeights | null, model?: SplineGrid): void {
    if (w === null) {
      if (this.weights !== model) {
        const bw = model!.bw;
        const xstep = Math.fround(1.0 / bw);
        this.xWeightsFn(xstep, bw >> 1, Math.fround((xstep - 1) / 2), Math.fround((((bw + 1) % 2) * xstep) / 2), Number.isInteger(bw) ? bw : -1, model!.nx, this.width, this.kx.byteOffset, this.cx.byteOffset, this.dx.byteOffset, this.cxm.byteOffset);
        this.weights = model!;
      }
      return;
    }
    if (this.weights !== w) {
      this.kx.set(w.k.subarray(0, this.width));
      this.cx.set(w.cdx32.subarray(0, this.width));
      this.dx.set(w.dx32.subarray(0, this.width));
      this.cxm.set(w.cdxm.subarray(0, this.width));
      this.dxm.set(w.dxm.subarray(0, this.width));
      this.weights = w;
    }
  }

  /**
   * One row of the Lutz scan (lutz.ts's LutzScanner.row, without an edge flag) over {@link rec}:
   * the row `line` of the scan (0-based), whose records are `np0 … np1 − 1`; `rowFlag` is OR-ed
   * into its pixels' flags. Links the pixel lists in `next` as the TypeScript scanner does (in
   * place when `next` is {@link next}) and adds the objects it completes to `found`. For the final
   * empty row, fill `rec` with −1.
   */
  lutzRow(rowFlag: number, next: Int32Array, np0: number, np1: number, found: Completions, line: number): void {
    const inPlace = next === this.next;
    this.lutzFn(this.lutzAt, this.lutzStride, this.rec.byteOffset, this.width, rowFlag, inPlace ? next.byteOffset : 0);
    this.lutzResults(inPlace, next, np0, np1, found, line);
  }

  /** {@link lutzRow}'s results after the scan's call: the links of `next` (when not in place) and the completions into `found`. */
  private lutzResults(inPlace: boolean, next: Int32Array, np0: number, np1: number, found: Completions, line: number): void {
    const head = this.lutzHead;
    if (!inPlace) {
      // every pixel's record ends its list until linked (the scanner's next[p] = −1, here all first)
      next.fill(-1, np0, np1);
      const links = this.links;
      for (let j = 0, n = 2 * head[2]; j < n; j += 2) next[links[j]] = links[j + 1];
    }
    const c = this.completed;
    for (let j = 0, n = 4 * head[3]; j < n; j += 4) found.add(c[j], c[j + 1], c[j + 2], line, c[j + 3]);
  }

  /**
   * `rows[slot] = raw − background` for a row whose spline nodes along x are `node`, `dnode`
   * (background.ts's nodeLine) and x weights `w` (a model of ≥ 2 mesh columns); true when a
   * result is NaN. The floats of subtractBackgroundLine.
   */
  subtract(raw: Float32Array, slot: number, w: SplineWeights, node: Float32Array, dnode: Float32Array): boolean {
    this.setWeights(w);
    this.raw.set(raw.subarray(0, this.width));
    this.node.set(node);
    this.dnode.set(dnode);
    return this.subtractFn(this.raw.byteOffset, this.rows[slot].byteOffset, this.width, this.kx.byteOffset, this.cx.byteOffset, this.dx.byteOffset, this.node.byteOffset, this.dnode.byteOffset, this.cxm.byteOffset) !== 0;
  }

  /**
   * {@link filterRecord} for the whole row: its first and last pixels filtered and thresholded
   * too (detect.ts's filteredFirst, filteredLast and record), in one call of 3 parameters (the
   * rows' addresses and the threshold written to a block of the kernels' memory). `rec[x]` = np + j
   * for the j-th pixel of the row above `thr`, its record in `xs[j]`, `vals[j]`, `cds[j]`;
   * returns the number of pixels above. The records of convolveRecord3.
   */
  filterRow(r0: Float32Array, r1: Float32Array, r2: Float32Array, k: Float32Array, thr: number, np: number, rowOff: number): number {
    this.loadKernel(k);
    const c = this.filterConfig;
    c[FILTER_CONFIG.r0] = r0.byteOffset;
    c[FILTER_CONFIG.r1] = r1.byteOffset;
    c[FILTER_CONFIG.r2] = r2.byteOffset;
    this.filterThr[0] = thr;
    return this.filterRowFn(c.byteOffset, np, rowOff);
  }

  /**
   * The 3×3 filter (kernel `k`) of the middle pixels 1 … width − 2 of the rows `r0`, `r1`, `r2`
   * (views from {@link rows} or {@link zero}, no NaN) and their threshold: `rec[x]` = np + j for
   * the j-th pixel above `thr` (its record: linear index `rowOff` + column in `xs[j]`, its value in
   * `r1` in `vals[j]`, its filtered value in `cds[j]`), −1 for the others. Returns the number of
   * pixels above. The floats of convolveRecord3, the records of its `record`. (`rec[width − 1]`, the
   * last pixel's, may be set to −1 too: {@link filterRow} writes it afterwards. `k`'s values are
   * read at its first call: an array of kernel values must not change afterwards.) Detection calls
   * {@link filterRow}, which runs this function from WebAssembly for the middle pixels.
   */
  filterRecord(r0: Float32Array, r1: Float32Array, r2: Float32Array, k: Float32Array, thr: number, np: number, rowOff: number): number {
    this.loadKernel(k);
    return this.filterFn(r0.byteOffset, r1.byteOffset, r2.byteOffset, this.width, this.kernel.byteOffset, thr, this.rec.byteOffset, np, this.xs.byteOffset, this.cds.byteOffset, this.vals.byteOffset, rowOff);
  }

  /** Copies the 3×3 kernel `k` into the kernels' memory, once for each array of kernel values. */
  private loadKernel(k: Float32Array): void {
    if (this.kernelFrom === k) return;
    for (let i = 0; i < 9; i++) this.kernel[i] = k[i];
    this.kernelFrom = k;
  }
}

// --- the module's bytes ---

/** `subtract(raw, out, w, kx, cx, dx, node, dnode, cxm) → nan` (byte addresses; see {@link DetectKernels.subtract}). */
function subtractFunction(): Body {
  // params 0 raw, 1 out, 2 w, 3 kx, 4 cx, 5 dx, 6 node, 7 dnode, 8 cxm (cdx·cdx − 1 as float64 a column,
  // dx·dx − 1 at 2·room(w) bytes further); locals 9 o, 10 end, 11 k4, 12 nan, 13 c, 14 d, 15 v,
  // 16 pairs' end, 17 the second pixel's k4, 18 dxm's address (i32), 19 C, 20 D, 21 the pairs' NaN lanes, 22 V,
  // 23–26 a step's shared nodes node[k], node[k+1], dnode[k], dnode[k+1] in both lanes (v128)
  const [raw, out, w, kx, cx, dx, node, dnode, cxm, o, end, k4, nan, c, d, v] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
  const [pend, k4b, dxm, C, D, NANS, V] = [16, 17, 18, 19, 20, 21, 22];
  const SHARED = [23, 24, 25, 26];
  const b = new Body();
  const s = (code: number, ...imm: number[]) => b.simd(code, ...imm);
  const loadF32 = (base: number, index: number, offset = 0) => b.get(base).get(index).op(op.i32Add).mem(op.f32Load, 2, offset).op(op.f64PromoteF32);
  /** Two adjacent float32 values at `base` + `index` + `offset` (bytes), promoted: an f64x2. */
  const pair = (base: number, index: number, offset = 0) => {
    b.get(base).get(index).op(op.i32Add);
    s(simd.load64Zero, 2, offset);
    s(simd.f64x2PromoteLowF32x4);
  };
  /** [base[k4], base[k4b]] (+ `offset` bytes), promoted: each pixel's own spline node. */
  const nodes = (base: number, offset: number) => {
    b.get(base).get(k4b).op(op.i32Add);
    b.get(base).get(k4).op(op.i32Add);
    s(simd.load32Zero, 2, offset);
    s(simd.load32Lane, 2, offset, 1);
    s(simd.f64x2PromoteLowF32x4);
  };
  /**
   * The pair of pixels at byte `o` + `at`: out = f32(raw − f32(C·(n0 + (C·C − 1)·d0) + D·(n1 + (D·D − 1)·d1)))
   * in each lane (C·C − 1 and D·D − 1 loaded: the same doubles), its NaN lanes OR-ed into NANS;
   * `node(side, which)` pushes the lanes' nodes (side 0: interval k, 1: k + 1; which 0: node, 1: dnode).
   */
  const pairAt = (at: number, nodeOf: (side: number, which: number) => void) => {
    pair(cx, o, at);
    b.set(C);
    pair(dx, o, at);
    b.set(D);
    b.get(out).get(o).op(op.i32Add);
    pair(raw, o, at);
    for (const [X, side, M] of [
      [C, 0, cxm],
      [D, 1, dxm],
    ] as const) {
      // X·(n + (X·X − 1)·dn)
      b.get(X);
      nodeOf(side, 0);
      b.get(M).get(o).i32(1).op(op.i32Shl, op.i32Add);
      s(simd.load, 3, 2 * at);
      nodeOf(side, 1);
      s(simd.f64x2Mul);
      s(simd.f64x2Add);
      s(simd.f64x2Mul);
    }
    s(simd.f64x2Add);
    s(simd.f32x4DemoteF64x2Zero);
    s(simd.f64x2PromoteLowF32x4);
    s(simd.f64x2Sub);
    s(simd.f32x4DemoteF64x2Zero);
    b.tee(V);
    s(simd.store64Lane, 2, at, 0);
    b.get(NANS).get(V).get(V);
    s(simd.f32x4Ne);
    s(simd.or);
    b.set(NANS);
  };
  // dxm = cxm + 2·room(w) = cxm + 2·((4w + 31) & −16)
  b.get(cxm).get(w).i32(2).op(op.i32Shl).i32(31).op(op.i32Add).i32(-16).op(op.i32And).i32(1).op(op.i32Shl, op.i32Add).set(dxm);
  b.get(w).i32(2).op(op.i32Shl).set(end);
  // pixels two at a time (f64x2: each lane the scalar loop's floats below), the last of an odd row after;
  // four at a time while the four share their spline interval (kx[o] = kx[o + 3]: k never decreases
  // along x, and an interval is a mesh wide), their nodes splatted once for both pairs
  b.get(w).i32(-2).op(op.i32And).i32(2).op(op.i32Shl).set(pend);
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(o).get(pend).op(op.i32GeS, op.brIf, 1);
  b.get(kx).get(o).op(op.i32Add).mem(op.i32Load, 2).tee(k4);
  // (kx[o + 3] read before knowing that the pixel exists: at most two values past the row, in its 16 bytes of slack)
  b.get(kx).get(o).op(op.i32Add).mem(op.i32Load, 2, 12).op(op.i32Eq);
  b.get(o).i32(16).op(op.i32Add).get(pend).op(op.i32LeS, op.i32And);
  b.get(k4).i32(2).op(op.i32Shl).set(k4);
  b.op(op.if, EMPTY);
  [
    [node, 0],
    [node, 4],
    [dnode, 0],
    [dnode, 4],
  ].forEach(([base, off], i) => {
    b.get(base).get(k4).op(op.i32Add);
    s(simd.load32Splat, 2, off);
    s(simd.f64x2PromoteLowF32x4);
    b.set(SHARED[i]);
  });
  const shared = (side: number, which: number) => b.get(SHARED[2 * which + side]);
  pairAt(0, shared);
  pairAt(8, shared);
  b.get(o).i32(16).op(op.i32Add).set(o);
  b.op(op.else);
  b.get(kx).get(o).op(op.i32Add).mem(op.i32Load, 2, 4).i32(2).op(op.i32Shl).set(k4b);
  pairAt(0, (side, which) => nodes(which === 0 ? node : dnode, 4 * side));
  b.get(o).i32(8).op(op.i32Add).set(o);
  b.op(op.end);
  b.op(op.br, 0, op.end, op.end);
  b.get(NANS);
  s(simd.anyTrue);
  b.set(nan);
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(o).get(end).op(op.i32GeS, op.brIf, 1);
  b.get(kx).get(o).op(op.i32Add).mem(op.i32Load, 2).i32(2).op(op.i32Shl).set(k4);
  loadF32(cx, o);
  b.set(c);
  loadF32(dx, o);
  b.set(d);
  // out[o] = f32(raw[o] − f32(c·(n0 + (c·c − 1)·d0) + d·(n1 + (d·d − 1)·d1)))
  b.get(out).get(o).op(op.i32Add);
  loadF32(raw, o);
  b.get(c);
  loadF32(node, k4);
  b.get(c).get(c).op(op.f64Mul).f64(1).op(op.f64Sub);
  loadF32(dnode, k4);
  b.op(op.f64Mul, op.f64Add, op.f64Mul);
  b.get(d);
  loadF32(node, k4, 4);
  b.get(d).get(d).op(op.f64Mul).f64(1).op(op.f64Sub);
  loadF32(dnode, k4, 4);
  b.op(op.f64Mul, op.f64Add, op.f64Mul, op.f64Add);
  b.op(op.f32DemoteF64, op.f64PromoteF32, op.f64Sub, op.f32DemoteF64);
  b.tee(v).mem(op.f32Store, 2);
  b.get(nan).get(v).get(v).op(op.f32Ne, op.i32Or).set(nan);
  b.get(o).i32(4).op(op.i32Add).set(o);
  b.op(op.br, 0, op.end, op.end);
  b.get(nan);
  return b;
}

/**
 * The int32 slots of {@link subtractRowFunction}'s configuration block (byte offset = 4 · slot; the
 * model's mesh height `bh` as float64 at byte {@link ROW_CONFIG_BH}).
 */
const ROW_CONFIG = { raw: 0, w: 1, kx: 2, cx: 3, dx: 4, node: 5, dnode: 6, back: 7, dback: 8, nbx: 9, nby: 10, u: 11, cxm: 14 } as const;
const ROW_CONFIG_BH = 48;
const ROW_CONFIG_BYTES = 64;

/**
 * `subtractRow(cfg, y, out) → nan`: background.ts's nodeLine for image row `y` ≥ 0 of a model of
 * ≥ 2 mesh columns and ≥ 2 mesh rows (its grids `back`, `dback` and the rest at the addresses in
 * the configuration block at `cfg`, {@link ROW_CONFIG}), into `node`, `dnode`, then
 * `subtract(raw, out, w, kx, cx, dx, node, dnode)` (function `subtractIndex`). The floats of
 * nodeLine, operation for operation: float64 arithmetic rounded to float32 where it calls
 * `Math.fround` (`f32.demote_f64`, round to nearest even as `Math.fround`).
 */
function subtractRowFunction(subtractIndex: number): Body {
  const [cfg, y, out] = [0, 1, 2];
  const [nbx, nby, back, dback, node, dnode, u, yl, last, lo4, x4, end4, backLo, backHi, dbackLo, dbackHi] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18];
  const [dPrev, uPrev, nodePrev] = [19, 20, 21];
  const [dy, cdy, dy3, cdy3, temp] = [22, 23, 24, 25, 26];
  const b = new Body();
  const cfgI32 = (name: keyof typeof ROW_CONFIG) => b.get(cfg).mem(op.i32Load, 2, 4 * ROW_CONFIG[name]);
  const f32r = () => b.op(op.f32DemoteF64, op.f64PromoteF32);
  /** The float32 at `base` + `index` (+ `offset`) bytes, promoted. */
  const load = (base: number, index: number, offset = 0) => b.get(base).get(index).op(op.i32Add).mem(op.f32Load, 2, offset).op(op.f64PromoteF32);
  const fromConfig: Array<[number, keyof typeof ROW_CONFIG]> = [[nbx, 'nbx'], [nby, 'nby'], [back, 'back'], [dback, 'dback'], [node, 'node'], [dnode, 'dnode'], [u, 'u']];
  for (const [l, name] of fromConfig) {
    cfgI32(name);
    b.set(l);
  }
  // dy = f32(f32(y / bh) − 0.5); yl = trunc(dy) (dy ≥ −0.5: 0 where the TypeScript has −0); dy = f32(dy − yl)
  b.get(y).op(op.f64ConvertI32S).get(cfg).mem(op.f64Load, 3, ROW_CONFIG_BH).op(op.f64Div);
  f32r();
  b.f64(0.5).op(op.f64Sub);
  f32r();
  b.tee(dy).op(op.i32TruncF64S).set(yl);
  b.get(dy).get(yl).op(op.f64ConvertI32S, op.f64Sub);
  f32r();
  b.set(dy);
  // last = yl ≥ nby − 1: yl = last ? nby − 2 : yl; dy = f32(dy + last)
  b.get(yl).get(nby).i32(1).op(op.i32Sub, op.i32GeS).set(last);
  b.get(nby).i32(2).op(op.i32Sub).get(yl).get(last).op(op.select).set(yl);
  b.get(dy).get(last).op(op.f64ConvertI32S, op.f64Add);
  f32r();
  b.set(dy);
  // cdy = f32(1 − dy); dy3 = f32(f32(f32(dy·dy)·dy) − dy); cdy3 likewise
  b.f64(1).get(dy).op(op.f64Sub);
  f32r();
  b.set(cdy);
  for (const [t, t3] of [
    [dy, dy3],
    [cdy, cdy3],
  ] as const) {
    b.get(t).get(t).op(op.f64Mul);
    f32r();
    b.get(t).op(op.f64Mul);
    f32r();
    b.get(t).op(op.f64Sub);
    f32r();
    b.set(t3);
  }
  // the grids' rows yl and yl + 1 (byte addresses)
  b.get(nbx).get(yl).op(op.i32Mul).i32(2).op(op.i32Shl).set(lo4);
  b.get(back).get(lo4).op(op.i32Add).set(backLo);
  b.get(dback).get(lo4).op(op.i32Add).set(dbackLo);
  b.get(nbx).i32(2).op(op.i32Shl).set(end4);
  b.get(backLo).get(end4).op(op.i32Add).set(backHi);
  b.get(dbackLo).get(end4).op(op.i32Add).set(dbackHi);
  // node[x] = f32(f32(f32(f32(cdy·back[lo+x]) + f32(dy·back[hi+x])) + f32(cdy3·dback[lo+x])) + f32(dy3·dback[hi+x]))
  b.i32(0).set(x4);
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(x4).get(end4).op(op.i32GeS, op.brIf, 1);
  b.get(node).get(x4).op(op.i32Add);
  const terms: Array<[number, number]> = [
    [cdy, backLo],
    [dy, backHi],
    [cdy3, dbackLo],
    [dy3, dbackHi],
  ];
  terms.forEach(([t, base], i) => {
    b.get(t);
    load(base, x4);
    b.op(op.f64Mul);
    f32r();
    if (i > 0) {
      b.op(op.f64Add);
      if (i < 3) f32r();
    }
  });
  b.op(op.f32DemoteF64).mem(op.f32Store, 2);
  b.get(x4).i32(4).op(op.i32Add).set(x4);
  b.op(op.br, 0, op.end, op.end);
  // dnode[0] = 0, u[0] = 0; for x in 1 … nbx − 2: temp = f32(−1 / (dnode[x−1] + 4)), dnode[x] = temp,
  // u[x] = f32(temp · f32(u[x−1] − f32(6 · f32(f32(node[x+1] + node[x−1]) − f32(2 · node[x])))))
  b.get(dnode).f64(0).op(op.f32DemoteF64).mem(op.f32Store, 2);
  b.get(u).f64(0).op(op.f32DemoteF64).mem(op.f32Store, 2);
  b.get(end4).i32(4).op(op.i32Sub).set(end4); // (nbx − 1) · 4
  // (x − 1's element at prev + 4x: memory offsets cannot be negative)
  b.get(dnode).i32(4).op(op.i32Sub).set(dPrev);
  b.get(u).i32(4).op(op.i32Sub).set(uPrev);
  b.get(node).i32(4).op(op.i32Sub).set(nodePrev);
  b.i32(4).set(x4);
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(x4).get(end4).op(op.i32GeS, op.brIf, 1);
  b.f64(-1);
  load(dPrev, x4);
  b.f64(4).op(op.f64Add, op.f64Div);
  f32r();
  b.set(temp);
  b.get(dnode).get(x4).op(op.i32Add).get(temp).op(op.f32DemoteF64).mem(op.f32Store, 2);
  b.get(u).get(x4).op(op.i32Add);
  b.get(temp);
  load(uPrev, x4);
  b.f64(6);
  load(nodePrev, x4, 8);
  load(nodePrev, x4, 0);
  b.op(op.f64Add);
  f32r();
  b.f64(2);
  load(nodePrev, x4, 4);
  b.op(op.f64Mul);
  f32r();
  b.op(op.f64Sub);
  f32r();
  b.op(op.f64Mul);
  f32r();
  b.op(op.f64Sub);
  f32r();
  b.op(op.f64Mul, op.f32DemoteF64).mem(op.f32Store, 2);
  b.get(x4).i32(4).op(op.i32Add).set(x4);
  b.op(op.br, 0, op.end, op.end);
  // dnode[nbx − 1] = 0; for x = nbx − 2 … 1: dnode[x] = f32((dnode[x] · dnode[x+1] + u[x]) / 6)
  b.get(dnode).get(end4).op(op.i32Add).f64(0).op(op.f32DemoteF64).mem(op.f32Store, 2);
  b.get(end4).i32(4).op(op.i32Sub).set(x4);
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(x4).i32(4).op(op.i32LtS, op.brIf, 1);
  b.get(dnode).get(x4).op(op.i32Add);
  load(dnode, x4, 0);
  load(dnode, x4, 4);
  b.op(op.f64Mul);
  load(u, x4, 0);
  b.op(op.f64Add).f64(6).op(op.f64Div, op.f32DemoteF64).mem(op.f32Store, 2);
  b.get(x4).i32(4).op(op.i32Sub).set(x4);
  b.op(op.br, 0, op.end, op.end);
  // the subtraction
  cfgI32('raw');
  b.get(out);
  for (const name of ['w', 'kx', 'cx', 'dx', 'node', 'dnode', 'cxm'] as const) cfgI32(name);
  b.op(op.call, subtractIndex);
  return b;
}

/** The {@link WasmFunction} of {@link subtractRowFunction}. */
export function subtractRowEntry(subtractIndex: number): WasmFunction {
  return {
    params: [I32, I32, I32],
    results: [I32],
    locals: [...new Array<number>(19).fill(I32), F64, F64, F64, F64, F64],
    body: subtractRowFunction(subtractIndex),
    exportName: 'subtractRow',
  };
}

/**
 * `subtractFilterRow(rowCfg, y, out, filterCfg, np, rowOff, lutzAt, stride, rowFlag, next) → count
 * or −1`: `subtractRow(rowCfg, y, out)` (function `subtractRowIndex`), then, when no result of it is
 * NaN, `filterRow(filterCfg, np, rowOff)` (function `filterRowIndex`) and `lutzRow(lutzAt, stride,
 * rec, w, rowFlag, next)` (function `lutzIndex`; `rec` and `w` from the filter's configuration
 * block) and the filter's count; −1 (nothing filtered or scanned) when one is NaN. The three
 * functions' work and results, in one call from JavaScript (see {@link DetectKernels.subtractFilterRow}).
 */
export function subtractFilterRowEntry(subtractRowIndex: number, filterRowIndex: number, lutzIndex: number): WasmFunction {
  const n = 10;
  const b = new Body();
  b.get(0).get(1).get(2).op(op.call, subtractRowIndex);
  b.op(op.if, EMPTY).i32(-1).op(op.return, op.end);
  b.get(3).get(4).get(5).op(op.call, filterRowIndex).set(n);
  b.get(6).get(7);
  b.get(3).mem(op.i32Load, 2, 4 * FILTER_CONFIG.rec);
  b.get(3).mem(op.i32Load, 2, 4 * FILTER_CONFIG.w);
  b.get(8).get(9).op(op.call, lutzIndex);
  b.get(n);
  return { params: new Array<number>(10).fill(I32), results: [I32], locals: [I32], body: b, exportName: 'subtractFilterRow' };
}

/**
 * `xWeights(xstep, changepoint, dx, dx0, bw, nbx, width, kx, cx, dx32, cxm) → ()`: background.ts's
 * xWeights walk along x for a model of meshes `bw` pixels wide (−1 when not a whole number), `nbx`
 * columns: `xstep` = f32(1 / bw), `dx` its first dx, `dx0` the dx after a node change (the
 * scalars of xWeights, as float64 values of float32 numbers); writes each column's node `kx`
 * (int32), cdx and dx (float32, at `cx`, `dx32`), cdx·cdx − 1 and dx·dx − 1 (float64 at `cxm` and,
 * 2·room(width) bytes further, dxm), DetectKernels' weights. The floats of xWeights: dx
 * accumulated in float32 (float64 sums rounded), the squares in float64.
 */
export function xWeightsEntry(): WasmFunction {
  const [xstep, changepoint, dxp, dx0, bw, nbx, width, kx, cx, dx32, cxm] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const [px, i, xx, k, dxmAt, dx, cdx] = [11, 12, 13, 14, 15, 16, 17];
  const b = new Body();
  const f32r = () => b.op(op.f32DemoteF64, op.f64PromoteF32);
  // dxm = cxm + 2·room(width) = cxm + 2·((4·width + 31) & −16)
  b.get(cxm).get(width).i32(2).op(op.i32Shl).i32(31).op(op.i32Add).i32(-16).op(op.i32And).i32(1).op(op.i32Shl, op.i32Add).set(dxmAt);
  b.get(dxp).set(dx);
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(px).get(width).op(op.i32GeS, op.brIf, 1);
  // i === changepoint && xx > 0 && xx < nbx − 1: k++, dx = dx0
  b.get(i).get(changepoint).op(op.i32Eq);
  b.get(xx).i32(0).op(op.i32GtS, op.i32And);
  b.get(xx).get(nbx).i32(1).op(op.i32Sub, op.i32LtS, op.i32And);
  b.op(op.if, EMPTY);
  b.get(k).i32(1).op(op.i32Add).set(k);
  b.get(dx0).set(dx);
  b.op(op.end);
  b.f64(1).get(dx).op(op.f64Sub);
  f32r();
  b.set(cdx);
  b.get(kx).get(px).i32(2).op(op.i32Shl, op.i32Add).get(k).mem(op.i32Store, 2);
  b.get(cx).get(px).i32(2).op(op.i32Shl, op.i32Add).get(cdx).op(op.f32DemoteF64).mem(op.f32Store, 2);
  b.get(dx32).get(px).i32(2).op(op.i32Shl, op.i32Add).get(dx).op(op.f32DemoteF64).mem(op.f32Store, 2);
  b.get(cxm).get(px).i32(3).op(op.i32Shl, op.i32Add).get(cdx).get(cdx).op(op.f64Mul).f64(1).op(op.f64Sub).mem(op.f64Store, 3);
  b.get(dxmAt).get(px).i32(3).op(op.i32Shl, op.i32Add).get(dx).get(dx).op(op.f64Mul).f64(1).op(op.f64Sub).mem(op.f64Store, 3);
  // i === bw: xx++, i = 0
  b.get(i).get(bw).op(op.i32Eq, op.if, EMPTY);
  b.get(xx).i32(1).op(op.i32Add).set(xx);
  b.i32(0).set(i);
  b.op(op.end);
  b.get(px).i32(1).op(op.i32Add).set(px);
  b.get(i).i32(1).op(op.i32Add).set(i);
  b.get(dx).get(xstep).op(op.f64Add);
  f32r();
  b.set(dx);
  b.op(op.br, 0, op.end, op.end);
  return { params: [F64, I32, F64, F64, I32, I32, I32, I32, I32, I32, I32], results: [], locals: [I32, I32, I32, I32, I32, F64, F64], body: b, exportName: 'xWeights' };
}

/** The int32 slots of {@link subtractFilterRowsEntry}'s block (byte offset = 4 · slot): its rooms' addresses, the first row's scan line, and its results (records, completions). */
const ROWS_CONFIG = { raw: 0, sub: 1, xs: 2, cds: 3, vals: 4, log: 5, rows: 6, rowBytes: 7, line: 8, records: 9, completions: 10, logStride: 11 } as const;
const ROWS_CONFIG_BYTES = 48;

/** `memory.copy` (bulk memory: 0xfc 10, memory 0 to memory 0), which the encoder's table lacks. */
const MEMORY_COPY = [0xfc, 10, 0, 0] as const;

/**
 * `subtractFilterRows(rowCfg, filterCfg, blk, y, m, np, rowOff, lutzAt, stride, next) → rows or
 * −(i + 1)`: {@link subtractFilterRowEntry}'s work for `m` rows in one call, rowFlag 0: for i = 0 …
 * m − 1, image row y + i subtracted from the raw row i of the block's `raw` room (its rows
 * width · 4 bytes apart) into row i of the `sub` room (likewise); when no result is NaN, the row
 * above it filtered (rows y + i − 2, y + i − 1, y + i: the rolling slots' rows
 * `rows` + (r mod 3) · `rowBytes` for the block's first two, then the `sub` room's), its records appended to the `xs`, `cds`, `vals` rooms (record
 * np + count, linear index rowOff + i · width + column) and scanned (`lutzRow`, in place), and the
 * scan's completions appended to the `log` room (five columns of int32 values `logStride` bytes apart: first,
 * count, flag, xl, line `line` + i). Returns m, or −(i + 1) when row y + i's subtraction has a NaN (that row left in
 * the `sub` room, nothing filtered or scanned for it). The last three rows subtracted (that one
 * included) are copied to their rolling slots, as row-by-row calls leave them. The block's
 * `records` and `completions` get the counts; the configuration blocks' raw row and records' addresses are restored.
 */
export function subtractFilterRowsEntry(subtractRowIndex: number, filterRowIndex: number, lutzIndex: number): WasmFunction {
  const [rowCfg, filterCfg, blk, y, m, np, rowOff, lutzAt, stride, next] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [i, yn, out, n, acc, k, j, w4, saveRaw, saveXs, saveCds, saveVals, src, dst, ro, ret, pa, pb, s] = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28];
  const b = new Body();
  const blkI32 = (name: keyof typeof ROWS_CONFIG) => b.get(blk).mem(op.i32Load, 2, 4 * ROWS_CONFIG[name]);
  /** The slot address of image row (yn + d) mod 3. */
  const slotOf = (d: number) => {
    blkI32('rows');
    b.get(yn).i32(d).op(op.i32Add).i32(3).op(op.i32RemU);
    blkI32('rowBytes');
    b.op(op.i32Mul, op.i32Add);
  };
  const restore = () => {
    b.get(rowCfg).get(saveRaw).mem(op.i32Store, 2, 4 * ROW_CONFIG.raw);
    b.get(filterCfg).get(saveXs).mem(op.i32Store, 2, 4 * FILTER_CONFIG.xs);
    b.get(filterCfg).get(saveCds).mem(op.i32Store, 2, 4 * FILTER_CONFIG.cds);
    b.get(filterCfg).get(saveVals).mem(op.i32Store, 2, 4 * FILTER_CONFIG.vals);
    b.get(blk).get(acc).mem(op.i32Store, 2, 4 * ROWS_CONFIG.records);
    b.get(blk).get(k).mem(op.i32Store, 2, 4 * ROWS_CONFIG.completions);
  };
  b.get(filterCfg).mem(op.i32Load, 2, 4 * FILTER_CONFIG.w).i32(2).op(op.i32Shl).set(w4);
  b.get(rowCfg).mem(op.i32Load, 2, 4 * ROW_CONFIG.raw).set(saveRaw);
  b.get(filterCfg).mem(op.i32Load, 2, 4 * FILTER_CONFIG.xs).set(saveXs);
  b.get(filterCfg).mem(op.i32Load, 2, 4 * FILTER_CONFIG.cds).set(saveCds);
  b.get(filterCfg).mem(op.i32Load, 2, 4 * FILTER_CONFIG.vals).set(saveVals);
  b.get(rowOff).set(ro);
  b.get(m).set(ret);
  b.get(m).set(s);
  // rows y − 2 ≡ y + 1 and y − 1 ≡ y + 2 (mod 3): their slots
  b.get(y).set(yn);
  slotOf(1);
  b.set(pa);
  slotOf(2);
  b.set(pb);
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(i).get(m).op(op.i32GeS, op.brIf, 1);
  b.get(y).get(i).op(op.i32Add).set(yn);
  // the raw row i of the block
  b.get(rowCfg);
  blkI32('raw');
  b.get(i).get(w4).op(op.i32Mul, op.i32Add).mem(op.i32Store, 2, 4 * ROW_CONFIG.raw);
  // subtracted into row i of the block's `sub` room (the subtraction writes exactly w values)
  blkI32('sub');
  b.get(i).get(w4).op(op.i32Mul, op.i32Add).set(out);
  b.get(rowCfg).get(yn).get(out).op(op.call, subtractRowIndex);
  b.op(op.if, EMPTY).i32(-1).get(i).op(op.i32Sub).set(ret).get(i).i32(1).op(op.i32Add).set(s).op(op.br, 2, op.end);
  // the filter of the row above: rows yn − 2 (pa), yn − 1 (pb) and yn
  b.get(filterCfg).get(pa).mem(op.i32Store, 2, 4 * FILTER_CONFIG.r0);
  b.get(filterCfg).get(pb).mem(op.i32Store, 2, 4 * FILTER_CONFIG.r1);
  b.get(filterCfg).get(out).mem(op.i32Store, 2, 4 * FILTER_CONFIG.r2);
  b.get(pb).set(pa);
  b.get(out).set(pb);
  for (const name of ['xs', 'cds', 'vals'] as const) {
    b.get(filterCfg);
    blkI32(name);
    b.get(acc).i32(2).op(op.i32Shl, op.i32Add).mem(op.i32Store, 2, 4 * FILTER_CONFIG[name]);
  }
  b.get(filterCfg).get(np).get(acc).op(op.i32Add).get(ro).op(op.call, filterRowIndex).set(n);
  b.get(lutzAt).get(stride);
  b.get(filterCfg).mem(op.i32Load, 2, 4 * FILTER_CONFIG.rec);
  b.get(filterCfg).mem(op.i32Load, 2, 4 * FILTER_CONFIG.w);
  b.i32(0).get(next).op(op.call, lutzIndex);
  b.get(acc).get(n).op(op.i32Add).set(acc);
  // the scan's completions (header slot 3: their count; four int32 each at lutzAt + 16 + 16 · stride) to the log
  b.get(lutzAt).i32(16).get(stride).i32(4).op(op.i32Shl, op.i32Add, op.i32Add).set(src);
  b.i32(0).set(j);
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(j).get(lutzAt).mem(op.i32Load, 2, 12).op(op.i32GeS, op.brIf, 1);
  blkI32('log');
  b.get(k).i32(2).op(op.i32Shl, op.i32Add).set(dst);
  // (first, count, flag, xl: the scan's four values; then the line), each in its column, `logStride` bytes apart
  for (let q = 0; q < 4; q++) {
    b.get(dst);
    if (q > 0) {
      blkI32('logStride');
      if (q > 1) b.i32(q).op(op.i32Mul);
      b.op(op.i32Add);
    }
    b.get(src).get(j).i32(4).op(op.i32Shl, op.i32Add).mem(op.i32Load, 2, 4 * q).mem(op.i32Store, 2);
  }
  b.get(dst);
  blkI32('logStride');
  b.i32(4).op(op.i32Mul, op.i32Add);
  blkI32('line');
  b.get(i).op(op.i32Add).mem(op.i32Store, 2);
  b.get(k).i32(1).op(op.i32Add).set(k);
  b.get(j).i32(1).op(op.i32Add).set(j);
  b.op(op.br, 0, op.end, op.end);
  b.get(ro).get(filterCfg).mem(op.i32Load, 2, 4 * FILTER_CONFIG.w).op(op.i32Add).set(ro);
  b.get(i).i32(1).op(op.i32Add).set(i);
  b.op(op.br, 0, op.end, op.end);
  // the last (up to) three rows subtracted, s − 3 … s − 1 of the block (a NaN row included), to their rolling slots
  b.get(s).i32(3).op(op.i32Sub).set(j);
  b.i32(0).get(j).get(j).i32(0).op(op.i32LtS, op.select).set(j);
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(j).get(s).op(op.i32GeS, op.brIf, 1);
  b.get(y).get(j).op(op.i32Add).set(yn);
  slotOf(0);
  blkI32('sub');
  b.get(j).get(w4).op(op.i32Mul, op.i32Add).get(w4).op(...MEMORY_COPY);
  b.get(j).i32(1).op(op.i32Add).set(j);
  b.op(op.br, 0, op.end, op.end);
  restore();
  b.get(ret);
  return { params: new Array<number>(10).fill(I32), results: [I32], locals: new Array<number>(19).fill(I32), body: b, exportName: 'subtractFilterRows' };
}

/** The int32 slots of {@link filterRowFunction}'s configuration block (byte offset = 4 · slot; the threshold as float64 at byte {@link FILTER_CONFIG_THR}). */
const FILTER_CONFIG = { r0: 0, r1: 1, r2: 2, w: 3, kp: 4, rec: 5, xs: 6, cds: 7, vals: 8 } as const;
const FILTER_CONFIG_THR = 40;
const FILTER_CONFIG_BYTES = 48;

/**
 * `filterRow(cfg, np, rowOff) → count`: a whole row's filter, threshold and records (see
 * {@link DetectKernels.filterRow}): the first pixel as detect.ts's filteredFirst and record, the
 * middle ones by `filterRecord` (function `filterIndex`), the last as filteredLast and record; the
 * floats of the TypeScript (float64 sums of the float32 products' doubles, rounded where it calls
 * `Math.fround`). Rows of at least 2 pixels.
 */
function filterRowFunction(filterIndex: number): Body {
  const [cfg, np, rowOff] = [0, 1, 2];
  const [n, last, r0, r1, r2, kp, rec, xs, cds, vals, x] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
  const [c, thr] = [14, 15];
  const v = 16;
  const b = new Body();
  const fromConfig: Array<[number, keyof typeof FILTER_CONFIG]> = [[r0, 'r0'], [r1, 'r1'], [r2, 'r2'], [kp, 'kp'], [rec, 'rec'], [xs, 'xs'], [cds, 'cds'], [vals, 'vals']];
  for (const [l, name] of fromConfig) b.get(cfg).mem(op.i32Load, 2, 4 * FILTER_CONFIG[name]).set(l);
  b.get(cfg).mem(op.f64Load, 3, FILTER_CONFIG_THR).set(thr);
  b.get(cfg).mem(op.i32Load, 2, 4 * FILTER_CONFIG.w).i32(1).op(op.i32Sub).set(last);
  const f32r = () => b.op(op.f32DemoteF64, op.f64PromoteF32);
  /** k[i] · row[x + dx] (x a local, the pixel's column), in float64. */
  const term = (i: number, row: number, dx: number) => {
    b.get(kp).mem(op.f64Load, 3, 8 * i);
    b.get(row).get(x).i32(2).op(op.i32Shl, op.i32Add);
    if (dx < 0) b.i32(4).op(op.i32Sub);
    b.mem(op.f32Load, 2, dx > 0 ? 4 : 0).op(op.f64PromoteF32, op.f64Mul);
  };
  /** f32(f32(f32(row 0's pair) + row 1's pair) + row 2's pair), the kernel's columns `k0`, `k0 + 1` over the pixels x + dx, x + dx + 1. */
  const edge = (k0: number, dx: number) => {
    [r0, r1, r2].forEach((row, j) => {
      term(3 * j + k0, row, dx);
      term(3 * j + k0 + 1, row, dx + 1);
      b.op(op.f64Add);
      if (j > 0) b.op(op.f64Add);
      f32r();
    });
    b.set(c);
  };
  /** The record of pixel x (filtered value c) when above the threshold: record(x, c, …) of detect.ts; else rec[x] = −1. */
  const recordIf = () => {
    b.get(rec).get(x).i32(2).op(op.i32Shl, op.i32Add);
    b.get(c).get(thr).op(op.f64Gt, op.if, I32);
    b.get(xs).get(n).i32(2).op(op.i32Shl, op.i32Add).get(rowOff).get(x).op(op.i32Add).mem(op.i32Store, 2);
    b.get(vals).get(n).i32(2).op(op.i32Shl, op.i32Add);
    b.get(r1).get(x).i32(2).op(op.i32Shl, op.i32Add).mem(op.f32Load, 2).tee(v);
    b.i32(0).op(op.f32ReinterpretI32).get(v).get(v).op(op.f32Eq, op.select).mem(op.f32Store, 2);
    b.get(cds).get(n).i32(2).op(op.i32Shl, op.i32Add).get(c).op(op.f32DemoteF64).mem(op.f32Store, 2);
    b.get(np).get(n).op(op.i32Add);
    b.get(n).i32(1).op(op.i32Add).set(n);
    b.op(op.else).i32(-1).op(op.end);
    b.mem(op.i32Store, 2);
  };
  // the first pixel: filteredFirst (kernel columns 1, 2 over pixels 0, 1)
  b.i32(0).set(x);
  edge(1, 0);
  recordIf();
  // the middle
  b.get(n);
  b.get(r0).get(r1).get(r2).get(last).i32(1).op(op.i32Add).get(kp).get(thr).get(rec);
  b.get(np).get(n).op(op.i32Add);
  for (const a of [xs, cds, vals]) b.get(a).get(n).i32(2).op(op.i32Shl, op.i32Add);
  b.get(rowOff).op(op.call, filterIndex, op.i32Add).set(n);
  // the last pixel: filteredLast (kernel columns 0, 1 over pixels last − 1, last)
  b.get(last).set(x);
  edge(0, -1);
  recordIf();
  b.get(n);
  return b;
}

/** `filterRecord(r0, r1, r2, w, kp, thr, rec, np, xs, cds, vals, rowOff) → count` (byte addresses but np and rowOff; see {@link DetectKernels.filterRecord}). */
function filterFunction(): Body {
  // params 0 r0, 1 r1, 2 r2, 3 w, 4 kp, 5 thr (f64), 6 rec, 7 np, 8 xs, 9 cds, 10 vals, 11 rowOff;
  // locals 12 x, 13 o, 14 last, 15 n, 16 m, 17 p (i32); 18 v (f32); 19 cv, 20 THR, 21 cv of the
  // second pair, 22–24 a kernel row's weights (v128).
  // Four pixels a step (two f64x2 pairs): each kernel weight is splatted from memory (float64 at
  // kp) once for both pairs, into one of three locals for the kernel row being summed. (Nine
  // weight vectors live across the loop ran ~25 % slower: more vectors than registers.)
  const rows = [0, 1, 2];
  const [r1, w, kp, thr, rec, np, xs, cds, vals, rowOff, x, o, last, n, m, p, v, cv, THR, cv2] = [1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21];
  const E = [22, 23, 24];
  const K = [25, 26, 27];
  const b = new Body();
  const s = (code: number, ...imm: number[]) => b.simd(code, ...imm);
  const f32r = () => s(simd.f32x4DemoteF64x2Zero).simd(simd.f64x2PromoteLowF32x4);
  b.get(thr);
  s(simd.f64x2Splat);
  b.set(THR);
  b.get(w).i32(1).op(op.i32Sub).set(last);
  b.i32(1).set(x);
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(x).get(last).op(op.i32GeS, op.brIf, 1);
  b.get(x).i32(2).op(op.i32Shl).set(o);
  // each kernel row: (a·P + b·Q) + c·S over each pair's left, own and right pixels, in float64
  // (the second pair's loads may read up to 3 values past the row: its 16 bytes of slack)
  for (const j of rows) {
    b.get(j).get(o).op(op.i32Add).i32(4).op(op.i32Sub).set(p);
    // the row's pixels x − 1 … x + 4 promoted once: E0 = [x−1, x], E1 = [x+1, x+2], E2 = [x+3, x+4]
    for (let e = 0; e < 3; e++) {
      b.get(p);
      s(simd.load64Zero, 2, 8 * e);
      s(simd.f64x2PromoteLowF32x4);
      b.set(E[e]);
    }
    for (let i = 0; i < 3; i++) {
      b.get(kp);
      s(simd.load64Splat, 3, 8 * (3 * j + i));
      b.set(K[i]);
    }
    for (const [acc, e] of [
      [cv, 0],
      [cv2, 1],
    ] as const) {
      if (j > 0) b.get(acc);
      for (let i = 0; i < 3; i++) {
        b.get(K[i]);
        if (i === 0) b.get(E[e]);
        else if (i === 2) b.get(E[e + 1]);
        else {
          // [x + 2e, x + 2e + 1]: E[e]'s high lane, E[e + 1]'s low lane
          b.get(E[e]).get(E[e + 1]);
          s(simd.i8x16Shuffle, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23);
        }
        s(simd.f64x2Mul);
        if (i > 0) s(simd.f64x2Add);
      }
      // f32(f32(f32(t0) + t1) + t2)
      if (j > 0) s(simd.f64x2Add);
      f32r();
      b.set(acc);
    }
  }
  // the lanes above the threshold (bit l: pixel x + l), only those before `last` (the caller's)
  b.get(cv).get(THR);
  s(simd.f64x2Gt);
  s(simd.i64x2Bitmask);
  b.get(cv2).get(THR);
  s(simd.f64x2Gt);
  s(simd.i64x2Bitmask);
  b.i32(2).op(op.i32Shl, op.i32Or);
  // valid lanes: min(4, last − x) of them
  b.i32(15);
  b.i32(1).get(last).get(x).op(op.i32Sub).op(op.i32Shl).i32(1).op(op.i32Sub);
  b.get(last).get(x).op(op.i32Sub).i32(4).op(op.i32GeS, op.select);
  b.op(op.i32And).set(m);
  b.get(rec).get(o).op(op.i32Add).op(op.i64Const, 0x7f).mem(op.i64Store, 2);
  b.get(rec).get(o).op(op.i32Add).op(op.i64Const, 0x7f).mem(op.i64Store, 2, 8);
  b.get(m).op(op.if, EMPTY);
  for (const lane of [0, 1, 2, 3]) {
    b.get(m).i32(1 << lane).op(op.i32And, op.if, EMPTY);
    b.get(rec).get(o).op(op.i32Add).get(np).get(n).op(op.i32Add).mem(op.i32Store, 2, 4 * lane);
    b.get(xs).get(n).i32(2).op(op.i32Shl, op.i32Add).get(rowOff).get(x).op(op.i32Add).i32(lane).op(op.i32Add).mem(op.i32Store, 2);
    // vals[n] = v === v ? v : 0, v = r1[x + lane]
    b.get(vals).get(n).i32(2).op(op.i32Shl, op.i32Add);
    b.get(r1).get(o).op(op.i32Add).mem(op.f32Load, 2, 4 * lane).tee(v);
    b.i32(0).op(op.f32ReinterpretI32).get(v).get(v).op(op.f32Eq, op.select).mem(op.f32Store, 2);
    b.get(cds).get(n).i32(2).op(op.i32Shl, op.i32Add).get(lane < 2 ? cv : cv2);
    s(simd.f64x2ExtractLane, lane & 1);
    b.op(op.f32DemoteF64).mem(op.f32Store, 2);
    b.get(n).i32(1).op(op.i32Add).set(n);
    b.op(op.end);
  }
  b.op(op.end);
  b.get(x).i32(4).op(op.i32Add).set(x);
  b.op(op.br, 0, op.end, op.end);
  b.get(n);
  return b;
}

/**
 * The module: imports `env.mem` and `env.exp`, `env.log`, `env.pow`, `env.log2` (kernel-imports.ts:
 * `Math.exp`, `Math.log`, `Math.pow`, `Math.log2`, functions 0 … 3, so that its own functions are
 * numbered from {@link KERNEL_IMPORT_COUNT} = 4 on; the indices below are of its own functions, +4 in
 * the module), exports `subtract`,
 * `filterRecord`, `lutzRow` (lutz-wasm.ts) and the background meshes' `meshSums`, `meshClipped` and
 * `meshHisto` (mesh-wasm.ts) and deblending's `levelScan` (level-wasm.ts, which calls `lutzRow`,
 * function 2), `levelBranch` (which calls `levelScan`, function 6), `componentMap`,
 * `componentSums` and `mayBranch` (functions 7–10), and photometry's `photObject` and the functions
 * it calls (phot-wasm.ts, functions 11–16), and `subtractRow` (function 17: the spline's nodes of a
 * row, then `subtract`, function 0) and `filterRow` (function 18: a row's first and last pixels and
 * `filterRecord`, function 1, for the others), the background meshes' `meshSumsPairs` and
 * `meshClippedPairs` (mesh-wasm.ts, functions 19 and 20), and deblending's `componentFwhm` and
 * `gatherPixels` (level-wasm.ts, functions 21 and 22, which call the imported `log` and `exp`) and
 * `listSums` (function 23), and `subtractFilterRow` (function 24: `subtractRow` then, without a NaN,
 * `filterRow` and `lutzRow`, one call from JavaScript for the three), CLEAN's `cleanObjects`
 * (clean-wasm.ts, function 25, which calls the imported `pow` and `log2`), and the background meshes'
 * `meshGuess` and `meshMode` (mode-wasm.ts, functions 26 and 27: a histogram's clipped mode; a mesh's
 * quantisation, histogram by `meshHisto`, function 5, and mode by `meshGuess`), and the background
 * model's `windowMedian`, `splineY` and `backgroundGrid` (grid-wasm.ts, functions 28–30: the last
 * calls the first two), and `meshRow` (mode-wasm.ts, function 31: a mesh row's statistics by
 * `meshSums`, `meshClipped`, the pair functions and `meshMode`), and CLEAN's minarea threshold of
 * an object of the component loaded for deblending, `componentMinarea` (minarea-wasm.ts, function 32), and `listComponents`
 * (lutz-wasm.ts, function 33: a strip's completed components' pixel lists walked along `next`),
 * and `subtractFilterRows` (function 34: `subtractFilterRow`'s work for a block of rows, their
 * records and completions gathered in its rooms), and `xWeights` (function 35: a background model's
 * x weights, background.ts's xWeights, into the kernels' memory), and `levelTree` (level-wasm.ts,
 * function 37: a deblended component's whole level tree by `levelBranch`, function 7), and
 * `gatherOrder` (level-wasm.ts, function 38: a strip's component copied in by its records' order).
 * Its bytes are compiled from detect-wasm-bytes.ts's copy (cheaper than running this on a cold start).
 */
export function detectModuleBytes(): Uint8Array {
  /** The module's index of its own function `i`. */
  const fn = (i: number): number => KERNEL_IMPORT_COUNT + i;
  return wasmModule(
    [
      {
        params: [I32, I32, I32, I32, I32, I32, I32, I32, I32],
        results: [I32],
        locals: [I32, I32, I32, I32, F64, F64, F32, I32, I32, I32, V128, V128, V128, V128, V128, V128, V128, V128],
        body: subtractFunction(),
        exportName: 'subtract',
      },
      {
        params: [I32, I32, I32, I32, I32, F64, I32, I32, I32, I32, I32, I32],
        results: [I32],
        locals: [I32, I32, I32, I32, I32, I32, F32, V128, V128, V128, V128, V128, V128, V128, V128, V128],
        body: filterFunction(),
        exportName: 'filterRecord',
      },
      { params: [I32, I32, I32, I32, I32, I32], results: [], locals: new Array<number>(LUTZ_LOCALS).fill(I32), body: lutzRowFunction(), exportName: 'lutzRow' },
      ...meshFunctions(),
      levelFunction(fn(2)),
      levelBranchEntry(fn(6)),
      componentMapEntry(),
      componentSumsEntry(),
      mayBranchEntry(),
      ...photFunctions(fn(11)),
      subtractRowEntry(fn(0)),
      { params: [I32, I32, I32], results: [I32], locals: [...new Array<number>(11).fill(I32), F64, F64, F32], body: filterRowFunction(fn(1)), exportName: 'filterRow' },
      ...meshPairFunctions(),
      componentFwhmEntry(),
      gatherPixelsEntry(),
      listSumsEntry(),
      // (detect-glue: detection's row glue)
      subtractFilterRowEntry(fn(17), fn(18), fn(2)),
      // (clean-wasm: CLEAN, function 25)
      cleanObjectsEntry(),
      // (back-wasm: a background mesh's mode, and its quantisation and histogram — meshHisto, function 5)
      ...meshModeEntries(fn(26), fn(5)),
      // (back-wasm: the background model's grids)
      ...gridEntries(fn(28)),
      // (back-wasm: a whole mesh row, the functions above for its meshes)
      meshRowEntry({ sums: fn(3), clipped: fn(4), sumsPairs: fn(19), clippedPairs: fn(20), mode: fn(27) }),
      // (deblend-glue: CLEAN's minarea threshold of an object of the loaded component, function 32)
      componentMinareaEntry(),
      // (detect-glue2: a strip's component lists, function 33)
      listComponentsEntry(),
      // (detect-rows: a block of rows' subtractFilterRow in one call, function 34)
      subtractFilterRowsEntry(fn(17), fn(18), fn(2)),
      // (detect-rows: a model's x weights, function 35)
      xWeightsEntry(),
      // (measure-glue: measureObject's arithmetic around photObject (function 16), function 36)
      photSourceFunction(fn(16)),
      // (level-tree: a component's whole level tree by levelBranch (function 7), function 37)
      levelTreeEntry(fn(7)),
      // (strip-gather: a strip's component copied in for deblending, function 38)
      gatherOrderEntry(),
    ],
    KERNEL_IMPORTS,
  );
}
