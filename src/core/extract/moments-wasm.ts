/**
 * The two pixel passes of moments.ts's analysePixels in WebAssembly, a function of detect-wasm.ts's
 * module, for a list of consecutive records (every component that stays whole, most objects): the
 * box, peaks and filtered flux of the first pass; the isophotal counts, unfiltered flux and the
 * first and second moments' sums of the second. On a cold start those loops ran in V8's interpreter
 * for the first hundreds of objects, boxing the doubles of their sums (~3 MB of a 1024² field).
 *
 * The floats are the TypeScript's, operation for operation: float32 values promoted to float64,
 * sums in float64 in record order, `(thresh + peak) / 2` in float64, `(i / width) | 0` as an
 * integer division (indices are non-negative).
 *
 * Out (float64, in this order): xmin, xmax, ymin, ymax, peak, xpeak, ypeak, cpeak, Σcd, Σvalue,
 * dnpix, area2, Σcd·x, Σcd·y, Σcd·x², Σcd·y², Σcd·x·y (x, y from the box's corner).
 */
import { Body, F64, I32, op, wasmApi, type WasmFunction } from '../wasm/index.js';

type AnalyseFn = (idx: number, value: number, cd: number, n: number, width: number, thresh: number, xy: number, out: number) => void;

/** The block type of a block, loop or if without parameters or results. */
const EMPTY = 0x40;

/** Number of float64 values {@link MomentKernels.analyse} writes. */
export const MOMENT_OUT = 17;

/** See the module comment; made by detect-wasm.ts's `momentKernels`. */
export class MomentKernels {
  /** After {@link analyse}: see the module comment. */
  out = new Float64Array(0);
  private idx = new Int32Array(0);
  private value = new Float32Array(0);
  private cd = new Float32Array(0);
  private xy = new Int32Array(0);
  private fn: AnalyseFn | null = null;
  private cap = 0;

  constructor(private readonly mod: object) {}

  /** Both passes over records `s0 … s0 + n − 1` of (`idx`, `value`, `cd`), in rows of `width`, threshold `thresh`. */
  analyse(idx: Int32Array, value: Float32Array, cd: Float32Array, s0: number, n: number, width: number, thresh: number): Float64Array {
    if (n > this.cap) this.grow(Math.max(n, 2 * this.cap, 256));
    this.idx.set(idx.subarray(s0, s0 + n));
    this.value.set(value.subarray(s0, s0 + n));
    this.cd.set(cd.subarray(s0, s0 + n));
    this.fn!(this.idx.byteOffset, this.value.byteOffset, this.cd.byteOffset, n, width, thresh, this.xy.byteOffset, this.out.byteOffset);
    return this.out;
  }

  private grow(n: number): void {
    const api = wasmApi()!;
    const bytes = 8 * MOMENT_OUT + 16 + 5 * (n * 4 + 16);
    const memory = new api.Memory({ initial: Math.ceil(bytes / 65536) });
    const instance = new api.Instance(this.mod, { env: { mem: memory } });
    this.fn = instance.exports.analyse as AnalyseFn;
    const buffer = memory.buffer;
    this.out = new Float64Array(buffer, 0, MOMENT_OUT);
    let at = 8 * MOMENT_OUT + 16;
    const next = (): number => {
      const a = at;
      at += (n * 4 + 16 + 15) & ~15;
      return a;
    };
    this.idx = new Int32Array(buffer, next(), n);
    this.value = new Float32Array(buffer, next(), n);
    this.cd = new Float32Array(buffer, next(), n);
    this.xy = new Int32Array(buffer, next(), 2 * n);
    this.cap = n;
  }
}

/** `analyse(idx, value, cd, n, width, thresh, xy, out)` (byte addresses but n, width, thresh): see the module comment. */
export function analyseFunction(): Body {
  const [idx, value, cd, n, width, thresh, xy, out] = [0, 1, 2, 3, 4, 5, 6, 7];
  // locals: i32 k 8, i 9, x 10, y 11, xmin 12, xmax 13, ymin 14, ymax 15, xpeak 16, ypeak 17, dnpix 18, area2 19;
  // f64 v 20, c 21, peak 22, cpeak 23, rv 24, tv 25, mx 26, my 27, mx2 28, my2 29, mxy 30, thresh2 31, fx 32, fy 33
  const [k, i, x, y, xmin, xmax, ymin, ymax, xpeak, ypeak, dnpix, area2] = [8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19];
  const [v, c, peak, cpeak, rv, tv, mx, my, mx2, my2, mxy, thresh2, fx, fy] = [20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33];
  const b = new Body();
  const f32At = (base: number) => b.get(base).get(k).i32(2).op(op.i32Shl, op.i32Add).mem(op.f32Load, 2).op(op.f64PromoteF32);
  const loop = (body: () => void) => {
    b.i32(0).set(k);
    b.op(op.block, EMPTY, op.loop, EMPTY);
    b.get(k).get(n).op(op.i32GeS, op.brIf, 1);
    body();
    b.get(k).i32(1).op(op.i32Add).set(k);
    b.op(op.br, 0, op.end, op.end);
  };
  const minMax = (l: number, val: number, cmp: number) => {
    b.get(val).get(l).op(cmp, op.if, EMPTY).get(val).set(l).op(op.end);
  };
  b.i32(1 << 30).set(xmin);
  b.i32(1 << 30).set(ymin);
  b.i32(-1).set(xmax);
  b.i32(-1).set(ymax);
  b.f64(-1e30).set(peak);
  b.f64(-1e30).set(cpeak);
  loop(() => {
    b.get(idx).get(k).i32(2).op(op.i32Shl, op.i32Add).mem(op.i32Load, 2).tee(i);
    b.get(width).op(op.i32DivS).tee(y);
    b.get(width).op(op.i32Mul).set(x);
    b.get(i).get(x).op(op.i32Sub).set(x);
    // xy[2k] = x, xy[2k + 1] = y (the second pass's)
    b.get(xy).get(k).i32(3).op(op.i32Shl, op.i32Add).get(x).mem(op.i32Store, 2, 0);
    b.get(xy).get(k).i32(3).op(op.i32Shl, op.i32Add).get(y).mem(op.i32Store, 2, 4);
    f32At(value);
    b.set(v);
    f32At(cd);
    b.set(c);
    b.get(peak).get(v).op(op.f64Lt, op.if, EMPTY);
    b.get(v).set(peak).get(x).set(xpeak).get(y).set(ypeak);
    b.op(op.end);
    b.get(cpeak).get(c).op(op.f64Lt, op.if, EMPTY).get(c).set(cpeak).op(op.end);
    b.get(rv).get(c).op(op.f64Add).set(rv);
    minMax(xmin, x, op.i32LtS);
    minMax(xmax, x, op.i32GtS);
    minMax(ymin, y, op.i32LtS);
    minMax(ymax, y, op.i32GtS);
  });
  b.get(thresh).get(peak).op(op.f64Add).f64(2).op(op.f64Div).set(thresh2);
  loop(() => {
    b.get(xy).get(k).i32(3).op(op.i32Shl, op.i32Add).mem(op.i32Load, 2, 0).get(xmin).op(op.i32Sub, op.f64ConvertI32S).set(fx);
    b.get(xy).get(k).i32(3).op(op.i32Shl, op.i32Add).mem(op.i32Load, 2, 4).get(ymin).op(op.i32Sub, op.f64ConvertI32S).set(fy);
    f32At(cd);
    b.set(c);
    f32At(value);
    b.set(v);
    b.get(tv).get(v).op(op.f64Add).set(tv);
    b.get(v).get(thresh).op(op.f64Gt, op.if, EMPTY).get(dnpix).i32(1).op(op.i32Add).set(dnpix).op(op.end);
    b.get(v).get(thresh2).op(op.f64Gt, op.if, EMPTY).get(area2).i32(1).op(op.i32Add).set(area2).op(op.end);
    b.get(mx).get(c).get(fx).op(op.f64Mul, op.f64Add).set(mx);
    b.get(my).get(c).get(fy).op(op.f64Mul, op.f64Add).set(my);
    b.get(mx2).get(c).get(fx).op(op.f64Mul).get(fx).op(op.f64Mul, op.f64Add).set(mx2);
    b.get(my2).get(c).get(fy).op(op.f64Mul).get(fy).op(op.f64Mul, op.f64Add).set(my2);
    b.get(mxy).get(c).get(fx).op(op.f64Mul).get(fy).op(op.f64Mul, op.f64Add).set(mxy);
  });
  const results: [number, boolean][] = [
    [xmin, true],
    [xmax, true],
    [ymin, true],
    [ymax, true],
    [peak, false],
    [xpeak, true],
    [ypeak, true],
    [cpeak, false],
    [rv, false],
    [tv, false],
    [dnpix, true],
    [area2, true],
    [mx, false],
    [my, false],
    [mx2, false],
    [my2, false],
    [mxy, false],
  ];
  results.forEach(([l, int], j) => {
    b.get(out).get(l);
    if (int) b.op(op.f64ConvertI32S);
    b.mem(op.f64Store, 3, 8 * j);
  });
  return b;
}

/** The function's entry for detect-wasm.ts's module. */
export function momentFunction(): WasmFunction {
  return {
    params: [I32, I32, I32, I32, I32, F64, I32, I32],
    results: [],
    locals: [...new Array<number>(12).fill(I32), ...new Array<number>(14).fill(F64)],
    body: analyseFunction(),
    exportName: 'analyse',
  };
}
