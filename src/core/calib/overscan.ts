/**
 * Overscan: the bias level read from the strip of pixels that were never exposed (BIASSEC),
 * one value per row (for a strip of columns beside the image) or per column (for a strip of
 * rows), optionally smoothed by a least-squares polynomial in the row/column index.
 *
 * Matches ccdproc's `subtract_overscan(ccd, fits_section=BIASSEC, overscan_axis=None,
 * median=…, model=Polynomial1D(order))`: with `overscan_axis=None` ccdproc collapses along
 * the strip's short side (per-row levels when the strip is at least as tall as it is wide);
 * the statistic is the mean by default (`median=False`), else the median with numpy's
 * even-count rule; the model is fitted by linear least squares to the levels at indices
 * 0, 1, …, n−1 (the strip's own rows/columns, whatever its offset in the frame).
 */
import { CalibError } from './errors.js';
import type { Section } from './sections.js';
import { sortedMedian } from '../stats/index.js';

export interface OverscanOptions {
  /** Statistic across the strip: 'mean' (ccdproc's default) or 'median'. */
  statistic: 'mean' | 'median';
  /** Degree of the polynomial fitted to the levels; omitted: the levels are used as they are. */
  order?: number;
}

/** Overscan levels: `perRow` true means `levels[y]` is subtracted from every pixel of frame row y. */
export interface OverscanLevels {
  perRow: boolean;
  levels: Float64Array;
}

function middle(v: Float64Array): number {
  return sortedMedian(v.sort());
}

/**
 * The levels of a `width`-wide frame's overscan strip `s` (ADU). Per row when the strip is
 * at least as tall as wide (levels for every frame row; rows outside the strip get the fitted
 * or nearest-edge value), else per column.
 */
export function overscanLevels(data: ArrayLike<number>, width: number, height: number, s: Section, opts: OverscanOptions): OverscanLevels {
  const sw = s.x1 - s.x0;
  const sh = s.y1 - s.y0;
  if (sw <= 0 || sh <= 0 || s.x1 > width || s.y1 > height) throw new CalibError('bad_section', 'overscan section is empty or outside the frame');
  const perRow = sh >= sw;
  const n = perRow ? sh : sw;
  const m = perRow ? sw : sh;
  const strip = new Float64Array(n);
  const v = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const x = perRow ? s.x0 + j : s.x0 + i;
      const y = perRow ? s.y0 + i : s.y0 + j;
      v[j] = data[y * width + x];
    }
    if (opts.statistic === 'median') strip[i] = middle(v);
    else {
      let sum = 0;
      for (let j = 0; j < m; j++) sum += v[j];
      strip[i] = sum / m;
    }
  }
  const fitted = opts.order === undefined ? strip : polyFit(strip, opts.order);
  // spread over the frame's rows/columns: the strip's index i is frame index (y0 or x0) + i
  return placeLevels({ perRow, levels: fitted }, perRow ? s.y0 : s.x0, perRow ? height : width);
}

/**
 * Least-squares polynomial of `order` through (i, y[i]), i = 0…n−1, evaluated at each i.
 * Solved by modified Gram–Schmidt QR on powers of t = (2i − (n−1))/(n−1) ∈ [−1, 1] (the same
 * polynomial as a fit in i, better conditioned).
 */
export function polyFit(y: Float64Array, order: number): Float64Array {
  const n = y.length;
  if (!Number.isInteger(order) || order < 0) throw new CalibError('bad_argument', `overscan polynomial order ${order}: expected a whole number ≥ 0`);
  const k = Math.min(order + 1, n);
  const half = (n - 1) / 2 || 1;
  const q: Float64Array[] = [];
  for (let c = 0; c < k; c++) {
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) col[i] = ((i - (n - 1) / 2) / half) ** c;
    for (const prev of q) {
      let d = 0;
      for (let i = 0; i < n; i++) d += prev[i] * col[i];
      for (let i = 0; i < n; i++) col[i] -= d * prev[i];
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += col[i] * col[i];
    norm = Math.sqrt(norm);
    if (norm < 1e-12) continue;
    for (let i = 0; i < n; i++) col[i] /= norm;
    q.push(col);
  }
  // projection of y on the column space
  const out = new Float64Array(n);
  for (const col of q) {
    let d = 0;
    for (let i = 0; i < n; i++) d += col[i] * y[i];
    for (let i = 0; i < n; i++) out[i] += d * col[i];
  }
  return out;
}

/**
 * Levels computed from the strip alone (`overscanLevels(strip, sw, sh, whole strip)`) placed
 * on the frame: the strip's index i becomes frame row/column `start + i`; the frame's
 * `total` rows/columns outside the strip take the nearest strip value.
 */
export function placeLevels(l: OverscanLevels, start: number, total: number): OverscanLevels {
  const n = l.levels.length;
  const levels = new Float64Array(total);
  for (let k = 0; k < total; k++) levels[k] = l.levels[Math.min(n - 1, Math.max(0, k - start))];
  return { perRow: l.perRow, levels };
}
