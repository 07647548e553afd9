/**
 * CLEAN (clean.ts's `cleanObjects`) in WebAssembly, a function of detect-wasm.ts's module: each
 * object's profile (amplitude and α, with `Math.pow` imported), the size buckets, a grid per bucket
 * and every pair test, one call for the whole list. On a cold start these loops ran in V8's
 * interpreter, boxing the doubles they computed (cleanAround, the grids' queries, cleanTable),
 * before TurboFan's code arrived, usually within the stage.
 *
 * The result is the TypeScript's, pair for pair. The candidates' order is part of it (an object
 * removed by one neighbour can be removed again by a later one, which then receives its flux), so
 * the kernel keeps clean.ts's: the buckets in the order of their keys' first appearance (a `Map`'s
 * insertion order), each bucket's members in index order, each grid's cells of the same size,
 * origin and row-major layout with their members in index order, the grids queried in bucket
 * order and each query's rows top to bottom. The floats are the TypeScript's, operation for
 * operation (float32 rounding where it calls `Math.fround`, the same association; `Math.pow`
 * through the import, which V8 calls as the very function, `--wasm-math-intrinsics`).
 *
 * A bucket's key, max(0, ⌈log₂ max(a, 10⁻³)⌉), is taken from the exponent of a: ⌈log₂ x⌉ is the
 * exponent e of x = 2^e·(1 + f) when f = 0 (V8's `Math.log2` is exact at powers of two) and e + 1
 * when f ≥ 2⁻⁴⁰ (the error of `Math.log2`, under an ulp of e ≤ 1024, cannot bring the result down
 * to e); in between (1 + f within 2⁻⁴⁰ of a power of two) `Math.log2` is called through an import
 * (a JavaScript call, which a real object list hardly ever needs).
 *
 * A list the kernel does not take returns −1 and runs the TypeScript: a position or semi-major axis
 * that is not finite (the TypeScript's grids then depend on JavaScript's conversions of NaN), or a
 * grid of more than {@link MAX_GRID_CELLS} cells.
 *
 * Memory (a `WebAssembly.Memory` of its own, replaced by a larger one when a list outgrows it): the
 * control block ({@link SLOT}: the list's length and the regions' byte addresses), the objects'
 * float64 columns ({@link F64_COLUMNS}), their int32 columns ({@link I32_COLUMNS}), the key table,
 * the buckets' records ({@link BUCKET}) and the grids' cells (each grid's `start`, nc + 2 int32).
 */
import { EMPTY, F64, Fn, I32, I64, loop, op, sleb, type WasmFunction } from '../wasm/index.js';
import type { CleanInput } from './clean-input.js';
import { LOG2_FUNCTION, POW_FUNCTION } from './kernel-imports.js';
import { giveKernelInstance, type KernelInstance, takeKernelInstance } from './kernel-instances.js';

type CleanFn = (thresh: number, beta: number) => number;

/** Opcodes the encoder's table lacks. */
const F64_MIN = 0xa4;
const F64_MAX = 0xa5;
const F64_CEIL = 0x9b;
const F64_FLOOR = 0x9c;
const F64_NEG = 0x9a;
const I64_SHL = 0x86;
const I64_SHR_U = 0x88;
const I64_EQZ = 0x50;
const I64_LT_U = 0x54;
const I64_REINTERPRET_F64 = 0xbd;

/** CLEAN search zone in units of (a1 + a2) (clean.ts's CLEAN_ZONE). */
const CLEAN_ZONE = 10.0;

/** A grid of more cells than this is left to the TypeScript (positions far apart: not an image's). */
export const MAX_GRID_CELLS = 1 << 24;

/** Keys are 0 … 1024 (a finite a ≤ 2¹⁰²⁴): the key table's entries. */
const KEYS = 1040;

/** The objects' float64 columns, in order (the first 11 the caller's, amp and α the kernel's). */
const F64_COLUMNS = ['mx', 'my', 'a', 'b', 'cxx', 'cyy', 'cxy', 'fdflux', 'fdnpix', 'abcor', 'mthresh', 'amp', 'alpha'] as const;
/** The objects' int32 columns: the absorber of each (−1: survives; the result), its bucket, the buckets' members, their cells, the grids' items. */
const I32_COLUMNS = ['eaten', 'bucket', 'members', 'cellOf', 'items'] as const;

/** The control block's int32 slots (byte address = 4 · slot). */
const SLOT = {
  n: 0,
  /** Byte addresses of the columns, in F64_COLUMNS' then I32_COLUMNS' order. */
  columns: 1,
  keyTab: 1 + F64_COLUMNS.length + I32_COLUMNS.length,
  buckets: 2 + F64_COLUMNS.length + I32_COLUMNS.length,
  cells: 3 + F64_COLUMNS.length + I32_COLUMNS.length,
  cellsEnd: 4 + F64_COLUMNS.length + I32_COLUMNS.length,
} as const;
const CONTROL_BYTES = 128;

/** A bucket's record: float64 cell, x0, y0, amax, x1, y1; int32 gw, gh, start (byte address), first member, member count, members filled. */
const BUCKET = { cell: 0, x0: 8, y0: 16, amax: 24, x1: 32, y1: 40, gw: 48, gh: 52, start: 56, m0: 60, count: 64, fill: 68 } as const;
const BUCKET_BYTES = 72;

/** 16-byte aligned room for `n` bytes. */
function room(n: number): number {
  return (n + 15) & ~15;
}

/** See the module comment; made by detect-wasm.ts's `cleanKernels`. */
export class CleanKernels {
  private fn: CleanFn | null = null;
  private ctl = new Int32Array(0);
  private f64 = new Float64Array(0);
  private eaten = new Int32Array(0);
  /** Objects the memory has room for, and bytes for the grids' cells. */
  private cap = 0;
  private cellBytes = 0;
  /** The instance and memory (kernel-instances.ts) during a call of {@link clean}. */
  private instance: KernelInstance | null = null;

  constructor(private readonly mod: object) {}

  /**
   * clean.ts's `cleanObjects(objs, mthresh, thresh, beta)`: `eatenBy[i]`, the index of the object
   * that absorbed i, or −1; null when the kernel does not take the list (see the module comment).
   */
  clean(objs: readonly CleanInput[], mthresh: Float64Array, thresh: number, beta: number): Int32Array | null {
    const n = objs.length;
    // an instance for this call (kernel-instances.ts), with room for the most objects and cells any call had
    // (the first list may be empty: a featureless image; the memory is made all the same)
    this.allocate(Math.max(n, this.cap, 1024), Math.max(this.cellBytes, 1 << 18));
    try {
      for (let tries = 0; tries < 2; tries++) {
        this.load(objs, mthresh);
        const status = this.fn!(thresh, beta);
        if (status === 0) return this.eaten.slice(0, n);
        if (status < 0) return null;
        // status: the bytes the grids' cells need
        this.allocate(this.cap, status);
      }
      return null;
    } finally {
      // (the result is a copy: the memory serves the next stage's kernels)
      giveKernelInstance(this.instance!);
      this.instance = null;
    }
  }

  /** The objects' fields into their columns (column k of object i at k · cap + i). */
  private load(objs: readonly CleanInput[], mthresh: Float64Array): void {
    const n = objs.length;
    const f = this.f64;
    const c = this.cap;
    this.ctl[SLOT.n] = n;
    for (let i = 0; i < n; i++) {
      const o = objs[i];
      f[i] = o.mx;
      f[c + i] = o.my;
      f[2 * c + i] = o.a;
      f[3 * c + i] = o.b;
      f[4 * c + i] = o.cxx;
      f[5 * c + i] = o.cyy;
      f[6 * c + i] = o.cxy;
      f[7 * c + i] = o.fdflux;
      f[8 * c + i] = o.fdnpix;
      f[9 * c + i] = o.abcor;
    }
    f.set(mthresh.subarray(0, n), 10 * c);
  }

  /** A memory (and instance) for `cap` objects and `cellBytes` bytes of grid cells. */
  private allocate(cap: number, cellBytes: number): void {
    const f64At = CONTROL_BYTES;
    const i32At = f64At + F64_COLUMNS.length * room(8 * cap);
    const keyAt = i32At + I32_COLUMNS.length * room(4 * cap);
    const bucketAt = keyAt + room(4 * KEYS);
    const cellsAt = bucketAt + room(BUCKET_BYTES * KEYS);
    const bytes = cellsAt + room(cellBytes);
    if (this.instance !== null) giveKernelInstance(this.instance);
    const instance = takeKernelInstance(this.mod, bytes);
    this.instance = instance;
    const memory = instance.memory;
    this.fn = instance.exports.cleanObjects as CleanFn;
    const buffer = memory.buffer;
    const ctl = new Int32Array(buffer, 0, CONTROL_BYTES >> 2);
    for (let k = 0; k < F64_COLUMNS.length; k++) ctl[SLOT.columns + k] = f64At + k * room(8 * cap);
    for (let k = 0; k < I32_COLUMNS.length; k++) ctl[SLOT.columns + F64_COLUMNS.length + k] = i32At + k * room(4 * cap);
    ctl[SLOT.keyTab] = keyAt;
    ctl[SLOT.buckets] = bucketAt;
    ctl[SLOT.cells] = cellsAt;
    ctl[SLOT.cellsEnd] = cellsAt + room(cellBytes);
    this.ctl = ctl;
    // (columns of cap objects, room(8·cap) = 8·cap bytes apart when cap is a multiple of 2)
    this.f64 = new Float64Array(buffer, f64At, (F64_COLUMNS.length * room(8 * cap)) >> 3);
    this.eaten = new Int32Array(buffer, i32At, cap);
    this.cap = room(8 * cap) >> 3;
    this.cellBytes = room(cellBytes);
  }
}

/**
 * `cleanObjects(thresh, beta) → status`: the objects of the control block's list (n, columns),
 * `eaten` set as clean.ts's `eatenBy`; 0 when done, −1 for a list left to the TypeScript, else the
 * bytes the grids' cells need (more than the memory has: to be called again with more).
 */
export function cleanObjectsEntry(): WasmFunction {
  const f = new Fn([F64, F64]);
  const [thresh, beta] = [0, 1];
  const b = f.b;
  const i32 = (): number => f.local(I32);
  const f64 = (): number => f.local(F64);
  const n = i32();
  const col: Record<string, number> = {};
  for (const name of [...F64_COLUMNS, ...I32_COLUMNS]) col[name] = i32();
  const [keyTab, buckets, cells, cellsEnd] = [i32(), i32(), i32(), i32()];
  const [i, j, k, victim, g, nb, key, bk, m, mEnd, c, nc, q, end, row, start, gw, gh, m0, cy, cy1, cx0, cx1, at] = Array.from({ length: 24 }, i32);
  const [invBeta, nbeta, x, y, a1, ua, amp, dx, dy, rlim, val, cell, x0, y0, x1, y1, amax, reach, fcx0, fcx1, fcy0, fcy1, t] = Array.from({ length: 23 }, f64);
  const bits = f.local(I64);

  const ctl = (slot: number) => b.i32(0).mem(op.i32Load, 2, 4 * slot);
  ctl(SLOT.n).set(n);
  [...F64_COLUMNS, ...I32_COLUMNS].forEach((name, s) => ctl(SLOT.columns + s).set(col[name]));
  ctl(SLOT.keyTab).set(keyTab);
  ctl(SLOT.buckets).set(buckets);
  ctl(SLOT.cells).set(cells);
  ctl(SLOT.cellsEnd).set(cellsEnd);
  /** The address of element `idx` (a local) of column `name` (2^shift bytes an element) onto the stack. */
  const addr = (name: string, idx: number, shift: number) => b.get(col[name]).get(idx).i32(shift).op(op.i32Shl, op.i32Add);
  const ld = (name: (typeof F64_COLUMNS)[number], idx: number) => addr(name, idx, 3).mem(op.f64Load, 3);
  const ldi = (name: (typeof I32_COLUMNS)[number], idx: number) => addr(name, idx, 2).mem(op.i32Load, 2);
  /** The address of int32 `idx` (a local) of the array at byte address local `base`, plus `plus` elements. */
  const el = (base: number, idx: number, plus = 0) => {
    b.get(base).get(idx).i32(2).op(op.i32Shl, op.i32Add);
    if (plus !== 0) b.i32(4 * plus).op(op.i32Add);
    return b;
  };
  const isF64 = (field: keyof typeof BUCKET) => BUCKET[field] < BUCKET.gw;
  /** Field `field` of bucket record `bk` onto the stack. */
  const bget = (field: keyof typeof BUCKET) => b.get(bk).mem(isF64(field) ? op.f64Load : op.i32Load, isF64(field) ? 3 : 2, BUCKET[field]);
  /** Store the value `value()` pushes into field `field` of bucket record `bk`. */
  const bset = (field: keyof typeof BUCKET, value: () => void) => {
    b.get(bk);
    value();
    b.mem(isF64(field) ? op.f64Store : op.i32Store, isF64(field) ? 3 : 2, BUCKET[field]);
  };
  /** Bucket `idx`'s record address into `bk`. */
  const record = (idx: number) => b.get(buckets).get(idx).i32(BUCKET_BYTES).op(op.i32Mul, op.i32Add).set(bk);
  const f32r = () => b.op(op.f32DemoteF64, op.f64PromoteF32);
  /** Is the value `v()` pushes finite (v − v = 0: false for NaN and ±Inf)? */
  const finite = (v: () => void) => {
    v();
    v();
    b.op(op.f64Sub).f64(0).op(op.f64Eq);
  };
  /** `local = cond ? v : local` for f64 locals (the TypeScript's `if (v > m) m = v`), `v` pushed by `v()`, `cmp` its comparison with the local. */
  const keep = (local: number, v: () => void, cmp: number) => {
    v();
    b.get(local);
    v();
    b.get(local).op(cmp, op.select).set(local);
  };

  // the key table: no bucket yet
  b.i32(0).set(k);
  b.i32(KEYS).set(end);
  loop(b, k, end, () => {
    el(keyTab, k).i32(-1).mem(op.i32Store, 2);
  });
  b.i32(0).set(nb);
  b.f64(1).get(beta).op(op.f64Div).set(invBeta);
  b.get(beta).op(F64_NEG).set(nbeta);

  // 1. each object: a finite position and a (else the TypeScript's), its profile (clean.ts's
  // cleanTable), its bucket (the key's first appearance numbers it)
  b.i32(0).set(i);
  loop(b, i, n, () => {
    finite(() => ld('mx', i));
    finite(() => ld('my', i));
    b.op(op.i32And);
    finite(() => ld('a', i));
    b.op(op.i32And, op.i32Eqz, op.if, EMPTY).i32(-1).op(op.return, op.end);
    addr('eaten', i, 2).i32(-1).mem(op.i32Store, 2);
    // unitarea = π·a·b; amp = fdflux / (2·unitarea·abcor); α = ((pow(amp / thresh, 1 / β) − 1)·unitarea) / fdnpix
    b.f64(Math.PI);
    ld('a', i);
    b.op(op.f64Mul);
    ld('b', i);
    b.op(op.f64Mul).set(ua);
    ld('fdflux', i);
    b.f64(2).get(ua).op(op.f64Mul);
    ld('abcor', i);
    b.op(op.f64Mul, op.f64Div).set(amp);
    addr('amp', i, 3).get(amp).mem(op.f64Store, 3);
    addr('alpha', i, 3);
    b.get(amp).get(thresh).op(op.f64Div).get(invBeta).op(op.call, POW_FUNCTION).f64(1).op(op.f64Sub).get(ua).op(op.f64Mul);
    ld('fdnpix', i);
    b.op(op.f64Div).mem(op.f64Store, 3);
    // the key: max(0, ⌈log₂ t⌉), t = max(a, 10⁻³) (see the module comment)
    ld('a', i);
    b.f64(1e-3).op(F64_MAX).set(t);
    b.get(t).f64(1).op(op.f64Le, op.if, EMPTY);
    b.i32(0).set(key);
    b.op(op.else);
    b.get(t).op(I64_REINTERPRET_F64).set(bits);
    b.get(bits).op(op.i64Const, ...sleb(52), I64_SHR_U, op.i32WrapI64).i32(1023).op(op.i32Sub).set(key);
    // the fraction's 52 bits, at the top of a 64-bit word: 0 for a power of two, < 2²⁴ for f < 2⁻⁴⁰
    b.get(bits).op(op.i64Const, ...sleb(12), I64_SHL).set(bits);
    b.get(bits).op(I64_EQZ, op.i32Eqz, op.if, EMPTY);
    b.get(bits).op(op.i64Const, ...sleb(1 << 24), I64_LT_U, op.if, EMPTY);
    b.f64(0).get(t).op(op.call, LOG2_FUNCTION, F64_CEIL, F64_MAX, op.i32TruncF64S).set(key);
    b.op(op.else);
    b.get(key).i32(1).op(op.i32Add).set(key);
    b.op(op.end, op.end, op.end);
    // its bucket: keyTab[key], a new one (the next number) at the key's first appearance
    el(keyTab, key).mem(op.i32Load, 2).set(g);
    b.get(g).i32(0).op(op.i32LtS, op.if, EMPTY);
    b.get(nb).set(g);
    el(keyTab, key).get(g).mem(op.i32Store, 2);
    record(g);
    bset('count', () => b.i32(0));
    bset('fill', () => b.i32(0));
    b.get(nb).i32(1).op(op.i32Add).set(nb);
    b.op(op.end);
    addr('bucket', i, 2).get(g).mem(op.i32Store, 2);
    record(g);
    bset('count', () => bget('count').i32(1).op(op.i32Add));
  });

  // 2. the buckets' members, each bucket's in index order
  b.i32(0).set(m);
  b.i32(0).set(g);
  loop(b, g, nb, () => {
    record(g);
    bset('m0', () => b.get(m));
    bget('count').get(m).op(op.i32Add).set(m);
  });
  b.i32(0).set(i);
  loop(b, i, n, () => {
    ldi('bucket', i).set(g);
    record(g);
    bget('m0').get(bk).mem(op.i32Load, 2, BUCKET.fill).op(op.i32Add).set(m);
    addr('members', m, 2).get(i).mem(op.i32Store, 2);
    bset('fill', () => bget('fill').i32(1).op(op.i32Add));
  });

  // 3. each bucket's grid (clean.ts's Grid constructor): its geometry, and room for its cells
  b.get(cells).set(at);
  b.i32(0).set(g);
  loop(b, g, nb, () => {
    record(g);
    b.f64(0).set(amax);
    b.f64(Infinity).set(x0);
    b.f64(Infinity).set(y0);
    b.f64(-Infinity).set(x1);
    b.f64(-Infinity).set(y1);
    bget('m0').set(m);
    bget('count').get(m).op(op.i32Add).set(mEnd);
    loop(b, m, mEnd, () => {
      ldi('members', m).set(j);
      keep(amax, () => ld('a', j), op.f64Gt);
      keep(x0, () => ld('mx', j), op.f64Lt);
      keep(y0, () => ld('my', j), op.f64Lt);
      keep(x1, () => ld('mx', j), op.f64Gt);
      keep(y1, () => ld('my', j), op.f64Gt);
    });
    b.f64(16).f64(20).get(amax).op(op.f64Mul, F64_MAX).set(cell);
    // gw, gh = ⌊(x1 − x0) / cell⌋ + 1, ⌊(y1 − y0) / cell⌋ + 1 (as float64 until checked)
    b.get(x1).get(x0).op(op.f64Sub).get(cell).op(op.f64Div, F64_FLOOR).f64(1).op(op.f64Add).set(fcx0);
    b.get(y1).get(y0).op(op.f64Sub).get(cell).op(op.f64Div, F64_FLOOR).f64(1).op(op.f64Add).set(fcy0);
    b.get(fcx0).get(fcy0).op(op.f64Mul).f64(MAX_GRID_CELLS).op(op.f64Le, op.i32Eqz, op.if, EMPTY).i32(-1).op(op.return, op.end);
    bset('cell', () => b.get(cell));
    bset('x0', () => b.get(x0));
    bset('y0', () => b.get(y0));
    bset('amax', () => b.get(amax));
    bset('gw', () => b.get(fcx0).op(op.i32TruncF64S));
    bset('gh', () => b.get(fcy0).op(op.i32TruncF64S));
    bset('start', () => b.get(at));
    // nc + 2 int32 (see step 4); all grids' together under 2²⁸ bytes (else the TypeScript's)
    b.get(at).get(fcx0).get(fcy0).op(op.f64Mul, op.i32TruncF64S).i32(2).op(op.i32Add).i32(2).op(op.i32Shl, op.i32Add).set(at);
    b.get(at).get(cells).op(op.i32Sub).i32(1 << 28).op(op.i32GtS, op.if, EMPTY).i32(-1).op(op.return, op.end);
  });
  b.get(at).get(cellsEnd).op(op.i32GtS, op.if, EMPTY).get(at).get(cells).op(op.i32Sub).op(op.return, op.end);

  // 4. the grids' cells: a counting sort of each bucket's members by cell (in member order within
  // a cell), start[c] the first of cell c's in the bucket's slice of `items`, start[nc] their count
  b.i32(0).set(g);
  loop(b, g, nb, () => {
    record(g);
    bget('cell').set(cell);
    bget('x0').set(x0);
    bget('y0').set(y0);
    bget('gw').set(gw);
    bget('start').set(start);
    bget('m0').set(m0);
    bget('gw').get(bk).mem(op.i32Load, 2, BUCKET.gh).op(op.i32Mul).set(nc);
    // start[0 … nc + 1] = 0
    b.i32(0).set(c);
    b.get(nc).i32(2).op(op.i32Add).set(end);
    loop(b, c, end, () => {
      el(start, c).i32(0).mem(op.i32Store, 2);
    });
    // cell counts at start[c + 2]
    b.get(m0).set(m);
    bget('count').get(m0).op(op.i32Add).set(mEnd);
    loop(b, m, mEnd, () => {
      ldi('members', m).set(j);
      addr('cellOf', m, 2);
      ld('my', j);
      b.get(y0).op(op.f64Sub).get(cell).op(op.f64Div, F64_FLOOR).get(gw).op(op.f64ConvertI32S, op.f64Mul);
      ld('mx', j);
      b.get(x0).op(op.f64Sub).get(cell).op(op.f64Div, F64_FLOOR, op.f64Add, op.i32TruncF64S).tee(c);
      b.mem(op.i32Store, 2);
      el(start, c, 2);
      el(start, c, 2).mem(op.i32Load, 2).i32(1).op(op.i32Add).mem(op.i32Store, 2);
    });
    // start[c + 1] = the members of the cells before c (c = 1 … nc − 1; start[1] = 0)
    b.i32(2).set(c);
    b.get(nc).i32(1).op(op.i32Add).set(end);
    loop(b, c, end, () => {
      el(start, c);
      el(start, c).mem(op.i32Load, 2);
      el(start, c, -1).mem(op.i32Load, 2).op(op.i32Add).mem(op.i32Store, 2);
    });
    // items[m0 + start[c + 1]++] = member, in member order: then start[c + 1] ends cell c
    b.get(m0).set(m);
    loop(b, m, mEnd, () => {
      ldi('cellOf', m).set(c);
      el(start, c, 1).mem(op.i32Load, 2).set(q);
      b.get(q).get(m0).op(op.i32Add).set(k);
      addr('items', k, 2);
      ldi('members', m).mem(op.i32Store, 2);
      el(start, c, 1).get(q).i32(1).op(op.i32Add).mem(op.i32Store, 2);
    });
  });

  // 5. the pairs (clean.ts's cleanAround for each surviving i, its candidates in the grids' order)
  b.i32(0).set(i);
  loop(b, i, n, () => {
    ldi('eaten', i).i32(-1).op(op.i32Eq, op.if, EMPTY);
    ld('mx', i).set(x);
    ld('my', i).set(y);
    ld('a', i).set(a1);
    b.i32(0).set(g);
    loop(b, g, nb, () => {
      record(g);
      bget('cell').set(cell);
      bget('x0').set(x0);
      bget('y0').set(y0);
      b.f64(CLEAN_ZONE).get(a1);
      bget('amax').op(op.f64Add, op.f64Mul).set(reach);
      bget('gw').set(gw);
      bget('gh').set(gh);
      // the query's cells: max(0, ⌊(x − reach − x0) / c⌋) … min(gw − 1, ⌊(x + reach − x0) / c⌋), the same in y
      for (const [lo, hi, v, o, size] of [
        [fcx0, fcx1, x, x0, gw],
        [fcy0, fcy1, y, y0, gh],
      ]) {
        b.f64(0).get(v).get(reach).op(op.f64Sub).get(o).op(op.f64Sub).get(cell).op(op.f64Div, F64_FLOOR, F64_MAX).set(lo);
        b.get(size).i32(1).op(op.i32Sub, op.f64ConvertI32S).get(v).get(reach).op(op.f64Add).get(o).op(op.f64Sub).get(cell).op(op.f64Div, F64_FLOOR, F64_MIN).set(hi);
      }
      b.get(fcx0).get(fcx1).op(op.f64Le).get(fcy0).get(fcy1).op(op.f64Le, op.i32And, op.if, EMPTY);
      bget('start').set(start);
      bget('m0').set(m0);
      b.get(fcx0).op(op.i32TruncF64S).set(cx0);
      b.get(fcx1).op(op.i32TruncF64S).set(cx1);
      b.get(fcy0).op(op.i32TruncF64S).set(cy);
      b.get(fcy1).op(op.i32TruncF64S).i32(1).op(op.i32Add).set(cy1);
      loop(b, cy, cy1, () => {
        b.get(cy).get(gw).op(op.i32Mul).set(row);
        b.get(row).get(cx1).op(op.i32Add).set(c);
        el(start, c, 1).mem(op.i32Load, 2).get(m0).op(op.i32Add).set(end);
        b.get(row).get(cx0).op(op.i32Add).set(c);
        el(start, c).mem(op.i32Load, 2).get(m0).op(op.i32Add).set(q);
        loop(b, q, end, () => {
          ldi('items', q).tee(j);
          b.get(i).op(op.i32GtS, op.if, EMPTY);
          pair();
          b.op(op.end);
        });
      });
      b.op(op.end);
    });
    b.op(op.end);
  });
  b.i32(0);

  /** The pair (i, j) of a surviving j: the fainter removed when the brighter's profile exceeds its mthresh there. */
  function pair(): void {
    ldi('eaten', j).i32(-1).op(op.i32Eq, op.if, EMPTY);
    b.get(x);
    ld('mx', j);
    b.op(op.f64Sub);
    f32r();
    b.set(dx);
    b.get(y);
    ld('my', j);
    b.op(op.f64Sub);
    f32r();
    b.set(dy);
    b.get(a1);
    ld('a', j);
    b.op(op.f64Add);
    f32r();
    b.tee(rlim).get(rlim).op(op.f64Mul);
    f32r();
    b.set(rlim);
    // dx·dx + dy·dy > rlim·10·10: too far
    b.get(dx).get(dx).op(op.f64Mul).get(dy).get(dy).op(op.f64Mul, op.f64Add);
    b.get(rlim).f64(CLEAN_ZONE).op(op.f64Mul).f64(CLEAN_ZONE).op(op.f64Mul, op.f64Gt, op.i32Eqz, op.if, EMPTY);
    // k = fdflux[j] < fdflux[i] ? i : j, the victim the other
    b.get(i).get(j);
    ld('fdflux', j);
    ld('fdflux', i);
    b.op(op.f64Lt, op.select).set(k);
    b.get(j).get(i).get(k).get(i).op(op.i32Eq, op.select).set(victim);
    // val = 1 + α_k·(cxx_k·dx·dx + cyy_k·dy·dy + cxy_k·dx·dy)
    b.f64(1);
    ld('alpha', k);
    ld('cxx', k);
    b.get(dx).op(op.f64Mul).get(dx).op(op.f64Mul);
    ld('cyy', k);
    b.get(dy).op(op.f64Mul).get(dy).op(op.f64Mul, op.f64Add);
    ld('cxy', k);
    b.get(dx).op(op.f64Mul).get(dy).op(op.f64Mul, op.f64Add, op.f64Mul, op.f64Add).set(val);
    b.get(val).f64(1).op(op.f64Gt, op.if, EMPTY);
    // f32(val < 1e10 ? amp_k·pow(val, −β) : 0) > mthresh[victim]
    b.get(val).f64(1e10).op(op.f64Lt, op.if, F64);
    ld('amp', k);
    b.get(val).get(nbeta).op(op.call, POW_FUNCTION, op.f64Mul);
    b.op(op.else).f64(0).op(op.end);
    f32r();
    ld('mthresh', victim);
    b.op(op.f64Gt, op.if, EMPTY);
    addr('eaten', victim, 2).get(k).mem(op.i32Store, 2);
    b.op(op.end, op.end, op.end, op.end);
  }

  return { params: f.params, results: [I32], locals: f.locals, body: b, exportName: 'cleanObjects' };
}
