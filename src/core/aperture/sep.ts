/**
 * Aperture sums in SExtractor's convention (SEP `sum_circle`, `kron_radius`, `sum_ellipse`,
 * which reproduce SExtractor run with MASK_TYPE NONE), used by the extraction:
 *
 * - circular apertures: pixels within ±0.7072 px of the edge are sub-sampled `subpix`×`subpix`
 *   (or their exact overlap, {@link pixelOverlap}, is used when `subpix` = 0);
 * - Kron radius: first moment of the light inside the ellipse 6·(A, B) (unit ellipse of the
 *   moments), r_kron = Σ r·I / Σ I;
 * - AUTO flux: whole pixels whose centre is inside the ellipse k·(A, B) with
 *   k = max(2.5·r_kron, 3.5) (PHOT_AUTOPARAMS 2.5, 3.5).
 *
 * NaN pixels are masked: the sum is scaled by total/unmasked area (SEP's default); `truncated`
 * means the aperture's pixel box was clipped by the image border. Pixel coordinates are
 * 0-based (centre of the first pixel = 0, 0). Forced photometry's convention (masked pixels
 * skipped, no rescaling) is `sumCircleExact` (exact.ts), a separate loop: its pixel rules differ
 * and this one is the extraction's hot loop.
 */
import { pixelOverlap } from './overlap.js';
import type { PixelSource } from './pixels.js';
import type { ApertureSum } from './sum.js';

/** Ellipse coefficients cxx·x² + cyy·y² + cxy·x·y = 1 for semi-axes a, b and angle theta [rad]. */
export function ellipseCoeffs(a: number, b: number, theta: number): [number, number, number] {
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  const a2 = a * a;
  const b2 = b * b;
  return [(c * c) / a2 + (s * s) / b2, (s * s) / a2 + (c * c) / b2, 2 * c * s * (1 / a2 - 1 / b2)];
}

/**
 * The pixel box of the last aperture: [xmin, xmax, ymin, ymax) and 1 when clipped by the
 * image border. A scratch array rather than an object per aperture: nothing to allocate, and
 * no object whose map (V8's hidden class) the aperture functions' optimised code depends on.
 * The price: each aperture function reads it into its own locals, the same few lines in
 * {@link kronRadius} and {@link sumEllipse} (a repetition on purpose, not a copy to merge).
 */
const BOX = new Int32Array(5);

/** The box of an aperture of half-sizes rx, ry around (x, y), clipped to the image, into {@link BOX}. */
function boxExtent(x: number, y: number, rx: number, ry: number, w: number, h: number): void {
  // C's (int) casts (toward zero), on values clipped to the image first
  let xmin = Math.trunc(x - rx + 0.5);
  let xmax = Math.trunc(x + rx + 1.4999999);
  let ymin = Math.trunc(y - ry + 0.5);
  let ymax = Math.trunc(y + ry + 1.4999999);
  let truncated = 0;
  if (xmin < 0) {
    xmin = 0;
    truncated = 1;
  }
  if (xmax > w) {
    xmax = w;
    truncated = 1;
  }
  if (ymin < 0) {
    ymin = 0;
    truncated = 1;
  }
  if (ymax > h) {
    ymax = h;
    truncated = 1;
  }
  BOX[0] = xmin;
  BOX[1] = xmax;
  BOX[2] = ymin;
  BOX[3] = ymax;
  BOX[4] = truncated;
}

/** The box of the ellipse cxx·dx² + cyy·dy² + cxy·dx·dy ≤ r² around (x, y), into {@link BOX}. */
function ellipseBox(x: number, y: number, cxx: number, cyy: number, cxy: number, r: number, w: number, h: number): void {
  let dxlim = cxx - (cxy * cxy) / (4.0 * cyy);
  dxlim = dxlim > 0.0 ? r / Math.sqrt(dxlim) : 0.0;
  let dylim = cyy - (cxy * cxy) / (4.0 * cxx);
  dylim = dylim > 0.0 ? r / Math.sqrt(dylim) : 0.0;
  boxExtent(x, y, dxlim, dylim, w, h);
}

/** Squares of the sub-pixel offsets of each column and row of an aperture box (see {@link sumCircleSep}). */
let subSqX = new Float64Array(256);
let subSqY = new Float64Array(256);

/**
 * Squares of the sub-pixel centre offsets along one axis for pixels `i0 … i1 − 1` around `c`,
 * `subpix` per pixel, each offset accumulated exactly as SEP's loop does (start at
 * `i − c + offset`, then `+= scale`), into `out[(i − i0) · subpix + k]`.
 */
function subOffsetSquares(out: Float64Array, i0: number, i1: number, c: number, subpix: number, scale: number, offset: number): void {
  for (let i = i0, o = 0; i < i1; i++) {
    let d = i - c + offset;
    for (let k = 0; k < subpix; k++, o++, d += scale) out[o] = d * d;
  }
}

/** `steps[k]`: `scale2` added k times to 0, one addition after the other (see {@link subpixSteps}). */
let steps = new Float64Array(1);
let stepsFor = -1;

/**
 * SEP adds `scale2` to a pixel's overlap for each of its sub-pixels inside the circle; the
 * result depends only on how many are inside, so it is looked up (the same double) after
 * counting them, instead of a chain of dependent additions per edge pixel.
 */
function subpixSteps(subpix: number, scale2: number): Float64Array {
  if (stepsFor !== subpix) {
    const n = subpix * subpix;
    steps = new Float64Array(n + 1);
    for (let k = 1; k <= n; k++) steps[k] = steps[k - 1] + scale2;
    stepsFor = subpix;
  }
  return steps;
}

/** How many of a pixel's `subpix`² sub-pixels lie inside the circle (`sqx`, `sqy`: see {@link sumCircleSep}). */
function insideN(sqx: Float64Array, ox: number, sqy: Float64Array, oy: number, r2: number, subpix: number): number {
  let inside = 0;
  for (let sy = 0; sy < subpix; sy++) {
    const dy2 = sqy[oy + sy];
    for (let sx = 0; sx < subpix; sx++) inside += +(sqx[ox + sx] + dy2 < r2);
  }
  return inside;
}

/** {@link insideN} for the default 5×5 sub-pixels, the column offsets loaded once. */
function inside5(sqx: Float64Array, ox: number, sqy: Float64Array, oy: number, r2: number): number {
  const a = sqx[ox];
  const b = sqx[ox + 1];
  const c = sqx[ox + 2];
  const d = sqx[ox + 3];
  const e = sqx[ox + 4];
  let inside = 0;
  for (let sy = 0; sy < 5; sy++) {
    const dy2 = sqy[oy + sy];
    inside += +(a + dy2 < r2) + +(b + dy2 < r2) + +(c + dy2 < r2) + +(d + dy2 < r2) + +(e + dy2 < r2);
  }
  return inside;
}

/** Flux in a circle of radius `r` [px] centred on (x, y). `subpix` = 0: exact overlap. */
export function sumCircleSep(src: PixelSource, x: number, y: number, r: number, subpix: number): ApertureSum {
  const { width: w, height: h, data } = src;
  boxExtent(x, y, r, r, w, h);
  const xmin = BOX[0];
  const xmax = BOX[1];
  const ymin = BOX[2];
  const ymax = BOX[3];
  const truncated = BOX[4] === 1;
  const r2 = r * r;
  let rin = r - 0.7072;
  const rin2 = rin > 0 ? rin * rin : 0;
  rin = 0;
  const rout2 = (r + 0.7072) * (r + 0.7072);
  const scale = subpix > 0 ? 1.0 / subpix : 1;
  const scale2 = scale * scale;
  const offset = 0.5 * (scale - 1.0);
  // The sub-pixel offsets of a pixel depend on its column (x) or row (y) alone: their squares
  // are computed once per column and row instead of for every edge pixel (same values, so the
  // same sums as SEP's nested loop).
  if (subpix > 0) {
    const nx = (xmax - xmin) * subpix;
    const ny = (ymax - ymin) * subpix;
    if (subSqX.length < nx) subSqX = new Float64Array(2 * nx);
    if (subSqY.length < ny) subSqY = new Float64Array(2 * ny);
    subOffsetSquares(subSqX, xmin, xmax, x, subpix, scale, offset);
    subOffsetSquares(subSqY, ymin, ymax, y, subpix, scale, offset);
  }
  const sqx = subSqX;
  const sqy = subSqY;
  const steps = subpixSteps(subpix, scale2);
  let tv = 0;
  let totarea = 0;
  let maskarea = 0;
  for (let iy = ymin; iy < ymax; iy++) {
    const oy = (iy - ymin) * subpix;
    for (let ix = xmin; ix < xmax; ix++) {
      const dx = ix - x;
      const dy = iy - y;
      const rpix2 = dx * dx + dy * dy;
      if (!(rpix2 < rout2)) continue;
      let overlap: number;
      if (rpix2 > rin2) {
        if (subpix === 0) overlap = pixelOverlap(dx, dy, r);
        else {
          const ox = (ix - xmin) * subpix;
          overlap = steps[subpix === 5 ? inside5(sqx, ox, sqy, oy, r2) : insideN(sqx, ox, sqy, oy, r2, subpix)];
        }
      } else overlap = 1.0;
      const pix = data ? data[iy * w + ix] : src.get(ix, iy);
      if (pix !== pix) maskarea += overlap;
      else tv += pix * overlap;
      totarea += overlap;
    }
  }
  if (maskarea > 0 && totarea > maskarea) tv *= totarea / (totarea - maskarea);
  return { sum: tv, area: totarea, truncated, masked: maskarea > 0 };
}

/**
 * Kron radius (in units of the moment ellipse) measured inside the ellipse of "radius" `r`
 * (SExtractor: 6). Returns 0 when the first moment or the flux is not positive.
 */
export function kronRadius(src: PixelSource, x: number, y: number, cxx: number, cyy: number, cxy: number, r: number): { kron: number; truncated: boolean } {
  // the box into locals: repeated in kronRadius and sumEllipse on purpose (see BOX)
  ellipseBox(x, y, cxx, cyy, cxy, r, src.width, src.height);
  const xmin = BOX[0];
  const xmax = BOX[1];
  const ymin = BOX[2];
  const ymax = BOX[3];
  const truncated = BOX[4] === 1;
  const { data, width: w } = src;
  const r2 = r * r;
  let r1 = 0;
  let v1 = 0;
  let area = 0;
  for (let iy = ymin; iy < ymax; iy++) {
    const dy = iy - y;
    for (let ix = xmin; ix < xmax; ix++) {
      const dx = ix - x;
      const rpix2 = cxx * dx * dx + cyy * dy * dy + cxy * dx * dy;
      if (rpix2 <= r2) {
        const pix = data ? data[iy * w + ix] : Math.fround(src.get(ix, iy));
        if (pix !== pix) continue;
        r1 += Math.sqrt(rpix2) * pix;
        v1 += pix;
        area++;
      }
    }
  }
  const kron = area === 0 || r1 <= 0 || v1 <= 0 ? 0 : r1 / v1;
  return { kron, truncated };
}

/** Flux of whole pixels whose centre lies inside the ellipse cxx·dx² + cyy·dy² + cxy·dx·dy < r². */
export function sumEllipse(src: PixelSource, x: number, y: number, cxx: number, cyy: number, cxy: number, r: number): ApertureSum {
  // the box into locals: repeated in kronRadius and sumEllipse on purpose (see BOX)
  ellipseBox(x, y, cxx, cyy, cxy, r, src.width, src.height);
  const xmin = BOX[0];
  const xmax = BOX[1];
  const ymin = BOX[2];
  const ymax = BOX[3];
  const truncated = BOX[4] === 1;
  const { data, width: w } = src;
  const r2 = r * r;
  let tv = 0;
  let totarea = 0;
  let maskarea = 0;
  for (let iy = ymin; iy < ymax; iy++) {
    const dy = iy - y;
    for (let ix = xmin; ix < xmax; ix++) {
      const dx = ix - x;
      if (cxx * dx * dx + cyy * dy * dy + cxy * dx * dy < r2) {
        const pix = data ? data[iy * w + ix] : src.get(ix, iy);
        if (pix !== pix) maskarea++;
        else tv += pix;
        totarea++;
      }
    }
  }
  if (maskarea > 0 && totarea > maskarea) tv *= totarea / (totarea - maskarea);
  return { sum: tv, area: totarea, truncated, masked: maskarea > 0 };
}
