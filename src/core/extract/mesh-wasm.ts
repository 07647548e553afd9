/**
 * The background meshes' pixel loops in WebAssembly (background.ts's meshSums, meshClippedSums and
 * meshHistogram, with histogramPrefixSums), functions of detect-wasm.ts's module: in TypeScript these three passes over every
 * pixel of the image ran in V8's interpreter on a cold start until their optimised code arrived,
 * boxing every double they summed (most of the background stage's CPU and a dozen scavenges of a
 * 1024² image).
 *
 * The floats are the TypeScript's, operation for operation: float32 pixels promoted to float64,
 * sums in float64 in the same order (rows top to bottom, columns left to right), and the
 * histogram's level rounded to float32 where the TypeScript calls `Math.fround`.
 *
 * The pixels are those of one mesh row (`rows` image rows of `width` float32 values), copied into
 * the kernels' memory by {@link MeshKernels.load}; the sums land in {@link MeshKernels.out}, the
 * histogram in the array {@link MeshKernels.histogram} returns (a view of the memory). The sums
 * and clipped sums also come two meshes at a time ({@link MeshKernels.sumsPairs},
 * {@link MeshKernels.clippedPairs}: one mesh a lane of a float64 pair, each lane's additions in
 * its mesh's scalar order, so the same floats), whose additions, one waiting for the one before,
 * set the scalar loops' pace: a mesh row's meshes of `bw` columns in pairs, in one call.
 */
import { Body, EMPTY, F64, I32, op, simd, uleb, V128, type WasmFunction } from '../wasm/index.js';
import { giveKernelInstance, type KernelInstance, takeKernelInstance } from './kernel-instances.js';

type SumsFn = (at: number, stride: number, x0: number, x1: number, rows: number, out: number) => void;
type ClippedFn = (at: number, stride: number, x0: number, x1: number, rows: number, lcut: number, hcut: number, out: number) => void;
type PairsFn = (at: number, stride: number, x0: number, bw: number, rows: number, pairs: number, out: number) => void;
type ClippedPairsFn = (at: number, stride: number, x0: number, bw: number, rows: number, pairs: number, cuts: number, out: number) => void;
type ModeFn = (at: number, stride: number, x0: number, x1: number, rows: number, sum: number, sum2: number, npix: number, histo: number, p0: number, p1: number, p2: number, out: number) => void;
type RowFn = (at: number, stride: number, width: number, bw: number, rows: number, nx: number, pairs: number, pairOut: number, cuts: number, out: number, histo: number, p0: number, p1: number, p2: number, back: number, sigma: number, good: number, ucuts: number) => number;
type GuessFn = (histo: number, nlevels: number, bmMean: number, qzero: number, qscale: number, p0: number, p1: number, p2: number, out: number) => void;
type HistoFn = (at: number, stride: number, x0: number, x1: number, rows: number, rq: number, cste: number, nlevels: number, histo: number, p0: number, p1: number, p2: number) => void;

/** A histogram's prefix sums (background.ts's histogramPrefixSums): counts, Σ h·i, Σ h·i², nlevels + 1 values each. */
export interface PrefixSums {
  readonly p0: Float64Array;
  readonly p1: Float64Array;
  readonly p2: Float64Array;
}

/** The most histogram levels a mesh has (background.ts's QUANTIF_NMAXLEVELS). */
const MAX_LEVELS = 4096;

/** See the module comment; made by detect-wasm.ts's `meshKernels`. */
export class MeshKernels {
  /** After {@link sums} and {@link clipped}: Σp, Σp², count and (sums only) NaN count. */
  readonly out: Float64Array;
  private readonly pixels: Float32Array;
  /** The histogram {@link histogram}, {@link mode} and {@link guess} use (4096 int32 values). */
  readonly histo: Int32Array;
  /** After {@link histogram}: the histogram's prefix sums. */
  readonly prefix: PrefixSums;
  private readonly sumsFn: SumsFn;
  private readonly clippedFn: ClippedFn;
  private readonly histoFn: HistoFn;
  private readonly pairsFn: PairsFn;
  private readonly clippedPairsFn: ClippedPairsFn;
  private readonly modeFn: ModeFn;
  private readonly guessFn: GuessFn;
  private readonly rowFn: RowFn;
  /** After {@link row}: each mesh's background and RMS (the first nx values; −1e30 for a bad mesh). */
  readonly back: Float32Array;
  readonly sigma: Float32Array;
  /** {@link row}'s scratch: a byte a mesh (good or not), and the cuts of the meshes summed one at a time. */
  private readonly good: Uint8Array;
  private readonly ucuts: Float64Array;
  /**
   * After {@link sumsPairs} and {@link clippedPairs}: pair k's sums, float64 pairs (mesh 2k, 2k + 1)
   * of Σp, Σp², count and (sums only) NaN count; mesh 2k + l's field f at `8k + 2f + l`.
   */
  readonly pairOut: Float64Array;
  /** {@link clippedPairs}' cuts: pair k's lcut pair then hcut pair; mesh 2k + l's lcut at `4k + l`, hcut at `4k + 2 + l`. */
  readonly cuts: Float64Array;
  /** Rows loaded by {@link load}. */
  private rows = 0;
  /** The instance and memory (kernel-instances.ts), until {@link release}. */
  private readonly instance: KernelInstance;

  /** Kernels for mesh rows of at most `maxRows` rows of `width` pixels. */
  constructor(
    mod: object,
    readonly width: number,
    maxRows: number,
  ) {
    const sums = 8 * (MAX_LEVELS + 1);
    // pairs of meshes of at least one column each: 64 bytes of sums and 32 of cuts a pair
    const maxPairs = width >> 1;
    const pixelBytes = (width * maxRows * 4 + 15) & ~15;
    // (then room for row's arrays: ≤ width meshes of 4 + 4 + 1 + 16 bytes)
    const rowBytes = 8 * ((width + 3) & ~3) + ((width + 15) & ~15) + 16 * width;
    const bytes = 64 + MAX_LEVELS * 4 + 3 * sums + pixelBytes + 96 * maxPairs + rowBytes;
    const instance = takeKernelInstance(mod, bytes);
    const memory = instance.memory;
    this.instance = instance;
    this.sumsFn = instance.exports.meshSums as SumsFn;
    this.clippedFn = instance.exports.meshClipped as ClippedFn;
    this.histoFn = instance.exports.meshHisto as HistoFn;
    this.pairsFn = instance.exports.meshSumsPairs as PairsFn;
    this.clippedPairsFn = instance.exports.meshClippedPairs as ClippedPairsFn;
    this.modeFn = instance.exports.meshMode as ModeFn;
    this.guessFn = instance.exports.meshGuess as GuessFn;
    this.rowFn = instance.exports.meshRow as RowFn;
    this.out = new Float64Array(memory.buffer, 0, 4);
    this.histo = new Int32Array(memory.buffer, 64, MAX_LEVELS);
    const at = 64 + MAX_LEVELS * 4;
    this.prefix = {
      p0: new Float64Array(memory.buffer, at, MAX_LEVELS + 1),
      p1: new Float64Array(memory.buffer, at + sums, MAX_LEVELS + 1),
      p2: new Float64Array(memory.buffer, at + 2 * sums, MAX_LEVELS + 1),
    };
    this.pixels = new Float32Array(memory.buffer, at + 3 * sums, width * maxRows);
    const pairsAt = at + 3 * sums + pixelBytes;
    this.pairOut = new Float64Array(memory.buffer, pairsAt, 8 * maxPairs);
    this.cuts = new Float64Array(memory.buffer, pairsAt + 64 * maxPairs, 4 * maxPairs);
    let rowAt = pairsAt + 96 * maxPairs;
    this.ucuts = new Float64Array(memory.buffer, rowAt, 2 * width);
    rowAt += 16 * width;
    this.back = new Float32Array(memory.buffer, rowAt, width);
    rowAt += 4 * ((width + 3) & ~3);
    this.sigma = new Float32Array(memory.buffer, rowAt, width);
    rowAt += 4 * ((width + 3) & ~3);
    this.good = new Uint8Array(memory.buffer, rowAt, width);
  }

  /** Done with the kernels: their instance goes back for the next stage's (kernel-instances.ts); none of this object's methods or arrays may be used after. */
  release(): void {
    giveKernelInstance(this.instance);
  }

  /** Copy rows `y0 … y1 − 1` of `image` (rows of {@link width}) in: the mesh row the calls below read. */
  load(image: Float32Array, y0: number, y1: number): void {
    this.pixels.set(image.subarray(y0 * this.width, y1 * this.width));
    this.rows = y1 - y0;
  }

  /** meshSums over columns `x0 … x1 − 1` of the loaded rows, into {@link out}. */
  sums(x0: number, x1: number): void {
    this.sumsFn(this.pixels.byteOffset, this.width * 4, x0, x1, this.rows, this.out.byteOffset);
  }

  /** meshClippedSums (pixels in [lcut, hcut]) over columns `x0 … x1 − 1`, into {@link out}'s first three. */
  clipped(x0: number, x1: number, lcut: number, hcut: number): void {
    this.clippedFn(this.pixels.byteOffset, this.width * 4, x0, x1, this.rows, lcut, hcut, this.out.byteOffset);
  }

  /** meshSums of `pairs` pairs of adjacent meshes of `bw` columns from column `x0`, into {@link pairOut}. */
  sumsPairs(x0: number, bw: number, pairs: number): void {
    this.pairsFn(this.pixels.byteOffset, this.width * 4, x0, bw, this.rows, pairs, this.pairOut.byteOffset);
  }

  /** meshClippedSums of `pairs` pairs of meshes as {@link sumsPairs}, each with its cuts in {@link cuts}, into {@link pairOut}. */
  clippedPairs(x0: number, bw: number, pairs: number): void {
    this.clippedPairsFn(this.pixels.byteOffset, this.width * 4, x0, bw, this.rows, pairs, this.cuts.byteOffset, this.pairOut.byteOffset);
  }

  /**
   * meshHistogram over columns `x0 … x1 − 1` with `nlevels` (≤ 4096) levels, from zero: a view of the
   * memory; its prefix sums in {@link prefix}.
   */
  histogram(x0: number, x1: number, qscale: number, cste: number, nlevels: number): Int32Array {
    const h = this.histo;
    h.fill(0, 0, nlevels);
    const p = this.prefix;
    this.histoFn(this.pixels.byteOffset, this.width * 4, x0, x1, this.rows, 1 / qscale, cste, nlevels, h.byteOffset, p.p0.byteOffset, p.p1.byteOffset, p.p2.byteOffset);
    return h;
  }

  /**
   * The mesh of columns `x0 … x1 − 1` whose clipped sums are `sum`, `sum2` over `npix` pixels: its
   * background and RMS (background.ts's quantisation, histogram and backGuess; mode-wasm.ts) in
   * {@link out}[0] and [1]; the histogram and prefix sums left as {@link histogram} leaves them.
   */
  mode(x0: number, x1: number, sum: number, sum2: number, npix: number): void {
    const p = this.prefix;
    this.modeFn(this.pixels.byteOffset, this.width * 4, x0, x1, this.rows, sum, sum2, npix, this.histo.byteOffset, p.p0.byteOffset, p.p1.byteOffset, p.p2.byteOffset, this.out.byteOffset);
  }

  /**
   * background.ts's meshRowStats of the loaded rows, `nx` meshes of `bw` columns, the first 2·`pairs`
   * two at a time: each mesh's background and RMS in {@link back} and {@link sigma}; returns the NaN
   * count (mode-wasm.ts's `meshRow`, which calls the functions of the methods above).
   */
  row(bw: number, nx: number, pairs: number): number {
    const p = this.prefix;
    return this.rowFn(this.pixels.byteOffset, this.width * 4, this.width, bw, this.rows, nx, pairs, this.pairOut.byteOffset, this.cuts.byteOffset, this.out.byteOffset, this.histo.byteOffset, p.p0.byteOffset, p.p1.byteOffset, p.p2.byteOffset, this.back.byteOffset, this.sigma.byteOffset, this.good.byteOffset, this.ucuts.byteOffset);
  }

  /**
   * background.ts's backGuess of {@link histo}'s first `nlevels` bins with {@link prefix}'s sums (as
   * {@link histogram} leaves them): the mode and σ in {@link out}[0] and [1] (mode-wasm.ts's `meshGuess`).
   */
  guess(nlevels: number, bmMean: number, qzero: number, qscale: number): void {
    const p = this.prefix;
    this.guessFn(this.histo.byteOffset, nlevels, bmMean, qzero, qscale, p.p0.byteOffset, p.p1.byteOffset, p.p2.byteOffset, this.out.byteOffset);
  }
}

/** Locals shared by the three functions after their parameters: row end, pixel address, row address, row (i32), p (f64). */
interface Loop {
  b: Body;
  /** The pixel's value (float64) is in local `p` when `inner` runs. */
  p: number;
}

/**
 * The rows × columns loop of the three functions: params 0 at, 1 stride, 2 x0, 3 x1, 4 rows;
 * `first` is the index of the first of the locals end, i, rowAt, r (i32) and p (f64); `inner`
 * writes the body for a pixel whose value is in `p`.
 */
function pixelLoop(first: number, inner: (l: Loop) => void): Body {
  const [at, stride, x0, x1, rows] = [0, 1, 2, 3, 4];
  const [end, i, rowAt, r, p] = [first, first + 1, first + 2, first + 3, first + 4];
  const b = new Body();
  b.get(at).set(rowAt);
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(r).get(rows).op(op.i32GeS, op.brIf, 1);
  b.get(rowAt).get(x1).i32(2).op(op.i32Shl, op.i32Add).set(end);
  b.get(rowAt).get(x0).i32(2).op(op.i32Shl, op.i32Add).set(i);
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(i).get(end).op(op.i32GeS, op.brIf, 1);
  b.get(i).mem(op.f32Load, 2).op(op.f64PromoteF32).set(p);
  inner({ b, p });
  b.get(i).i32(4).op(op.i32Add).set(i);
  b.op(op.br, 0, op.end, op.end);
  b.get(rowAt).get(stride).op(op.i32Add).set(rowAt);
  b.get(r).i32(1).op(op.i32Add).set(r);
  b.op(op.br, 0, op.end, op.end);
  return b;
}

/** `meshSums(at, stride, x0, x1, rows, out)`: Σp, Σp², count over p > −1e30, NaN count, as float64 at `out`. */
export function meshSumsFunction(): Body {
  // params 0–4 (see pixelLoop), 5 out; locals 6–9 (i32), 10 p, 11 sum, 12 sum2, 13 npix, 14 nan (f64)
  const [out, sum, sum2, npix, nan] = [5, 11, 12, 13, 14];
  const b = pixelLoop(6, ({ b, p }) => {
    b.get(p).f64(-1e30).op(op.f64Gt, op.if, EMPTY);
    b.get(sum).get(p).op(op.f64Add).set(sum);
    b.get(sum2).get(p).get(p).op(op.f64Mul, op.f64Add).set(sum2);
    b.get(npix).f64(1).op(op.f64Add).set(npix);
    b.op(op.else);
    b.get(p).get(p).op(op.f64Ne, op.if, EMPTY);
    b.get(nan).f64(1).op(op.f64Add).set(nan);
    b.op(op.end, op.end);
  });
  storeSums(b, out, [sum, sum2, npix, nan]);
  return b;
}

/** `meshClipped(at, stride, x0, x1, rows, lcut, hcut, out)`: Σp, Σp², count over lcut ≤ p ≤ hcut, as float64 at `out`. */
export function meshClippedFunction(): Body {
  // params 0–4, 5 lcut, 6 hcut (f64), 7 out; locals 8–11 (i32), 12 p, 13 sum, 14 sum2, 15 npix (f64)
  const [lcut, hcut, out, sum, sum2, npix] = [5, 6, 7, 13, 14, 15];
  const b = pixelLoop(8, ({ b, p }) => {
    b.get(p).get(hcut).op(op.f64Le).get(p).get(lcut).op(op.f64Ge, op.i32And, op.if, EMPTY);
    b.get(sum).get(p).op(op.f64Add).set(sum);
    b.get(sum2).get(p).get(p).op(op.f64Mul, op.f64Add).set(sum2);
    b.get(npix).f64(1).op(op.f64Add).set(npix);
    b.op(op.end);
  });
  storeSums(b, out, [sum, sum2, npix]);
  return b;
}

/**
 * `meshHisto(at, stride, x0, x1, rows, rq, cste, nlevels, histo, p0, p1, p2)`: for each pixel,
 * v = f32(f32(p·rq) + cste) and, when −1 < v < nlevels, one more in the int32 `histo[trunc(v)]` (four
 * pixels at a time in float32 lanes, see below; a row's last 0–3 pixels by the scalar body); then
 * background.ts's histogramPrefixSums of the histogram into the float64 arrays at p0, p1, p2
 * (counts, Σ h·i, Σ h·i², each of nlevels + 1 values: exact integers, as there).
 */
export function meshHistoFunction(): Body {
  // params 0–4, 5 rq, 6 cste (f64), 7 nlevels, 8 histo, 9 p0, 10 p1, 11 p2 (i32); locals 12–15 (i32),
  // 16 p, 17 v (f64), 18 h, 19 li (i32), 20 c0, 21 c1, 22 c2, 23 hv, 24 fi (f64), 25 V, 26 RQ, 27 CSTE, 28 M1, 29 NL, 30 IDX (v128), 31 pend, 32 mask (i32)
  const [rq, cste, nlevels, histo, p0, p1, p2, v, h, li, c0, c1, c2, hv, fi] = [5, 6, 7, 8, 9, 10, 11, 17, 18, 19, 20, 21, 22, 23, 24];
  // the pixels four at a time in float32 lanes (the bins counted lane by lane, in any order: counts
  // commute): f32(p·rq) is the float32 quotient p / qscale (rq = 1/qscale in double) whenever that
  // quotient is a normal float (background.ts's meshHistogram); when it is subnormal or zero, both
  // are far below half an ulp of cste (|cste| ≥ 2⁻⁵⁴: 0.499999 is no float32), so that v = cste either
  // way; infinities, NaN and overflow agree as IEEE quotients do. The float32 sum of two float32 values
  // is the float32 of their double sum (double rounding is innocuous for +: 53 ≥ 2·24 + 2).
  const [at, stride, x0, x1, rows] = [0, 1, 2, 3, 4];
  const [end, i, rowAt, r, p] = [12, 13, 14, 15, 16];
  const [V, RQ, CSTE, M1, NL, IDX, pend, mask] = [25, 26, 27, 28, 29, 30, 31, 32];
  const [AND, I32X4_EXTRACT_LANE, F32X4_SPLAT, F32X4_GT, F32X4_LT, F32X4_ADD, F32X4_DIV, I32X4_BITMASK, I32X4_TRUNC_SAT_F32X4_S] = [0x4e, 0x1b, 0x13, 0x44, 0x43, 0xe4, 0xe7, 0xa4, 0xf8];
  const b = new Body();
  const s = (code: number, ...imm: number[]) => b.simd(code, ...imm);
  /** The float32 of the float64 on the stack in the four lanes of `into`. */
  const splat = (into: number) => {
    b.op(op.f32DemoteF64);
    s(F32X4_SPLAT);
    b.set(into);
  };
  // float32 lanes: qscale (= f32(1 / rq), exactly: rq is the double 1/qscale of a float32), cste, −1, nlevels
  b.f64(1).get(rq).op(op.f64Div);
  splat(RQ);
  b.get(cste);
  splat(CSTE);
  b.f64(-1);
  splat(M1);
  b.get(nlevels).op(op.f64ConvertI32S);
  splat(NL);
  /** One pixel at `i` by the scalar body: v = f32(f32(p·rq) + cste), its bin counted when −1 < v < nlevels. */
  const scalar = () => {
    b.get(i).mem(op.f32Load, 2).op(op.f64PromoteF32).set(p);
    b.get(p).get(rq).op(op.f64Mul, op.f32DemoteF64, op.f64PromoteF32).get(cste).op(op.f64Add, op.f32DemoteF64, op.f64PromoteF32).set(v);
    b.get(v).f64(-1).op(op.f64Gt).get(v).get(nlevels).op(op.f64ConvertI32S, op.f64Lt, op.i32And, op.if, EMPTY);
    b.get(histo).get(v).op(op.i32TruncF64S).i32(2).op(op.i32Shl, op.i32Add).tee(h);
    b.get(h).mem(op.i32Load, 2).i32(1).op(op.i32Add).mem(op.i32Store, 2);
    b.op(op.end);
  };
  b.get(at).set(rowAt);
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(r).get(rows).op(op.i32GeS, op.brIf, 1);
  b.get(rowAt).get(x1).i32(2).op(op.i32Shl, op.i32Add).set(end);
  b.get(rowAt).get(x0).i32(2).op(op.i32Shl, op.i32Add).set(i);
  // four pixels a step while i + 16 ≤ end
  b.get(end).i32(12).op(op.i32Sub).set(pend);
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(i).get(pend).op(op.i32GeS, op.brIf, 1);
  b.get(i);
  s(simd.load, 2, 0);
  b.get(RQ);
  s(F32X4_DIV);
  b.get(CSTE);
  s(F32X4_ADD);
  b.tee(V).get(M1);
  s(F32X4_GT);
  b.get(V).get(NL);
  s(F32X4_LT);
  s(AND);
  s(I32X4_BITMASK);
  b.set(mask);
  b.get(V);
  s(I32X4_TRUNC_SAT_F32X4_S);
  b.set(IDX);
  /** One more in the bin of lane `lane`'s pixel. */
  const count = (lane: number) => {
    b.get(histo).get(IDX);
    s(I32X4_EXTRACT_LANE, lane);
    b.i32(2).op(op.i32Shl, op.i32Add).tee(h);
    b.get(h).mem(op.i32Load, 2).i32(1).op(op.i32Add).mem(op.i32Store, 2);
  };
  // every lane in range (the sky's pixels): four counts; else each lane's own
  b.get(mask).i32(15).op(op.i32Eq, op.if, EMPTY);
  for (const lane of [0, 1, 2, 3]) count(lane);
  b.op(op.else);
  for (const lane of [0, 1, 2, 3]) {
    b.get(mask).i32(1 << lane).op(op.i32And, op.if, EMPTY);
    count(lane);
    b.op(op.end);
  }
  b.op(op.end);
  b.get(i).i32(16).op(op.i32Add).set(i);
  b.op(op.br, 0, op.end, op.end);
  // the row's last 0–3 pixels one at a time
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(i).get(end).op(op.i32GeS, op.brIf, 1);
  scalar();
  b.get(i).i32(4).op(op.i32Add).set(i);
  b.op(op.br, 0, op.end, op.end);
  b.get(rowAt).get(stride).op(op.i32Add).set(rowAt);
  b.get(r).i32(1).op(op.i32Add).set(r);
  b.op(op.br, 0, op.end, op.end);
  // prefix sums: pk[0] = 0, pk[i + 1] = pk[i] + h·i^k
  for (const q of [p0, p1, p2]) b.get(q).f64(0).mem(op.f64Store, 3);
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(li).get(nlevels).op(op.i32GeS, op.brIf, 1);
  b.get(histo).get(li).i32(2).op(op.i32Shl, op.i32Add).mem(op.i32Load, 2).op(op.f64ConvertI32S).set(hv);
  b.get(li).op(op.f64ConvertI32S).set(fi);
  b.get(c0).get(hv).op(op.f64Add).set(c0);
  b.get(c1).get(hv).get(fi).op(op.f64Mul, op.f64Add).set(c1);
  b.get(c2).get(hv).get(fi).op(op.f64Mul).get(fi).op(op.f64Mul, op.f64Add).set(c2);
  for (const [q, c] of [
    [p0, c0],
    [p1, c1],
    [p2, c2],
  ]) {
    b.get(q).get(li).i32(3).op(op.i32Shl, op.i32Add).get(c).mem(op.f64Store, 3, 8);
  }
  b.get(li).i32(1).op(op.i32Add).set(li);
  b.op(op.br, 0, op.end, op.end);
  return b;
}

/** Store the f64 locals `ls` at `out`, 8 bytes apart. */
function storeSums(b: Body, out: number, ls: readonly number[]): void {
  ls.forEach((l, k) => b.get(out).get(l).mem(op.f64Store, 3, 8 * k));
}

/** What a pair function writes into {@link pairLoop}'s loops. */
interface PairParts {
  /** Before the loops (constants into locals). */
  prelude(b: Body): void;
  /** At the start of pair `k` (local): its accumulators zeroed. */
  start(b: Body, k: number): void;
  /** For the pixels of the pair in local `P` (a float64 pair). */
  inner(b: Body, P: number): void;
  /** At the end of pair `k` (local): its sums stored. */
  end(b: Body, k: number): void;
}

/**
 * The loops shared by the two pair functions: for pair k of adjacent meshes of `bw` columns from
 * column x0, over the loaded rows, each pixel of mesh 2k in lane 0 and the pixel at the same place
 * in mesh 2k + 1 in lane 1 of a float64 pair (promoted from float32), in the scalar loops' order
 * (rows top to bottom, columns left to right), so that each lane's sums are its mesh's, bit for
 * bit. Params 0 at, 1 stride, 2 x0, 3 bw, 4 rows, 5 pairs; locals from `first`: k, r, rowAt, i,
 * end, off (i32), then P (v128).
 */
function pairLoop(first: number, parts: PairParts): Body {
  const [at, stride, x0, bw, rows, pairs] = [0, 1, 2, 3, 4, 5];
  const [k, r, rowAt, i, end, off, P] = [first, first + 1, first + 2, first + 3, first + 4, first + 5, first + 6];
  const b = new Body();
  parts.prelude(b);
  b.get(bw).i32(2).op(op.i32Shl).set(off);
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(k).get(pairs).op(op.i32GeS, op.brIf, 1);
  parts.start(b, k);
  // the pair's first pixel: at + (x0 + 2·k·bw)·4
  b.get(at).get(x0).get(k).get(bw).op(op.i32Mul).i32(1).op(op.i32Shl, op.i32Add).i32(2).op(op.i32Shl, op.i32Add).set(rowAt);
  b.i32(0).set(r);
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(r).get(rows).op(op.i32GeS, op.brIf, 1);
  b.get(rowAt).set(i);
  b.get(rowAt).get(off).op(op.i32Add).set(end);
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(i).get(end).op(op.i32GeS, op.brIf, 1);
  // lane 1's address (the same place in the next mesh), lane 0's value, then lane 1's
  b.get(i).get(off).op(op.i32Add);
  b.get(i).simd(simd.load32Zero, 2, 0);
  b.simd(simd.load32Lane, 2, 0, 1);
  b.simd(simd.f64x2PromoteLowF32x4).set(P);
  parts.inner(b, P);
  b.get(i).i32(4).op(op.i32Add).set(i);
  b.op(op.br, 0, op.end, op.end);
  b.get(rowAt).get(stride).op(op.i32Add).set(rowAt);
  b.get(r).i32(1).op(op.i32Add).set(r);
  b.op(op.br, 0, op.end, op.end);
  parts.end(b, k);
  b.get(k).i32(1).op(op.i32Add).set(k);
  b.op(op.br, 0, op.end, op.end);
  return b;
}

/** v128.and: a lane kept where the mask's lane is all ones, +0.0 where it is zero. */
const V128_AND = 0x4e;

/** Zero the v128 locals `ls`. */
function zeroV(b: Body, ls: readonly number[]): void {
  for (const l of ls) b.f64(0).simd(simd.f64x2Splat).set(l);
}

/** Store the v128 locals `ls` at `base` + k·2^`log2`, 16 bytes apart. */
function storePair(b: Body, base: number, k: number, log2: number, ls: readonly number[]): void {
  ls.forEach((l, q) => {
    b.get(base).get(k).i32(log2).op(op.i32Shl, op.i32Add).get(l).simd(simd.store, 4, ...uleb(16 * q));
  });
}

/** Add the masked pixels to the pair's Σp, Σp² and count: P masked in place by the lanes `Q`. */
function addMasked(b: Body, P: number, Q: number, ONE: number, S: number, S2: number, N: number): void {
  b.get(P).get(Q).simd(V128_AND).set(P);
  b.get(S).get(P).simd(simd.f64x2Add).set(S);
  b.get(S2).get(P).get(P).simd(simd.f64x2Mul).simd(simd.f64x2Add).set(S2);
  b.get(N).get(ONE).get(Q).simd(V128_AND).simd(simd.f64x2Add).set(N);
}

/**
 * `meshSumsPairs(at, stride, x0, bw, rows, pairs, out)`: {@link meshSumsFunction}'s sums for
 * `pairs` pairs of adjacent meshes of `bw` columns from column x0, the two meshes of a pair in the
 * two lanes of float64 pairs (see pairLoop). A lane adds +0.0 where its pixel does not count, which
 * leaves its sums as they were (a sum that starts at +0 and adds under round-to-nearest is never
 * −0). Pair k's Σp, Σp², count and NaN count, each a float64 pair (mesh 2k, 2k + 1), at out + 64·k.
 * Twice the scalar loop's pixels a step: the sums' additions, each waiting for the one before, set
 * the scalar loop's pace.
 */
export function meshSumsPairsFunction(): Body {
  // params 0–5 (pairLoop), 6 out; locals 7–12 (i32), 13 P, 14 M30, 15 ONE, 16 S, 17 S2, 18 N, 19 NAN, 20 Q (v128)
  const [out, M30, ONE, S, S2, N, NAN, Q] = [6, 14, 15, 16, 17, 18, 19, 20];
  return pairLoop(7, {
    prelude: (b) => {
      b.f64(-1e30).simd(simd.f64x2Splat).set(M30);
      b.f64(1).simd(simd.f64x2Splat).set(ONE);
    },
    start: (b) => zeroV(b, [S, S2, N, NAN]),
    inner: (b, P) => {
      // NaN (p ≠ p) counted before P is masked; then the valid lanes (p > −1e30)
      b.get(NAN).get(ONE).get(P).get(P).simd(simd.f64x2Ne).simd(V128_AND).simd(simd.f64x2Add).set(NAN);
      b.get(P).get(M30).simd(simd.f64x2Gt).set(Q);
      addMasked(b, P, Q, ONE, S, S2, N);
    },
    end: (b, k) => storePair(b, out, k, 6, [S, S2, N, NAN]),
  });
}

/**
 * `meshClippedPairs(at, stride, x0, bw, rows, pairs, cuts, out)`: {@link meshClippedFunction}'s
 * sums (pixels in [lcut, hcut]) for pairs of meshes as {@link meshSumsPairsFunction}, each mesh
 * with its own cuts: pair k's lcut pair then hcut pair (float64, mesh 2k, 2k + 1) at cuts + 32·k;
 * its Σp, Σp² and count pairs at out + 64·k (the fourth pair unused).
 */
export function meshClippedPairsFunction(): Body {
  // params 0–5 (pairLoop), 6 cuts, 7 out; locals 8–13 (i32), 14 P, 15 ONE, 16 LC, 17 HC, 18 S, 19 S2, 20 N, 21 Q (v128)
  const [cuts, out, ONE, LC, HC, S, S2, N, Q] = [6, 7, 15, 16, 17, 18, 19, 20, 21];
  return pairLoop(8, {
    prelude: (b) => b.f64(1).simd(simd.f64x2Splat).set(ONE),
    start: (b, k) => {
      zeroV(b, [S, S2, N]);
      b.get(cuts).get(k).i32(5).op(op.i32Shl, op.i32Add).simd(simd.load, 4, 0).set(LC);
      b.get(cuts).get(k).i32(5).op(op.i32Shl, op.i32Add).simd(simd.load, 4, 16).set(HC);
    },
    inner: (b, P) => {
      // p ≤ hcut and lcut ≤ p (NaN neither)
      b.get(P).get(HC).simd(simd.f64x2Le).get(LC).get(P).simd(simd.f64x2Le).simd(V128_AND).set(Q);
      addMasked(b, P, Q, ONE, S, S2, N);
    },
    end: (b, k) => storePair(b, out, k, 6, [S, S2, N]),
  });
}

/** The three functions' entries for detect-wasm.ts's module. */
export function meshFunctions(): WasmFunction[] {
  const loopLocals = [I32, I32, I32, I32, F64];
  return [
    { params: [I32, I32, I32, I32, I32, I32], results: [], locals: [...loopLocals, F64, F64, F64, F64], body: meshSumsFunction(), exportName: 'meshSums' },
    { params: [I32, I32, I32, I32, I32, F64, F64, I32], results: [], locals: [...loopLocals, F64, F64, F64], body: meshClippedFunction(), exportName: 'meshClipped' },
    { params: [I32, I32, I32, I32, I32, F64, F64, I32, I32, I32, I32, I32], results: [], locals: [...loopLocals, F64, I32, I32, F64, F64, F64, F64, F64, V128, V128, V128, V128, V128, V128, I32, I32], body: meshHistoFunction(), exportName: 'meshHisto' },
  ];
}

/** The two pair functions' entries for detect-wasm.ts's module (at its end: no function calls them). */
export function meshPairFunctions(): WasmFunction[] {
  const six = new Array<number>(6).fill(I32);
  const eightV = new Array<number>(8).fill(V128);
  return [
    { params: new Array<number>(7).fill(I32), results: [], locals: [...six, ...eightV], body: meshSumsPairsFunction(), exportName: 'meshSumsPairs' },
    { params: new Array<number>(8).fill(I32), results: [], locals: [...six, ...eightV], body: meshClippedPairsFunction(), exportName: 'meshClippedPairs' },
  ];
}
