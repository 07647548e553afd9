/**
 * clean.ts's `minareaThreshold` in WebAssembly, a function of detect-wasm.ts's module, over the
 * component loaded in the level kernels (level-wasm.ts): its pixels 0 … n − 1 (a whole component,
 * its filtered values in their records' order) or a list in the kernels' memory (an object the
 * kernels split it into, as `componentFwhm` takes it). On a cold start the TypeScript's heap ran in
 * V8's interpreter, a `Math.fround` box per pixel, for every object of the image.
 *
 * The value is the TypeScript's: SExtractor's heap literally (its index arithmetic, which does not
 * always sift down to the leaves, and the skipped (minarea + 1)-th pixel), `tpix` rounded to float32
 * from the float64 difference (`f32.demote_f64`), the float32 comparisons the TypeScript makes on
 * float32 values, and, when the heap is full, the order of `Float32Array.prototype.sort` (numeric,
 * −0 before +0, NaN last) by an insertion sort on the values' bits mapped to ordered integers.
 *
 * The heap lives in the `lev` region (mayBranch's levels, n int32 values: free once the component is
 * deblended, and n ≥ minarea when the heap is used).
 */
import { Body, EMPTY, F32, F64, I32, op, type WasmFunction } from '../wasm/index.js';
import { slot } from './level-wasm.js';

/** Opcodes the encoder's table lacks. */
const F32_GT = 0x5e;
const F32_LE = 0x5f;
const I32_XOR = 0x73;
const I32_SHR_S = 0x75;

/**
 * The largest minarea the kernel takes (its sort is an insertion sort, quadratic in minarea);
 * beyond it the TypeScript runs.
 */
export const MINAREA_KERNEL_MAX = 64;

/**
 * `componentMinarea(list, n, sub, thresh, minarea) → mthresh`: minareaThreshold over `n` pixels of the
 * loaded component (its pixels 0 … n − 1 when `list` is 0, else the int32 values at byte address
 * `list` minus `sub`), `thresh` the analysis threshold, 1 ≤ `minarea` ≤ {@link MINAREA_KERNEL_MAX}.
 */
export function componentMinareaFunction(): Body {
  const [list, n, sub, thresh, minarea] = [0, 1, 2, 3, 4];
  const [cd, heap, ht, h, q, p, j, k, hk, t, i, v, kv] = [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17];
  const tpix = 18; // f32
  const b = new Body();
  // if (n < minarea) return 0
  b.get(n).get(minarea).op(op.i32LtS, op.if, EMPTY);
  b.f64(0).op(op.return);
  b.op(op.end);
  b.i32(0).mem(op.i32Load, 2, slot('cd')).set(cd);
  b.i32(0).mem(op.i32Load, 2, slot('lev')).set(heap);
  b.get(minarea).set(h);
  /** The byte address of heap[l]. */
  const at = (l: number): void => {
    b.get(heap).get(l).i32(2).op(op.i32Shl, op.i32Add);
  };
  /** An ordered integer key of the float32 bits on the stack (−0 before +0, every NaN last), kept in `into`. */
  const key = (into: number): void => {
    b.set(into);
    // NaN: f32.ne(x, x) ⇒ the largest key
    b.i32(0x7fffffff);
    b.get(into).get(into).i32(31).op(I32_SHR_S).i32(0x7fffffff).op(op.i32And, I32_XOR);
    b.get(into).op(op.f32ReinterpretI32).get(into).op(op.f32ReinterpretI32, op.f32Ne, op.select).set(into);
  };
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(q).get(n).op(op.i32GeS, op.brIf, 1);
  // p = list ? list[q] − sub : q; tpix = f32(cd[p] − thresh)
  b.get(list).get(q).i32(2).op(op.i32Shl, op.i32Add).mem(op.i32Load, 2).get(sub).op(op.i32Sub).get(q).get(list).op(op.select).set(p);
  b.get(cd).get(p).i32(2).op(op.i32Shl, op.i32Add).mem(op.f32Load, 2).op(op.f64PromoteF32).get(thresh).op(op.f64Sub, op.f32DemoteF64).set(tpix);
  b.get(h).i32(0).op(op.i32GtS, op.if, EMPTY);
  // heap[ht++] = tpix
  at(ht);
  b.get(tpix).mem(op.f32Store, 2);
  b.get(ht).i32(1).op(op.i32Add).set(ht);
  b.op(op.else);
  b.get(h).op(op.if, EMPTY);
  // h < 0: if (tpix > heap[0]) sift down from the root
  b.get(tpix).get(heap).mem(op.f32Load, 2).op(F32_GT, op.if, EMPTY);
  b.get(heap).get(tpix).mem(op.f32Store, 2);
  b.i32(0).set(j);
  b.i32(2).set(k);
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(k).get(minarea).op(op.i32GtS, op.brIf, 1);
  b.get(k).set(hk);
  // if (k !== minarea && heap[hk − 1] > heap[hk]) { hk++; k++ }
  b.get(k).get(minarea).op(op.i32Ne, op.if, EMPTY);
  b.get(heap).get(hk).i32(2).op(op.i32Shl, op.i32Add).i32(4).op(op.i32Sub).mem(op.f32Load, 2);
  at(hk);
  b.mem(op.f32Load, 2).op(F32_GT, op.if, EMPTY);
  b.get(hk).i32(1).op(op.i32Add).set(hk);
  b.get(k).i32(1).op(op.i32Add).set(k);
  b.op(op.end, op.end);
  b.get(hk).i32(1).op(op.i32Sub).set(hk);
  // if (heap[j] <= heap[hk]) break; swap them
  at(j);
  b.mem(op.f32Load, 2);
  at(hk);
  b.mem(op.f32Load, 2).op(F32_LE, op.brIf, 1);
  at(hk);
  b.mem(op.i32Load, 2).set(t);
  at(hk);
  at(j);
  b.mem(op.i32Load, 2).mem(op.i32Store, 2);
  at(j);
  b.get(t).mem(op.i32Store, 2);
  // j = k; k = (j + 1) << 1
  b.get(k).set(j);
  b.get(j).i32(1).op(op.i32Add).i32(1).op(op.i32Shl).set(k);
  b.op(op.br, 0, op.end, op.end);
  b.op(op.end); // tpix > heap[0]
  b.op(op.else);
  // h = 0: the heap sorted as Float32Array.prototype.sort sorts (this pixel is skipped)
  b.i32(1).set(i);
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(i).get(minarea).op(op.i32GeS, op.brIf, 1);
  at(i);
  b.mem(op.i32Load, 2).tee(v);
  key(kv);
  b.get(i).i32(1).op(op.i32Sub).set(j);
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(j).i32(0).op(op.i32LtS, op.brIf, 1);
  at(j);
  b.mem(op.i32Load, 2).tee(t);
  key(hk);
  b.get(hk).get(kv).op(op.i32LeS, op.brIf, 1);
  at(j);
  b.get(t).mem(op.i32Store, 2, 4);
  b.get(j).i32(1).op(op.i32Sub).set(j);
  b.op(op.br, 0, op.end, op.end);
  at(j);
  b.get(v).mem(op.i32Store, 2, 4);
  b.get(i).i32(1).op(op.i32Add).set(i);
  b.op(op.br, 0, op.end, op.end);
  b.op(op.end); // h ≠ 0
  b.op(op.end); // h > 0
  b.get(h).i32(1).op(op.i32Sub).set(h);
  b.get(q).i32(1).op(op.i32Add).set(q);
  b.op(op.br, 0, op.end, op.end);
  b.get(heap).mem(op.f32Load, 2).op(op.f64PromoteF32);
  return b;
}

/** {@link componentMinareaFunction}'s entry for detect-wasm.ts's module. */
export function componentMinareaEntry(): WasmFunction {
  return {
    params: [I32, I32, I32, F64, I32],
    results: [F64],
    locals: [...new Array<number>(13).fill(I32), F32],
    body: componentMinareaFunction(),
    exportName: 'componentMinarea',
  };
}
