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
 * Memory (a `WebAssembly.Memory` of its own, regrown when a component needs more): the scan's block,
 * a `rec` row, `next`, the component's local map, its filtered values, and the completions (pairs).
 */
import { Body, F64, I32, op, wasmApi, type WasmFunction } from '../wasm/index.js';
import { lutzBlockBytes, lutzStride } from './lutz-wasm.js';

type LevelFn = (block: number, stride: number, rec: number, next: number, map: number, mapStride: number, cd: number, tk: number, nx0: number, nw: number, ny0: number, ny1: number, out: number) => number;

/** The block type of a block, loop or if without parameters or results. */
const EMPTY = 0x40;

/** 16-byte aligned room for `n` 4-byte values (and 16 bytes of slack). */
function room(n: number): number {
  return (n * 4 + 16 + 15) & ~15;
}

/** See the module comment; made by detect-wasm.ts's `levelKernels`. */
export class LevelKernels {
  /** After {@link scan}: pairs (first pixel, pixel count) of the completed objects. */
  out = new Int32Array(0);
  /** The pixel lists (`next[p]`, −1 ends a list), linked by {@link scan}. */
  next = new Int32Array(0);
  private map = new Int32Array(0);
  private cd = new Float32Array(0);
  private rec = new Int32Array(0);
  private block = 0;
  private stride = 0;
  private fn: LevelFn | null = null;
  /** Room for a component of this many pixels, this bounding-box width and this many map cells. */
  private capN = 0;
  private capW = 0;
  private capCells = 0;
  private mapStride = 0;

  constructor(private readonly mod: object) {}

  /** Copy in a component's `n` filtered values (`cd[s0 …]`) and its local map (`cells` cells, rows of `bw` + 2: see deblend.ts). */
  load(cd: Float32Array, s0: number, n: number, map: Int32Array, cells: number, bw: number): void {
    if (n > this.capN || bw > this.capW || cells > this.capCells) this.grow(Math.max(n, this.capN * 2), Math.max(bw, this.capW * 2), Math.max(cells, this.capCells * 2));
    this.cd.set(cd.subarray(s0, s0 + n));
    this.map.set(map.subarray(0, cells));
    this.mapStride = bw + 2;
  }

  /**
   * The level of threshold `tk` in columns `nx0 … nx0 + nw − 1` and rows `ny0 … ny1` of the loaded
   * component's box (local coordinates): the number of completed objects, in {@link out}.
   */
  scan(nx0: number, nw: number, ny0: number, ny1: number, tk: number): number {
    return this.fn!(this.block, this.stride, this.rec.byteOffset, this.next.byteOffset, this.map.byteOffset, this.mapStride, this.cd.byteOffset, tk, nx0, nw, ny0, ny1, this.out.byteOffset);
  }

  private grow(n: number, w: number, cells: number): void {
    const api = wasmApi()!;
    const block = 16;
    const bytes = block + lutzBlockBytes(w) + room(w) + room(n) + room(cells) + room(n) + room(2 * n);
    const memory = new api.Memory({ initial: Math.ceil(bytes / 65536) });
    const instance = new api.Instance(this.mod, { env: { mem: memory } });
    this.fn = instance.exports.levelScan as LevelFn;
    const buffer = memory.buffer;
    let at = block + lutzBlockBytes(w);
    this.block = block;
    this.stride = lutzStride(w);
    this.rec = new Int32Array(buffer, at, w);
    at += room(w);
    // (never at address 0, which tells the scan that `next` is not in this memory)
    this.next = new Int32Array(buffer, at, n);
    at += room(n);
    this.map = new Int32Array(buffer, at, cells);
    at += room(cells);
    this.cd = new Float32Array(buffer, at, n);
    at += room(n);
    this.out = new Int32Array(buffer, at, 2 * n);
    this.capN = n;
    this.capW = w;
    this.capCells = cells;
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
