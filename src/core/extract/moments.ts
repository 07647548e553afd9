/**
 * Isophotal analysis of a set of detected pixels (SExtractor/SEP `preanalyse` + `analyse`):
 * barycentre and second moments weighted by the *filtered* values (as SEP and SExtractor
 * do for the detection image), isophotal flux and area from the unfiltered values.
 *
 * Coordinates are 0-based pixels (centre of the first pixel = 0, 0); `theta` is in radians,
 * counter-clockwise from +x, in (−π/2, π/2].
 */
import type { PixelRecords } from './detect.js';

const f32 = Math.fround;

/** Shape and isophotal quantities of one object. */
export interface Shape {
  /** Number of pixels in the (filtered) footprint. */
  fdnpix: number;
  /** Sum of filtered values. */
  fdflux: number;
  /** Peak filtered value. */
  fdpeak: number;
  /** Peak unfiltered value and its position. */
  dpeak: number;
  xpeak: number;
  ypeak: number;
  xmin: number;
  xmax: number;
  ymin: number;
  ymax: number;
  /** Barycentre [px]. */
  mx: number;
  my: number;
  mx2: number;
  my2: number;
  mxy: number;
  a: number;
  b: number;
  theta: number;
  cxx: number;
  cyy: number;
  cxy: number;
  abcor: number;
  /** Pixels whose unfiltered value is above `thresh` (ISOAREA_IMAGE). */
  dnpix: number;
  /** Sum of unfiltered values (FLUX_ISO). */
  dflux: number;
  /** True when the moments were singular (fully correlated x/y) and regularised. */
  singular: boolean;
  /** The footprint touches the image border. */
  border: boolean;
}

/** Values per shape in a {@link ShapeRecord}'s block: the 26 fields of {@link Shape} in its order, booleans as 1 or 0. */
export const SHAPE_VALUES = 26;

/** The fields of {@link Shape}, in the order of a {@link ShapeRecord}'s values. */
export const SHAPE_KEYS: readonly (keyof Shape)[] = [
  'fdnpix', 'fdflux', 'fdpeak', 'dpeak', 'xpeak', 'ypeak', 'xmin', 'xmax', 'ymin', 'ymax', 'mx', 'my', 'mx2',
  'my2', 'mxy', 'a', 'b', 'theta', 'cxx', 'cyy', 'cxy', 'abcor', 'dnpix', 'dflux', 'singular', 'border',
];

/** `s`'s fields as a plain object (for comparing and printing shapes). */
export function plainShape(s: Shape): Shape {
  const o: Record<string, number | boolean> = {};
  for (const k of SHAPE_KEYS) o[k] = s[k];
  return o as unknown as Shape;
}

/** Shapes per block: 256 × 26 doubles, 52 KB. */
const BLOCK_SHAPES = 256;

/** The block new shapes are written to, and its next free row (see {@link newShapeRow}). */
let block = new Float64Array(BLOCK_SHAPES * SHAPE_VALUES);
let blockNext = 0;

/**
 * A {@link Shape} as a row of a block of doubles: the object itself is two fields (the block and
 * the row's offset), its values are read through getters. Objects of 26 fields held each double
 * as a heap number of its own (~380 bytes a shape on V8's heap), and the ~3,000 shapes of a
 * 2048² image lived from deblending to photometry: copied by every scavenge in between, then
 * promoted. A block is an ArrayBuffer outside that heap, never copied; it lives as long as any
 * of its shapes. Values are stored as written (every JS number is a double, booleans as 1/0),
 * so reading one back gives the same number. Shapes are written once, when made, never after.
 * The loops that read most of a shape's values (CLEAN's table, photometry) read the block
 * itself ({@link shapeValues}): a getter called per value there cost more than the scavenges saved.
 */
export class ShapeRecord implements Shape {
  readonly v: Float64Array;
  /** Index of this shape's first value in `v`. */
  readonly o: number;
  constructor(v: Float64Array, o: number) {
    this.v = v;
    this.o = o;
  }
  get fdnpix(): number {
    return this.v[this.o];
  }
  get fdflux(): number {
    return this.v[this.o + 1];
  }
  get fdpeak(): number {
    return this.v[this.o + 2];
  }
  get dpeak(): number {
    return this.v[this.o + 3];
  }
  get xpeak(): number {
    return this.v[this.o + 4];
  }
  get ypeak(): number {
    return this.v[this.o + 5];
  }
  get xmin(): number {
    return this.v[this.o + 6];
  }
  get xmax(): number {
    return this.v[this.o + 7];
  }
  get ymin(): number {
    return this.v[this.o + 8];
  }
  get ymax(): number {
    return this.v[this.o + 9];
  }
  get mx(): number {
    return this.v[this.o + 10];
  }
  get my(): number {
    return this.v[this.o + 11];
  }
  get mx2(): number {
    return this.v[this.o + 12];
  }
  get my2(): number {
    return this.v[this.o + 13];
  }
  get mxy(): number {
    return this.v[this.o + 14];
  }
  get a(): number {
    return this.v[this.o + 15];
  }
  get b(): number {
    return this.v[this.o + 16];
  }
  get theta(): number {
    return this.v[this.o + 17];
  }
  get cxx(): number {
    return this.v[this.o + 18];
  }
  get cyy(): number {
    return this.v[this.o + 19];
  }
  get cxy(): number {
    return this.v[this.o + 20];
  }
  get abcor(): number {
    return this.v[this.o + 21];
  }
  get dnpix(): number {
    return this.v[this.o + 22];
  }
  get dflux(): number {
    return this.v[this.o + 23];
  }
  get singular(): boolean {
    return this.v[this.o + 24] === 1;
  }
  get border(): boolean {
    return this.v[this.o + 25] === 1;
  }
}

/** {@link shapeValues}' block for a shape that is not a {@link ShapeRecord}. */
const plainValues = new Float64Array(SHAPE_VALUES);

/**
 * The block holding `s`'s values, from {@link shapeOffset}(s) on, in {@link SHAPE_KEYS}' order
 * (for a shape that is not a {@link ShapeRecord}, a copy valid until the next call): for the
 * loops that read most shapes once, with no getter called per value.
 */
export function shapeValues(s: Shape): Float64Array {
  if (s instanceof ShapeRecord) return s.v;
  for (let k = 0; k < SHAPE_VALUES; k++) {
    const x = s[SHAPE_KEYS[k]];
    plainValues[k] = typeof x === 'boolean' ? (x ? 1 : 0) : x;
  }
  return plainValues;
}

/** The index of `s`'s first value in {@link shapeValues}(s). */
export function shapeOffset(s: Shape): number {
  return s instanceof ShapeRecord ? s.o : 0;
}

/**
 * A free row for a new shape: its offset in `block` (a new block when the last is full). Write
 * its {@link SHAPE_VALUES} values there, then make the {@link ShapeRecord} of `block` and it.
 */
function newShapeRow(): number {
  if (blockNext === BLOCK_SHAPES) {
    block = new Float64Array(BLOCK_SHAPES * SHAPE_VALUES);
    blockNext = 0;
  }
  return SHAPE_VALUES * blockNext++;
}

/** A new shape with the values `src[o … o + SHAPE_VALUES)` (in {@link Shape}'s order, booleans as 1/0). */
export function shapeFromValues(src: Float64Array, o: number): ShapeRecord {
  const at = newShapeRow();
  const v = block;
  for (let k = 0; k < SHAPE_VALUES; k++) v[at + k] = src[o + k];
  return new ShapeRecord(v, at);
}

/**
 * The pixels' x and y in {@link analysePixels}, from its first pass to its second (a division
 * per pixel fewer; grown as needed, shared by every call).
 */
let px0 = new Int32Array(256);
let py0 = new Int32Array(256);

/**
 * Make room for the analysis of `n` pixels. The deblender calls it with each larger component,
 * early in an image, so that {@link analysePixels} never grows its buffers in code V8 has
 * optimised without having seen that branch (which would throw that code away).
 */
export function reserveAnalysis(n: number): void {
  if (px0.length < n) {
    px0 = new Int32Array(n);
    py0 = new Int32Array(n);
  }
}

/**
 * Analyse pixels `list[0..n)` (indices into `px`). `thresh` is the detection threshold
 * (constant). With `centre`, the barycentre is fixed to it (deblended children keep the
 * barycentre of their core, SExtractor's "robust" analysis). `border`, when given, replaces
 * the footprint's own border test (deblended children report their core's).
 */
export function analysePixels(
  px: PixelRecords,
  list: Int32Array,
  n: number,
  width: number,
  height: number,
  thresh: number,
  centre: readonly [number, number] | null,
  border: boolean | null = null,
): Shape {
  const { idx, value, cd } = px;
  let xmin = 1 << 30;
  let ymin = 1 << 30;
  let xmax = -1;
  let ymax = -1;
  let rv = 0;
  let peak = -1e30;
  let cpeak = -1e30;
  let xpeak = 0;
  let ypeak = 0;
  if (px0.length < n) reserveAnalysis(n);
  const xs = px0;
  const ys = py0;
  for (let k = 0; k < n; k++) {
    const p = list[k];
    const i = idx[p];
    const y = (i / width) | 0;
    const x = i - y * width;
    xs[k] = x;
    ys[k] = y;
    const v = value[p];
    const c = cd[p];
    if (peak < v) {
      peak = v;
      xpeak = x;
      ypeak = y;
    }
    if (cpeak < c) cpeak = c;
    rv += c;
    if (x < xmin) xmin = x;
    if (x > xmax) xmax = x;
    if (y < ymin) ymin = y;
    if (y > ymax) ymax = y;
  }
  const fdflux = f32(rv);
  const dpeak = peak;
  const thresh2 = (thresh + dpeak) / 2.0;
  let dnpix = 0;
  let area2 = 0;
  let tv = 0;
  let mx = 0;
  let my = 0;
  let mx2 = 0;
  let my2 = 0;
  let mxy = 0;
  for (let k = 0; k < n; k++) {
    const p = list[k];
    const x = xs[k] - xmin;
    const y = ys[k] - ymin;
    const c = cd[p];
    const v = value[p];
    tv += v;
    if (v > thresh) dnpix++;
    if (v > thresh2) area2++;
    mx += c * x;
    my += c * y;
    mx2 += c * x * x;
    my2 += c * y * y;
    mxy += c * x * y;
  }
  return shapeOf(n, fdflux, cpeak, dpeak, xpeak, ypeak, xmin, xmax, ymin, ymax, thresh, thresh2, dnpix, area2, tv, mx, my, mx2, my2, mxy, width, height, centre, border);
}

/**
 * The {@link Shape} of `n` pixels from {@link analysePixels}' sums (the filtered moments about
 * the box's corner `xmin`, `ymin`; `thresh2` = (thresh + dpeak) / 2; `area2`, `dnpix`: the pixels
 * above it and above `thresh`; `tv`: the unfiltered sum) and its other arguments. Also for the sums
 * made in WebAssembly (deblend.ts's whole components).
 */
export function shapeOf(
  n: number,
  fdflux: number,
  cpeak: number,
  dpeak: number,
  xpeak: number,
  ypeak: number,
  xmin: number,
  xmax: number,
  ymin: number,
  ymax: number,
  thresh: number,
  thresh2: number,
  dnpix: number,
  area2: number,
  tv: number,
  mx: number,
  my: number,
  mx2: number,
  my2: number,
  mxy: number,
  width: number,
  height: number,
  centre: readonly [number, number] | null,
  border: boolean | null,
): Shape {
  let xm = mx / fdflux;
  let ym = my / fdflux;
  let xm2: number;
  let ym2: number;
  let xym: number;
  if (centre) {
    const xn = centre[0] - xmin;
    const yn = centre[1] - ymin;
    xm2 = mx2 / fdflux + xn * xn - 2 * xm * xn;
    ym2 = my2 / fdflux + yn * yn - 2 * ym * yn;
    xym = mxy / fdflux + xn * yn - xm * yn - xn * ym;
    xm = xn;
    ym = yn;
  } else {
    xm2 = mx2 / fdflux - xm * xm;
    ym2 = my2 / fdflux - ym * ym;
    xym = mxy / fdflux - xm * ym;
  }
  let singular = false;
  let temp2 = xm2 * ym2 - xym * xym;
  if (temp2 < 0.00694) {
    xm2 += 0.0833333;
    ym2 += 0.0833333;
    temp2 = xm2 * ym2 - xym * xym;
    singular = true;
  }
  let temp = xm2 - ym2;
  const theta = Math.abs(temp) > 0 ? Math.atan2(2.0 * xym, temp) / 2.0 : Math.PI / 4.0;
  temp = Math.sqrt(0.25 * temp * temp + xym * xym);
  const pm = 0.5 * (xm2 + ym2);
  const a = f32(Math.sqrt(pm + temp));
  const b = f32(Math.sqrt(pm - temp));
  const darea = area2 - dnpix;
  const t1t2 = thresh / thresh2;
  let abcor = 1.0;
  if (t1t2 > 0.0) {
    abcor = (darea < 0.0 ? darea : -1.0) / (2 * Math.PI * Math.log(t1t2 < 1.0 ? t1t2 : 0.99) * a * b);
    if (abcor > 1.0) abcor = 1.0;
  }
  const at = newShapeRow();
  const v = block;
  v[at] = n;
  v[at + 1] = fdflux;
  v[at + 2] = cpeak;
  v[at + 3] = dpeak;
  v[at + 4] = xpeak;
  v[at + 5] = ypeak;
  v[at + 6] = xmin;
  v[at + 7] = xmax;
  v[at + 8] = ymin;
  v[at + 9] = ymax;
  v[at + 10] = xm + xmin;
  v[at + 11] = ym + ymin;
  v[at + 12] = xm2;
  v[at + 13] = ym2;
  v[at + 14] = xym;
  v[at + 15] = a;
  v[at + 16] = b;
  v[at + 17] = theta;
  v[at + 18] = f32(ym2 / temp2);
  v[at + 19] = f32(xm2 / temp2);
  v[at + 20] = f32((-2 * xym) / temp2);
  v[at + 21] = f32(abcor);
  v[at + 22] = dnpix;
  v[at + 23] = f32(tv);
  v[at + 24] = singular ? 1 : 0;
  v[at + 25] = (border ?? (xmin === 0 || ymin === 0 || xmax === width - 1 || ymax === height - 1)) ? 1 : 0;
  return new ShapeRecord(v, at);
}

/**
 * A copy of `s` with another peak and border flag (what CLEAN's merge changes). A copy rather
 * than a change: shapes are written once, when made, and never afterwards (a later write to a
 * field V8 had seen constant deoptimised every function that read it).
 */
export function withPeakAndBorder(s: Shape, dpeak: number, border: boolean): Shape {
  const at = newShapeRow();
  const v = block;
  if (s instanceof ShapeRecord) {
    for (let k = 0; k < SHAPE_VALUES; k++) v[at + k] = s.v[s.o + k];
  } else {
    v[at] = s.fdnpix;
    v[at + 1] = s.fdflux;
    v[at + 2] = s.fdpeak;
    v[at + 4] = s.xpeak;
    v[at + 5] = s.ypeak;
    v[at + 6] = s.xmin;
    v[at + 7] = s.xmax;
    v[at + 8] = s.ymin;
    v[at + 9] = s.ymax;
    v[at + 10] = s.mx;
    v[at + 11] = s.my;
    v[at + 12] = s.mx2;
    v[at + 13] = s.my2;
    v[at + 14] = s.mxy;
    v[at + 15] = s.a;
    v[at + 16] = s.b;
    v[at + 17] = s.theta;
    v[at + 18] = s.cxx;
    v[at + 19] = s.cyy;
    v[at + 20] = s.cxy;
    v[at + 21] = s.abcor;
    v[at + 22] = s.dnpix;
    v[at + 23] = s.dflux;
    v[at + 24] = s.singular ? 1 : 0;
  }
  v[at + 3] = dpeak;
  v[at + 25] = border ? 1 : 0;
  return new ShapeRecord(v, at);
}
