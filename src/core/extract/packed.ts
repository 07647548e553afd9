/**
 * Deblended objects packed into typed arrays, for handing them from one thread to another.
 * A structured clone of ~3,000 objects of 30 fields cost the sending thread ~3 ms and the
 * receiving one ~5 ms per 2048² image (and as much garbage); a Float64Array is copied in one
 * block (not transferred: see prepare.ts), and the receiving thread rebuilds the objects as
 * instances of the classes its optimised code expects. Every value is a JS number (a double), so the copies are exact.
 */
import { RawRecord, type RawObject } from './extract.js';
import { shapeRecord, type Shape } from './moments.js';

/** Values per object: the shape's 26 fields, then mthresh, fwhm, merged, overflow. */
const K = 30;

/** The objects of one image, packed: `values` (K per object) and, when kept, their pixel lists. */
export interface PackedObjects {
  n: number;
  values: Float64Array;
  /** Pixel indices of every object, one after the other (null when the objects keep none). */
  pixels: Int32Array | null;
  /** Object i's pixels are `pixels[offsets[i] … offsets[i + 1])`. */
  offsets: Int32Array | null;
}

export function packObjects(raw: readonly RawObject[]): PackedObjects {
  const n = raw.length;
  const values = new Float64Array(n * K);
  let total = 0;
  let keep = false;
  for (let i = 0; i < n; i++) {
    const r = raw[i];
    packShape(values, i * K, r.shape);
    values[i * K + 26] = r.mthresh;
    values[i * K + 27] = r.fwhm;
    values[i * K + 28] = r.merged ? 1 : 0;
    values[i * K + 29] = r.overflow ? 1 : 0;
    if (r.pixels) {
      keep = true;
      total += r.pixels.length;
    }
  }
  if (!keep) return { n, values, pixels: null, offsets: null };
  const pixels = new Int32Array(total);
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const p = raw[i].pixels;
    if (p) pixels.set(p, offsets[i]);
    offsets[i + 1] = offsets[i] + (p ? p.length : 0);
  }
  return { n, values, pixels, offsets };
}

/** The objects {@link packObjects} packed (instances of this thread's classes). */
export function unpackObjects(p: PackedObjects): RawObject[] {
  const out: RawObject[] = new Array<RawObject>(p.n);
  const v = p.values;
  for (let i = 0; i < p.n; i++) {
    const o = i * K;
    const pixels = p.pixels && p.offsets ? p.pixels.slice(p.offsets[i], p.offsets[i + 1]) : null;
    out[i] = new RawRecord(unpackShape(v, o), v[o + 28] === 1, v[o + 29] === 1, v[o + 26], v[o + 27], pixels);
  }
  return out;
}

function packShape(v: Float64Array, o: number, s: Shape): void {
  v[o + 0] = s.fdnpix;
  v[o + 1] = s.fdflux;
  v[o + 2] = s.fdpeak;
  v[o + 3] = s.dpeak;
  v[o + 4] = s.xpeak;
  v[o + 5] = s.ypeak;
  v[o + 6] = s.xmin;
  v[o + 7] = s.xmax;
  v[o + 8] = s.ymin;
  v[o + 9] = s.ymax;
  v[o + 10] = s.mx;
  v[o + 11] = s.my;
  v[o + 12] = s.mx2;
  v[o + 13] = s.my2;
  v[o + 14] = s.mxy;
  v[o + 15] = s.a;
  v[o + 16] = s.b;
  v[o + 17] = s.theta;
  v[o + 18] = s.cxx;
  v[o + 19] = s.cyy;
  v[o + 20] = s.cxy;
  v[o + 21] = s.abcor;
  v[o + 22] = s.dnpix;
  v[o + 23] = s.dflux;
  v[o + 24] = s.singular ? 1 : 0;
  v[o + 25] = s.border ? 1 : 0;
}

function unpackShape(v: Float64Array, o: number): Shape {
  const s = shapeRecord();
  s.fdnpix = v[o + 0];
  s.fdflux = v[o + 1];
  s.fdpeak = v[o + 2];
  s.dpeak = v[o + 3];
  s.xpeak = v[o + 4];
  s.ypeak = v[o + 5];
  s.xmin = v[o + 6];
  s.xmax = v[o + 7];
  s.ymin = v[o + 8];
  s.ymax = v[o + 9];
  s.mx = v[o + 10];
  s.my = v[o + 11];
  s.mx2 = v[o + 12];
  s.my2 = v[o + 13];
  s.mxy = v[o + 14];
  s.a = v[o + 15];
  s.b = v[o + 16];
  s.theta = v[o + 17];
  s.cxx = v[o + 18];
  s.cyy = v[o + 19];
  s.cxy = v[o + 20];
  s.abcor = v[o + 21];
  s.dnpix = v[o + 22];
  s.dflux = v[o + 23];
  s.singular = v[o + 24] === 1;
  s.border = v[o + 25] === 1;
  return s;
}
