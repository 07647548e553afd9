/**
 * A small WebAssembly encoder for kernels generated at run time from TypeScript (no compiler
 * at build time, nothing native): the opcodes the kernels use, LEB128, and a module of
 * functions over one imported memory (`env.mem`). See the WebAssembly core specification
 * (binary format) and its SIMD proposal for the byte values.
 */

/** Value types. */
export const I32 = 0x7f;
export const I64 = 0x7e;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;
/** The block type of a block, loop or if without parameters or results. */
export const EMPTY = 0x40;

/** Plain opcodes (one byte). */
export const op = {
  block: 0x02, loop: 0x03, if: 0x04, else: 0x05, end: 0x0b, br: 0x0c, brIf: 0x0d, return: 0x0f, call: 0x10, select: 0x1b,
  localGet: 0x20, localSet: 0x21, localTee: 0x22,
  i32Load: 0x28, i64Load: 0x29, f32Load: 0x2a, f64Load: 0x2b, i32Store: 0x36, i64Store: 0x37, f32Store: 0x38, f64Store: 0x39,
  i32Const: 0x41, i64Const: 0x42, f64Const: 0x44,
  i32Eqz: 0x45, i32Eq: 0x46, i32Ne: 0x47, i32LtS: 0x48, i32LtU: 0x49, i32GtS: 0x4a, i32LeS: 0x4c, i32GeS: 0x4e,
  f32Eq: 0x5b, f32Ne: 0x5c, f64Eq: 0x61, f64Ne: 0x62, f64Lt: 0x63, f64Gt: 0x64, f64Le: 0x65, f64Ge: 0x66,
  i32Add: 0x6a, i32Sub: 0x6b, i32Mul: 0x6c, i32RemU: 0x70, i32And: 0x71, i32Or: 0x72, i32Shl: 0x74,
  f64Abs: 0x99, f64Trunc: 0x9d, f64Sqrt: 0x9f, f64Add: 0xa0, f64Sub: 0xa1, f64Mul: 0xa2, f64Div: 0xa3,
  i32WrapI64: 0xa7, i32TruncF64S: 0xaa, f32DemoteF64: 0xb6, f64ConvertI32S: 0xb7, f64PromoteF32: 0xbb, f32ReinterpretI32: 0xbe,
  simd: 0xfd,
} as const;

/** SIMD opcodes (after the 0xfd prefix, as unsigned LEB128). */
export const simd = {
  load: 0x00, load32Splat: 0x09, load64Splat: 0x0a, store: 0x0b, const: 0x0c, i8x16Shuffle: 0x0d,
  f64x2Splat: 0x14, i64x2ExtractLane: 0x1d, f64x2ExtractLane: 0x21, f32x4Ne: 0x42,
  f64x2Eq: 0x47, f64x2Ne: 0x48, f64x2Lt: 0x49, f64x2Gt: 0x4a, f64x2Le: 0x4b, not: 0x4d, and: 0x4e, or: 0x50, anyTrue: 0x53,
  load32Lane: 0x56, store64Lane: 0x5b, load32Zero: 0x5c, load64Zero: 0x5d, f32x4DemoteF64x2Zero: 0x5e, f64x2PromoteLowF32x4: 0x5f,
  i64x2Bitmask: 0xc4, i64x2Sub: 0xd1,
  f64x2Add: 0xf0, f64x2Sub: 0xf1, f64x2Mul: 0xf2, f64x2Pmin: 0xf6, f64x2Pmax: 0xf7,
} as const;

/** Unsigned LEB128. */
export function uleb(v: number): number[] {
  const out: number[] = [];
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
}

/** Signed LEB128 (32-bit values). */
export function sleb(v: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function name(s: string): number[] {
  return [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
}

/** A function body being written: instructions appended in order by the helpers. */
export class Body {
  readonly b: number[] = [];
  get(l: number): this {
    this.b.push(op.localGet, ...uleb(l));
    return this;
  }
  set(l: number): this {
    this.b.push(op.localSet, ...uleb(l));
    return this;
  }
  tee(l: number): this {
    this.b.push(op.localTee, ...uleb(l));
    return this;
  }
  i32(v: number): this {
    this.b.push(op.i32Const, ...sleb(v));
    return this;
  }
  f64(v: number): this {
    this.b.push(op.f64Const, ...new Uint8Array(Float64Array.of(v).buffer));
    return this;
  }
  /** Plain opcodes. */
  op(...codes: number[]): this {
    this.b.push(...codes);
    return this;
  }
  /** A memory access: `code`, alignment 2^`align` bytes (a hint), constant byte `offset`. */
  mem(code: number, align: number, offset = 0): this {
    this.b.push(code, align, ...uleb(offset));
    return this;
  }
  /** A SIMD instruction with its immediates (memarg, lane) as given. */
  simd(code: number, ...imm: number[]): this {
    this.b.push(op.simd, ...uleb(code), ...imm);
    return this;
  }
  /** A 16-byte SIMD constant. */
  v128(bytes: Uint8Array): this {
    this.simd(simd.const, ...bytes);
    return this;
  }
}

/** One function of a module: its signature, locals beyond the parameters, body and export name. */
export interface WasmFunction {
  readonly params: readonly number[];
  readonly results: readonly number[];
  readonly locals: readonly number[];
  readonly body: Body;
  readonly exportName: string;
}

/** Locals as the code section wants them: runs of one type, as (count, type). */
function localGroups(types: readonly number[]): number[] {
  const groups: number[][] = [];
  for (const t of types) {
    const last = groups[groups.length - 1];
    if (last && last[1] === t) last[0]++;
    else groups.push([1, t]);
  }
  return [...uleb(groups.length), ...groups.flatMap(([n, t]) => [...uleb(n), t])];
}

/** A function a module imports from `env` (before its own functions in the function index space). */
export interface WasmImport {
  readonly name: string;
  readonly params: readonly number[];
  readonly results: readonly number[];
}

/**
 * A module importing one memory `env.mem` (at least one page) and the functions `imports` from `env`
 * (function indices 0 … imports.length − 1), and exporting `fns` (one type each; function index
 * imports.length + their position).
 */
export function wasmModule(fns: readonly WasmFunction[], imports: readonly WasmImport[] = []): Uint8Array {
  const sig = (f: WasmImport | WasmFunction): number[] => [0x60, ...uleb(f.params.length), ...f.params, ...uleb(f.results.length), ...f.results];
  const types = [...imports.flatMap(sig), ...fns.flatMap(sig)];
  const ni = imports.length;
  const code = fns.flatMap((f) => {
    const body = [...localGroups(f.locals), ...f.body.b, op.end];
    return [...uleb(body.length), ...body];
  });
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [...uleb(ni + fns.length), ...types]),
    ...section(2, [...uleb(1 + ni), ...name('env'), ...name('mem'), 0x02, 0x00, 1, ...imports.flatMap((f, i) => [...name('env'), ...name(f.name), 0x00, ...uleb(i)])]),
    ...section(3, [...uleb(fns.length), ...fns.flatMap((_, i) => uleb(ni + i))]),
    ...section(7, [...uleb(fns.length), ...fns.flatMap((f, i) => [...name(f.exportName), 0x00, ...uleb(ni + i)])]),
    ...section(10, [...uleb(fns.length), ...code]),
  ];
  return Uint8Array.from(bytes);
}

/** The part of the WebAssembly API used here (declared locally: core/ compiles without the DOM's or Node's typings of it). */
export interface WasmApi {
  Memory: new (d: { initial: number }) => { readonly buffer: ArrayBuffer; grow(pages: number): number };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: Record<string, Record<string, unknown>>) => { readonly exports: Record<string, unknown> };
  /** Compiles off the calling thread (V8: on its background threads); resolves to a module. */
  compile: (bytes: Uint8Array) => Promise<object>;
}

/** This engine's WebAssembly, if it has one. */
export function wasmApi(): WasmApi | undefined {
  return (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
}

/** The compiled module of `bytes()`, or null when this engine cannot compile it (no WebAssembly, no SIMD, or compilation not allowed). */
export function compileModule(bytes: () => Uint8Array): object | null {
  const api = wasmApi();
  if (api === undefined) return null;
  try {
    return new api.Module(bytes());
  } catch {
    return null;
  }
}

/**
 * The compiled module of `bytes()`, compiled off the calling thread (`WebAssembly.compile`), or null
 * when this engine cannot compile it (see {@link compileModule}). Never rejects.
 */
export async function compileModuleAsync(bytes: () => Uint8Array): Promise<object | null> {
  const api = wasmApi();
  if (api === undefined) return null;
  try {
    return await api.compile(bytes());
  } catch {
    return null;
  }
}
