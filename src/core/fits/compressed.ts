/**
 * Tile-compressed images (ZIMAGE = T binary tables): tile geometry, per-tile decoding with
 * RICE_1, GZIP_1, GZIP_2, PLIO_1, HCOMPRESS_1 or NOCOMPRESS, un-quantisation of floats and
 * assembly of the tiles into the image (or one plane of it).
 */
import { hcompressDecode } from './compress/hcompress.js';
import { inflateTile, unshuffleBytes } from './compress/gzip.js';
import { plioDecode } from './compress/plio.js';
import { unquantize, type QuantizeMethod } from './compress/quantize.js';
import { riceDecode } from './compress/rice.js';
import { FitsError } from './errors.js';
import type { FitsFile, HduInfo } from './hdu.js';
import { bytesPerPixel, decodePixels, type PixelType } from './image.js';
import { findColumn, parseBinTable, readHeapArray, readScalar, type BinTable, type Column } from './table.js';

interface TileParams {
  cmptype: string;
  zbitpix: number;
  shape: number[];
  tile: number[];
  blocksize: number;
  bytepix: number;
  smooth: boolean;
  quantized: boolean;
  method: QuantizeMethod;
  zdither0: number;
  zscaleKey?: number;
  zzeroKey?: number;
  zblankKey?: number;
  bscale: number;
  bzero: number;
  blank?: number;
}

function tileParams(info: HduInfo): TileParams {
  const t = info.tableHeader!;
  const hdu = info.index;
  const cmptype = (t.string('ZCMPTYPE') ?? '').trim().toUpperCase();
  const zbitpix = info.bitpix;
  const shape = info.shape;
  const tile: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    const v = t.get(`ZTILE${i + 1}`);
    const def = i === 0 ? shape[0] : 1;
    const n = v === undefined ? def : v;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) {
      throw new FitsError('bad_header', `HDU ${hdu}: ZTILE${i + 1} is invalid (${JSON.stringify(v)})`, hdu, info.headerOffset);
    }
    tile.push(Math.min(n, Math.max(shape[i], 1)));
  }
  const params = new Map<string, number>();
  for (let i = 1; i < 100; i++) {
    const name = t.string(`ZNAME${i}`);
    if (name === undefined) break;
    const val = t.get(`ZVAL${i}`);
    if (typeof val === 'number') params.set(name.trim().toUpperCase(), val);
  }
  const defBytepix = zbitpix === 8 ? 1 : zbitpix === 16 ? 2 : 4;
  const zq = (t.string('ZQUANTIZ') ?? '').trim().toUpperCase();
  const hasZscale = t.has('ZSCALE');
  const table = info.tableHeader!;
  let hasZscaleCol = false;
  for (let i = 1; i <= 999; i++) {
    const name = table.string(`TTYPE${i}`);
    if (name === undefined) break;
    if (name.trim().toUpperCase() === 'ZSCALE') hasZscaleCol = true;
  }
  const quantized = zbitpix < 0 && zq !== 'NONE' && (hasZscale || hasZscaleCol);
  const method: QuantizeMethod =
    zq === 'SUBTRACTIVE_DITHER_1' || zq === 'SUBTRACTIVE_DITHER_2' ? zq : 'NO_DITHER';
  const num = (k: string): number | undefined => {
    const v = t.get(k);
    return typeof v === 'number' ? v : undefined;
  };
  const h = info.header;
  const blank = h.get('BLANK');
  return {
    cmptype,
    zbitpix,
    shape,
    tile,
    blocksize: params.get('BLOCKSIZE') ?? 32,
    bytepix: params.get('BYTEPIX') ?? defBytepix,
    smooth: (params.get('SMOOTH') ?? 0) !== 0,
    quantized,
    method,
    zdither0: num('ZDITHER0') ?? 1,
    zscaleKey: num('ZSCALE'),
    zzeroKey: num('ZZERO'),
    zblankKey: num('ZBLANK'),
    bscale: zbitpix > 0 ? h.number('BSCALE', 1) : 1,
    bzero: zbitpix > 0 ? h.number('BZERO', 0) : 0,
    blank: zbitpix > 0 && typeof blank === 'number' ? blank : undefined,
  };
}

function readBigEndianInts(bytes: Uint8Array, n: number, size: number, signedBytes = false): Int32Array {
  const out = new Int32Array(n);
  if (size === 1) {
    for (let i = 0; i < n; i++) out[i] = signedBytes ? (bytes[i] << 24) >> 24 : bytes[i];
  } else if (size === 2) {
    for (let i = 0, j = 0; i < n; i++, j += 2) out[i] = ((bytes[j] << 24) >> 16) | bytes[j + 1];
  } else {
    for (let i = 0, j = 0; i < n; i++, j += 4) out[i] = (bytes[j] << 24) | (bytes[j + 1] << 16) | (bytes[j + 2] << 8) | bytes[j + 3];
  }
  return out;
}

interface Columns {
  data?: Column;
  gzip?: Column;
  raw?: Column;
  zscale?: Column;
  zzero?: Column;
  zblank?: Column;
}

/** Integers of one tile, before scaling or un-quantisation. */
interface TileInts {
  ints: Int32Array | Float64Array;
  zscale?: number;
  zzero?: number;
  zblank?: number;
}

/**
 * Decode one tile (table row `row`) of `n` pixels, following cfitsio's imcomp_decompress_tile.
 * Returns the tile's integers (in `ibuf` or a new array), or null when the tile was stored
 * as floating-point values, which are then in `vals` (NaN for undefined pixels).
 */
function decodeTile(
  table: BinTable,
  cols: Columns,
  p: TileParams,
  row: number,
  n: number,
  ibuf: Int32Array,
  vals: Float64Array,
  f32: boolean,
): TileInts | null {
  const bytes = table.bytes;
  const hdu = table.hdu;
  const fail = (msg: string, at: number): never => {
    throw new FitsError('bad_tile', `HDU ${hdu}: tile ${row + 1}: ${msg}`, hdu, at);
  };
  const wrap = <T>(at: number, fn: () => T): T => {
    try {
      return fn();
    } catch (err) {
      if (err instanceof FitsError) throw new FitsError(err.code, `HDU ${hdu}: tile ${row + 1}: ${err.message}`, hdu, at);
      throw err;
    }
  };
  const zscale = cols.zscale ? readScalar(table, cols.zscale, row) : p.zscaleKey;
  const zzero = cols.zzero ? readScalar(table, cols.zzero, row) : p.zzeroKey;
  const zblank = cols.zblank ? readScalar(table, cols.zblank, row) : p.zblankKey;
  const desc = cols.data ? readHeapArray(table, cols.data, row) : { offset: 0, count: 0, bytes: 0 };
  const scaling = { scale: p.bscale, zero: p.bzero, blank: p.blank };
  const ftype = f32 ? 'float32' : 'float64';
  if (desc.count === 0) {
    // Tiles that could not be compressed (or quantised) are stored losslessly.
    const g = cols.gzip ? readHeapArray(table, cols.gzip, row) : undefined;
    if (g && g.count > 0) {
      const size = bytesPerPixel(p.zbitpix);
      const raw = wrap(g.offset, () => inflateTile(bytes.subarray(g.offset, g.offset + g.bytes), n * size));
      const src = p.cmptype === 'GZIP_2' ? unshuffleBytes(raw, n, size) : raw;
      vals.set(decodePixels(src, 0, n, p.zbitpix, scaling, ftype));
      return null;
    }
    const u = cols.raw ? readHeapArray(table, cols.raw, row) : undefined;
    if (u && u.count > 0) {
      const et = cols.raw!.elementType;
      const bitpix = et === 'E' ? -32 : et === 'D' ? -64 : et === 'I' ? 16 : et === 'J' ? 32 : et === 'K' ? 64 : 8;
      if (u.count !== n) fail(`UNCOMPRESSED_DATA has ${u.count} values, expected ${n}`, u.offset);
      vals.set(decodePixels(bytes, u.offset, n, bitpix, scaling, ftype));
      return null;
    }
    return fail('no compressed data', table.dataOffset + row * table.rowBytes);
  }
  const src = bytes.subarray(desc.offset, desc.offset + desc.bytes);
  let ints: Int32Array | Float64Array;
  switch (p.cmptype) {
    case 'RICE_1':
    case 'RICE_ONE':
      wrap(desc.offset, () => riceDecode(src, ibuf, n, p.blocksize, p.bytepix));
      ints = ibuf;
      break;
    case 'GZIP_1':
    case 'GZIP_2': {
      const size = p.quantized ? 4 : bytesPerPixel(p.zbitpix);
      const raw = wrap(desc.offset, () => inflateTile(src, n * size));
      const un = p.cmptype === 'GZIP_2' ? unshuffleBytes(raw, n, size) : raw;
      if (!p.quantized && (p.zbitpix < 0 || p.zbitpix === 64)) {
        vals.set(decodePixels(un, 0, n, p.zbitpix, scaling, ftype));
        return null;
      }
      ints = readBigEndianInts(un, n, size);
      break;
    }
    case 'PLIO_1': {
      const words = new Int16Array(desc.bytes >> 1);
      for (let i = 0; i < words.length; i++) words[i] = (src[2 * i] << 8) | src[2 * i + 1];
      wrap(desc.offset, () => plioDecode(words, ibuf, n));
      ints = ibuf;
      break;
    }
    case 'HCOMPRESS_1':
      ints = wrap(desc.offset, () => hcompressDecode(src, n, p.smooth));
      break;
    case 'NOCOMPRESS':
      vals.set(decodePixels(src, 0, n, p.zbitpix, scaling, ftype));
      return null;
    default:
      throw new FitsError('unsupported', `HDU ${hdu}: compression ${p.cmptype || '(none given)'} is not supported`, hdu, desc.offset);
  }
  if (p.quantized && (zscale === undefined || zzero === undefined)) fail('ZSCALE/ZZERO missing', desc.offset);
  return { ints, zscale, zzero, zblank };
}

/** Scale integers `src[s..s+len)` into `out[dest..)`: BSCALE/BZERO, and null → NaN. */
function emitInts(
  src: Int32Array | Float64Array,
  s: number,
  out: Float32Array | Float64Array,
  dest: number,
  len: number,
  p: TileParams,
  nul: number | undefined,
  f32: boolean,
): void {
  const { bscale, bzero } = p;
  if (nul === undefined && bscale === 1 && bzero === 0) {
    out.set(src.subarray(s, s + len), dest);
    return;
  }
  if (f32) {
    // astropy scales 8/16-bit data in float32 arithmetic: round(round(v * s) + z).
    const fs = Math.fround(bscale);
    const fz = Math.fround(bzero);
    for (let i = 0; i < len; i++) {
      const v = src[s + i];
      out[dest + i] = nul !== undefined && v === nul ? NaN : Math.fround(fs === 1 ? v : v * fs) + fz;
    }
  } else {
    for (let i = 0; i < len; i++) {
      const v = src[s + i];
      out[dest + i] = nul !== undefined && v === nul ? NaN : v * bscale + bzero;
    }
  }
}

/**
 * Decode a tile-compressed image HDU. With `plane` (0-based index over axes 3..n) only the
 * tiles that intersect that plane are decoded and a NAXIS1×NAXIS2 array is returned.
 */
export function readCompressedImage(file: FitsFile, info: HduInfo, type: PixelType, plane?: number): Float32Array | Float64Array {
  const p = tileParams(info);
  const table = parseBinTable(file, info);
  const cols: Columns = {
    data: findColumn(table, 'COMPRESSED_DATA'),
    gzip: findColumn(table, 'GZIP_COMPRESSED_DATA'),
    raw: findColumn(table, 'UNCOMPRESSED_DATA'),
    zscale: findColumn(table, 'ZSCALE'),
    zzero: findColumn(table, 'ZZERO'),
    zblank: findColumn(table, 'ZBLANK'),
  };
  if (!cols.data && !cols.gzip && !cols.raw) {
    throw new FitsError('bad_table', `HDU ${info.index}: compressed image has no COMPRESSED_DATA column`, info.index, info.headerOffset);
  }
  const N = p.shape;
  const T = p.tile;
  const nd = N.length;
  const ntiles = N.map((n, i) => Math.ceil(n / T[i]));
  const totalTiles = ntiles.reduce((a, b) => a * b, 1);
  if (totalTiles !== table.rows) {
    throw new FitsError('bad_tile', `HDU ${info.index}: ${totalTiles} tiles expected from ZNAXISn/ZTILEn, table has ${table.rows} rows`, info.index, info.headerOffset);
  }
  const planeCoords: number[] = [];
  if (plane !== undefined) {
    let rest = plane;
    for (let k = 2; k < nd; k++) {
      planeCoords[k] = rest % N[k];
      rest = Math.floor(rest / N[k]);
    }
  }
  const outLen = plane !== undefined ? N[0] * (N[1] ?? 1) : N.reduce((a, b) => a * b, 1);
  const out = type === 'float32' ? new Float32Array(outLen) : new Float64Array(outLen);
  const f32 = type === 'float32';
  // Quantised float32 data read as float64: keep cfitsio's float rounding.
  const roundToFloat = p.zbitpix === -32 && !f32;
  let maxTile = 1;
  for (const t of T) maxTile *= t;
  const vals = new Float64Array(maxTile);
  const ibuf = new Int32Array(maxTile);
  const tc = new Array<number>(nd).fill(0);
  const o = new Array<number>(nd).fill(0);
  const d = new Array<number>(nd).fill(0);
  const j = new Array<number>(nd).fill(0);
  for (let row = 0; row < totalTiles; row++) {
    let r = row;
    let n = 1;
    let inPlane = true;
    for (let k = 0; k < nd; k++) {
      tc[k] = r % ntiles[k];
      r = Math.floor(r / ntiles[k]);
      o[k] = tc[k] * T[k];
      d[k] = Math.min(T[k], N[k] - o[k]);
      n *= d[k];
      if (plane !== undefined && k >= 2 && (planeCoords[k] < o[k] || planeCoords[k] >= o[k] + d[k])) inPlane = false;
    }
    if (!inPlane) continue;
    const res = decodeTile(table, cols, p, row, n, ibuf, vals, f32);
    const runs = n / d[0];
    if (res && p.quantized) {
      if (runs === 1 && !roundToFloat && plane === undefined) {
        // One contiguous run (e.g. row tiles): un-quantise straight into the output.
        let dest = 0;
        let stride = 1;
        for (let k = 0; k < nd; k++) {
          dest += o[k] * stride;
          stride *= N[k];
        }
        unquantize(res.ints, n, out.subarray(dest, dest + n), res.zscale!, res.zzero!, p.method, p.zdither0 + row, res.zblank);
        continue;
      }
      unquantize(res.ints, n, vals, res.zscale!, res.zzero!, p.method, p.zdither0 + row, res.zblank);
    }
    const useVals = res === null || p.quantized;
    if (useVals && roundToFloat) for (let i = 0; i < n; i++) vals[i] = Math.fround(vals[i]);
    const nul = res ? (res.zblank ?? p.blank) : undefined;
    // Scatter: one contiguous run of d[0] pixels per combination of the other axes.
    j.fill(0);
    for (let run = 0; run < runs; run++) {
      let dest = 0;
      let skip = false;
      if (plane !== undefined) {
        for (let k = 2; k < nd; k++) if (o[k] + j[k] !== planeCoords[k]) skip = true;
        dest = o[0] + N[0] * (nd > 1 ? o[1] + j[1] : 0);
      } else {
        let stride = 1;
        for (let k = 0; k < nd; k++) {
          dest += (o[k] + (k === 0 ? 0 : j[k])) * stride;
          stride *= N[k];
        }
      }
      if (!skip) {
        const s0 = run * d[0];
        if (useVals) out.set(vals.subarray(s0, s0 + d[0]), dest);
        else emitInts(res!.ints, s0, out, dest, d[0], p, nul, f32);
      }
      for (let k = 1; k < nd; k++) {
        j[k]++;
        if (j[k] < d[k]) break;
        j[k] = 0;
      }
    }
  }
  return out;
}
