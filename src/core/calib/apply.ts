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

export interface Calibration {
  /** Size of the raw frame (NAXIS1, NAXIS2). */
  rawWidth: number;
  rawHeight: number;
  /** Overscan levels in raw rows/columns ({@link overscanLevels}); omitted: none subtracted. */
  overscan?: OverscanLevels;
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
export function calibrateRows(c: Calibration, raw: ArrayLike<number>, y0: number, rows: number, out?: Float64Array): Float64Array {
  const { width } = calibratedSize(c);
  const x0 = c.trim?.x0 ?? 0;
  const ry0 = (c.trim?.y0 ?? 0) + y0;
  const res = out ?? new Float64Array(width * rows);
  const os = c.overscan;
  const ds = c.darkScale ?? 1;
  const fn = c.flatNorm ?? 1;
  // One step at a time over a row (the row stays in the L1 cache), each a branch-free loop: the
  // same float64 operations in the same order as one expression per pixel, so the same results.
  for (let r = 0; r < rows; r++) {
    const src = r * c.rawWidth + x0;
    const dst = r * width;
    const m = (y0 + r) * width;
    if (os === undefined) copyRow(raw, src, res, dst, width);
    else if (os.perRow) subtractLevel(raw, src, res, dst, width, os.levels[ry0 + r]);
    else subtractLevels(raw, src, os.levels, x0, res, dst, width);
    if (c.bias) subtractRow(res, dst, c.bias, m, width);
    if (c.dark) subtractScaledRow(res, dst, c.dark, m, width, ds);
    if (c.flat) divideRow(res, dst, c.flat, m, width, fn);
  }
  return res;
}

function copyRow(raw: ArrayLike<number>, src: number, res: Float64Array, dst: number, width: number): void {
  for (let x = 0; x < width; x++) res[dst + x] = raw[src + x];
}

function subtractLevel(raw: ArrayLike<number>, src: number, res: Float64Array, dst: number, width: number, level: number): void {
  for (let x = 0; x < width; x++) res[dst + x] = raw[src + x] - level;
}

function subtractLevels(raw: ArrayLike<number>, src: number, levels: Float64Array, x0: number, res: Float64Array, dst: number, width: number): void {
  for (let x = 0; x < width; x++) res[dst + x] = raw[src + x] - levels[x0 + x];
}

function subtractRow(res: Float64Array, dst: number, m: ArrayLike<number>, at: number, width: number): void {
  for (let x = 0; x < width; x++) res[dst + x] = res[dst + x] - m[at + x];
}

function subtractScaledRow(res: Float64Array, dst: number, m: ArrayLike<number>, at: number, width: number, scale: number): void {
  for (let x = 0; x < width; x++) res[dst + x] = res[dst + x] - m[at + x] * scale;
}

function divideRow(res: Float64Array, dst: number, m: ArrayLike<number>, at: number, width: number, norm: number): void {
  for (let x = 0; x < width; x++) res[dst + x] = res[dst + x] / (m[at + x] / norm);
}
