/**
 * A fixed-width numeric table of an index file read on demand, in chunks of about
 * {@link CHUNK_BYTES}: the typed array spans the whole table from the start (its memory is
 * committed only where chunks are written, so an untouched 35 MB code table costs neither
 * reading time nor resident memory), and `load(first, last)` reads the chunks that hold rows
 * `first…last` that were not read yet. A plate solve with a position hint touches the kd-tree
 * leaves near the field and the few codes its quads match: a small fraction of each table.
 */
import { SolveError } from './errors.js';
import type { ByteSource } from './byte-source.js';
import type { KdType } from './kdtree.js';

/** Bytes per chunk read (rounded down to whole rows). */
export const CHUNK_BYTES = 32 * 1024;

const HOST_LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export interface PagedTable {
  /** The table's values, row-major; only the rows loaded hold their values (the others read 0). */
  readonly array: Uint16Array | Uint32Array | Float64Array;
  /** Reads the rows `first…last` (inclusive, 0-based) not read yet; throws {@link SolveError} `bad_index` for a chunk that cannot be read whole or holds non-finite doubles. */
  load(first: number, last: number): void;
  /** Bytes read so far. */
  readonly bytesRead: number;
}

/**
 * The table of `rows` rows of `width` values of `type` at byte `offset` of `src`, stored in the
 * byte order `little`. `what` names the table in errors.
 */
export function pagedTable(src: ByteSource, offset: number, rows: number, width: number, type: KdType, little: boolean, what: string): PagedTable {
  const size = type === 'u16' ? 2 : type === 'u32' ? 4 : 8;
  const rowBytes = width * size;
  const n = rows * width;
  const array = type === 'u16' ? new Uint16Array(n) : type === 'u32' ? new Uint32Array(n) : new Float64Array(n);
  const bytes = new Uint8Array(array.buffer);
  const chunkRows = Math.max(1, Math.floor(CHUNK_BYTES / rowBytes));
  const loaded = new Uint8Array(Math.ceil(rows / chunkRows));
  let bytesRead = 0;
  const readChunk = (c: number): void => {
    const row0 = c * chunkRows;
    const length = Math.min(chunkRows, rows - row0) * rowBytes;
    const raw = src.read(offset + row0 * rowBytes, length);
    if (raw.length !== length) throw new SolveError('bad_index', `${what}: ${raw.length} of ${length} bytes read at byte ${offset + row0 * rowBytes}`);
    bytesRead += length;
    const at = row0 * width;
    if (little === HOST_LITTLE) bytes.set(raw, row0 * rowBytes);
    else {
      const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      const count = length / size;
      if (type === 'u16') for (let i = 0; i < count; i++) array[at + i] = view.getUint16(2 * i, little);
      else if (type === 'u32') for (let i = 0; i < count; i++) array[at + i] = view.getUint32(4 * i, little);
      else for (let i = 0; i < count; i++) array[at + i] = view.getFloat64(8 * i, little);
    }
    if (type === 'double') {
      for (let i = at; i < at + length / size; i++) if (!Number.isFinite(array[i])) throw new SolveError('bad_index', `${what}: value ${i} is not finite`);
    }
    loaded[c] = 1;
  };
  return {
    array,
    get bytesRead() {
      return bytesRead;
    },
    load(first: number, last: number): void {
      const c1 = Math.floor(last / chunkRows);
      for (let c = Math.floor(first / chunkRows); c <= c1; c++) if (loaded[c] === 0) readChunk(c);
    },
  };
}
