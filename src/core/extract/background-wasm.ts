/**
 * The background's per-pixel mesh passes in WebAssembly: background.ts's meshSums,
 * meshClippedSums and meshHistogram over one mesh copied into a small memory (the mesh's
 * pixels, contiguous, and the histogram), generated at run time (core/wasm's encoder). Scalar
 * code: the sums are float64 accumulations in pixel order, which SIMD lanes would reorder; the
 * gain is that WebAssembly is compiled before its first call, where the TypeScript loops of a
 * process's first image run in V8's interpreter.
 *
 * Same floats as the TypeScript: the same float64 operations in the same order, and fround
 * (f32.demote) where it rounds.
 */
import { Body, compileModule, F64, I32, op, wasmApi, wasmModule } from '../wasm/index.js';

type SumsFn = (at: number, n: number, out: number) => void;
type ClippedFn = (at: number, n: number, lcut: number, hcut: number, out: number) => void;
type HistogramFn = (at: number, n: number, rq: number, cste: number, nlevels: number, histo: number) => void;

const BIG = 1e30;
/** Histogram bins (background.ts's QUANTIF_NMAXLEVELS). */
const MAX_LEVELS = 4096;

let enabled = true;
let compiled: object | null | undefined;
let cached: MeshKernels | undefined;

/**
 * Whether the background may use the WebAssembly mesh kernels (default true; when false, or
 * without WebAssembly, it runs the TypeScript loops). For tests and comparisons.
 */
export function setBackgroundWasm(on: boolean): void {
  enabled = on;
  if (!on) cached = undefined;
}

/** The kernels for meshes of up to `meshPixels` pixels (one per thread, kept), or undefined. */
export function meshKernels(meshPixels: number): MeshKernels | undefined {
  if (!enabled || !(meshPixels >= 1)) return undefined;
  if (cached !== undefined && cached.capacity >= meshPixels) return cached;
  if (compiled === undefined) compiled = compileModule(backgroundModuleBytes);
  if (compiled === null) return undefined;
  cached = new MeshKernels(compiled, meshPixels);
  return cached;
}

/** See the module comment; made by {@link meshKernels}. */
export class MeshKernels {
  /** The mesh's pixels, row after row (the caller copies them in). */
  readonly pixels: Float32Array;
  /** The histogram (MAX_LEVELS bins). */
  readonly histo: Int32Array;
  /** [Σp, Σp², count, NaN count] after {@link sums}; the first three after {@link clippedSums}. */
  readonly out: Float64Array;
  private readonly sumsFn: SumsFn;
  private readonly clippedFn: ClippedFn;
  private readonly histogramFn: HistogramFn;

  constructor(
    mod: object,
    readonly capacity: number,
  ) {
    const api = wasmApi()!;
    const pixelBytes = (capacity * 4 + 15) & ~15;
    const bytes = pixelBytes + MAX_LEVELS * 4 + 32;
    const memory = new api.Memory({ initial: Math.ceil(bytes / 65536) });
    const instance = new api.Instance(mod, { env: { mem: memory } });
    this.sumsFn = instance.exports.sums as SumsFn;
    this.clippedFn = instance.exports.clippedSums as ClippedFn;
    this.histogramFn = instance.exports.histogram as HistogramFn;
    this.pixels = new Float32Array(memory.buffer, 0, capacity);
    this.out = new Float64Array(memory.buffer, pixelBytes, 4);
    this.histo = new Int32Array(memory.buffer, pixelBytes + 32, MAX_LEVELS);
  }

  /** Copy the mesh x0 … x1 − 1, y0 … y1 − 1 of `image` (rows of `width`) into {@link pixels}; its pixel count. */
  load(image: Float32Array, width: number, x0: number, x1: number, y0: number, y1: number): number {
    const mw = x1 - x0;
    for (let y = y0, d = 0; y < y1; y++, d += mw) this.pixels.set(image.subarray(y * width + x0, y * width + x1), d);
    return mw * (y1 - y0);
  }

  /** background.ts's meshSums over the `n` loaded pixels, into {@link out}. */
  sums(n: number): void {
    this.sumsFn(this.pixels.byteOffset, n, this.out.byteOffset);
  }

  /** background.ts's meshClippedSums over the `n` loaded pixels, into {@link out}. */
  clippedSums(n: number, lcut: number, hcut: number): void {
    this.clippedFn(this.pixels.byteOffset, n, lcut, hcut, this.out.byteOffset);
  }

  /** background.ts's meshHistogram of the `n` loaded pixels into {@link histo}'s first `nlevels` bins (zeroed by the caller). */
  histogram(n: number, qscale: number, cste: number, nlevels: number): void {
    this.histogramFn(this.pixels.byteOffset, n, 1 / qscale, cste, nlevels, this.histo.byteOffset);
  }
}

// --- the module's bytes ---

/** The block type of a block, loop or if without parameters or results. */
const EMPTY = 0x40;

/** A loop over the pixels: local `o` (byte offset) from 0 to `end`, `p` = the pixel (f64); `body` between. */
function pixelLoop(b: Body, at: number, o: number, end: number, p: number, body: () => void): void {
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(o).get(end).op(op.i32GeS, op.brIf, 1);
  b.get(at).get(o).op(op.i32Add).mem(op.f32Load, 2).op(op.f64PromoteF32).set(p);
  body();
  b.get(o).i32(4).op(op.i32Add).set(o);
  b.op(op.br, 0, op.end, op.end);
}

/** `sums(at, n, out)`: locals 3 o, 4 end, 5 npix, 6 nan (i32); 7 p, 8 sum, 9 sum2 (f64). */
function sumsFunction(): Body {
  const [at, n, out, o, end, npix, nan, p, sum, sum2] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const b = new Body();
  b.get(n).i32(2).op(op.i32Shl).set(end);
  pixelLoop(b, at, o, end, p, () => {
    b.get(p).f64(-BIG).op(op.f64Gt, op.if, EMPTY);
    b.get(sum).get(p).op(op.f64Add).set(sum);
    b.get(sum2).get(p).get(p).op(op.f64Mul, op.f64Add).set(sum2);
    b.get(npix).i32(1).op(op.i32Add).set(npix);
    b.op(op.else);
    b.get(nan).get(p).get(p).op(op.f64Ne, op.i32Add).set(nan);
    b.op(op.end);
  });
  b.get(out).get(sum).mem(op.f64Store, 3, 0);
  b.get(out).get(sum2).mem(op.f64Store, 3, 8);
  b.get(out).get(npix).op(op.f64ConvertI32S).mem(op.f64Store, 3, 16);
  b.get(out).get(nan).op(op.f64ConvertI32S).mem(op.f64Store, 3, 24);
  return b;
}

/** `clippedSums(at, n, lcut, hcut, out)`: locals 5 o, 6 end, 7 npix (i32); 8 p, 9 sum, 10 sum2 (f64). */
function clippedFunction(): Body {
  const [at, n, lcut, hcut, out, o, end, npix, p, sum, sum2] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const b = new Body();
  b.get(n).i32(2).op(op.i32Shl).set(end);
  pixelLoop(b, at, o, end, p, () => {
    b.get(p).get(hcut).op(op.f64Le).get(p).get(lcut).op(op.f64Ge, op.i32And, op.if, EMPTY);
    b.get(sum).get(p).op(op.f64Add).set(sum);
    b.get(sum2).get(p).get(p).op(op.f64Mul, op.f64Add).set(sum2);
    b.get(npix).i32(1).op(op.i32Add).set(npix);
    b.op(op.end);
  });
  b.get(out).get(sum).mem(op.f64Store, 3, 0);
  b.get(out).get(sum2).mem(op.f64Store, 3, 8);
  b.get(out).get(npix).op(op.f64ConvertI32S).mem(op.f64Store, 3, 16);
  return b;
}

/** `histogram(at, n, rq, cste, nlevels, histo)`: locals 6 o, 7 end, 8 bin (i32); 9 p, 10 v (f64). */
function histogramFunction(): Body {
  const [at, n, rq, cste, nlevels, histo, o, end, bin, p, v] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const b = new Body();
  b.get(n).i32(2).op(op.i32Shl).set(end);
  pixelLoop(b, at, o, end, p, () => {
    // v = f32(f32(p · rq) + cste); bin v | 0 when −1 < v < nlevels
    b.get(p).get(rq).op(op.f64Mul, op.f32DemoteF64, op.f64PromoteF32).get(cste).op(op.f64Add, op.f32DemoteF64, op.f64PromoteF32).set(v);
    b.get(v).f64(-1).op(op.f64Gt).get(v).get(nlevels).op(op.f64ConvertI32S, op.f64Lt, op.i32And, op.if, EMPTY);
    b.get(histo).get(v).op(op.i32TruncF64S).i32(2).op(op.i32Shl, op.i32Add).tee(bin);
    b.get(bin).mem(op.i32Load, 2).i32(1).op(op.i32Add).mem(op.i32Store, 2);
    b.op(op.end);
  });
  return b;
}

/** The module: imports `env.mem`, exports `sums`, `clippedSums` and `histogram`. */
export function backgroundModuleBytes(): Uint8Array {
  return wasmModule([
    { params: [I32, I32, I32], results: [], locals: [I32, I32, I32, I32, F64, F64, F64], body: sumsFunction(), exportName: 'sums' },
    { params: [I32, I32, F64, F64, I32], results: [], locals: [I32, I32, I32, F64, F64, F64], body: clippedFunction(), exportName: 'clippedSums' },
    { params: [I32, I32, F64, F64, I32, I32], results: [], locals: [I32, I32, I32, F64, F64], body: histogramFunction(), exportName: 'histogram' },
  ]);
}
