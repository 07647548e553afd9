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

/**
 * A new {@link Shape} whose fields are all null, to be set by the caller (in this order). Each field
 * is made by the object literal with a heap object, so V8 generalises it, in place, to its most
 * general representation when the first number is stored: from then on it holds numbers of any
 * kind. Object literals of the values themselves took each field's representation (small integer
 * or double) from the first value stored, and the first value of the other kind, images later,
 * changed the map and threw away the optimised code that had read the field. A literal of
 * constants is one copy of V8's boilerplate per object; a class with declared fields (as before)
 * defined its 26 fields one by one in its initializer, which ran cold (~1 µs an object).
 */
export function shapeRecord(): Shape {
  return {
    fdnpix: null as unknown as number,
    fdflux: null as unknown as number,
    fdpeak: null as unknown as number,
    dpeak: null as unknown as number,
    xpeak: null as unknown as number,
    ypeak: null as unknown as number,
    xmin: null as unknown as number,
    xmax: null as unknown as number,
    ymin: null as unknown as number,
    ymax: null as unknown as number,
    mx: null as unknown as number,
    my: null as unknown as number,
    mx2: null as unknown as number,
    my2: null as unknown as number,
    mxy: null as unknown as number,
    a: null as unknown as number,
    b: null as unknown as number,
    theta: null as unknown as number,
    cxx: null as unknown as number,
    cyy: null as unknown as number,
    cxy: null as unknown as number,
    abcor: null as unknown as number,
    dnpix: null as unknown as number,
    dflux: null as unknown as number,
    singular: null as unknown as boolean,
    border: null as unknown as boolean,
  };
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
  const r = shapeRecord();
  r.fdnpix = n;
  r.fdflux = fdflux;
  r.fdpeak = cpeak;
  r.dpeak = dpeak;
  r.xpeak = xpeak;
  r.ypeak = ypeak;
  r.xmin = xmin;
  r.xmax = xmax;
  r.ymin = ymin;
  r.ymax = ymax;
  r.mx = xm + xmin;
  r.my = ym + ymin;
  r.mx2 = xm2;
  r.my2 = ym2;
  r.mxy = xym;
  r.a = a;
  r.b = b;
  r.theta = theta;
  r.cxx = f32(ym2 / temp2);
  r.cyy = f32(xm2 / temp2);
  r.cxy = f32((-2 * xym) / temp2);
  r.abcor = f32(abcor);
  r.dnpix = dnpix;
  r.dflux = f32(tv);
  r.singular = singular;
  r.border = border ?? (xmin === 0 || ymin === 0 || xmax === width - 1 || ymax === height - 1);
  return r;
}

/**
 * A copy of `s` with another peak and border flag (what CLEAN's merge changes). A copy rather
 * than a change: shapes are written once, when made, and never afterwards (a later write to a
 * field V8 had seen constant deoptimised every function that read it).
 */
export function withPeakAndBorder(s: Shape, dpeak: number, border: boolean): Shape {
  const r = shapeRecord();
  r.fdnpix = s.fdnpix;
  r.fdflux = s.fdflux;
  r.fdpeak = s.fdpeak;
  r.dpeak = dpeak;
  r.xpeak = s.xpeak;
  r.ypeak = s.ypeak;
  r.xmin = s.xmin;
  r.xmax = s.xmax;
  r.ymin = s.ymin;
  r.ymax = s.ymax;
  r.mx = s.mx;
  r.my = s.my;
  r.mx2 = s.mx2;
  r.my2 = s.my2;
  r.mxy = s.mxy;
  r.a = s.a;
  r.b = s.b;
  r.theta = s.theta;
  r.cxx = s.cxx;
  r.cyy = s.cyy;
  r.cxy = s.cxy;
  r.abcor = s.abcor;
  r.dnpix = s.dnpix;
  r.dflux = s.dflux;
  r.singular = s.singular;
  r.border = border;
  return r;
}
