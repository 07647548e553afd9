/**
 * The catalog CSV writer's rows formatted in WebAssembly (csv-wasm-module.ts's module): the
 * caller copies each chunk's values into a Float64Array of the module's memory, the module writes
 * the chunk's CSV bytes beside them, and the caller takes the bytes as they are (a file's write)
 * or decodes them once (a string). In a short-lived process this replaced one `toFixed` string,
 * one array and one joined line per row with a few stores: the writer ran in V8's interpreter and
 * made ~2.5 MB of garbage at 2,704 sources.
 *
 * The bytes are catalog-csv.ts's TypeScript writer's: a row holding a value that the module does
 * not write exactly (see csv-wasm-module.ts) is written by that writer's `csvRow`, passed in.
 */
import { fromBase64, LazyModule, wasmApi } from '../core/wasm/index.js';
import { CSV_MODULE_BASE64 } from './csv-wasm-bytes.js';
import { INT, LOG_TABLE, NUM, PAIRS, POW_TABLE, SPEC_AT } from './csv-wasm-module.js';

type RowsFn = (row0: number, nrows: number, ncols: number, spec: number, vals: number) => number;

/** The longest cell the TypeScript writer makes ("-" and 21 digits, ".", 9 decimals; `toPrecision`'s forms are shorter), with room to spare. */
const MAX_CELL = 48;
/** The most memory the module gets (a chunk of ~50,000 rows of 25 columns). */
const MAX_BYTES = 64 << 20;

/** The module, compiled once a thread (ahead by {@link prepareCsvWasm}, else by the writer); null without WebAssembly. */
const csvModule = new LazyModule(() => fromBase64(CSV_MODULE_BASE64));

/**
 * Compile the module off the calling thread (`WebAssembly.compile`), so that the writer finds it
 * ready: for a process that knows early that it will write a CSV catalog (`nightshift extract`
 * calls it before reading the image). Need not be awaited; never rejects.
 */
export function prepareCsvWasm(): Promise<void> {
  return csvModule.prepare();
}

/** An instance of the module and views of its memory, of at least `bytes` bytes. */
class CsvInstance {
  readonly u8: Uint8Array;
  readonly f64: Float64Array;
  readonly i32: Int32Array;
  readonly rows: RowsFn;
  /** A chunk is being written (a `write` callback that wrote another catalog gets an instance of its own). */
  busy = false;

  constructor(
    mod: object,
    readonly bytes: number,
  ) {
    const api = wasmApi()!;
    const memory = new api.Memory({ initial: Math.ceil(bytes / 65536) });
    const instance = new api.Instance(mod, { env: { mem: memory, log10: Math.log10 } });
    this.rows = instance.exports.rows as RowsFn;
    const buf = memory.buffer;
    this.u8 = new Uint8Array(buf);
    this.f64 = new Float64Array(buf);
    this.i32 = new Int32Array(buf);
    // the doubles 1e-4 … 1e16 and 1e0 … 1e12, as JavaScript reads them, and the digit pairs
    for (let k = -4; k <= 16; k++) this.f64[LOG_TABLE / 8 + k + 4] = Number(`1e${k}`);
    for (let d = 0; d <= 12; d++) this.f64[POW_TABLE / 8 + d] = Number(`1e${d}`);
    for (let i = 0; i < 100; i++) {
      this.u8[PAIRS + 2 * i] = 48 + Math.floor(i / 10);
      this.u8[PAIRS + 2 * i + 1] = 48 + (i % 10);
    }
  }
}

let cached: CsvInstance | undefined;

function csvInstance(bytes: number): CsvInstance | undefined {
  const mod = csvModule.get();
  if (mod === null) return undefined;
  if (cached === undefined || cached.busy || cached.bytes < bytes) {
    const fresh = new CsvInstance(mod, Math.max(bytes, cached?.bytes ?? 0));
    if (cached === undefined || !cached.busy) cached = fresh;
    return fresh;
  }
  return cached;
}

/** How csv-wasm-module.ts's module writes a column: `fix` with d decimals. */
export const fixKind = (d: number): number => d;
/** `num` with `digits` significant digits. */
export const numKind = (digits: number): number => NUM + digits;
/** `String` of an integer. */
export const INT_KIND = INT;

/**
 * Writes rows of CSV: `kinds` one per column (see {@link fixKind}); `fill(k, n, vals, at)` stores
 * the values of rows k … k + n − 1 at `vals[at …]`, row after row (a missing value as NaN); `row(k)` is row k's line as the TypeScript
 * writes it (for the rows the module does not write); `head` the header line, written before the
 * first row. Hands the bytes to `emit` in chunks as catalog-csv.ts's `catalogCsvChunks` makes them
 * (the first chunk the header and max(1, rowsPerChunk − 1) rows, then rowsPerChunk rows; the header
 * alone when there are none), each a view of the module's memory valid during the call. Returns
 * false, having written nothing, without WebAssembly or when a chunk would need more than
 * {@link MAX_BYTES} of its memory.
 */
export function csvRowsWasm(
  head: string,
  kinds: readonly number[],
  count: number,
  fill: (k: number, n: number, vals: Float64Array, at: number) => void,
  row: (k: number) => string,
  emit: (bytes: Uint8Array) => void,
  rowsPerChunk: number,
): boolean {
  const ncols = kinds.length;
  const per = Math.max(1, rowsPerChunk);
  const valsAt = (SPEC_AT + ncols + 7) & ~7;
  const outAt = valsAt + per * ncols * 8;
  const bytes = outAt + head.length + 1 + per * (ncols * MAX_CELL + 1);
  // (chunks of very many rows, whose memory the module would need at once, go to the TypeScript)
  if (!(bytes <= MAX_BYTES)) return false;
  const inst = csvInstance(bytes);
  if (inst === undefined) return false;
  inst.busy = true;
  try {
    const { u8, f64, i32 } = inst;
    for (let c = 0; c < ncols; c++) u8[SPEC_AT + c] = kinds[c];
    let pos = putText(u8, outAt, head);
    u8[pos++] = 10;
    let k = 0;
    let n = Math.min(count, Math.max(1, rowsPerChunk - 1));
    do {
      fill(k, n, f64, valsAt / 8);
      i32[0] = pos;
      for (let r = 0; (r = inst.rows(r, n, ncols, SPEC_AT, valsAt)) < n; r++) {
        const at = putText(u8, i32[0], row(k + r));
        u8[at] = 10;
        i32[0] = at + 1;
      }
      emit(u8.subarray(outAt, i32[0]));
      pos = outAt;
      k += n;
      n = Math.min(count - k, per);
    } while (n > 0);
  } finally {
    inst.busy = false;
  }
  return true;
}

/** `text` (ASCII) at `u8[at …]`; the index after it. */
function putText(u8: Uint8Array, at: number, text: string): number {
  for (let i = 0; i < text.length; i++) u8[at++] = text.charCodeAt(i);
  return at;
}
