/**
 * One frame's calibration, row band by row band: overscan subtraction, trimming, bias
 * subtraction, dark subtraction (optionally scaled by exposure time) and flat division, in
 * ccdproc's `ccd_process` order and arithmetic (float64 throughout):
 *
 *     v = raw − overscan            (subtract_overscan)
 *     v = v[trim]                   (trim_image)
 *     v = v − bias                  (subtract_bias)
 *     v = v − dark · darkScale      (subtract_dark; scale=True: darkScale = t_frame / t_dark)
 *     v = v / (flat / flatNorm)     (flat_correct; flatNorm = mean of the flat by default)
 *
 * The same function prepares the frames that go into a master (bias frames: overscan and
 * trim; darks: also the bias; flats: also bias and dark) and calibrates a light.
 */
import { CalibError } from './errors.js';
import type { OverscanLevels } from './overscan.js';
import type { Section } from './sections.js';
import { sortedMedian } from '../stats/index.js';

export interface Calibration {
  /** Size of the raw frame (NAXIS1, NAXIS2). */
  rawWidth: number;
  rawHeight: number;
  /** Overscan levels in raw rows/columns ({@link overscanLevels}); omitted: none subtracted. */
  overscan?: OverscanLevels;
  /**
   * Instead of `overscan`: per-row levels taken from each raw row as it is calibrated, the
   * mean (or median) of its columns x0 ≤ x < x1 — the levels {@link overscanLevels} gives for
   * that strip without a fit, bit for bit, without reading the strip beforehand. For a strip of
   * columns that spans every row calibrated.
   */
  rowOverscan?: RowOverscan;
  /** The part of the raw frame kept (TRIMSEC, else DATASEC); omitted: the whole frame. */
  trim?: Section;
  /** Master bias, trimmed size, row-major. */
  bias?: ArrayLike<number>;
  /** Master dark (bias-subtracted), trimmed size. */
  dark?: ArrayLike<number>;
  /** Factor applied to the dark (1 when the dark's exposure matches). */
  darkScale?: number;
  /** Master flat, trimmed size. */
  flat?: ArrayLike<number>;
  /** The flat is divided by this before use (ccdproc: its mean). Required with `flat`. */
  flatNorm?: number;
}

/** Overscan columns x0 ≤ x < x1 of each raw row (0-based, half-open) and the statistic across them. */
export interface RowOverscan {
  x0: number;
  x1: number;
  statistic: 'mean' | 'median';
}

/** Width and height of the calibrated frame (the trim section's, else the raw frame's). */
export function calibratedSize(c: Calibration): { width: number; height: number } {
  return c.trim ? { width: c.trim.x1 - c.trim.x0, height: c.trim.y1 - c.trim.y0 } : { width: c.rawWidth, height: c.rawHeight };
}

/** Checks the masters' sizes and the flat normalisation; throws `shape_mismatch`/`bad_flat`. */
export function checkCalibration(c: Calibration): void {
  const { width, height } = calibratedSize(c);
  const n = width * height;
  for (const [name, m] of [['bias', c.bias], ['dark', c.dark], ['flat', c.flat]] as const) {
    if (m !== undefined && m.length !== n) {
      throw new CalibError('shape_mismatch', `master ${name} has ${m.length} pixels, the ${c.trim ? 'trimmed ' : ''}frame ${width}×${height} = ${n}`);
    }
  }
  if (c.rowOverscan !== undefined) {
    const { x0, x1 } = c.rowOverscan;
    if (c.overscan !== undefined) throw new CalibError('bad_argument', 'both overscan levels and row overscan columns given');
    if (!(Number.isInteger(x0) && Number.isInteger(x1) && x0 >= 0 && x0 < x1 && x1 <= c.rawWidth)) {
      throw new CalibError('bad_section', `overscan columns ${x0}–${x1} are empty or outside the frame's ${c.rawWidth} columns`);
    }
  }
  if (c.flat !== undefined && !(c.flatNorm !== undefined && c.flatNorm > 0 && Number.isFinite(c.flatNorm))) {
    throw new CalibError('bad_flat', `flat normalisation ${c.flatNorm} is not a positive number`);
  }
}

/**
 * Calibrates `rows` output rows starting at output row `y0`. `raw` holds the raw frame's rows
 * from raw row `(trim?.y0 ?? 0) + y0` on, `rawWidth` values each (a band as read from the
 * file). Writes `width × rows` values into `out` (allocated if not given) and returns it.
 * Call {@link checkCalibration} once first.
 */
export function calibrateRows(c: Calibration, raw: ArrayLike<number>, y0: number, rows: number, out?: Float64Array): Float64Array;
/** {@link calibrateRows} into a float32 `out` (each float64 result rounded once, as when converted afterwards). */
export function calibrateRows(c: Calibration, raw: ArrayLike<number>, y0: number, rows: number, out: Float32Array): Float32Array;
export function calibrateRows(c: Calibration, raw: ArrayLike<number>, y0: number, rows: number, out?: Float32Array | Float64Array): Float32Array | Float64Array {
  const { width } = calibratedSize(c);
  const x0 = c.trim?.x0 ?? 0;
  const ry0 = (c.trim?.y0 ?? 0) + y0;
  const res = out ?? new Float64Array(width * rows);
  const os = c.overscan;
  const ds = c.darkScale ?? 1;
  const fn = c.flatNorm ?? 1;
  const { bias, dark, flat } = c;
  // The usual step sets (bias frames, darks, flats, lights with a per-row or no overscan) in one
  // loop each; anything else a step at a time over the row (it stays in the L1 cache). Either
  // way the same float64 operations in the same order as one expression per pixel (a missing
  // overscan is a level of 0: x − 0 is x for every x), so the same results.
  const ro = c.rowOverscan;
  const fused = os === undefined || os.perRow;
  const scratch = res instanceof Float64Array ? undefined : new Float64Array(width);
  const strip = ro?.statistic === 'median' ? new Float64Array(ro.x1 - ro.x0) : undefined;
  for (let r = 0; r < rows; r++) {
    const src = r * c.rawWidth + x0;
    const dst = r * width;
    const m = (y0 + r) * width;
    // the row's level when the overscan is per row (0 when there is none)
    const level = !fused ? 0 : ro !== undefined ? rowLevel(raw, r * c.rawWidth, ro, strip) : os === undefined ? 0 : os.levels[ry0 + r];
    if (fused) {
      if (bias && dark && flat) { lightRow(raw, src, res, dst, width, level, bias, dark, ds, flat, fn, m); continue; }
      if (bias && dark && !flat) { flatFrameRow(raw, src, res, dst, width, level, bias, dark, ds, m); continue; }
      if (bias && !dark && !flat) { darkFrameRow(raw, src, res, dst, width, level, bias, m); continue; }
    }
    // a step at a time, in float64 (a float32 output gets each row once it is done)
    const to = scratch ?? res;
    const at = scratch ? 0 : dst;
    if (fused) subtractLevel(raw, src, to, at, width, level);
    else subtractLevels(raw, src, os.levels, x0, to, at, width);
    if (bias) subtractRow(to, at, bias, m, width);
    if (dark) subtractScaledRow(to, at, dark, m, width, ds);
    if (flat) divideRow(to, at, flat, m, width, fn);
    if (scratch) res.set(scratch, dst);
  }
  return res;
}

type Row = Float32Array | Float64Array;

/**
 * The overscan level of the raw row starting at `at`: the mean of its columns x0 … x1−1 summed
 * in order, or their median through a sorted copy in `strip` (as {@link overscanLevels} computes
 * each row's level from the strip read on its own).
 */
function rowLevel(raw: ArrayLike<number>, at: number, ro: RowOverscan, strip: Float64Array | undefined): number {
  const m = ro.x1 - ro.x0;
  const a = at + ro.x0;
  if (strip !== undefined) {
    for (let j = 0; j < m; j++) strip[j] = raw[a + j];
    return sortedMedian(strip.sort());
  }
  let sum = 0;
  for (let j = 0; j < m; j++) sum += raw[a + j];
  return sum / m;
}

function lightRow(raw: ArrayLike<number>, src: number, res: Row, dst: number, width: number, level: number, b: ArrayLike<number>, d: ArrayLike<number>, ds: number, f: ArrayLike<number>, fn: number, m: number): void {
  for (let x = 0; x < width; x++) {
    let v = raw[src + x] - level;
    v = v - b[m + x];
    v = v - d[m + x] * ds;
    res[dst + x] = v / (f[m + x] / fn);
  }
}

function flatFrameRow(raw: ArrayLike<number>, src: number, res: Row, dst: number, width: number, level: number, b: ArrayLike<number>, d: ArrayLike<number>, ds: number, m: number): void {
  for (let x = 0; x < width; x++) {
    const v = raw[src + x] - level - b[m + x];
    res[dst + x] = v - d[m + x] * ds;
  }
}

function darkFrameRow(raw: ArrayLike<number>, src: number, res: Row, dst: number, width: number, level: number, b: ArrayLike<number>, m: number): void {
  for (let x = 0; x < width; x++) res[dst + x] = raw[src + x] - level - b[m + x];
}

function subtractLevel(raw: ArrayLike<number>, src: number, res: Row, dst: number, width: number, level: number): void {
  for (let x = 0; x < width; x++) res[dst + x] = raw[src + x] - level;
}

function subtractLevels(raw: ArrayLike<number>, src: number, levels: Float64Array, x0: number, res: Row, dst: number, width: number): void {
  for (let x = 0; x < width; x++) res[dst + x] = raw[src + x] - levels[x0 + x];
}

function subtractRow(res: Row, dst: number, m: ArrayLike<number>, at: number, width: number): void {
  for (let x = 0; x < width; x++) res[dst + x] = res[dst + x] - m[at + x];
}

function subtractScaledRow(res: Row, dst: number, m: ArrayLike<number>, at: number, width: number, scale: number): void {
  for (let x = 0; x < width; x++) res[dst + x] = res[dst + x] - m[at + x] * scale;
}

function divideRow(res: Row, dst: number, m: ArrayLike<number>, at: number, width: number, norm: number): void {
  for (let x = 0; x < width; x++) res[dst + x] = res[dst + x] / (m[at + x] / norm);
}
