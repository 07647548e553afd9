/**
 * A background mesh's mode in WebAssembly: the second half of background.ts's meshRowStats for one
 * mesh (from its clipped sums: the quantisation, the histogram with its prefix sums by mesh-wasm.ts's
 * `meshHisto`, and backGuess's clipped-mode iterations), a function of detect-wasm.ts's module. In
 * TypeScript this per-mesh code ran in V8's interpreter on a cold start (a few hundred meshes an
 * image, each of up to 100 iterations of a binary search), boxing its doubles (~1 MB of a 1024² image).
 *
 * The floats are the TypeScript's, operation for operation (float64, rounded to float32 where it
 * calls `Math.fround`). Its integer cuts come from `Math.trunc` of doubles that may be huge or
 * infinite (NaN or infinite pixels): here `i32.trunc_sat_f64_s`, which clamps to the int32 range
 * (NaN never reaches it: the TypeScript's conditions send NaN to 0 and nlevels − 1), where a plain
 * conversion would trap. A clamped cut compares as the unclamped one with every cut and index the
 * iterations meet (all within [−1, 4096]), so the results are the same.
 */
import { Body, EMPTY, F64, I32, op, type WasmFunction } from '../wasm/index.js';

/** `i32.trunc_sat_f64_s` (0xfc prefix, 2), `memory.fill` (0xfc prefix, 11, memory 0) and opcodes the encoder does not name. */
const I32_TRUNC_SAT_F64_S = [0xfc, 0x02];
const MEMORY_FILL = [0xfc, 0x0b, 0x00];
const I32_SHR_S = 0x75;

/** background.ts's quantisation constants: QUANTIF_NSIGMA, QUANTIF_NMAXLEVELS, and step = √(2/π)·NSIGMA/AMIN. */
const NSIGMA = 5;
const MAX_LEVELS = 4096;
const STEP = (Math.sqrt(2 / Math.PI) * NSIGMA) / 4;

/**
 * `meshMode(at, stride, x0, x1, rows, sum, sum2, npix, histo, p0, p1, p2, out)`: for the mesh of
 * columns x0 … x1 − 1 of the loaded rows (mesh-wasm.ts's pixel layout) whose clipped sums are
 * Σp = sum, Σp² = sum2 over npix pixels, meshRowStats' quantisation (mean, σ, nlevels, qscale, qzero,
 * cste), the histogram (`histo` zeroed over nlevels bins, then `meshHisto`, function `histoIndex`,
 * with the prefix sums at p0, p1, p2) and backGuess: the mesh's background and RMS, each rounded to
 * float32, as float64 at `out` and `out + 8`.
 */
export function meshModeFunction(histoIndex: number, guessIndex: number): Body {
  const [at, stride, x0, x1, rows, sum, sum2, npix, histo, p0, p1, p2, out] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  // locals: 13 (i32), 14–19 (f64)
  const nlevels = 13;
  const [mean, sd, qscale, qzero, t, bm] = [14, 15, 16, 17, 18, 19];
  const b = new Body();
  const f32r = () => b.op(op.f32DemoteF64, op.f64PromoteF32);
  // the quantisation (meshRowStats)
  b.get(sum).get(npix).op(op.f64Div).set(mean);
  b.get(sum2).get(npix).op(op.f64Div).get(mean).get(mean).op(op.f64Mul, op.f64Sub).set(t);
  sqrtPos(b, t);
  b.set(sd);
  b.get(mean);
  f32r();
  b.set(bm);
  b.f64(STEP).get(npix).op(op.f64Mul).f64(1).op(op.f64Add, ...I32_TRUNC_SAT_F64_S).set(nlevels);
  b.i32(MAX_LEVELS).get(nlevels).get(nlevels).i32(MAX_LEVELS).op(op.i32GtS, op.select).set(nlevels);
  b.f64(2 * NSIGMA).get(sd).op(op.f64Mul).get(nlevels).op(op.f64ConvertI32S, op.f64Div).f64(1).get(sd).f64(0).op(op.f64Gt, op.select);
  f32r();
  b.set(qscale);
  b.get(mean).f64(NSIGMA).get(sd).op(op.f64Mul, op.f64Sub);
  f32r();
  b.set(qzero);
  // the histogram from zero, and its prefix sums: meshHisto(at, stride, x0, x1, rows, 1/qscale, cste, nlevels, histo, p0, p1, p2)
  b.get(histo).i32(0).get(nlevels).i32(2).op(op.i32Shl, ...MEMORY_FILL);
  b.get(at).get(stride).get(x0).get(x1).get(rows);
  b.f64(1).get(qscale).op(op.f64Div);
  b.f64(0.499999).get(qzero).get(qscale).op(op.f64Div);
  f32r();
  b.op(op.f64Sub);
  f32r();
  b.get(nlevels).get(histo).get(p0).get(p1).get(p2).op(op.call, histoIndex);
  b.get(histo).get(nlevels).get(bm).get(qzero).get(qscale).get(p0).get(p1).get(p2).get(out).op(op.call, guessIndex);
  return b;
}

/**
 * `meshGuess(histo, nlevels, bmMean, qzero, qscale, p0, p1, p2, out)`: background.ts's backGuess of
 * the int32 histogram of `nlevels` bins at `histo` with its prefix sums at p0, p1, p2 (float64,
 * nlevels + 1 each): the clipped mode and its σ, scaled by qscale from qzero, each rounded to
 * float32, as float64 at `out` and `out + 8`.
 */
export function meshGuessFunction(): Body {
  const [histo, nlevels, bm, qzero, qscale, p0, p1, p2, out] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  // locals: 9–20 (i32), 21–30 (f64)
  const [lcut, hcut, n, lo, hi, j, L, hl, hh, a, c, nm1] = [9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
  const [sig, sig1, mea, med, s, lowsum, highsum, base, top, t] = [21, 22, 23, 24, 25, 26, 27, 28, 29, 30];
  const b = new Body();
  const f32r = () => b.op(op.f32DemoteF64, op.f64PromoteF32);
  /** The float64 at `arr` + 8·(the index `index` pushes). */
  const load8 = (arr: number, index: () => void) => {
    b.get(arr);
    index();
    b.i32(3).op(op.i32Shl, op.i32Add).mem(op.f64Load, 3);
  };
  b.get(nlevels).i32(1).op(op.i32Sub).tee(nm1).set(hcut);
  b.f64(10).get(nm1).op(op.f64ConvertI32S, op.f64Mul).set(sig);
  b.f64(1).set(sig1);
  b.get(bm).set(mea);
  b.get(bm).set(med);
  b.i32(100).set(n);
  b.op(op.block, EMPTY, op.loop, EMPTY);
  // n-- > 0 && sig >= 0.1 && |sig / sig1 − 1| > 1e-4
  b.get(n).i32(0).op(op.i32LeS, op.brIf, 1);
  b.get(n).i32(1).op(op.i32Sub).set(n);
  b.get(sig).f64(0.1).op(op.f64Ge, op.i32Eqz, op.brIf, 1);
  b.get(sig).get(sig1).op(op.f64Div).f64(1).op(op.f64Sub, op.f64Abs).f64(1e-4).op(op.f64Gt, op.i32Eqz, op.brIf, 1);
  b.get(sig).set(sig1);
  for (const l of [s, mea, sig, lowsum, highsum]) b.f64(0).set(l);
  b.get(lcut).set(hl);
  b.get(hcut).set(hh);
  b.get(hcut).get(lcut).op(op.i32GeS, op.if, EMPTY);
  {
    b.get(hcut).get(lcut).op(op.i32Sub).i32(1).op(op.i32Add).set(L);
    load8(p0, () => b.get(lcut));
    b.set(base);
    load8(p0, () => b.get(hcut).i32(1).op(op.i32Add));
    b.set(top);
    // the largest j in [0, L] with j = 0 or A(j − 1) < B(L − j): A(j) = P0[lcut + j] − base, B(k) = top − P0[hcut + 1 − k]
    b.i32(0).set(lo);
    b.get(L).set(hi);
    b.op(op.block, EMPTY, op.loop, EMPTY);
    b.get(lo).get(hi).op(op.i32GeS, op.brIf, 1);
    b.get(lo).get(hi).op(op.i32Add).i32(1).op(op.i32Add).i32(1).op(I32_SHR_S).set(j);
    load8(p0, () => b.get(lcut).get(j).op(op.i32Add).i32(1).op(op.i32Sub));
    b.get(base).op(op.f64Sub);
    b.get(top);
    load8(p0, () => b.get(hcut).i32(1).op(op.i32Add).get(L).get(j).op(op.i32Sub, op.i32Sub));
    b.op(op.f64Sub, op.f64Lt, op.if, EMPTY);
    b.get(j).set(lo);
    b.op(op.else);
    b.get(j).i32(1).op(op.i32Sub).set(hi);
    b.op(op.end);
    b.op(op.br, 0, op.end, op.end);
    // j = lo, k = L − j (in hi)
    b.get(L).get(lo).op(op.i32Sub).set(hi);
    load8(p0, () => b.get(lcut).get(lo).op(op.i32Add));
    b.get(base).op(op.f64Sub).set(lowsum);
    b.get(top);
    load8(p0, () => b.get(hcut).i32(1).op(op.i32Add).get(hi).op(op.i32Sub));
    b.op(op.f64Sub).set(highsum);
    b.get(lcut).get(lo).op(op.i32Add).set(hl);
    b.get(hcut).get(hi).op(op.i32Sub).set(hh);
    b.get(top).get(base).op(op.f64Sub).set(s);
    for (const [q, l] of [
      [p1, mea],
      [p2, sig],
    ]) {
      load8(q, () => b.get(hcut).i32(1).op(op.i32Add));
      load8(q, () => b.get(lcut));
      b.op(op.f64Sub).set(l);
    }
  }
  b.op(op.end);
  // med = hh ≥ 0 ? hh + 0.5 + (highsum − lowsum) / (2 · max(a, b)) : 0, a = histo[hl] (0 past the end), b = histo[hh]
  b.get(hh).i32(0).op(op.i32GeS, op.if, EMPTY);
  {
    b.i32(0).set(a);
    b.get(hl).get(nlevels).op(op.i32LtS, op.if, EMPTY);
    b.get(histo).get(hl).i32(2).op(op.i32Shl, op.i32Add).mem(op.i32Load, 2).set(a);
    b.op(op.end);
    b.get(histo).get(hh).i32(2).op(op.i32Shl, op.i32Add).mem(op.i32Load, 2).set(c);
    b.get(hh).op(op.f64ConvertI32S).f64(0.5).op(op.f64Add);
    b.get(highsum).get(lowsum).op(op.f64Sub);
    b.f64(2).get(a).get(c).get(a).get(c).op(op.i32GtS, op.select, op.f64ConvertI32S, op.f64Mul);
    b.op(op.f64Div, op.f64Add).set(med);
  }
  b.op(op.else);
  b.f64(0).set(med);
  b.op(op.end);
  // if (sum) { mea /= sum; sig = sig / sum − mea²; } sig = sig > 0 ? √sig : 0
  b.get(s).f64(0).op(op.f64Ne, op.if, EMPTY);
  b.get(mea).get(s).op(op.f64Div).set(mea);
  b.get(sig).get(s).op(op.f64Div).get(mea).get(mea).op(op.f64Mul, op.f64Sub).set(sig);
  b.op(op.end);
  sqrtPos(b, sig);
  b.set(sig);
  // lcut = t > 0 ? trunc(t + 0.5) : 0, t = med − 3σ
  b.get(med).f64(3).get(sig).op(op.f64Mul, op.f64Sub).tee(t);
  b.f64(0.5).op(op.f64Add, ...I32_TRUNC_SAT_F64_S).i32(0).get(t).f64(0).op(op.f64Gt, op.select).set(lcut);
  // hcut = t < nlevels − 1 ? trunc(t > 0 ? t + 0.5 : t − 0.5) : nlevels − 1, t = med + 3σ
  b.get(med).f64(3).get(sig).op(op.f64Mul, op.f64Add).set(t);
  b.get(t).f64(0.5).op(op.f64Add).get(t).f64(0.5).op(op.f64Sub).get(t).f64(0).op(op.f64Gt, op.select, ...I32_TRUNC_SAT_F64_S);
  b.get(nm1);
  b.get(t).get(nm1).op(op.f64ConvertI32S, op.f64Lt, op.select).set(hcut);
  b.op(op.br, 0, op.end, op.end);
  // the mode: |σ| > 0 ? (|(mea − med) / σ| < 0.3 ? qzero + (2.5·med − 1.5·mea)·qscale : qzero + med·qscale) : qzero + mea·qscale
  b.get(out);
  b.get(sig).op(op.f64Abs).f64(0).op(op.f64Gt, op.if, F64);
  {
    b.get(mea).get(med).op(op.f64Sub).get(sig).op(op.f64Div, op.f64Abs).f64(0.3).op(op.f64Lt, op.if, F64);
    b.get(qzero).f64(2.5).get(med).op(op.f64Mul).f64(1.5).get(mea).op(op.f64Mul, op.f64Sub).get(qscale).op(op.f64Mul, op.f64Add);
    b.op(op.else);
    b.get(qzero).get(med).get(qscale).op(op.f64Mul, op.f64Add);
    b.op(op.end);
  }
  b.op(op.else);
  b.get(qzero).get(mea).get(qscale).op(op.f64Mul, op.f64Add);
  b.op(op.end);
  f32r();
  b.mem(op.f64Store, 3);
  b.get(out).get(sig).get(qscale).op(op.f64Mul);
  f32r();
  b.mem(op.f64Store, 3, 8);
  return b;
}

/** `sqrt(x)` when x > 0, else 0 (x in local `l`), onto the stack. */
function sqrtPos(b: Body, l: number): void {
  b.get(l).op(op.f64Sqrt).f64(0).get(l).f64(0).op(op.f64Gt, op.select);
}

/** The entries of {@link meshGuessFunction} and {@link meshModeFunction} for detect-wasm.ts's module, in this order (`first`: the module's index of the first; `histoIndex`: of `meshHisto`). */
export function meshModeEntries(first: number, histoIndex: number): WasmFunction[] {
  return [
    {
      params: [I32, I32, F64, F64, F64, I32, I32, I32, I32],
      results: [],
      locals: [...new Array<number>(12).fill(I32), ...new Array<number>(10).fill(F64)],
      body: meshGuessFunction(),
      exportName: 'meshGuess',
    },
    {
      params: [I32, I32, I32, I32, I32, F64, F64, F64, I32, I32, I32, I32, I32],
      results: [],
      locals: [I32, ...new Array<number>(6).fill(F64)],
      body: meshModeFunction(histoIndex, first),
      exportName: 'meshMode',
    },
  ];
}

/** The module's indices of the functions {@link meshRowFunction} calls. */
export interface MeshRowCallees {
  readonly sums: number;
  readonly clipped: number;
  readonly sumsPairs: number;
  readonly clippedPairs: number;
  readonly mode: number;
}

/**
 * `meshRow(at, stride, width, bw, rows, nx, pairs, pairOut, cuts, out, histo, p0, p1, p2, back, sigma, good, ucuts) → NaN count`:
 * background.ts's meshRowStats for the loaded mesh row (`rows` rows of `width` pixels at `at`, rows
 * `stride` bytes apart), meshes of `bw` columns, `nx` of them, the first 2·`pairs` summed two at a
 * time (mesh-wasm.ts's pair functions, with their `pairOut` and `cuts`), the others one at a time
 * (`meshSums`, `meshClipped` into `out`, their cuts kept in `ucuts`, float64 pairs by mesh): each
 * mesh's background and RMS into the float32 arrays `back`, `sigma` (−1e30 for a mesh with too few
 * valid pixels; `good`, a byte a mesh, marks the others), by `meshMode` (with `histo`, p0, p1, p2);
 * returns the row's NaN count (a float64, summed as meshRowStats sums it).
 */
export function meshRowFunction(f: MeshRowCallees): Body {
  const [at, stride, width, bw, rows, nx, pairs, pairOut, cuts, out, histo, p0, p1, p2, back, sigma, good, ucuts] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17];
  // locals: 18–22 (i32), 23–29 (f64)
  const [m, x0, x1, paired, pa] = [18, 19, 20, 21, 22];
  const [sum, sum2, npix, nan, mean, t, sd] = [23, 24, 25, 26, 27, 28, 29];
  const b = new Body();
  /** Read a mesh's sums: from pairOut when m < paired (its NaN count too when `withNan`), else from `out` after `call` pushed its call. */
  const readSums = (withNan: boolean, call: () => void) => {
    b.get(m).get(paired).op(op.i32LtS, op.if, EMPTY);
    // pair m >> 1, lane m & 1: pairOut + 64·(m >> 1) + 8·(m & 1)
    b.get(pairOut).get(m).i32(1).op(I32_SHR_S).i32(6).op(op.i32Shl, op.i32Add).get(m).i32(1).op(op.i32And).i32(3).op(op.i32Shl, op.i32Add).set(pa);
    b.get(pa).mem(op.f64Load, 3, 0).set(sum);
    b.get(pa).mem(op.f64Load, 3, 16).set(sum2);
    b.get(pa).mem(op.f64Load, 3, 32).set(npix);
    if (withNan) b.get(nan).get(pa).mem(op.f64Load, 3, 48).op(op.f64Add).set(nan);
    b.op(op.else);
    call();
    b.get(out).mem(op.f64Load, 3, 0).set(sum);
    b.get(out).mem(op.f64Load, 3, 8).set(sum2);
    b.get(out).mem(op.f64Load, 3, 16).set(npix);
    if (withNan) b.get(nan).get(out).mem(op.f64Load, 3, 24).op(op.f64Add).set(nan);
    b.op(op.end);
  };
  /** The mesh's columns x0 … x1 − 1: x0 = m·bw, x1 = min(width, x0 + bw). */
  const columns = () => {
    b.get(m).get(bw).op(op.i32Mul).tee(x0).get(bw).op(op.i32Add).tee(x1);
    b.get(width).get(x1).get(width).op(op.i32LtS, op.select).set(x1);
  };
  /** The float32 store of the float64 `value` pushes into `arr`[m]. */
  const storeAtM = (arr: number, value: () => void) => {
    b.get(arr).get(m).i32(2).op(op.i32Shl, op.i32Add);
    value();
    b.op(op.f32DemoteF64).mem(op.f32Store, 2);
  };
  b.get(pairs).i32(1).op(op.i32Shl).set(paired);
  b.get(pairs).i32(0).op(op.i32GtS, op.if, EMPTY);
  b.get(at).get(stride).i32(0).get(bw).get(rows).get(pairs).get(pairOut).op(op.call, f.sumsPairs);
  b.op(op.end);
  // every mesh's sums and cuts
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(m).get(nx).op(op.i32GeS, op.brIf, 1);
  columns();
  readSums(true, () => b.get(at).get(stride).get(x0).get(x1).get(rows).get(out).op(op.call, f.sums));
  b.get(good).get(m).op(op.i32Add).i32(0).mem(0x3a /* i32.store8 */, 0);
  // npix < f32((x1 − x0) · rows · 0.5): a bad mesh
  b.get(npix).get(x1).get(x0).op(op.i32Sub).get(rows).op(op.i32Mul, op.f64ConvertI32S).f64(0.5).op(op.f64Mul, op.f32DemoteF64, op.f64PromoteF32, op.f64Lt, op.if, EMPTY);
  storeAtM(back, () => b.f64(-1e30));
  storeAtM(sigma, () => b.f64(-1e30));
  b.op(op.else);
  b.get(good).get(m).op(op.i32Add).i32(1).mem(0x3a, 0);
  b.get(sum).get(npix).op(op.f64Div).set(mean);
  b.get(sum2).get(npix).op(op.f64Div).get(mean).get(mean).op(op.f64Mul, op.f64Sub).set(t);
  sqrtPos(b, t);
  b.set(sd);
  // lcut = f32(mean − 2·sd), hcut = f32(mean + 2·sd): a pair's at cuts + 32·(m >> 1) + 8·(m & 1) (+16), another's at ucuts + 16·m (+8)
  b.get(m).get(paired).op(op.i32LtS, op.if, EMPTY);
  b.get(cuts).get(m).i32(1).op(I32_SHR_S).i32(5).op(op.i32Shl, op.i32Add).get(m).i32(1).op(op.i32And).i32(3).op(op.i32Shl, op.i32Add).set(pa);
  b.i32(16).set(x1); // (the hcut's offset: x1 is not needed again for this mesh)
  b.op(op.else);
  b.get(ucuts).get(m).i32(4).op(op.i32Shl, op.i32Add).set(pa);
  b.i32(8).set(x1);
  b.op(op.end);
  b.get(pa);
  b.get(mean).f64(2).get(sd).op(op.f64Mul, op.f64Sub, op.f32DemoteF64, op.f64PromoteF32).mem(op.f64Store, 3);
  b.get(pa).get(x1).op(op.i32Add);
  b.get(mean).f64(2).get(sd).op(op.f64Mul, op.f64Add, op.f32DemoteF64, op.f64PromoteF32).mem(op.f64Store, 3);
  b.op(op.end);
  b.get(m).i32(1).op(op.i32Add).set(m);
  b.op(op.br, 0, op.end, op.end);
  // (a pair's mesh with too few pixels is summed too, its cuts whatever they were, and ignored)
  b.get(pairs).i32(0).op(op.i32GtS, op.if, EMPTY);
  b.get(at).get(stride).i32(0).get(bw).get(rows).get(pairs).get(cuts).get(pairOut).op(op.call, f.clippedPairs);
  b.op(op.end);
  b.i32(0).set(m);
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(m).get(nx).op(op.i32GeS, op.brIf, 1);
  b.get(good).get(m).op(op.i32Add).mem(0x2d /* i32.load8_u */, 0).op(op.if, EMPTY);
  columns();
  readSums(false, () => {
    b.get(at).get(stride).get(x0).get(x1).get(rows);
    b.get(ucuts).get(m).i32(4).op(op.i32Shl, op.i32Add).mem(op.f64Load, 3, 0);
    b.get(ucuts).get(m).i32(4).op(op.i32Shl, op.i32Add).mem(op.f64Load, 3, 8);
    b.get(out).op(op.call, f.clipped);
  });
  b.get(at).get(stride).get(x0).get(x1).get(rows).get(sum).get(sum2).get(npix).get(histo).get(p0).get(p1).get(p2).get(out).op(op.call, f.mode);
  storeAtM(back, () => b.get(out).mem(op.f64Load, 3, 0));
  storeAtM(sigma, () => b.get(out).mem(op.f64Load, 3, 8));
  b.op(op.end);
  b.get(m).i32(1).op(op.i32Add).set(m);
  b.op(op.br, 0, op.end, op.end);
  b.get(nan);
  return b;
}

/** The {@link meshRowFunction} entry for detect-wasm.ts's module. */
export function meshRowEntry(f: MeshRowCallees): WasmFunction {
  return {
    params: new Array<number>(18).fill(I32),
    results: [F64],
    locals: [...new Array<number>(5).fill(I32), ...new Array<number>(7).fill(F64)],
    body: meshRowFunction(f),
    exportName: 'meshRow',
  };
}
