/**
 * The catalog CSV writer's WebAssembly module (csv-wasm.ts runs it): it formats a catalog's rows
 * into CSV bytes in its memory, each number written as catalog-csv.ts's `fix` (`toFixed(d)`) or
 * `num` (`digits` significant digits, trailing zeros removed) writes it, so that no string is
 * made per cell. Its bytes are compiled from csv-wasm-bytes.ts's copy (running this encoder on a
 * cold start would cost more than the module saves); tests/shared/csv-wasm.test.ts checks the
 * copy and the formatting against `toFixed` and the old writer.
 *
 * The exact `toFixed(d)` of a double v, |v| < 2^53, d ≤ 12: with a = |v|, I = ⌊a⌋ and F = a − I
 * (both exact), the decimals are n = F·10^d rounded half up (ECMAScript: of two n equally near,
 * the larger; on |v|, so ties go away from zero). With p = fl(F·10^d) (< 2^40, so within
 * 2^−13 of F·10^d) and r = ⌊p⌋: when p − r is farther than 2^−12 from ½, n = r + (p − r > ½).
 * Nearer, F·10^d is p + e exactly, e the error by Dekker's product (Veltkamp's split, no fused
 * multiply-add; exact as nothing underflows, F·10^d being near ½ or more), and n = r + 1 exactly
 * when (p − r) + e ≥ ½, decided as (p − r − ½) ≥ −e: p − r is exact, and so is p − r − ½ (Sterbenz).
 * n = 10^d carries into I. The sign is written when v < 0 (so −0 writes none, a tiny negative
 * "-0.00000", as `toFixed`).
 *
 * `num`'s ⌊log10 a⌋ is V8's: the exponent k with 10^k ≤ a < 10^(k+1) from a table of the doubles
 * 1e-4 … 1e16, and, when a lies within a relative 2^−40 of either bound (where `Math.log10`'s
 * rounding could decide otherwise), `Math.log10` itself, imported.
 *
 * A value the module does not write exactly (`fix` of |v| ≥ 2^53 or d > 12; `num` outside
 * 1e-4 ≤ |v| < 1e15, which takes `toPrecision`, but ±0, written "0"; an integer column holding
 * NaN, ±∞, a non-integer or |v| ≥ 2^53) makes it stop before that row, which the caller writes
 * with the TypeScript.
 *
 * Memory (bytes): 0 the output position (i32); {@link LOG_TABLE} the doubles 1e-4 … 1e16;
 * {@link POW_TABLE} the doubles 1e0 … 1e12; {@link PAIRS} the digit pairs; from {@link SPEC_AT}
 * the caller's column kinds, values and output (see {@link csvModuleBytes}).
 */
import { Body, EMPTY, F64, I32, I64, op, sleb, uleb, wasmModule } from '../core/wasm/index.js';

/** Address of the doubles 10^k, k = −4 … 16 (as the JavaScript literals `1e-4` … `1e16` read). */
export const LOG_TABLE = 16;
/** Address of the doubles 10^d, d = 0 … 12. */
export const POW_TABLE = LOG_TABLE + 21 * 8;
/** Address of the 100 pairs of ASCII digits "00" … "99". */
export const PAIRS = POW_TABLE + 13 * 8;
/** The first address the caller's data may take. */
export const SPEC_AT = 512;
/** The most decimals the module writes. */
export const MAX_DECIMALS = 12;

/** Column kinds (one byte a column): d ≤ 12, `fix` with d decimals; {@link NUM} + digits, `num`; {@link INT}, `String` of an integer. */
export const NUM = 64;
export const INT = 128;

/** Opcodes beyond the encoder's table (WebAssembly core specification, binary format). */
const x = {
  i32LoadU8: 0x2d, i32LoadU16: 0x2f, i32Store8: 0x3a, i32Store16: 0x3b, i32GeU: 0x4f, i32ShrS: 0x75,
  i64Eq: 0x51, i64LtU: 0x54, i64GeU: 0x5a,
  i64Add: 0x7c, i64Sub: 0x7d, i64Mul: 0x7e, i64DivU: 0x80, i64ShrU: 0x88,
  f64Neg: 0x9a, f64Floor: 0x9c, i64ExtendI32U: 0xad, i64TruncF64U: 0xb1, i64ReinterpretF64: 0xbd,
} as const;

const CHAR_0 = 48;

/** i64.const of a small non-negative value. */
function i64c(b: Body, v: number): Body {
  return b.op(op.i64Const, ...sleb(v));
}

/**
 * `putDigits(x: i64, at: i32, w: i32)`: the last `w` decimal digits of x (x < 10^16) at `at` …
 * `at + w − 1`, most significant first (leading zeros included): two at a time from
 * {@link PAIRS}, split off below 2^32 by a multiply (⌊x·0x51EB851F / 2^37⌋ = ⌊x / 100⌋ and
 * ⌊x·0xCCCCCCCD / 2^35⌋ = ⌊x / 10⌋ for every x < 2^32); x ≥ 2^32 first splits its last eight
 * digits off by one division.
 */
function putDigitsFunction(): Body {
  // params 0 x (i64), 1 at, 2 w; locals 3 i (i32), 4 q (i64)
  const [xv, at, w, i, q] = [0, 1, 2, 3, 4];
  const PUT = 1;
  const b = new Body();
  b.get(at).get(w).op(op.i32Add).set(i);
  // x ≥ 2^32: the last 8 digits by this function, then the rest (< 2^32, as x < 10^16)
  b.get(xv).op(op.i64Const, ...[0x80, 0x80, 0x80, 0x80, 0x10]).op(x.i64GeU, op.if, EMPTY);
  b.get(xv);
  i64c(b, 100000000).op(x.i64DivU).set(q);
  b.get(xv).get(q);
  i64c(b, 100000000).op(x.i64Mul, x.i64Sub).get(i).i32(8).op(op.i32Sub).i32(8).op(op.call, ...uleb(PUT));
  b.get(q).set(xv);
  b.get(i).i32(8).op(op.i32Sub).set(i);
  b.op(op.end);
  // two digits at a time
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(i).get(at).op(op.i32Sub).i32(2).op(op.i32LtS, op.brIf, 1);
  b.get(i).i32(2).op(op.i32Sub).set(i);
  b.get(xv).i32(1374389535).op(x.i64ExtendI32U, x.i64Mul);
  i64c(b, 37).op(x.i64ShrU).set(q);
  b.get(i).get(xv).get(q);
  i64c(b, 100).op(x.i64Mul, x.i64Sub, op.i32WrapI64).i32(1).op(op.i32Shl).mem(x.i32LoadU16, 0, PAIRS).mem(x.i32Store16, 0);
  b.get(q).set(xv);
  b.op(op.br, 0, op.end, op.end);
  // an odd one
  b.get(i).get(at).op(op.i32GtS, op.if, EMPTY);
  b.get(at).get(xv).get(xv).i32(-858993459).op(x.i64ExtendI32U, x.i64Mul);
  i64c(b, 35).op(x.i64ShrU);
  i64c(b, 10).op(x.i64Mul, x.i64Sub, op.i32WrapI64).i32(CHAR_0).op(op.i32Add).mem(x.i32Store8, 0);
  b.op(op.end);
  return b;
}

/**
 * `cell(v: f64, kind: i32, pos: i32) → i32`: v written at `pos` as its column's kind says (nothing
 * for NaN and ±∞ but in an integer column, which fails on them as `String` writes them); the position after it, or −1 when the module does not write v exactly.
 * Calls the import `log10` (function 0) and `putDigits` (function 1).
 */
function cellFunction(): Body {
  // params 0 v, 1 kind, 2 pos; locals 3 a, 4 F, 5 P, 6 p, 7 e, 8 c, 9 ah, 10 al, 11 bh, 12 bl, 13 r (f64),
  // 14 d, 15 strip, 16 k, 17 w, 18 e10 (i32), 19 n, 20 ip, 21 pw (i64)
  const [v, kind, pos, a, F, P, p, e, c, ah, al, bh, bl, r] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
  const [d, strip, k, w, e10, n, ip, pw] = [14, 15, 16, 17, 18, 19, 20, 21];
  const LOG10 = 0;
  const PUT = 1;
  const b = new Body();
  const fail = () => b.i32(-1).op(op.return);
  b.get(v).op(op.f64Abs).set(a);
  b.get(kind).i32(INT).op(op.i32Eq, op.if, EMPTY);
  {
    // String(v) of an integer below 2^53: its digits (v < 0 only for a nonzero integer); NaN, ±∞ and others fail
    b.get(a).f64(2 ** 53).op(op.f64Lt, op.i32Eqz).get(a).op(x.f64Floor).get(a).op(op.f64Ne, op.i32Or, op.if, EMPTY);
    fail();
    b.op(op.end);
  }
  b.op(op.else);
  // NaN, ±∞: an empty cell
  b.get(v).get(v).op(op.f64Ne).get(a).f64(Infinity).op(op.f64Eq, op.i32Or, op.if, EMPTY).get(pos).op(op.return, op.end);
  b.get(kind).i32(NUM).op(x.i32GeU, op.if, EMPTY);
  {
    // num: ±0 is "0" (Number((±0).toPrecision(digits)).toString()); otherwise outside [1e-4, 1e15) toPrecision's path
    b.get(a).f64(0).op(op.f64Eq, op.if, EMPTY);
    b.get(pos).i32(CHAR_0).mem(x.i32Store8, 0);
    b.get(pos).i32(1).op(op.i32Add, op.return);
    b.op(op.end);
    b.get(a).f64(1e-4).op(op.f64Lt).get(a).f64(1e15).op(op.f64Ge, op.i32Or, op.if, EMPTY);
    fail();
    b.op(op.end);
    // k: the index in the table 1e-4 … of the last 10^k ≤ a. With a = 2^e2·(1 + f), ⌊e2·log10 2⌋
    // (= ⌊e2·1233 / 4096⌋ for these e2) is k − 4 or k − 5 (at least −4: a ≥ 1e-4)
    b.get(a).op(x.i64ReinterpretF64);
    i64c(b, 52).op(x.i64ShrU, op.i32WrapI64).i32(1023).op(op.i32Sub).i32(1233).op(op.i32Mul).i32(12).op(x.i32ShrS).i32(4).op(op.i32Add).tee(k);
    b.i32(0).get(k).i32(0).op(op.i32GtS, op.select).set(k);
    b.get(k).get(k).i32(3).op(op.i32Shl).mem(op.f64Load, 3, LOG_TABLE + 8).get(a).op(op.f64Le, op.i32Add).tee(k);
    b.i32(4).op(op.i32Sub).set(e10);
    // near a power of ten: Math.log10's own floor
    b.get(a).get(k).i32(3).op(op.i32Shl).mem(op.f64Load, 3, LOG_TABLE).f64(1 + 2 ** -40).op(op.f64Mul, op.f64Lt);
    b.get(a).get(k).i32(3).op(op.i32Shl).mem(op.f64Load, 3, LOG_TABLE + 8).f64(1 - 2 ** -40).op(op.f64Mul, op.f64Ge, op.i32Or, op.if, EMPTY);
    b.get(a).op(op.call, ...uleb(LOG10), x.f64Floor, op.i32TruncF64S).set(e10);
    b.op(op.end);
    // d = max(0, digits − 1 − e10)
    b.get(kind).i32(NUM + 1).op(op.i32Sub).get(e10).op(op.i32Sub).tee(d).i32(0).op(op.i32LtS, op.if, EMPTY).i32(0).set(d).op(op.end);
    b.i32(1).set(strip);
  }
  b.op(op.else);
  b.get(kind).set(d);
  b.get(a).f64(2 ** 53).op(op.f64Ge, op.if, EMPTY);
  fail();
  b.op(op.end);
  b.op(op.end, op.end);
  b.get(d).i32(MAX_DECIMALS).op(op.i32GtS, op.if, EMPTY);
  fail();
  b.op(op.end);
  // the decimals n of F = a − ⌊a⌋, rounded half up (see the module comment)
  b.get(d).i32(3).op(op.i32Shl).mem(op.f64Load, 3, POW_TABLE).set(P);
  b.get(a).get(a).op(x.f64Floor).op(op.f64Sub).tee(F).get(P).op(op.f64Mul).tee(p).op(x.f64Floor).tee(r).op(x.i64TruncF64U);
  b.get(p).get(r).op(op.f64Sub).f64(0.5).op(op.f64Gt, x.i64ExtendI32U, x.i64Add).set(n);
  b.get(p).get(r).op(op.f64Sub).f64(0.5).op(op.f64Sub, op.f64Abs).f64(2 ** -12).op(op.f64Le, op.if, EMPTY);
  {
    b.get(F).f64(134217729).op(op.f64Mul).tee(c).get(c).get(F).op(op.f64Sub, op.f64Sub).set(ah);
    b.get(F).get(ah).op(op.f64Sub).set(al);
    b.get(P).f64(134217729).op(op.f64Mul).tee(c).get(c).get(P).op(op.f64Sub, op.f64Sub).set(bh);
    b.get(P).get(bh).op(op.f64Sub).set(bl);
    b.get(ah).get(bh).op(op.f64Mul).get(p).op(op.f64Sub).get(ah).get(bl).op(op.f64Mul, op.f64Add).get(al).get(bh).op(op.f64Mul, op.f64Add);
    b.get(al).get(bl).op(op.f64Mul, op.f64Add).set(e);
    b.get(r).op(x.i64TruncF64U);
    b.get(p).get(r).op(op.f64Sub).f64(0.5).op(op.f64Sub).get(e).op(x.f64Neg, op.f64Ge, x.i64ExtendI32U, x.i64Add).set(n);
  }
  b.op(op.end);
  b.get(a).op(x.f64Floor, x.i64TruncF64U).set(ip);
  // n = 10^d: carry
  b.get(n).get(P).op(x.i64TruncF64U, x.i64Eq, op.if, EMPTY);
  b.get(ip);
  i64c(b, 1).op(x.i64Add).set(ip);
  i64c(b, 0).set(n);
  b.op(op.end);
  // sign, integer part, decimals
  b.get(v).f64(0).op(op.f64Lt, op.if, EMPTY);
  b.get(pos).i32(45).mem(x.i32Store8, 0);
  b.get(pos).i32(1).op(op.i32Add).set(pos);
  b.op(op.end);
  b.i32(1).set(w);
  i64c(b, 10).set(pw);
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(ip).get(pw).op(x.i64LtU).get(w).i32(16).op(op.i32GeS, op.i32Or, op.brIf, 1);
  b.get(pw);
  i64c(b, 10).op(x.i64Mul).set(pw);
  b.get(w).i32(1).op(op.i32Add).set(w);
  b.op(op.br, 0, op.end, op.end);
  b.get(ip).get(pos).get(w).op(op.call, ...uleb(PUT));
  b.get(pos).get(w).op(op.i32Add).set(pos);
  b.get(d).op(op.i32Eqz, op.if, EMPTY).get(pos).op(op.return, op.end);
  b.get(pos).i32(46).mem(x.i32Store8, 0);
  b.get(n).get(pos).i32(1).op(op.i32Add).get(d).op(op.call, ...uleb(PUT));
  b.get(pos).get(d).op(op.i32Add).i32(1).op(op.i32Add).set(pos);
  // num: trailing zeros, then a trailing point, removed
  b.get(strip).op(op.if, EMPTY);
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(pos).i32(1).op(op.i32Sub).mem(x.i32LoadU8, 0).i32(CHAR_0).op(op.i32Ne, op.brIf, 1);
  b.get(pos).i32(1).op(op.i32Sub).set(pos);
  b.op(op.br, 0, op.end, op.end);
  b.get(pos).get(pos).i32(1).op(op.i32Sub).mem(x.i32LoadU8, 0).i32(46).op(op.i32Eq, op.i32Sub).set(pos);
  b.op(op.end);
  b.get(pos);
  return b;
}

/**
 * `rows(row0, nrows, ncols, spec, vals) → i32`: rows `row0` … `nrows − 1`, each of `ncols` doubles
 * from `vals` (row-major) written as the column kinds (bytes at `spec`) say, cells separated by
 * `,`, each line ended by `\n`, from the output position (address 0), which it moves on. Returns
 * `nrows`, or the index of the first row it could not write (the output position then at that
 * row's start).
 */
function rowsFunction(): Body {
  // params 0 row0, 1 nrows, 2 ncols, 3 spec, 4 vals; locals 5 pos, 6 start, 7 vp, 8 col, 9 np
  const [row0, nrows, ncols, spec, vals, pos, start, vp, col, np] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const CELL = 2;
  const b = new Body();
  b.i32(0).mem(op.i32Load, 2).set(pos);
  b.get(vals).get(row0).get(ncols).op(op.i32Mul).i32(3).op(op.i32Shl, op.i32Add).set(vp);
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(row0).get(nrows).op(op.i32GeS, op.brIf, 1);
  b.get(pos).set(start);
  b.i32(0).set(col);
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(col).get(ncols).op(op.i32GeS, op.brIf, 1);
  b.get(col).op(op.if, EMPTY);
  b.get(pos).i32(44).mem(x.i32Store8, 0);
  b.get(pos).i32(1).op(op.i32Add).set(pos);
  b.op(op.end);
  b.get(vp).mem(op.f64Load, 3).get(spec).get(col).op(op.i32Add).mem(x.i32LoadU8, 0).get(pos).op(op.call, ...uleb(CELL)).tee(np);
  b.i32(0).op(op.i32LtS, op.if, EMPTY);
  b.i32(0).get(start).mem(op.i32Store, 2);
  b.get(row0).op(op.return);
  b.op(op.end);
  b.get(np).set(pos);
  b.get(vp).i32(8).op(op.i32Add).set(vp);
  b.get(col).i32(1).op(op.i32Add).set(col);
  b.op(op.br, 0, op.end, op.end);
  b.get(pos).i32(10).mem(x.i32Store8, 0);
  b.get(pos).i32(1).op(op.i32Add).set(pos);
  b.get(row0).i32(1).op(op.i32Add).set(row0);
  b.op(op.br, 0, op.end, op.end);
  b.i32(0).get(pos).mem(op.i32Store, 2);
  b.get(nrows);
  return b;
}

/**
 * The module: imports `env.mem` (a memory) and `env.log10` (f64 → f64, `Math.log10`, function 0);
 * functions 1 `putDigits`, 2 `cell`, 3 `rows` (the writer calls `rows`; see the functions' comments).
 */
export function csvModuleBytes(): Uint8Array {
  return wasmModule(
    [
      { params: [I64, I32, I32], results: [], locals: [I32, I64], body: putDigitsFunction(), exportName: 'putDigits' },
      { params: [F64, I32, I32], results: [I32], locals: [...new Array<number>(11).fill(F64), I32, I32, I32, I32, I32, I64, I64, I64], body: cellFunction(), exportName: 'cell' },
      { params: [I32, I32, I32, I32, I32], results: [I32], locals: [I32, I32, I32, I32, I32], body: rowsFunction(), exportName: 'rows' },
    ],
    [{ name: 'log10', params: [F64], results: [F64] }],
  );
}
