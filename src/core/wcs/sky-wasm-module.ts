/**
 * The pixel → sky kernel's WebAssembly module (sky-wasm.ts runs it): `CelestialWcs.pixToSky` (SIP,
 * the linear matrix, a zenithal projection TAN, ARC, ZEA, STG or plain SIN, the spherical rotation,
 * a frame that is one rotation matrix) and `DssPlateWcs.pixToSky` over many points in one call, every
 * float operation the TypeScript's in the same order: `+ − × ÷ sqrt abs min` as f64 instructions (the
 * same IEEE results), `Math.sin`, `cos`, `atan`, `atan2`, `asin`, `acos` imported (V8 calls its own
 * ieee754 functions for them from WebAssembly, `--wasm-math-intrinsics`: the doubles JavaScript gets),
 * `Math.hypot(x, y)` as V8's builtin computes it (max of |x|, |y|; ∞, NaN, 0 first; then
 * √((|x|/m)² + (|y|/m)²)·m, the Kahan compensation being exactly 0 for two terms), and `a % 360`
 * (an exact remainder) by an exact quotient test: `sind`/`cosd` only ask whether a is a multiple of
 * 90, the rotation's `lng %= 360` is a − 360·trunc(a/360) (exact below 2^52), corrected once when
 * the quotient rounded up, with a's sign on a zero. A point whose angles reach 2^52 (only with
 * absurd headers) stops the call, and the caller computes it with the TypeScript.
 *
 * Its bytes are compiled from sky-wasm-bytes.ts's copy; tests/core/wcs/sky-wasm.test.ts checks the
 * copy and the values against pixToSky.
 *
 * Memory (bytes): the parameters from 0 ({@link P}), SIP's terms from {@link TERMS}, the caller's
 * points after them (interleaved x, y, overwritten with RA, Dec).
 */
import { Body, EMPTY, F64, I32, op, wasmModule, type WasmImport } from '../wasm/index.js';
import { D2R, R2D } from './angles.js';
import { R0 } from './projections/types.js';

/** Byte offsets of the parameters (i32 flags, then doubles). */
export const P = {
  /** i32: 0 a celestial WCS, 1 a DSS plate. */
  kind: 0,
  /** i32: the projection, {@link PROJ}. */
  proj: 4,
  /** i32: 1 when the frame's rotation matrix applies. */
  frame: 8,
  /** i32: number of SIP terms of A, then of B (0 and 0 without SIP). */
  nA: 12,
  nB: 16,
  /** i32: 1 when SIP applies. */
  sip: 20,
  crpix: 32,
  /** m00, m01, m10, m11. */
  m: 48,
  offset: 80,
  alphaP: 96,
  phiP: 104,
  sdp: 112,
  cdp: 120,
  /** The frame's 3×3 matrix, row-major. */
  mat: 128,
  /** DSS: cnpix (2), pixelSize (2), ppo3, ppo6, amdx (13), amdy (13). */
  cnpix: 200,
  pixelSize: 216,
  ppo3: 232,
  ppo6: 240,
  amdx: 248,
  amdy: 352,
} as const;

/** Projection codes. */
export const PROJ = { TAN: 0, ARC: 1, ZEA: 2, STG: 3, SIN: 4 } as const;

/** Where SIP's terms start: each 16 bytes, p (i32), q (i32), c (f64); A's, then B's. */
export const TERMS = 512;

const ARCSEC_PER_RAD = 206264.80624709636;
const TWO_52 = 2 ** 52;
const x = {
  f64Min: 0xa4, f64Neg: 0x9a, f64Copysign: 0xa6, i64TruncF64S: 0xb0, i64And: 0x83, i32TruncF64S: 0xaa,
} as const;

/** The imports, in function index order. */
export const SKY_IMPORTS: readonly WasmImport[] = [
  { name: 'sin', params: [F64], results: [F64] },
  { name: 'cos', params: [F64], results: [F64] },
  { name: 'atan', params: [F64], results: [F64] },
  { name: 'atan2', params: [F64, F64], results: [F64] },
  { name: 'asin', params: [F64], results: [F64] },
  { name: 'acos', params: [F64], results: [F64] },
];
const [SIN, COS, ATAN, ATAN2, ASIN, ACOS] = [0, 1, 2, 3, 4, 5];

/** A body with the parameters' loads. */
class SkyBody extends Body {
  /** f64 load of the parameter at byte `off`. */
  param(off: number): this {
    this.i32(0).mem(op.f64Load, 3, off);
    return this;
  }
}

/** The function body of `sky(at, n, from) → i32`, with its locals allocated as it is written. */
class Writer {
  readonly b = new SkyBody();
  readonly locals: number[] = [];
  /** params: 0 at, 1 n, 2 from. */
  readonly i = this.local(I32);

  local(t: number): number {
    this.locals.push(t);
    return 2 + this.locals.length;
  }
  f(): number {
    return this.local(F64);
  }
  param(off: number): this {
    this.b.param(off);
    return this;
  }
  /** Stop the call at this point: the caller computes point i and on. */
  bail(): this {
    this.b.get(this.i).op(op.return);
    return this;
  }

  /** `sind(a)` (angles.ts) of local a, on the stack. `cos`: `cosd`. */
  sindCosd(a: number, cos: boolean): this {
    const b = this.b;
    const k = this.f();
    b.get(a).op(op.f64Abs).f64(TWO_52).op(op.f64Lt, op.if, F64);
    // a % 360 is 0, ±90, ±180 or ±270 exactly when a = 90 k, k an integer (k = a / 90 exactly then)
    b.get(a).f64(90).op(op.f64Div).tee(k).get(k).op(op.f64Trunc, op.f64Eq).get(k).f64(90).op(op.f64Mul).get(a).op(op.f64Eq, op.i32And, op.if, F64);
    const q = this.local(I32);
    b.get(k).op(x.i64TruncF64S).op(op.i64Const, 3, x.i64And, op.i32WrapI64).set(q);
    // sin: k ≡ 1 → 1, k ≡ 3 → −1, else 0; cos: k ≡ 0 → 1, k ≡ 2 → −1, else 0 (mod 4; +0, never −0)
    b.get(q).i32(cos ? 0 : 1).op(op.i32Eq).get(q).i32(cos ? 2 : 3).op(op.i32Eq, op.i32Sub, op.f64ConvertI32S);
    b.op(op.else).get(a).f64(D2R).op(op.f64Mul, op.call, cos ? COS : SIN, op.end);
    b.op(op.else);
    // NaN and ±∞ give NaN as `%` does; a finite |a| ≥ 2^52 is left to the TypeScript
    b.get(a).get(a).op(op.f64Sub).f64(0).op(op.f64Eq, op.if, EMPTY);
    this.bail();
    b.op(op.end);
    b.get(a).f64(D2R).op(op.f64Mul, op.call, cos ? COS : SIN, op.end);
    return this;
  }

  /** sind of local a into a new local. */
  sind(a: number): number {
    const r = this.f();
    this.sindCosd(a, false).b.set(r);
    return r;
  }
  cosd(a: number): number {
    const r = this.f();
    this.sindCosd(a, true).b.set(r);
    return r;
  }

  /** `Math.hypot(lx, ly)` as V8's builtin computes it, into a new local. */
  hypot(lx: number, ly: number): number {
    const b = this.b;
    const [ax, ay, m, r] = [this.f(), this.f(), this.f(), this.f()];
    b.get(lx).op(op.f64Abs).set(ax).get(ly).op(op.f64Abs).set(ay);
    // max over the non-NaN values (starting from 0)
    b.f64(0).set(m);
    b.get(ax).get(m).op(op.f64Gt, op.if, EMPTY).get(ax).set(m).op(op.end);
    b.get(ay).get(m).op(op.f64Gt, op.if, EMPTY).get(ay).set(m).op(op.end);
    b.get(m).f64(Infinity).op(op.f64Eq, op.if, F64).f64(Infinity);
    b.op(op.else).get(ax).get(ax).op(op.f64Ne).get(ay).get(ay).op(op.f64Ne, op.i32Or, op.if, F64).f64(NaN);
    b.op(op.else).get(m).f64(0).op(op.f64Eq, op.if, F64).f64(0);
    b.op(op.else);
    b.get(ax).get(m).op(op.f64Div).tee(r).get(r).op(op.f64Mul);
    b.get(ay).get(m).op(op.f64Div).tee(r).get(r).op(op.f64Mul);
    b.op(op.f64Add, op.f64Sqrt).get(m).op(op.f64Mul);
    b.op(op.end, op.end, op.end).set(r);
    return r;
  }

  /** `atan2d(y, x)` of locals, on the stack. */
  atan2d(ly: number, lx: number): this {
    this.b.get(ly).get(lx).op(op.call, ATAN2).f64(R2D).op(op.f64Mul);
    return this;
  }
}

/**
 * The zenithal projection's `toNative(X, Y)` (zenithal.ts) into locals phi, theta, by `proj`'s code
 * at run time; a NaN theta is left NaN (pixToSky returns NaN, NaN then as toNative's NaN, NaN does).
 */
function toNative(w: Writer, X: number, Y: number, phi: number, theta: number): void {
  const b = w.b;
  const r = w.hypot(X, Y);
  const negY = w.f();
  const proj = w.local(I32);
  b.i32(0).mem(op.i32Load, 2, P.proj).set(proj);
  b.get(proj).i32(PROJ.SIN).op(op.i32Ne, op.if, EMPTY);
  {
    // Zenithal.toNative: r = hypot, phi = r === 0 ? 0 : atan2d(x, −y), theta = latitude(r)
    b.get(Y).op(x.f64Neg).set(negY);
    b.get(r).f64(0).op(op.f64Eq, op.if, F64).f64(0).op(op.else);
    w.atan2d(X, negY);
    b.op(op.end).set(phi);
    b.get(proj).i32(PROJ.TAN).op(op.i32Eq, op.if, EMPTY);
    b.f64(R0).get(r).op(op.call, ATAN2).f64(R2D).op(op.f64Mul).set(theta);
    b.op(op.end);
    b.get(proj).i32(PROJ.ARC).op(op.i32Eq, op.if, EMPTY);
    // r > 180 + 1e-10 ? NaN : 90 − min(r, 180)
    b.get(r).f64(180 + 1e-10).op(op.f64Gt, op.if, F64).f64(NaN).op(op.else).f64(90).get(r).f64(180).op(x.f64Min, op.f64Sub, op.end).set(theta);
    b.op(op.end);
    b.get(proj).i32(PROJ.ZEA).op(op.i32Eq, op.if, EMPTY);
    {
      // s = r / (2 R0); 90 − 2 asind(s)
      const s = w.f();
      b.get(r).f64(2 * R0).op(op.f64Div).set(s);
      b.f64(90).f64(2);
      b.get(s).f64(1).op(op.f64Gt, op.if, F64);
      b.get(s).f64(1).op(op.f64Sub).f64(1e-12).op(op.f64Lt, op.if, F64).f64(90).op(op.else).f64(NaN).op(op.end);
      b.op(op.else).get(s).f64(-1).op(op.f64Lt, op.if, F64);
      b.f64(-1).get(s).op(op.f64Sub).f64(1e-12).op(op.f64Lt, op.if, F64).f64(-90).op(op.else).f64(NaN).op(op.end);
      b.op(op.else).get(s).op(op.call, ASIN).f64(R2D).op(op.f64Mul, op.end, op.end);
      b.op(op.f64Mul, op.f64Sub).set(theta);
    }
    b.op(op.end);
    b.get(proj).i32(PROJ.STG).op(op.i32Eq, op.if, EMPTY);
    // 90 − 2 atan(r / (2 R0)) R2D
    b.f64(90).f64(2).get(r).f64(2 * R0).op(op.f64Div, op.call, ATAN, op.f64Mul).f64(R2D).op(op.f64Mul, op.f64Sub).set(theta);
    b.op(op.end);
  }
  b.op(op.else);
  {
    // Sin.toNative without slant: X = x / R0, Y = y / R0, r2 = X² + Y²
    const [sx, sy, r2] = [w.f(), w.f(), w.f()];
    b.get(X).f64(R0).op(op.f64Div).set(sx).get(Y).f64(R0).op(op.f64Div).set(sy);
    b.get(sx).get(sx).op(op.f64Mul).get(sy).get(sy).op(op.f64Mul, op.f64Add).set(r2);
    b.get(r2).f64(1 + 1e-13).op(op.f64Gt, op.if, EMPTY).f64(NaN).set(phi).f64(NaN).set(theta);
    b.op(op.else);
    b.get(sy).op(x.f64Neg).set(negY);
    b.get(r2).f64(0).op(op.f64Eq, op.if, F64).f64(0).op(op.else);
    w.atan2d(sx, negY);
    b.op(op.end).set(phi);
    // r2 < 1e-10 ? 90 − √r2·R2D·(1 + r2/6) : acosd(√min(r2, 1)) (never above 1)
    b.get(r2).f64(1e-10).op(op.f64Lt, op.if, F64);
    b.f64(90).get(r2).op(op.f64Sqrt).f64(R2D).op(op.f64Mul).f64(1).get(r2).f64(6).op(op.f64Div, op.f64Add, op.f64Mul, op.f64Sub);
    b.op(op.else).get(r2).f64(1).op(x.f64Min, op.f64Sqrt, op.call, ACOS).f64(R2D).op(op.f64Mul, op.end).set(theta);
    b.op(op.end);
  }
  b.op(op.end);
}

/** `SphericalRotation.toCelestial(phi, theta)` into locals lng, lat. */
function toCelestial(w: Writer, phi: number, theta: number, lng: number, lat: number): void {
  const b = w.b;
  const dphi = w.f();
  b.get(phi).param(P.phiP).op(op.f64Sub).set(dphi);
  const sthe = w.sind(theta);
  const cthe = w.cosd(theta);
  const sdphi = w.sind(dphi);
  const cdphi = w.cosd(dphi);
  const [lx, ly, z, a, q, rr] = [w.f(), w.f(), w.f(), w.f(), w.f(), w.f()];
  // x = sthe·cdp − cthe·sdp·cdphi; y = −cthe·sdphi
  b.get(sthe).param(P.cdp).op(op.f64Mul).get(cthe).param(P.sdp).op(op.f64Mul).get(cdphi).op(op.f64Mul, op.f64Sub).set(lx);
  b.get(cthe).op(x.f64Neg).get(sdphi).op(op.f64Mul).set(ly);
  // lng = alphaP + atan2d(y, x); lng %= 360
  b.param(P.alphaP);
  w.atan2d(ly, lx);
  b.op(op.f64Add).set(a);
  b.get(a).op(op.f64Abs).f64(TWO_52).op(op.f64Lt, op.if, F64);
  {
    b.get(a).get(a).f64(360).op(op.f64Div, op.f64Trunc).f64(360).op(op.f64Mul, op.f64Sub).set(rr);
    // the quotient rounded up to the next integer: one 360 back (exact: the remainder is a double). For |a| ≥ 360
    // a/360 is at least an ulp of a / 360 below the integer, more than half the quotient's ulp, so this is never taken;
    // kept as the rule's other half (it costs two comparisons)
    b.get(a).f64(0).op(op.f64Gt).get(rr).f64(0).op(op.f64Lt, op.i32And, op.if, EMPTY).get(rr).f64(360).op(op.f64Add).set(rr).op(op.end);
    b.get(a).f64(0).op(op.f64Lt).get(rr).f64(0).op(op.f64Gt, op.i32And, op.if, EMPTY).get(rr).f64(360).op(op.f64Sub).set(rr).op(op.end);
    // a zero remainder has a's sign
    b.get(rr).f64(0).op(op.f64Eq, op.if, F64).f64(0).get(a).op(x.f64Copysign).op(op.else).get(rr).op(op.end);
  }
  b.op(op.else);
  b.get(a).get(a).op(op.f64Sub).f64(0).op(op.f64Eq, op.if, EMPTY);
  w.bail();
  b.op(op.end);
  b.get(a).get(a).op(op.f64Sub); // NaN
  b.op(op.end).set(q);
  // if (lng < 0) lng += 360
  b.get(q).f64(0).op(op.f64Lt, op.if, EMPTY).get(q).f64(360).op(op.f64Add).set(q).op(op.end);
  // z = sthe·sdp + cthe·cdp·cdphi
  b.get(sthe).param(P.sdp).op(op.f64Mul).get(cthe).param(P.cdp).op(op.f64Mul).get(cdphi).op(op.f64Mul, op.f64Add).set(z);
  b.get(z).op(op.f64Abs).f64(0.99).op(op.f64Gt, op.if, F64);
  {
    const h = w.hypot(lx, ly);
    // (z ≥ 0 ? 1 : −1) · acosd(min(1, h))
    b.get(z).f64(0).op(op.f64Ge, op.if, F64).f64(1).op(op.else).f64(-1).op(op.end);
    b.f64(1).get(h).op(x.f64Min, op.call, ACOS).f64(R2D).op(op.f64Mul, op.f64Mul);
  }
  b.op(op.else);
  // asind(z), |z| ≤ 0.99 (or NaN)
  b.get(z).op(op.call, ASIN).f64(R2D).op(op.f64Mul);
  b.op(op.end).set(lat);
  // lng === 360 ? 0 : lng
  b.get(q).f64(360).op(op.f64Eq, op.if, F64).f64(0).op(op.else).get(q).op(op.end).set(lng);
}

/** `rotateLonLat(matrix, lng, lat)` (frames.ts) in place on locals lng, lat. */
function rotateLonLat(w: Writer, lng: number, lat: number): void {
  const b = w.b;
  const cl = w.cosd(lat);
  const cln = w.cosd(lng);
  const sln = w.sind(lng);
  const z = w.sind(lat);
  const [vx, vy, X, Y, Z, l] = [w.f(), w.f(), w.f(), w.f(), w.f(), w.f()];
  b.get(cl).get(cln).op(op.f64Mul).set(vx).get(cl).get(sln).op(op.f64Mul).set(vy);
  const row = (r: number, to: number): void => {
    const at = P.mat + 24 * r;
    b.param(at).get(vx).op(op.f64Mul).param(at + 8).get(vy).op(op.f64Mul, op.f64Add).param(at + 16).get(z).op(op.f64Mul, op.f64Add).set(to);
  };
  row(0, X);
  row(1, Y);
  row(2, Z);
  w.atan2d(Y, X);
  b.set(l);
  b.get(l).f64(0).op(op.f64Lt, op.if, EMPTY).get(l).f64(360).op(op.f64Add).set(l).op(op.end);
  b.get(l).f64(360).op(op.f64Ge, op.if, EMPTY).get(l).f64(360).op(op.f64Sub).set(l).op(op.end);
  const h = w.hypot(X, Y);
  w.atan2d(Z, h);
  b.set(lat);
  b.get(l).set(lng);
}

/** Sip's `Poly.value(u, v)` of the `count` terms at address `at` (locals), on the stack. */
function poly(w: Writer, u: number, v: number, at: number, count: number): void {
  const b = w.b;
  const [s, pu, qv] = [w.f(), w.f(), w.f()];
  const [k, j] = [w.local(I32), w.local(I32)];
  b.f64(0).set(s).i32(0).set(k);
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(k).get(count).op(op.i32GeS, op.brIf, 1);
  // powi(u, p), powi(v, q): r = 1, then r *= x p times
  for (const [base, pow, off] of [[u, pu, 0], [v, qv, 4]] as const) {
    b.f64(1).set(pow).i32(0).set(j);
    b.op(op.block, EMPTY, op.loop, EMPTY);
    b.get(j).get(at).get(k).i32(16).op(op.i32Mul, op.i32Add).mem(op.i32Load, 2, off).op(op.i32GeS, op.brIf, 1);
    b.get(pow).get(base).op(op.f64Mul).set(pow);
    b.get(j).i32(1).op(op.i32Add).set(j).op(op.br, 0, op.end, op.end);
  }
  b.get(s).get(at).get(k).i32(16).op(op.i32Mul, op.i32Add).mem(op.f64Load, 3, 8).get(pu).op(op.f64Mul).get(qv).op(op.f64Mul, op.f64Add).set(s);
  b.get(k).i32(1).op(op.i32Add).set(k).op(op.br, 0, op.end, op.end);
  b.get(s);
}

/** DssPlateWcs's `amd(c, a, b)` of the 13 terms at byte `c` (locals a, b), on the stack. */
function amd(w: Writer, c: number, a: number, bb: number): void {
  const b = w.b;
  const [a2, b2, r2] = [w.f(), w.f(), w.f()];
  b.get(a).get(a).op(op.f64Mul).set(a2).get(bb).get(bb).op(op.f64Mul).set(b2).get(a2).get(b2).op(op.f64Add).set(r2);
  const t = (i: number, ...ls: number[]): void => {
    w.param(c + 8 * i);
    for (const l of ls) b.get(l).op(op.f64Mul);
  };
  t(0, a);
  t(1, bb);
  b.op(op.f64Add);
  w.param(c + 16);
  b.op(op.f64Add);
  const rest: number[][] = [[a2], [a, bb], [b2], [r2], [a2, a], [a2, bb], [a, b2], [b2, bb], [a, r2], [a, r2, r2]];
  rest.forEach((ls, i) => {
    t(i + 3, ...ls);
    b.op(op.f64Add);
  });
}

/**
 * `sky(at, n, from) → i32`: points from..n − 1 of the interleaved (x, y) at byte `at` replaced by
 * (RA, Dec) as pixToSky gives them; returns n, or the index of the first point it left to the caller
 * (it and the later points untouched).
 */
function skyFunction(): Writer {
  const w = new Writer();
  const b = w.b;
  const [px, py, u, v, phi, theta, lng, lat, X, Y, t0, t1] = [w.f(), w.f(), w.f(), w.f(), w.f(), w.f(), w.f(), w.f(), w.f(), w.f(), w.f(), w.f()];
  const [addr, nA, nB, termsB] = [w.local(I32), w.local(I32), w.local(I32), w.local(I32)];
  const sip = w.local(I32);
  b.i32(0).mem(op.i32Load, 2, P.sip).set(sip);
  b.i32(0).mem(op.i32Load, 2, P.nA).set(nA).i32(0).mem(op.i32Load, 2, P.nB).set(nB);
  b.get(nA).i32(16).op(op.i32Mul).i32(TERMS).op(op.i32Add).set(termsB);
  const termsA = w.local(I32);
  b.i32(TERMS).set(termsA);
  b.get(2).set(w.i);
  b.op(op.block, EMPTY, op.loop, EMPTY);
  b.get(w.i).get(1).op(op.i32GeS, op.brIf, 1);
  b.get(0).get(w.i).i32(16).op(op.i32Mul, op.i32Add).set(addr);
  b.get(addr).mem(op.f64Load, 3, 0).set(px).get(addr).mem(op.f64Load, 3, 8).set(py);
  b.op(op.block, EMPTY); // $nan: falls to NaN, NaN
  b.op(op.block, EMPTY); // $fin: ends with lng, lat
  b.i32(0).mem(op.i32Load, 2, P.kind).op(op.i32Eqz, op.if, EMPTY);
  {
    // CelestialWcs.pixToSky: u = x + 1 − crpix0, v = y + 1 − crpix1, SIP, the matrix, the offset
    b.get(px).f64(1).op(op.f64Add).param(P.crpix).op(op.f64Sub).set(u);
    b.get(py).f64(1).op(op.f64Add).param(P.crpix + 8).op(op.f64Sub).set(v);
    b.get(sip).op(op.if, EMPTY);
    b.get(u);
    poly(w, u, v, termsA, nA);
    b.op(op.f64Add).set(t0);
    b.get(v);
    poly(w, u, v, termsB, nB);
    b.op(op.f64Add).set(v).get(t0).set(u);
    b.op(op.end);
    b.param(P.m).get(u).op(op.f64Mul).param(P.m + 8).get(v).op(op.f64Mul, op.f64Add).param(P.offset).op(op.f64Add).set(X);
    b.param(P.m + 16).get(u).op(op.f64Mul).param(P.m + 24).get(v).op(op.f64Mul, op.f64Add).param(P.offset + 8).op(op.f64Add).set(Y);
  }
  b.op(op.else);
  {
    // DssPlateWcs.standard, then the gnomonic plane in degrees
    b.get(px).param(P.cnpix).op(op.f64Add).f64(0.5).op(op.f64Add).set(t0);
    b.get(py).param(P.cnpix + 8).op(op.f64Add).f64(0.5).op(op.f64Add).set(t1);
    b.param(P.ppo3).get(t0).param(P.pixelSize).op(op.f64Mul, op.f64Sub).f64(1000).op(op.f64Div).set(u);
    b.get(t1).param(P.pixelSize + 8).op(op.f64Mul).param(P.ppo6).op(op.f64Sub).f64(1000).op(op.f64Div).set(v);
    amd(w, P.amdx, u, v);
    b.f64(ARCSEC_PER_RAD).op(op.f64Div).f64(R2D).op(op.f64Mul).set(X);
    amd(w, P.amdy, v, u);
    b.f64(ARCSEC_PER_RAD).op(op.f64Div).f64(R2D).op(op.f64Mul).set(Y);
  }
  b.op(op.end);
  toNative(w, X, Y, phi, theta);
  // a NaN phi or theta: NaN, NaN
  b.get(phi).get(phi).op(op.f64Ne).get(theta).get(theta).op(op.f64Ne, op.i32Or, op.brIf, 1);
  toCelestial(w, phi, theta, lng, lat);
  // (DssPlateWcs: a NaN longitude gives NaN, NaN)
  b.get(lng).get(lng).op(op.f64Ne, op.brIf, 1);
  b.i32(0).mem(op.i32Load, 2, P.frame).op(op.if, EMPTY);
  rotateLonLat(w, lng, lat);
  b.op(op.end);
  b.op(op.end); // $fin
  b.get(addr).get(lng).mem(op.f64Store, 3, 0).get(addr).get(lat).mem(op.f64Store, 3, 8);
  b.get(w.i).i32(1).op(op.i32Add).set(w.i).op(op.br, 1);
  b.op(op.end); // $nan
  b.get(addr).f64(NaN).mem(op.f64Store, 3, 0).get(addr).f64(NaN).mem(op.f64Store, 3, 8);
  b.get(w.i).i32(1).op(op.i32Add).set(w.i).op(op.br, 0);
  b.op(op.end, op.end);
  b.get(1);
  return w;
}

/** The module: imports `env.mem` and {@link SKY_IMPORTS}; exports `sky`. */
export function skyModuleBytes(): Uint8Array {
  const w = skyFunction();
  return wasmModule([{ params: [I32, I32, I32], results: [I32], locals: w.locals, body: w.b, exportName: 'sky' }], SKY_IMPORTS);
}
