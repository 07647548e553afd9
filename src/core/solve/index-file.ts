/**
 * Reading an astrometry.net index file (`index-*.fits`): the primary header (DIMQUADS,
 * NQUADS, NSTARS, SCALE_L/SCALE_U, INDEXID), the `quads` table (for each quad the indices of
 * its stars), and two kd-trees — `codes` (the quads' geometric hash codes, 2·(DIMQUADS−2)
 * dimensions, data index = quad index) and `stars` (unit vectors on the sky, data index =
 * star index). Every table is a one-column binary table of raw bytes named by TTYPE1
 * (`kdtree_lr_stars`, `kdtree_split_codes`, ...), in the byte order the ENDIAN card states:
 * `'04:03:02:01'` is little-endian (Debian's files), `'01:02:03:04'` (or no card) big-endian.
 * Every size is checked against the headers before anything is read, and every quad's
 * stars against NSTARS, so a truncated or hostile file gives a {@link SolveError}.
 */
import { BLOCK, dataLayout, FitsError, paddedBytes, parseHeader, type Header } from '../fits/index.js';
import { SolveError } from './errors.js';
import { bytesSource, type ByteSource } from './byte-source.js';
import { KdTree, type KdType } from './kdtree.js';
import { pagedTable } from './paged-table.js';

export { bytesSource, type ByteSource } from './byte-source.js';

/** An index ready for solving. Angles are radians; star positions are unit vectors (x, y, z) in ICRS. */
export interface IndexFile {
  /** INDEXID (e.g. 4110), or -1 when absent. */
  id: number;
  /** Stars per quad: 3 (triangles) or 4. */
  dimquads: number;
  /** Quad size range (the distance between a quad's two widest stars), radians. */
  scaleLow: number;
  scaleHigh: number;
  /** Code kd-tree: one point per quad, 2·(dimquads−2) dimensions. */
  codes: KdTree;
  /** Star kd-tree: one 3-D unit vector per star. */
  stars: KdTree;
  nquads: number;
  /**
   * The star indices of quad `q` into `out` (length ≥ dimquads). Read on demand: the quads
   * table (the largest in the file, 70 MB in Tycho-2's index 07) is never read whole.
   * Throws {@link SolveError} `bad_index` when a quad names a star beyond NSTARS.
   */
  quadStars(q: number, out: Uint32Array): void;
  /** Stars' magnitudes from the tag-along table when present (MAG, MAG_VT, ...), else null; read on first use. */
  readonly mags: Float32Array | null;
  /** Byte order the tables were stored in. */
  littleEndian: boolean;
}

const TYPE_BYTES: Record<KdType, number> = { u16: 2, u32: 4, double: 8 };

function bad(path: string, message: string): SolveError {
  return new SolveError('bad_index', `${path}: ${message}`);
}

function endianOf(h: Header, fallback: boolean, path: string): boolean {
  const e = h.string('ENDIAN');
  if (e === undefined) return fallback;
  const v = e.trim();
  if (v === '04:03:02:01') return true;
  if (v === '01:02:03:04') return false;
  throw bad(path, `ENDIAN = '${v}' is neither '04:03:02:01' (little-endian) nor '01:02:03:04' (big-endian)`);
}

function intCard(h: Header, key: string, path: string, min = 0): number {
  const v = h.get(key);
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw bad(path, `${key} is ${v === undefined ? 'missing' : `not an integer ≥ ${min} (${JSON.stringify(v)})`}`);
  return v;
}

function kdType(h: Header, key: string, path: string): KdType {
  const v = (h.string(key) ?? '').trim();
  if (v === 'u16' || v === 'u32' || v === 'double') return v;
  throw new SolveError('unsupported', `${path}: ${key} = '${v}' (only u16, u32 and double kd-trees are read)`);
}

interface Table {
  header: Header;
  dataOffset: number;
}

interface Hdus {
  primary: Header;
  /** Binary tables by TTYPE1 name (the first of each name). */
  tables: Map<string, Table>;
  /** Tag-along tables (AN_FILE = 'TAGALONG'). */
  tagalong: Table[];
}

/** Walk the HDUs reading only their headers. */
function scanHdus(src: ByteSource, path: string): Hdus {
  const tables = new Map<string, Table>();
  const tagalong: Table[] = [];
  let primary: Header | null = null;
  let pos = 0;
  for (let hdu = 0; pos < src.size; hdu++) {
    let header: Header;
    let end: number;
    // headers are a few blocks; read more until the END card is in
    for (let blocks = 1; ; blocks *= 4) {
      const len = Math.min(src.size - pos, blocks * BLOCK);
      try {
        const parsed = parseHeader(src.read(pos, len), 0, hdu);
        header = parsed.header;
        end = pos + parsed.end;
        break;
      } catch (e) {
        if (e instanceof FitsError && (e.code === 'no_end' || e.code === 'truncated') && pos + len < src.size) continue;
        if (e instanceof FitsError) throw new SolveError('bad_index', `${path}: ${e.message} (${e.code})`);
        throw e;
      }
    }
    let layout;
    try {
      layout = dataLayout(header, hdu, pos, 2 ** 40);
    } catch (e) {
      if (e instanceof FitsError) throw new SolveError('bad_index', `${path}: ${e.message} (${e.code})`);
      throw e;
    }
    if (end + layout.dataBytes > src.size) throw new SolveError('bad_index', `${path}: HDU ${hdu}: the data unit of ${layout.dataBytes} bytes at byte ${end} runs past the end of the file (${src.size} bytes; truncated)`);
    if (hdu === 0) primary = header;
    else if (layout.xtension === 'BINTABLE') {
      const t = { header, dataOffset: end };
      const name = (header.string('TTYPE1') ?? '').trim();
      if (name !== '' && !tables.has(name)) tables.set(name, t);
      if ((header.string('AN_FILE') ?? '').trim() === 'TAGALONG') tagalong.push(t);
    }
    pos = end + paddedBytes(layout.dataBytes);
  }
  if (!primary) throw new SolveError('bad_index', `${path}: empty file`);
  return { primary, tables, tagalong };
}

function tableShape(tables: Map<string, Table>, name: string, rows: number, rowBytes: number, path: string): Table {
  const h = tables.get(name);
  if (!h) throw bad(path, `table ${name} is missing`);
  const n1 = h.header.get('NAXIS1');
  const n2 = h.header.get('NAXIS2');
  if (n1 !== rowBytes || n2 !== rows) throw bad(path, `table ${name} is ${String(n1)} bytes × ${String(n2)} rows, expected ${rowBytes} × ${rows}`);
  return h;
}

/** The raw rows of a one-column table, checked to hold `rows` rows of `rowBytes` bytes. */
function rawTable(src: ByteSource, tables: Map<string, Table>, name: string, rows: number, rowBytes: number, path: string): Uint8Array {
  const h = tableShape(tables, name, rows, rowBytes, path);
  return src.read(h.dataOffset, rows * rowBytes);
}

const HOST_LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The table's values as a typed array. When the file's byte order is the machine's and the
 * table is aligned (FITS data start on 2880-byte blocks), a view on the file's bytes: no copy,
 * so a 140 MB index costs no decoding time and no second copy in memory.
 */
function decode(raw: Uint8Array, type: KdType | 'u8', little: boolean): Uint8Array | Uint16Array | Uint32Array | Float64Array {
  if (type === 'u8') return raw;
  const size = TYPE_BYTES[type];
  if (little === HOST_LITTLE && raw.byteOffset % size === 0) {
    const n = raw.byteLength / size;
    if (type === 'u16') return new Uint16Array(raw.buffer, raw.byteOffset, n);
    if (type === 'u32') return new Uint32Array(raw.buffer, raw.byteOffset, n);
    return new Float64Array(raw.buffer, raw.byteOffset, n);
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  switch (type) {
    case 'u16': {
      const out = new Uint16Array(raw.byteLength / 2);
      for (let i = 0; i < out.length; i++) out[i] = view.getUint16(2 * i, little);
      return out;
    }
    case 'u32': {
      const out = new Uint32Array(raw.byteLength / 4);
      for (let i = 0; i < out.length; i++) out[i] = view.getUint32(4 * i, little);
      return out;
    }
    case 'double': {
      const out = new Float64Array(raw.byteLength / 8);
      for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(8 * i, little);
      return out;
    }
  }
}

function readTree(file: ByteSource, tables: Map<string, Table>, name: string, little0: boolean, path: string, onDemand: boolean): KdTree {
  const head = tables.get(`kdtree_header_${name}`);
  if (!head) throw new SolveError('not_index', `${path}: no kd-tree "${name}" (table kdtree_header_${name}); not an astrometry.net index`);
  const h = head.header;
  const little = endianOf(h, little0, path);
  const ndim = intCard(h, 'KDT_NDIM', path, 1);
  const ndata = intCard(h, 'KDT_NDAT', path, 1);
  const nnodes = intCard(h, 'KDT_NNOD', path, 1);
  if (ndim > 16) throw bad(path, `kd-tree ${name}: KDT_NDIM ${ndim} is out of range`);
  const levels = Math.log2(nnodes + 1);
  if (!Number.isInteger(levels) || levels > 31) throw bad(path, `kd-tree ${name}: KDT_NNOD ${nnodes} is not 2^k − 1`);
  const treeType = kdType(h, 'KDT_INT', path);
  const dataType = kdType(h, 'KDT_DATA', path);
  if (h.get('KDT_LINL') === true) throw new SolveError('unsupported', `${path}: kd-tree ${name} uses linear leaf boundaries (KDT_LINL = T)`);
  const nbottom = (nnodes + 1) / 2;
  const ninterior = nbottom - 1;
  let lr: Uint32Array | null = null;
  if (tables.has(`kdtree_lr_${name}`)) {
    lr = decode(rawTable(file, tables, `kdtree_lr_${name}`, nbottom, 4, path), 'u32', little) as Uint32Array;
    let prev = -1;
    for (let i = 0; i < lr.length; i++) {
      if (lr[i] < prev || lr[i] >= ndata) throw bad(path, `kd-tree ${name}: leaf ${i} ends at point ${lr[i]} (of ${ndata}, after ${prev})`);
      prev = lr[i];
    }
    if (prev !== ndata - 1) throw bad(path, `kd-tree ${name}: the leaves end at point ${prev}, not at the last of ${ndata}`);
  }
  if (!tables.has(`kdtree_split_${name}`)) {
    throw new SolveError('unsupported', `${path}: kd-tree ${name} has no split table (bounding-box trees are not read yet)`);
  }
  const split = decode(rawTable(file, tables, `kdtree_split_${name}`, ninterior, TYPE_BYTES[treeType], path), treeType, little) as Uint16Array | Uint32Array | Float64Array;
  let splitDim: Uint8Array | null = null;
  if (treeType === 'double') {
    splitDim = decode(rawTable(file, tables, `kdtree_splitdim_${name}`, ninterior, 1, path), 'u8', little) as Uint8Array;
    if (splitDim.some((d) => d >= ndim)) throw bad(path, `kd-tree ${name}: a split dimension is ≥ ${ndim}`);
  }
  // the data, the largest part of a tree, read whole from bytes in memory (a view) or else leaf by leaf when searched
  let data: Uint16Array | Uint32Array | Float64Array;
  let load: ((first: number, last: number) => void) | undefined;
  if (onDemand) {
    const t = tableShape(tables, `kdtree_data_${name}`, ndata, ndim * TYPE_BYTES[dataType], path);
    const paged = pagedTable(file, t.dataOffset, ndata, ndim, dataType, little, `${path}: kd-tree ${name}`);
    data = paged.array;
    load = paged.load;
  } else data = decode(rawTable(file, tables, `kdtree_data_${name}`, ndata, ndim * TYPE_BYTES[dataType], path), dataType, little) as Uint16Array | Uint32Array | Float64Array;
  let minval: Float64Array | null = null;
  let maxval: Float64Array | null = null;
  let scale = 1;
  if (treeType !== 'double' || dataType !== 'double') {
    const range = decode(rawTable(file, tables, `kdtree_range_${name}`, 2 * ndim + 1, 8, path), 'double', little) as Float64Array;
    minval = range.slice(0, ndim);
    maxval = range.slice(ndim, 2 * ndim);
    scale = range[2 * ndim];
    for (let d = 0; d < ndim; d++) {
      if (!Number.isFinite(minval[d]) || !Number.isFinite(maxval[d]) || minval[d] > maxval[d]) throw bad(path, `kd-tree ${name}: range of dimension ${d} is [${minval[d]}, ${maxval[d]}]`);
    }
    if (!Number.isFinite(scale) || !(scale > 0)) throw bad(path, `kd-tree ${name}: scale ${scale} is not positive`);
  } else if (!onDemand && (data as Float64Array).some((v) => !Number.isFinite(v))) {
    throw bad(path, `kd-tree ${name}: a coordinate is not finite`);
  }
  return new KdTree({ name, ndim, ndata, nnodes, treeType, dataType, lr, split, splitDim, data, load, minval, maxval, scale });
}

/**
 * Read an index file from its bytes (or a {@link ByteSource} that reads on demand). `path`
 * only names the file in error messages. From bytes in memory the kd-trees are views on them;
 * from a {@link ByteSource} their structure (splits, leaf bounds, ranges) is read and checked
 * at once and their data (points) in chunks as searches reach them (paged-table.ts: a solve
 * with a position hint reads a few MB of Tycho-2's 140 MB index 07). The quads are read one at
 * a time when a code matches. Throws {@link SolveError} (`not_index`, `bad_index`,
 * `unsupported`), also for broken FITS; a chunk read on demand that cannot be read throws
 * `bad_index` then.
 */
export function readIndexFile(input: Uint8Array | ByteSource, path: string): IndexFile {
  const file = input instanceof Uint8Array ? bytesSource(input) : input;
  const { primary, tables, tagalong } = scanHdus(file, path);
  if (!tables.has('quads')) throw new SolveError('not_index', `${path}: no "quads" table; not an astrometry.net index`);
  const little = endianOf(primary, false, path);
  const dimquads = intCard(primary, 'DIMQUADS', path, 3);
  if (dimquads > 5) throw bad(path, `DIMQUADS ${dimquads} is out of range (3..5)`);
  const nquads = intCard(primary, 'NQUADS', path, 1);
  const nstars = intCard(primary, 'NSTARS', path, 1);
  const scaleLow = primary.get('SCALE_L');
  const scaleHigh = primary.get('SCALE_U');
  if (typeof scaleLow !== 'number' || typeof scaleHigh !== 'number' || !(scaleLow > 0) || !(scaleHigh >= scaleLow) || !(scaleHigh < Math.PI)) {
    throw bad(path, `SCALE_L/SCALE_U (${String(scaleLow)}, ${String(scaleHigh)}) are not a quad size range in radians`);
  }
  const idv = primary.get('INDEXID');
  const id = typeof idv === 'number' ? idv : -1;
  const quadTable = tableShape(tables, 'quads', nquads, 4 * dimquads, path);
  const quadBytes = 4 * dimquads;
  const quadStars = (q: number, out: Uint32Array): void => {
    if (!(q >= 0 && q < nquads)) throw bad(path, `quad ${q} of ${nquads} asked for`);
    const raw = file.read(quadTable.dataOffset + q * quadBytes, quadBytes);
    const view = new DataView(raw.buffer, raw.byteOffset, quadBytes);
    for (let k = 0; k < dimquads; k++) {
      const sid = view.getUint32(4 * k, little);
      if (sid >= nstars) throw bad(path, `quad ${q} names star ${sid} of ${nstars}`);
      out[k] = sid;
    }
  };
  const onDemand = !(input instanceof Uint8Array);
  const codes = readTree(file, tables, 'codes', little, path, onDemand);
  const stars = readTree(file, tables, 'stars', little, path, onDemand);
  if (codes.ndim !== 2 * (dimquads - 2)) throw bad(path, `the code tree has ${codes.ndim} dimensions, quads of ${dimquads} need ${2 * (dimquads - 2)}`);
  if (codes.ndata !== nquads) throw bad(path, `the code tree holds ${codes.ndata} codes for ${nquads} quads`);
  if (stars.ndim !== 3) throw bad(path, `the star tree has ${stars.ndim} dimensions, not 3`);
  if (stars.ndata !== nstars) throw bad(path, `the star tree holds ${stars.ndata} stars, NSTARS is ${nstars}`);
  // magnitudes are read on first use (the solver never asks: 7.5 MB of index 07 not read)
  const magTable = tagalong.find((h) => (h.header.string('TFORM1') ?? '').trim() === '1E' && h.header.get('NAXIS1') === 4 && h.header.get('NAXIS2') === nstars);
  let mags: Float32Array | null | undefined;
  const readMags = (): Float32Array | null => {
    if (mags !== undefined) return mags;
    mags = null;
    if (magTable) {
      const raw = file.read(magTable.dataOffset, 4 * nstars);
      const view = new DataView(raw.buffer, raw.byteOffset, 4 * nstars);
      mags = new Float32Array(nstars);
      for (let i = 0; i < nstars; i++) mags[i] = view.getFloat32(4 * i, false); // FITS-typed: big-endian
    }
    return mags;
  };
  return {
    id,
    dimquads,
    scaleLow,
    scaleHigh,
    codes,
    stars,
    nquads,
    quadStars,
    get mags() {
      return readMags();
    },
    littleEndian: little,
  };
}
