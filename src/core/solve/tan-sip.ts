/**
 * A TAN (gnomonic) WCS with optional SIP distortion, as the solver fits it, and its fit to
 * pixel ↔ star correspondences by least squares.
 *
 * Conventions: pixels are 0-based (FITS CRPIX = crpix + 1); u = x − crpix[0], v = y − crpix[1];
 * with SIP, u' = u + Σ A_pq u^p v^q, v' = v + Σ B_pq u^p v^q (2 ≤ p + q ≤ order);
 * (ξ, η) = CD · (u', v') in degrees; the sky position is the gnomonic deprojection of (ξ, η)
 * about CRVAL. CD is row-major [CD1_1, CD1_2, CD2_1, CD2_2] in degrees per pixel.
 */
import { leastSquares } from './lstsq.js';
import { deproject, project, tangentAt, type Tangent } from './sky.js';

export interface TanSip {
  /** Tangent point (RA, Dec), degrees. */
  crval: [number, number];
  /** Reference pixel, 0-based. */
  crpix: [number, number];
  /** [CD1_1, CD1_2, CD2_1, CD2_2], degrees per pixel. */
  cd: [number, number, number, number];
  /** SIP order (2..4), or 0 for none. */
  sipOrder: number;
  /** SIP coefficients by `${p}_${q}` (A for u, B for v). */
  sipA: Map<string, number>;
  sipB: Map<string, number>;
}

/** One correspondence: a pixel position and a star's unit vector. */
export interface Pair {
  x: number;
  y: number;
  s: ArrayLike<number>;
}

/** Intermediate world coordinates (ξ, η) in degrees of pixel (x, y). */
export function pixelToIntermediate(w: TanSip, x: number, y: number): [number, number] {
  let u = x - w.crpix[0];
  let v = y - w.crpix[1];
  if (w.sipOrder > 0) {
    let du = 0;
    let dv = 0;
    for (const [k, c] of w.sipA) du += c * term(k, u, v);
    for (const [k, c] of w.sipB) dv += c * term(k, u, v);
    u += du;
    v += dv;
  }
  return [w.cd[0] * u + w.cd[1] * v, w.cd[2] * u + w.cd[3] * v];
}

function term(key: string, u: number, v: number): number {
  const [p, q] = key.split('_').map(Number);
  return u ** p * v ** q;
}

/** (RA, Dec) in degrees of pixel (x, y). */
export function pixelToSky(w: TanSip, x: number, y: number): [number, number] {
  const [xi, eta] = pixelToIntermediate(w, x, y);
  return deproject(tangentAt(w.crval[0], w.crval[1]), xi, eta);
}

/** Pixel of a star (unit vector) ignoring SIP (the TAN part only); NaN on the far hemisphere. */
export function tanSkyToPixel(w: TanSip, t: Tangent, sx: number, sy: number, sz: number): [number, number] {
  const [xi, eta] = project(t, sx, sy, sz);
  const det = w.cd[0] * w.cd[3] - w.cd[1] * w.cd[2];
  return [w.crpix[0] + (w.cd[3] * xi - w.cd[1] * eta) / det, w.crpix[1] + (-w.cd[2] * xi + w.cd[0] * eta) / det];
}

/**
 * Pixel of a star (unit vector) under the whole WCS, SIP included: the TAN inverse gives
 * (u', v'), then u + A(u, v) = u', v + B(u, v) = v' is solved by fixed-point iteration (SIP
 * corrections are small against their variation's scale). NaN on the far hemisphere.
 */
export function skyToPixel(w: TanSip, t: Tangent, sx: number, sy: number, sz: number): [number, number] {
  const [x0, y0] = tanSkyToPixel(w, t, sx, sy, sz);
  if (w.sipOrder === 0 || !Number.isFinite(x0)) return [x0, y0];
  const up = x0 - w.crpix[0];
  const vp = y0 - w.crpix[1];
  let u = up;
  let v = vp;
  for (let it = 0; it < 20; it++) {
    let du = 0;
    let dv = 0;
    for (const [k, c] of w.sipA) du += c * term(k, u, v);
    for (const [k, c] of w.sipB) dv += c * term(k, u, v);
    const nu = up - du;
    const nv = vp - dv;
    const moved = Math.abs(nu - u) + Math.abs(nv - v);
    u = nu;
    v = nv;
    if (moved < 1e-9) break;
  }
  return [w.crpix[0] + u, w.crpix[1] + v];
}

/** Pixel scale (arcsec per pixel) of the CD matrix. */
export function pixelScale(w: TanSip): number {
  return Math.sqrt(Math.abs(w.cd[0] * w.cd[3] - w.cd[1] * w.cd[2])) * 3600;
}

function powers(order: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let d = 0; d <= order; d++) for (let q = 0; q <= d; q++) out.push([d - q, q]);
  return out;
}

/** Number of unknowns per axis of a fit of polynomial order `order` (1 = TAN). */
export function termCount(order: number): number {
  return ((order + 1) * (order + 2)) / 2;
}

/**
 * Least-squares TAN (order 1) or TAN-SIP (order 2..4) fit of `pairs` with the reference pixel
 * fixed at `crpix`; the tangent point is iterated until the constant terms vanish. `norm` is
 * a length (pixels) that scales u, v for conditioning. Null when the system is singular.
 */
export function fitTanSip(pairs: readonly Pair[], crpix: [number, number], order: number, norm: number): TanSip | null {
  const n = termCount(order);
  if (pairs.length < n) return null;
  const pw = powers(order);
  const rows = pairs.map((p) => {
    const u = (p.x - crpix[0]) / norm;
    const v = (p.y - crpix[1]) / norm;
    return pw.map(([a, b]) => u ** a * v ** b);
  });
  // start from the stars' mean direction
  let sx = 0;
  let sy = 0;
  let sz = 0;
  for (const p of pairs) {
    sx += p.s[0];
    sy += p.s[1];
    sz += p.s[2];
  }
  let t = tangentAt(...xyzAngles(sx, sy, sz));
  let cx: Float64Array | null = null;
  let cy: Float64Array | null = null;
  for (let iter = 0; iter < 6; iter++) {
    const xi = new Float64Array(pairs.length);
    const eta = new Float64Array(pairs.length);
    for (let i = 0; i < pairs.length; i++) [xi[i], eta[i]] = project(t, pairs[i].s[0], pairs[i].s[1], pairs[i].s[2]);
    cx = leastSquares(rows, xi, n);
    cy = leastSquares(rows, eta, n);
    if (!cx || !cy) return null;
    const [ra, dec] = deproject(t, cx[0], cy[0]);
    const moved = Math.hypot(cx[0], cy[0]);
    t = tangentAt(ra, dec);
    if (moved < 1e-10) break;
  }
  if (!cx || !cy) return null;
  const cd: [number, number, number, number] = [cx[1] / norm, cx[2] / norm, cy[1] / norm, cy[2] / norm];
  const det = cd[0] * cd[3] - cd[1] * cd[2];
  if (!(Math.abs(det) > 0) || !Number.isFinite(det)) return null;
  const sipA = new Map<string, number>();
  const sipB = new Map<string, number>();
  for (let k = 3; k < n; k++) {
    const [p, q] = pw[k];
    const f = norm ** (p + q);
    const c1 = cx[k] / f;
    const c2 = cy[k] / f;
    sipA.set(`${p}_${q}`, (cd[3] * c1 - cd[1] * c2) / det);
    sipB.set(`${p}_${q}`, (-cd[2] * c1 + cd[0] * c2) / det);
  }
  return { crval: [t.ra, t.dec], crpix, cd, sipOrder: order >= 2 ? order : 0, sipA, sipB };
}

function xyzAngles(x: number, y: number, z: number): [number, number] {
  let ra = (Math.atan2(y, x) * 180) / Math.PI;
  if (ra < 0) ra += 360;
  return [ra, (Math.atan2(z, Math.hypot(x, y)) * 180) / Math.PI];
}

/** Angular residual (arcsec) of a pair under `w`: distance between the star and its pixel's sky position, in the tangent plane. */
export function residualArcsec(w: TanSip, t: Tangent, p: Pair): number {
  const [xi, eta] = pixelToIntermediate(w, p.x, p.y);
  const [sxi, seta] = project(t, p.s[0], p.s[1], p.s[2]);
  return Math.hypot(xi - sxi, eta - seta) * 3600;
}
