/**
 * The photometry of one object in WebAssembly, functions of detect-wasm.ts's module: the
 * circular apertures (core/aperture's sumCircleSep with `subpix` ≥ 1), the Kron radius
 * (kronRadius, inside 6 × the moment ellipse) and the AUTO flux (sumEllipse inside k·(A, B),
 * k = max(2.5·r_kron, 3.5)), for MASK_TYPE NONE. In TypeScript these loops ran in V8's
 * interpreter on a cold start until their optimised code arrived, boxing the doubles they summed
 * (most of the measure stage's CPU at 1024², and allocations the young generation scavenged).
 *
 * The floats are the TypeScript's, operation for operation: float32 pixels promoted to float64,
 * sums in float64 in the same order (rows top to bottom, columns left to right), the same pixel
 * boxes (C's casts toward zero), the same sub-pixel offsets (each accumulated as SEP does) and
 * the same table of overlaps by sub-pixel count; WebAssembly's f64 arithmetic, division and
 * square root are IEEE's, as JavaScript's, and it has no fused multiply-add.
 *
 * The pixels are a window of whole image rows copied into the kernels' memory, never the whole
 * image: a ring of `slots` rows (row y in slot y mod slots, ~1 MB), which
 * {@link PhotKernels.measure} moves when an aperture's box leaves it, copying only the rows it
 * lacks (the objects come in detection order, so the window moves down the image and each row is
 * copied about once). An object whose boxes are not finite integers (NaN or huge positions or
 * shapes), or have more rows than the ring, is left to the TypeScript (`measure` returns false).
 */
import { Body, EMPTY, F64, Fn, I32, loop, op, simd, V128, type WasmFunction } from '../wasm/index.js';
import { giveKernelInstance, type KernelInstance, takeKernelInstance } from './kernel-instances.js';

type PhotFn = (x: number, y: number, cxx: number, cyy: number, cxy: number, auto: number) => number;
type SourceFn = (x: number, y: number, a: number, b: number, theta: number, cos: number, sin: number, dpeak: number, background: number, fluxIso: number, isoArea: number) => number;

/** {@link photSourceFunction}'s block: three parameters (float64), then its results from {@link EXT_OUT} (see {@link PhotKernels.ext}). */
const EXT_RMS2 = 0;
const EXT_GAIN = 8;
const EXT_SATURATE = 16;
const EXT_OUT = 24;

/** The control block at address 0 (int32 values): the image, the window, the layout, and a box's outputs. */
const C = {
  width: 0,
  height: 4,
  /** The window's first row and the row after its last (rows in their slots, see {@link C.slots}). */
  wy0: 8,
  wy1: 12,
  nap: 16,
  subpix: 20,
  /** Byte addresses: the window's pixels, the radii, the results, the overlap table, the offsets' squares. */
  pix: 24,
  radii: 28,
  out: 32,
  steps: 36,
  sqx: 40,
  sqy: 44,
  /** Rows a box needs that the window lacks (status 1). */
  need0: 48,
  need1: 52,
  /** The last box: [xmin, xmax) × [ymin, ymax), 1 when clipped by the image border. */
  xmin: 56,
  xmax: 60,
  ymin: 64,
  ymax: 68,
  truncated: 72,
  /** Byte address of the ellipse loops' column terms (two float64 a column). */
  cols: 76,
  /** The ring's rows: image row y is at slot y mod slots. */
  slots: 80,
  /** Byte address of {@link photSourceFunction}'s block: its parameters, then its results (see {@link PhotKernels.ext}). */
  ext: 84,
} as const;
const CONTROL_BYTES = 96;

/**
 * The ring's size [bytes] (at least {@link WINDOW_MIN_ROWS} rows, at most the image's), and the
 * rows kept above the box that moved it. An object with a box of more rows than the ring is left
 * to the TypeScript (25 of the 10,700 objects of the synthetic 4096² field, none at 2048²):
 * a ring as tall as the tallest box cost ~4 MB of peak RSS at 4096².
 */
const WINDOW_BYTES = 1 << 20;
const WINDOW_MIN_ROWS = 64;
const WINDOW_MARGIN = 16;

/** 16-byte aligned room for `n` bytes. */
function room(n: number): number {
  return (n + 15) & ~15;
}

/** See the module comment; made by detect-wasm.ts's `photKernels`. */
export class PhotKernels {
  /**
   * After {@link measure}: for each radius j, `[3j]` the sum [ADU], `[3j + 1]` the area [px²],
   * `[3j + 2]` 1 when truncated; then (with `auto`) at k = 3·nap the Kron radius, its truncation
   * (k + 1), the AUTO sum, area and truncation (k + 2 … k + 4).
   */
  out = new Float64Array(0);
  /**
   * After {@link source}: for each radius j, `[j]` the flux error [ADU]; then at k = nap the Kron
   * radius, the AUTO flux and its error (NaN, NaN, NaN without an ellipse), the isophotal flux's
   * error, theta in degrees in (−90, 90], and the flags the photometry sets (saturated, aperture
   * incomplete), as extract.ts's measureObject computes them.
   */
  ext = new Float64Array(0);
  private fn: PhotFn | null = null;
  private sourceFn: SourceFn | null = null;
  private params = new Float64Array(0);
  private ctl = new Int32Array(0);
  private pix = new Float32Array(0);
  private rows = 0;
  private image: Float32Array | null = null;
  /** The instance and memory (kernel-instances.ts), until {@link release}. */
  private instance: KernelInstance | null = null;

  /** Kernels for an image of `width` × `height` pixels, circular apertures of radii `radii` [px] sampled `subpix`² (≥ 1) times a pixel. */
  constructor(
    private readonly mod: object,
    readonly width: number,
    readonly height: number,
    private readonly radii: readonly number[],
    private readonly subpix: number,
  ) {
    this.allocate(Math.min(height, Math.max(WINDOW_MIN_ROWS, Math.ceil(WINDOW_BYTES / (4 * width)))));
  }

  /**
   * Photometry of the object at (x, y) [px, 0-based] in `sub` (the background-subtracted image,
   * `width` × `height`), with the ellipse cxx·dx² + cyy·dy² + cxy·dx·dy (core/aperture's
   * ellipseCoeffs) when `auto`; results in {@link out}. False when the object is left to the
   * TypeScript (see the module comment).
   */
  measure(sub: Float32Array, x: number, y: number, cxx: number, cyy: number, cxy: number, auto: boolean): boolean {
    if (sub !== this.image) {
      this.image = sub;
      this.ctl[C.wy0 >> 2] = 0;
      this.ctl[C.wy1 >> 2] = 0;
    }
    // (a box's rows are always in the window after one move: the bound is a guard)
    for (let tries = 0; tries < 8; tries++) {
      const status = this.fn!(x, y, cxx, cyy, cxy, auto ? 1 : 0);
      if (status === 0) return true;
      if (status !== 1 || !this.load(sub, this.ctl[C.need0 >> 2], this.ctl[C.need1 >> 2])) return false;
    }
    return false;
  }

  /** Done with the kernels (the image's objects are measured): their instance goes back for the next stage's (kernel-instances.ts); none of this object's methods or arrays may be used after. */
  release(): void {
    if (this.instance !== null) giveKernelInstance(this.instance);
    this.instance = null;
  }

  /** The noise and saturation of {@link source}'s errors and flags: the global RMS squared [ADU²], the gain [e−/ADU], the saturation level [ADU]. */
  setLevels(rms2: number, gain: number, saturate: number): void {
    this.params[EXT_RMS2 >> 3] = rms2;
    this.params[EXT_GAIN >> 3] = gain;
    this.params[EXT_SATURATE >> 3] = saturate;
  }

  /**
   * {@link measure} and the rest of measureObject's arithmetic in one call (results in {@link out}
   * and {@link ext}): the ellipse (core/aperture's ellipseCoeffs of a, b, `theta` [rad] from
   * `cos` = Math.cos(theta), `sin` = Math.sin(theta)) when a, b, theta are finite and a, b > 0,
   * the photometry, the flux errors with {@link setLevels}' values (`fluxIso` over `isoArea`
   * pixels for the isophotal one), theta in degrees and the saturation flag of `dpeak` +
   * `background`. False when the object is left to the TypeScript.
   */
  source(sub: Float32Array, x: number, y: number, a: number, b: number, theta: number, cos: number, sin: number, dpeak: number, background: number, fluxIso: number, isoArea: number): boolean {
    if (sub !== this.image) {
      this.image = sub;
      this.ctl[C.wy0 >> 2] = 0;
      this.ctl[C.wy1 >> 2] = 0;
    }
    for (let tries = 0; tries < 8; tries++) {
      const status = this.sourceFn!(x, y, a, b, theta, cos, sin, dpeak, background, fluxIso, isoArea);
      if (status === 0) return true;
      if (status !== 1 || !this.load(sub, this.ctl[C.need0 >> 2], this.ctl[C.need1 >> 2])) return false;
    }
    return false;
  }

  /**
   * Move the window so that it holds rows need0 … need1 − 1 (and the rows below, as many as it has
   * room for), copying in the rows it did not hold; false (nothing moved) when they are more rows
   * than the ring has.
   */
  private load(sub: Float32Array, need0: number, need1: number): boolean {
    const n = need1 - need0;
    if (n > this.rows) return false;
    const y0 = Math.max(0, Math.min(need0 - Math.min(WINDOW_MARGIN, this.rows - n), this.height - this.rows));
    const y1 = Math.min(this.height, y0 + this.rows);
    const old0 = this.ctl[C.wy0 >> 2];
    const old1 = this.ctl[C.wy1 >> 2];
    // the rows of [y0, y1) outside [old0, old1): the others are in their slots already
    if (old1 <= y0 || y1 <= old0 || old0 >= old1) this.copy(sub, y0, y1);
    else {
      if (y0 < old0) this.copy(sub, y0, old0);
      if (old1 < y1) this.copy(sub, old1, y1);
    }
    this.ctl[C.wy0 >> 2] = y0;
    this.ctl[C.wy1 >> 2] = y1;
    return true;
  }

  /** Copy rows y0 … y1 − 1 (at most {@link rows} of them) of `sub` into their slots. */
  private copy(sub: Float32Array, y0: number, y1: number): void {
    const w = this.width;
    const s0 = y0 % this.rows;
    // up to the ring's end, then from its start
    const n0 = Math.min(y1 - y0, this.rows - s0);
    this.pix.set(sub.subarray(y0 * w, (y0 + n0) * w), s0 * w);
    if (n0 < y1 - y0) this.pix.set(sub.subarray((y0 + n0) * w, y1 * w), 0);
  }

  /** A memory (and instance) with a window of `rows` rows. */
  private allocate(rows: number): void {
    const nap = this.radii.length;
    const sp = this.subpix;
    const radiiAt = CONTROL_BYTES;
    const outAt = radiiAt + room(8 * nap);
    const stepsAt = outAt + room(8 * (3 * nap + 5));
    const sqxAt = stepsAt + room(8 * (sp * sp + 1));
    const sqyAt = sqxAt + room(8 * sp * (this.width + 1));
    const colsAt = sqyAt + room(8 * sp * (this.height + 1));
    const extAt = colsAt + room(16 * (this.width + 2));
    const pixAt = extAt + room(EXT_OUT + 8 * (nap + 6));
    const bytes = pixAt + room(4 * this.width * rows);
    const instance = takeKernelInstance(this.mod, bytes);
    const memory = instance.memory;
    this.instance = instance;
    this.fn = instance.exports.photObject as PhotFn;
    this.sourceFn = instance.exports.photSource as SourceFn;
    const buffer = memory.buffer;
    const ctl = new Int32Array(buffer, 0, CONTROL_BYTES >> 2);
    ctl[C.width >> 2] = this.width;
    ctl[C.height >> 2] = this.height;
    ctl[C.nap >> 2] = nap;
    ctl[C.subpix >> 2] = sp;
    ctl[C.pix >> 2] = pixAt;
    ctl[C.radii >> 2] = radiiAt;
    ctl[C.out >> 2] = outAt;
    ctl[C.steps >> 2] = stepsAt;
    ctl[C.sqx >> 2] = sqxAt;
    ctl[C.sqy >> 2] = sqyAt;
    ctl[C.cols >> 2] = colsAt;
    ctl[C.slots >> 2] = rows;
    ctl[C.ext >> 2] = extAt;
    // an empty window: the first object loads its rows
    ctl[C.wy0 >> 2] = 0;
    ctl[C.wy1 >> 2] = 0;
    const radii = new Float64Array(buffer, radiiAt, nap);
    for (let j = 0; j < nap; j++) radii[j] = this.radii[j];
    this.ctl = ctl;
    this.out = new Float64Array(buffer, outAt, 3 * nap + 5);
    this.params = new Float64Array(buffer, extAt, EXT_OUT >> 3);
    this.ext = new Float64Array(buffer, extAt + EXT_OUT, nap + 6);
    this.pix = new Float32Array(buffer, pixAt, this.width * rows);
    this.rows = rows;
  }
}

/** An int32 of the control block onto the stack. */
function ctl(b: Body, at: number): Body {
  return b.i32(0).mem(op.i32Load, 2, at);
}

/** Return the int32 status in local `st` when it is not 0. */
function passOn(b: Body, st: number): void {
  b.tee(st).op(op.if, EMPTY).get(st).op(op.return, op.end);
}

/**
 * `box(x, y, rx, ry) → status`: sep.ts's boxExtent into the control block; 2 when a bound is not
 * an int32 (the TypeScript's then), 1 when the box has pixels outside the window (need0, need1 set).
 */
function boxFunction(): WasmFunction {
  const f = new Fn([F64, F64, F64, F64]);
  const [x, y, rx, ry] = [0, 1, 2, 3];
  const [xmin, xmax, ymin, ymax] = [f.local(F64), f.local(F64), f.local(F64), f.local(F64)];
  const tr = f.local(I32);
  const b = f.b;
  b.get(x).get(rx).op(op.f64Sub).f64(0.5).op(op.f64Add, op.f64Trunc).set(xmin);
  b.get(x).get(rx).op(op.f64Add).f64(1.4999999).op(op.f64Add, op.f64Trunc).set(xmax);
  b.get(y).get(ry).op(op.f64Sub).f64(0.5).op(op.f64Add, op.f64Trunc).set(ymin);
  b.get(y).get(ry).op(op.f64Add).f64(1.4999999).op(op.f64Add, op.f64Trunc).set(ymax);
  for (const lo of [xmin, ymin]) {
    b.get(lo).f64(0).op(op.f64Lt, op.if, EMPTY);
    b.f64(0).set(lo).i32(1).set(tr);
    b.op(op.end);
  }
  for (const [hi, size] of [
    [xmax, C.width],
    [ymax, C.height],
  ]) {
    ctl(b.get(hi), size).op(op.f64ConvertI32S, op.f64Gt, op.if, EMPTY);
    ctl(b, size).op(op.f64ConvertI32S).set(hi).i32(1).set(tr);
    b.op(op.end);
  }
  // |v| < 2³¹ − 1 (false for NaN): else the TypeScript's
  for (const v of [xmin, xmax, ymin, ymax]) {
    b.get(v).op(op.f64Abs).f64(2147483647).op(op.f64Lt, op.i32Eqz, op.if, EMPTY).i32(2).op(op.return, op.end);
  }
  for (const [v, at] of [
    [xmin, C.xmin],
    [xmax, C.xmax],
    [ymin, C.ymin],
    [ymax, C.ymax],
  ]) {
    b.i32(0).get(v).op(op.i32TruncF64S).mem(op.i32Store, 2, at);
  }
  b.i32(0).get(tr).mem(op.i32Store, 2, C.truncated);
  // pixels to read (xmin < xmax, ymin < ymax) outside the window's rows
  b.get(xmin).get(xmax).op(op.f64Lt).get(ymin).get(ymax).op(op.f64Lt, op.i32And);
  ctl(b.get(ymin), C.wy0).op(op.f64ConvertI32S, op.f64Lt);
  ctl(b.get(ymax), C.wy1).op(op.f64ConvertI32S, op.f64Gt, op.i32Or, op.i32And, op.if, EMPTY);
  b.i32(0).get(ymin).op(op.i32TruncF64S).mem(op.i32Store, 2, C.need0);
  b.i32(0).get(ymax).op(op.i32TruncF64S).mem(op.i32Store, 2, C.need1);
  b.i32(1).op(op.return, op.end);
  b.i32(0);
  return { params: f.params, results: [I32], locals: f.locals, body: b, exportName: 'photBox' };
}

/** `ellipseBox(x, y, cxx, cyy, cxy, r) → status`: sep.ts's ellipseBox, then {@link boxFunction}'s box (function `boxIndex`). */
function ellipseBoxFunction(boxIndex: number): WasmFunction {
  const f = new Fn([F64, F64, F64, F64, F64, F64]);
  const [x, y, cxx, cyy, cxy, r] = [0, 1, 2, 3, 4, 5];
  const [dxl, dyl] = [f.local(F64), f.local(F64)];
  const b = f.b;
  for (const [lim, c1, c2] of [
    [dxl, cxx, cyy],
    [dyl, cyy, cxx],
  ]) {
    // lim = c1 − cxy·cxy / (4·c2); lim > 0 ? r / √lim : 0
    b.get(c1).get(cxy).get(cxy).op(op.f64Mul).f64(4).get(c2).op(op.f64Mul, op.f64Div, op.f64Sub).set(lim);
    b.get(r).get(lim).op(op.f64Sqrt, op.f64Div).f64(0).get(lim).f64(0).op(op.f64Gt, op.select).set(lim);
  }
  b.get(x).get(y).get(dxl).get(dyl).op(op.call, boxIndex);
  return { params: f.params, results: [I32], locals: f.locals, body: b, exportName: 'photEllipseBox' };
}

/** Locals of the box and window, loaded from the control block after a box call. */
interface BoxLocals {
  xmin: number;
  xmax: number;
  ymin: number;
  iy: number;
  ymax: number;
  /** The byte address of pixel (0, iy) in the ring (set per row by {@link rows}). */
  rowAt: number;
  w: number;
  pix: number;
  slots: number;
  /** The current row's slot (see {@link rows}). */
  slot: number;
}

function boxLocals(f: Fn): BoxLocals {
  const l = {
    xmin: f.local(I32),
    xmax: f.local(I32),
    ymin: f.local(I32),
    ymax: f.local(I32),
    iy: f.local(I32),
    rowAt: f.local(I32),
    w: f.local(I32),
    pix: f.local(I32),
    slots: f.local(I32),
    slot: f.local(I32),
  };
  const b = f.b;
  ctl(b, C.xmin).set(l.xmin);
  ctl(b, C.xmax).set(l.xmax);
  ctl(b, C.ymin).set(l.ymin);
  ctl(b, C.ymax).set(l.ymax);
  ctl(b, C.width).set(l.w);
  ctl(b, C.pix).set(l.pix);
  ctl(b, C.slots).set(l.slots);
  return l;
}

/** The box's rows, top to bottom, with `rowAt` set: `body()` for each. */
function rows(b: Body, l: BoxLocals, body: () => void): void {
  b.get(l.ymin).set(l.iy);
  // the first row's slot (ymin mod slots), then the next slot a row, back to 0 at the ring's end
  b.get(l.ymin).get(l.slots).op(op.i32RemU).set(l.slot);
  loop(b, l.iy, l.ymax, () => {
    b.get(l.pix).get(l.slot).get(l.w).op(op.i32Mul).i32(2).op(op.i32Shl, op.i32Add).set(l.rowAt);
    b.get(l.slot).i32(1).op(op.i32Add).tee(l.slot).get(l.slots).op(op.i32Eq, op.if, EMPTY).i32(0).set(l.slot).op(op.end);
    body();
  });
}

/** The pixel at column `ix` of the current row (see {@link rows}), promoted to float64, onto the stack. */
function pixel(b: Body, l: BoxLocals, ix: number): void {
  b.get(l.rowAt).get(ix).i32(2).op(op.i32Shl, op.i32Add).mem(op.f32Load, 2).op(op.f64PromoteF32);
}

/** tv *= tot / (tot − mask) when 0 < mask < tot; then tv, tot and the box's truncation stored at `out`. */
function finishSum(b: Body, tv: number, tot: number, mask: number, out: number): void {
  b.get(mask).f64(0).op(op.f64Gt).get(tot).get(mask).op(op.f64Gt, op.i32And, op.if, EMPTY);
  b.get(tv).get(tot).get(tot).get(mask).op(op.f64Sub, op.f64Div, op.f64Mul).set(tv);
  b.op(op.end);
  b.get(out).get(tv).mem(op.f64Store, 3, 0);
  b.get(out).get(tot).mem(op.f64Store, 3, 8);
  ctl(b.get(out), C.truncated).op(op.f64ConvertI32S).mem(op.f64Store, 3, 16);
}

/** `circle(x, y, r, out) → status`: sep.ts's sumCircleSep (subpix ≥ 1): sum, area, truncated at `out`. */
function circleFunction(boxIndex: number): WasmFunction {
  const f = new Fn([F64, F64, F64, I32]);
  const [x, y, r, out] = [0, 1, 2, 3];
  const st = f.local(I32);
  const b = f.b;
  b.get(x).get(y).get(r).get(r).op(op.call, boxIndex);
  passOn(b, st);
  const l = boxLocals(f);
  const [sp, steps, sqx, sqy, i, k, o, ix, cnt, sy, sx, oy, ox] = Array.from({ length: 13 }, () => f.local(I32));
  const [r2, rin, rin2, rout2, scale, scale2, offset, d, acc, dy, dx, rpix2, dy2, ov, p, tv, tot, mask, xe] = Array.from({ length: 19 }, () => f.local(F64));
  const [R2, XAB, XCD, ACC] = Array.from({ length: 4 }, () => f.local(V128));
  ctl(b, C.subpix).set(sp);
  ctl(b, C.steps).set(steps);
  ctl(b, C.sqx).set(sqx);
  ctl(b, C.sqy).set(sqy);
  b.get(r).get(r).op(op.f64Mul).tee(r2).simd(simd.f64x2Splat).set(R2);
  b.get(r).f64(0.7072).op(op.f64Sub).set(rin);
  b.get(rin).get(rin).op(op.f64Mul).f64(0).get(rin).f64(0).op(op.f64Gt, op.select).set(rin2);
  b.get(r).f64(0.7072).op(op.f64Add).tee(rout2).get(rout2).op(op.f64Mul).set(rout2);
  b.f64(1).get(sp).op(op.f64ConvertI32S, op.f64Div).set(scale);
  b.get(scale).get(scale).op(op.f64Mul).set(scale2);
  b.f64(0.5).get(scale).f64(1).op(op.f64Sub, op.f64Mul).set(offset);
  // steps[k] = steps[k − 1] + scale2, steps[0] = 0 (sep.ts's subpixSteps), k ≤ subpix²
  b.get(steps).f64(0).mem(op.f64Store, 3);
  b.get(sp).get(sp).op(op.i32Mul).set(k);
  b.i32(0).set(i);
  loop(b, i, k, () => {
    b.get(acc).get(scale2).op(op.f64Add).set(acc);
    b.get(steps).get(i).i32(3).op(op.i32Shl, op.i32Add).get(acc).mem(op.f64Store, 3, 8);
  });
  // the squares of the sub-pixel offsets of the columns and rows (sep.ts's subOffsetSquares)
  for (const [at, c, lo, hi] of [
    [sqx, x, l.xmin, l.xmax],
    [sqy, y, l.ymin, l.ymax],
  ]) {
    b.get(at).set(o);
    b.get(lo).set(i);
    loop(b, i, hi, () => {
      b.get(i).op(op.f64ConvertI32S).get(c).op(op.f64Sub).get(offset).op(op.f64Add).set(d);
      b.i32(0).set(k);
      loop(b, k, sp, () => {
        b.get(o).get(d).get(d).op(op.f64Mul).mem(op.f64Store, 3);
        b.get(o).i32(8).op(op.i32Add).set(o);
        b.get(d).get(scale).op(op.f64Add).set(d);
      });
    });
  }
  rows(b, l, () => {
    b.get(l.iy).op(op.f64ConvertI32S).get(y).op(op.f64Sub).set(dy);
    b.get(sqy).get(l.iy).get(l.ymin).op(op.i32Sub).get(sp).op(op.i32Mul).i32(3).op(op.i32Shl, op.i32Add).set(oy);
    b.get(l.xmin).set(ix);
    loop(b, ix, l.xmax, () => {
      b.get(ix).op(op.f64ConvertI32S).get(x).op(op.f64Sub).set(dx);
      b.get(dx).get(dx).op(op.f64Mul).get(dy).get(dy).op(op.f64Mul, op.f64Add).tee(rpix2).get(rout2).op(op.f64Lt, op.if, EMPTY);
      b.get(rpix2).get(rin2).op(op.f64Gt, op.if, F64);
      // the sub-pixels inside the circle counted, their overlap looked up
      b.get(sqx).get(ix).get(l.xmin).op(op.i32Sub).get(sp).op(op.i32Mul).i32(3).op(op.i32Shl, op.i32Add).set(ox);
      b.i32(0).set(cnt);
      b.get(sp).i32(5).op(op.i32Eq, op.if, EMPTY);
      inside5(b, ox, oy, cnt, R2, r2, [XAB, XCD, ACC], xe, dy2);
      b.op(op.else);
      b.i32(0).set(sy);
      loop(b, sy, sp, () => {
        b.get(oy).get(sy).i32(3).op(op.i32Shl, op.i32Add).mem(op.f64Load, 3).set(dy2);
        b.i32(0).set(sx);
        loop(b, sx, sp, () => {
          b.get(cnt).get(ox).get(sx).i32(3).op(op.i32Shl, op.i32Add).mem(op.f64Load, 3).get(dy2).op(op.f64Add).get(r2).op(op.f64Lt, op.i32Add).set(cnt);
        });
      });
      b.op(op.end);
      b.get(steps).get(cnt).i32(3).op(op.i32Shl, op.i32Add).mem(op.f64Load, 3);
      b.op(op.else).f64(1).op(op.end).set(ov);
      pixel(b, l, ix);
      b.tee(p).get(p).op(op.f64Ne, op.if, EMPTY);
      b.get(mask).get(ov).op(op.f64Add).set(mask);
      b.op(op.else);
      b.get(tv).get(p).get(ov).op(op.f64Mul, op.f64Add).set(tv);
      b.op(op.end);
      b.get(tot).get(ov).op(op.f64Add).set(tot);
      b.op(op.end);
    });
  });
  finishSum(b, tv, tot, mask, out);
  b.i32(0);
  return { params: f.params, results: [I32], locals: f.locals, body: b, exportName: 'photCircle' };
}

/**
 * sep.ts's inside5 into `cnt`: how many of the 5 × 5 sub-pixels at the offsets' squares `ox`
 * (columns) and `oy` (rows) have sqx + sqy < r² (`R2`: r² in both lanes), the first four columns
 * two at a time (f64x2: each lane the scalar sum and comparison), the fifth alone.
 */
function inside5(b: Body, ox: number, oy: number, cnt: number, R2: number, r2: number, [XAB, XCD, ACC]: readonly number[], xe: number, dy2: number): void {
  b.get(ox).simd(simd.load, 3, 0).set(XAB);
  b.get(ox).simd(simd.load, 3, 16).set(XCD);
  b.get(ox).mem(op.f64Load, 3, 32).set(xe);
  b.v128(new Uint8Array(16)).set(ACC);
  for (let sy = 0; sy < 5; sy++) {
    b.get(oy).mem(op.f64Load, 3, 8 * sy).set(dy2);
    for (const X of [XAB, XCD]) {
      // ACC −= (X + dy2 < r²): a lane's count goes up by one where its comparison is all ones (−1)
      b.get(ACC).get(X).get(dy2).simd(simd.f64x2Splat).simd(simd.f64x2Add).get(R2).simd(simd.f64x2Lt).simd(simd.i64x2Sub).set(ACC);
    }
    b.get(cnt).get(xe).get(dy2).op(op.f64Add).get(r2).op(op.f64Lt, op.i32Add).set(cnt);
  }
  b.get(cnt).get(ACC).simd(simd.i64x2ExtractLane, 0).op(op.i32WrapI64, op.i32Add);
  b.get(ACC).simd(simd.i64x2ExtractLane, 1).op(op.i32WrapI64, op.i32Add).set(cnt);
}

/**
 * `kron(x, y, cxx, cyy, cxy, r, out) → status`: sep.ts's kronRadius (plain pixels): the radius
 * and the truncation at `out`. `sum` (`ellipse`): sumEllipse's sum, area and truncation instead.
 */
function ellipseFunction(ellipseBoxIndex: number, sum: boolean): WasmFunction {
  const f = new Fn([F64, F64, F64, F64, F64, F64, I32]);
  const [x, y, cxx, cyy, cxy, r, out] = [0, 1, 2, 3, 4, 5, 6];
  const st = f.local(I32);
  const b = f.b;
  b.get(x).get(y).get(cxx).get(cyy).get(cxy).get(r).op(op.call, ellipseBoxIndex);
  passOn(b, st);
  const l = boxLocals(f);
  const [ix, area, cols, a, c, cstride, last] = Array.from({ length: 7 }, () => f.local(I32));
  const [r2, dy, dx, rpix2, p, r1, v1, tot, mask, yy] = Array.from({ length: 10 }, () => f.local(F64));
  const [R2, YY, DY, RP, IN, P] = Array.from({ length: 6 }, () => f.local(V128));
  b.get(r).get(r).op(op.f64Mul).tee(r2).simd(simd.f64x2Splat).set(R2);
  // each column's cxx·dx·dx (at `cols`) and cxy·dx (`cstride` bytes on), each row's cyy·dy·dy:
  // the pixel's (cxx·dx·dx + cyy·dy·dy) + cxy·dx·dy is then two loads, a product and two sums,
  // the same floats, two pixels at a time (f64x2)
  ctl(b, C.cols).tee(cols).set(a);
  b.get(l.w).i32(2).op(op.i32Add).i32(3).op(op.i32Shl).set(cstride);
  b.get(l.xmin).set(ix);
  loop(b, ix, l.xmax, () => {
    b.get(ix).op(op.f64ConvertI32S).get(x).op(op.f64Sub).set(dx);
    b.get(a).get(cxx).get(dx).op(op.f64Mul).get(dx).op(op.f64Mul).mem(op.f64Store, 3, 0);
    b.get(a).get(cstride).op(op.i32Add).get(cxy).get(dx).op(op.f64Mul).mem(op.f64Store, 3, 0);
    b.get(a).i32(8).op(op.i32Add).set(a);
  });
  b.get(l.xmax).i32(1).op(op.i32Sub).set(last);
  /** The scalar test and sums of the pixel `ix` whose rpix2 is on the stack (sep.ts's loops). */
  const scalar = (): void => {
    if (sum) {
      // whole pixels with centres inside (<), NaN masked
      b.get(r2).op(op.f64Lt, op.if, EMPTY);
      pixel(b, l, ix);
      b.tee(p).get(p).op(op.f64Ne, op.if, EMPTY);
      b.get(mask).f64(1).op(op.f64Add).set(mask);
      b.op(op.else);
      b.get(r1).get(p).op(op.f64Add).set(r1);
      b.op(op.end);
      b.get(tot).f64(1).op(op.f64Add).set(tot);
      b.op(op.end);
    } else {
      // r1 += √rpix2 · p, v1 += p over pixels with rpix2 ≤ r², NaN skipped
      b.tee(rpix2).get(r2).op(op.f64Le, op.if, EMPTY);
      pixel(b, l, ix);
      b.tee(p).get(p).op(op.f64Eq, op.if, EMPTY);
      b.get(r1).get(rpix2).op(op.f64Sqrt).get(p).op(op.f64Mul, op.f64Add).set(r1);
      b.get(v1).get(p).op(op.f64Add).set(v1);
      b.get(area).i32(1).op(op.i32Add).set(area);
      b.op(op.end, op.end);
    }
  };
  rows(b, l, () => {
    b.get(l.iy).op(op.f64ConvertI32S).get(y).op(op.f64Sub).tee(dy).simd(simd.f64x2Splat).set(DY);
    b.get(cyy).get(dy).op(op.f64Mul).get(dy).op(op.f64Mul).tee(yy).simd(simd.f64x2Splat).set(YY);
    b.get(cols).set(a);
    b.get(cols).get(cstride).op(op.i32Add).set(c);
    b.get(l.xmin).set(ix);
    // pairs (ix, ix + 1) while ix + 1 < xmax
    b.op(op.block, EMPTY, op.loop, EMPTY);
    b.get(ix).get(last).op(op.i32GeS, op.brIf, 1);
    b.get(a).simd(simd.load, 3, 0).get(YY).simd(simd.f64x2Add);
    b.get(c).simd(simd.load, 3, 0).get(DY).simd(simd.f64x2Mul).simd(simd.f64x2Add).tee(RP);
    b.get(R2).simd(sum ? simd.f64x2Lt : simd.f64x2Le).tee(IN).simd(simd.anyTrue).op(op.if, EMPTY);
    b.get(l.rowAt).get(ix).i32(2).op(op.i32Shl, op.i32Add).simd(simd.load64Zero, 2, 0).simd(simd.f64x2PromoteLowF32x4).set(P);
    for (const lane of [0, 1]) {
      // the lane's pixel, in column order: the scalar loop's sums
      b.get(IN).simd(simd.i64x2ExtractLane, lane).op(op.i32WrapI64, op.if, EMPTY);
      b.get(P).simd(simd.f64x2ExtractLane, lane).set(p);
      if (sum) {
        b.get(p).get(p).op(op.f64Ne, op.if, EMPTY);
        b.get(mask).f64(1).op(op.f64Add).set(mask);
        b.op(op.else);
        b.get(r1).get(p).op(op.f64Add).set(r1);
        b.op(op.end);
        b.get(tot).f64(1).op(op.f64Add).set(tot);
      } else {
        b.get(p).get(p).op(op.f64Eq, op.if, EMPTY);
        b.get(r1).get(RP).simd(simd.f64x2ExtractLane, lane).op(op.f64Sqrt).get(p).op(op.f64Mul, op.f64Add).set(r1);
        b.get(v1).get(p).op(op.f64Add).set(v1);
        b.get(area).i32(1).op(op.i32Add).set(area);
        b.op(op.end);
      }
      b.op(op.end);
    }
    b.op(op.end);
    b.get(ix).i32(2).op(op.i32Add).set(ix);
    b.get(a).i32(16).op(op.i32Add).set(a);
    b.get(c).i32(16).op(op.i32Add).set(c);
    b.op(op.br, 0, op.end, op.end);
    // the last pixel of a row of odd width
    b.get(ix).get(l.xmax).op(op.i32LtS, op.if, EMPTY);
    b.get(a).mem(op.f64Load, 3, 0).get(yy).op(op.f64Add);
    b.get(c).mem(op.f64Load, 3, 0).get(dy).op(op.f64Mul, op.f64Add);
    scalar();
    b.op(op.end);
  });
  if (sum) finishSum(b, r1, tot, mask, out);
  else {
    // area === 0 || r1 ≤ 0 || v1 ≤ 0 ? 0 : r1 / v1
    b.get(out);
    b.get(r1).get(v1).op(op.f64Div).f64(0);
    b.get(area).op(op.i32Eqz).get(r1).f64(0).op(op.f64Le, op.i32Or).get(v1).f64(0).op(op.f64Le, op.i32Or, op.i32Eqz, op.select);
    b.mem(op.f64Store, 3, 0);
    ctl(b.get(out), C.truncated).op(op.f64ConvertI32S).mem(op.f64Store, 3, 8);
  }
  b.i32(0);
  return { params: f.params, results: [I32], locals: f.locals, body: b, exportName: sum ? 'photEllipse' : 'photKron' };
}

/**
 * `photObject(x, y, cxx, cyy, cxy, auto) → status`: extract.ts's measureObject's photometry
 * (see {@link PhotKernels.out}); 0 done, 1 rows needed (the caller moves the window and calls
 * again), 2 left to the TypeScript.
 */
function photObjectFunction(circleIndex: number, kronIndex: number, ellipseIndex: number): WasmFunction {
  const f = new Fn([F64, F64, F64, F64, F64, I32]);
  const [x, y, cxx, cyy, cxy, auto] = [0, 1, 2, 3, 4, 5];
  const [st, j, nap, radii, out] = Array.from({ length: 5 }, () => f.local(I32));
  const [kr, kfac] = [f.local(F64), f.local(F64)];
  const b = f.b;
  ctl(b, C.nap).set(nap);
  ctl(b, C.radii).set(radii);
  ctl(b, C.out).set(out);
  loop(b, j, nap, () => {
    b.get(x).get(y).get(radii).get(j).i32(3).op(op.i32Shl, op.i32Add).mem(op.f64Load, 3);
    b.get(out).get(j).i32(24).op(op.i32Mul, op.i32Add).op(op.call, circleIndex);
    passOn(b, st);
  });
  b.get(out).get(nap).i32(24).op(op.i32Mul, op.i32Add).set(out);
  b.get(auto).op(op.if, EMPTY);
  b.get(x).get(y).get(cxx).get(cyy).get(cxy).f64(6).get(out).op(op.call, kronIndex);
  passOn(b, st);
  // kfac = isFinite(kr) && kr > 0 ? 2.5·kr : 3.5, at least 3.5
  b.get(out).mem(op.f64Load, 3).set(kr);
  b.f64(2.5).get(kr).op(op.f64Mul).f64(3.5);
  b.get(kr).get(kr).op(op.f64Sub).f64(0).op(op.f64Eq).get(kr).f64(0).op(op.f64Gt, op.i32And, op.select).set(kfac);
  b.f64(3.5).get(kfac).get(kfac).f64(3.5).op(op.f64Lt, op.select).set(kfac);
  b.get(x).get(y).get(cxx).get(cyy).get(cxy).get(kfac).get(out).i32(16).op(op.i32Add).op(op.call, ellipseIndex);
  passOn(b, st);
  b.op(op.end);
  b.i32(0);
  return { params: f.params, results: [I32], locals: f.locals, body: b, exportName: 'photObject' };
}

/** The functions' entries for detect-wasm.ts's module, the first at index `first` there. */
export function photFunctions(first: number): WasmFunction[] {
  const [box, ebox, circle, kron, ellipse] = [first, first + 1, first + 2, first + 3, first + 4];
  return [boxFunction(), ellipseBoxFunction(box), circleFunction(box), ellipseFunction(ebox, false), ellipseFunction(ebox, true), photObjectFunction(circle, kron, ellipse)];
}

/**
 * `photSource(x, y, a, b, theta, cos, sin, dpeak, background, fluxIso, isoArea) → status`: extract.ts's
 * measureObject's arithmetic around the photometry (function `photObjectIndex`, whose status it
 * passes on), the same floats: `auto` (a, b, theta finite, a, b > 0), sep.ts's ellipseCoeffs
 * from the cosine and sine, the flux errors √(area·rms² + (gain > 0 and sum > 0 ? sum / gain : 0)),
 * the aperture-incomplete and saturated flags (fround(dpeak + background) ≥ saturate) and theta
 * in degrees, into {@link PhotKernels.ext}.
 */
export function photSourceFunction(photObjectIndex: number): WasmFunction {
  const f = new Fn([F64, F64, F64, F64, F64, F64, F64, F64, F64, F64, F64]);
  const [x, y, a, b, theta, c, s, dpeak, bkg, fi, isoArea] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const [st, auto, j, nap, out, ext, flags] = Array.from({ length: 7 }, () => f.local(I32));
  const [cxx, cyy, cxy, a2, b2, th, rms2, gain, sum] = Array.from({ length: 9 }, () => f.local(F64));
  const b_ = f.b;
  const isFinite = (v: number): void => {
    b_.get(v).get(v).op(op.f64Sub).f64(0).op(op.f64Eq);
  };
  isFinite(a);
  isFinite(b);
  b_.op(op.i32And);
  b_.get(a).f64(0).op(op.f64Gt, op.i32And);
  b_.get(b).f64(0).op(op.f64Gt, op.i32And);
  isFinite(theta);
  b_.op(op.i32And).set(auto);
  b_.get(auto).op(op.if, EMPTY);
  b_.get(a).get(a).op(op.f64Mul).set(a2);
  b_.get(b).get(b).op(op.f64Mul).set(b2);
  // (c·c) / a2 + (s·s) / b2, (s·s) / a2 + (c·c) / b2, 2·c·s·(1 / a2 − 1 / b2)
  b_.get(c).get(c).op(op.f64Mul).get(a2).op(op.f64Div).get(s).get(s).op(op.f64Mul).get(b2).op(op.f64Div, op.f64Add).set(cxx);
  b_.get(s).get(s).op(op.f64Mul).get(a2).op(op.f64Div).get(c).get(c).op(op.f64Mul).get(b2).op(op.f64Div, op.f64Add).set(cyy);
  b_.f64(2).get(c).op(op.f64Mul).get(s).op(op.f64Mul).f64(1).get(a2).op(op.f64Div).f64(1).get(b2).op(op.f64Div, op.f64Sub, op.f64Mul).set(cxy);
  b_.op(op.end);
  b_.get(x).get(y).get(cxx).get(cyy).get(cxy).get(auto).op(op.call, photObjectIndex);
  passOn(b_, st);
  ctl(b_, C.nap).set(nap);
  ctl(b_, C.out).set(out);
  ctl(b_, C.ext).set(ext);
  b_.get(ext).mem(op.f64Load, 3, EXT_RMS2).set(rms2);
  b_.get(ext).mem(op.f64Load, 3, EXT_GAIN).set(gain);
  /** fluxError of the sum and area (float64 addresses on the stack: sum's, then area's) onto the stack. */
  const fluxError = (sumAt: () => void, areaAt: () => void): void => {
    sumAt();
    b_.set(sum);
    areaAt();
    b_.get(rms2).op(op.f64Mul);
    b_.get(sum).get(gain).op(op.f64Div).f64(0);
    b_.get(gain).f64(0).op(op.f64Gt).get(sum).f64(0).op(op.f64Gt, op.i32And, op.select);
    b_.op(op.f64Add, op.f64Sqrt);
  };
  // the apertures: their errors, and 16 when truncated
  b_.i32(0).set(j);
  loop(b_, j, nap, () => {
    b_.get(ext).get(j).i32(3).op(op.i32Shl, op.i32Add);
    fluxError(
      () => b_.get(out).get(j).i32(24).op(op.i32Mul, op.i32Add).mem(op.f64Load, 3, 0),
      () => b_.get(out).get(j).i32(24).op(op.i32Mul, op.i32Add).mem(op.f64Load, 3, 8),
    );
    b_.mem(op.f64Store, 3, EXT_OUT);
    b_.get(out).get(j).i32(24).op(op.i32Mul, op.i32Add).mem(op.f64Load, 3, 16).f64(0).op(op.f64Ne, op.if, EMPTY);
    b_.get(flags).i32(16).op(op.i32Or).set(flags);
    b_.op(op.end);
  });
  // from here `out` is the Kron radius's and AUTO's results, `ext` their place in the results
  b_.get(out).get(nap).i32(24).op(op.i32Mul, op.i32Add).set(out);
  b_.get(ext).get(nap).i32(3).op(op.i32Shl, op.i32Add).set(ext);
  b_.get(auto).op(op.if, EMPTY);
  b_.get(out).mem(op.f64Load, 3, 8).f64(0).op(op.f64Ne).get(out).mem(op.f64Load, 3, 32).f64(0).op(op.f64Ne, op.i32Or, op.if, EMPTY);
  b_.get(flags).i32(16).op(op.i32Or).set(flags);
  b_.op(op.end);
  b_.get(ext).get(out).mem(op.f64Load, 3, 0).mem(op.f64Store, 3, EXT_OUT);
  b_.get(ext).get(out).mem(op.f64Load, 3, 16).mem(op.f64Store, 3, EXT_OUT + 8);
  b_.get(ext);
  fluxError(
    () => b_.get(out).mem(op.f64Load, 3, 16),
    () => b_.get(out).mem(op.f64Load, 3, 24),
  );
  b_.mem(op.f64Store, 3, EXT_OUT + 16);
  b_.op(op.else);
  for (const at of [0, 8, 16]) b_.get(ext).f64(NaN).mem(op.f64Store, 3, EXT_OUT + at);
  b_.op(op.end);
  // the isophotal flux's error
  b_.get(ext);
  fluxError(
    () => b_.get(fi),
    () => b_.get(isoArea),
  );
  b_.mem(op.f64Store, 3, EXT_OUT + 24);
  // theta in degrees, in (−90, 90]
  b_.get(theta).f64(180).op(op.f64Mul).f64(Math.PI).op(op.f64Div).set(th);
  b_.get(th).f64(-90).op(op.f64Le, op.if, EMPTY);
  b_.get(th).f64(180).op(op.f64Add).set(th);
  b_.op(op.else);
  b_.get(th).f64(90).op(op.f64Gt, op.if, EMPTY);
  b_.get(th).f64(180).op(op.f64Sub).set(th);
  b_.op(op.end, op.end);
  b_.get(ext).get(th).mem(op.f64Store, 3, EXT_OUT + 32);
  // saturated: fround(dpeak + background) ≥ saturate
  b_.get(dpeak).get(bkg).op(op.f64Add, op.f32DemoteF64, op.f64PromoteF32);
  ctl(b_, C.ext).mem(op.f64Load, 3, EXT_SATURATE).op(op.f64Ge, op.if, EMPTY);
  b_.get(flags).i32(4).op(op.i32Or).set(flags);
  b_.op(op.end);
  b_.get(ext).get(flags).op(op.f64ConvertI32S).mem(op.f64Store, 3, EXT_OUT + 40);
  b_.i32(0);
  return { params: f.params, results: [I32], locals: f.locals, body: b_, exportName: 'photSource' };
}
