/**
 * The whole extraction pipeline (background → filter → detection → deblending → CLEAN →
 * measurements), with defaults equal to the reference configuration (README.md) of SExtractor 2.25 /
 * SEP 1.2 (BACK_SIZE 64, BACK_FILTERSIZE 3, 3×3 [1 2 1] filter, DETECT_THRESH 1.5 ×
 * global RMS, MINAREA 5, DEBLEND 32 / 0.005, CLEAN 1.0, aperture r = 5 px with 5×5
 * sub-pixels, PHOT_AUTOPARAMS 2.5, 3.5, MASK_TYPE NONE).
 *
 * Every stage is exposed as a function over a range of mesh rows, image rows, components
 * or objects, so that `src/workers/extract/` can run them on several threads and merge.
 *
 * Conventions: `image[y * width + x]`, 0-based pixel coordinates (centre of the first pixel
 * is (0, 0)); NaN = masked pixel; theta in degrees counter-clockwise from +x in (−90, 90].
 */
import { type BackgroundModel, buildBackgroundModel, meshBilinear, meshCount, meshRowStats, type MeshRow } from './background.js';
import { cleanObjects, finalAbsorber, minareaThreshold } from './clean.js';
import { analyseGathered, analyseLoaded, CRand, deblendComponent, type DeblendScratch, makeDeblendScratch, mayDeblend } from './deblend.js';
import { Detections, detectStrip, type StripDetections, StripGroups, type Threshold } from './detect.js';
import { gridKernels, meshKernels, photKernels } from './detect-wasm.js';
import type { PhotKernels } from './phot-wasm.js';
import { defaultKernel, type Kernel, normaliseKernel } from './filter.js';
import type { PixelSource } from '../aperture/index.js';
import { correctedSource, plainSource } from './mask.js';
import { ellipseCoeffs, kronRadius, sumCircleSep, sumEllipse } from '../aperture/index.js';
import { ExtractFlags } from './flags.js';
import { profileFwhm } from './measure.js';
import { analysePixels, type Shape, withPeakAndBorder } from './moments.js';
import { MINAREA_KERNEL_MAX } from './minarea-wasm.js';

/** Extraction settings (defaults in brackets). */
export interface ExtractOptions {
  /** Detection threshold in units of the background RMS [1.5]. */
  thresh?: number;
  /** Minimum number of pixels above threshold [5]. */
  minarea?: number;
  /** Detection filter ['default' = 3×3 [1 2 1; 2 4 2; 1 2 1]]. */
  filter?: 'default' | 'none' | { kernel: number[]; width: number; height: number };
  /** Number of deblending levels [32]. */
  deblendNThresh?: number;
  /** Minimum contrast for deblending [0.005]. */
  deblendCont?: number;
  /** Remove spurious detections in the wings of bright objects [true]. */
  clean?: boolean;
  /** CLEAN Moffat β [1.0]. */
  cleanParam?: number;
  /** Circular aperture radii [px] [[5]]. */
  apertures?: number[];
  /** Aperture edge sub-sampling per axis; 0 = exact overlap [5]. */
  subpix?: number;
  /** Detector gain [e−/ADU]; 0 = no Poisson term in the errors [0]. */
  gain?: number;
  /**
   * Saturation level [ADU] [50000]. As in SExtractor, flag 4 is set when the peak plus the
   * local background reaches it; for pixels clipped exactly at this level that is a coin
   * toss (README.md, Conventions): set it a little below the clip level to flag them reliably.
   */
  saturate?: number;
  /** Neighbour masking in APER/AUTO photometry ['none']. */
  maskType?: 'none' | 'correct';
  /** Background mesh size [px] [64]. */
  backSize?: number;
  /** Median filter size of the mesh grid [3]. */
  backFilterSize?: number;
  /** Threshold × global RMS ('global', SExtractor without weight map) or × local RMS map ['global']. */
  threshMode?: 'global' | 'map';
  /** Overwrite `image` with the background-subtracted image to save memory [false]. */
  inPlace?: boolean;
}

/** One measured source. Pixel coordinates 0-based; fluxes in ADU, background-subtracted. */
export interface Source {
  /** 1-based running number. */
  id: number;
  /** Isophotal barycentre [px]. */
  x: number;
  y: number;
  /** RMS semi-major / semi-minor axis [px]. */
  a: number;
  b: number;
  /** Position angle [deg], counter-clockwise from +x, in (−90, 90]. */
  theta: number;
  /** Pixels above threshold in the unfiltered image (ISOAREA_IMAGE). */
  npix: number;
  /** Peak background-subtracted value [ADU]. */
  peak: number;
  fluxIso: number;
  fluxIsoErr: number;
  /** One per aperture radius. */
  fluxAper: number[];
  fluxAperErr: number[];
  fluxAuto: number;
  fluxAutoErr: number;
  /** Kron radius in units of A, B. */
  kronRadius: number;
  /** FWHM [px], SExtractor's FWHM_IMAGE estimate (Gaussian fit to the profile). */
  fwhm: number;
  /** Background at the object (bilinear in the mesh grid, as SExtractor's BACKGROUND) [ADU]. */
  background: number;
  /** SExtractor's FLAGS, {@link ExtractFlags} bits (2 blended, 4 saturated, 8 border, 16 aperture off the image, 64 deblend overflow). */
  flags: number;
  /** Sky position [deg] (null without a celestial WCS). */
  ra: number | null;
  dec: number | null;
}

export type ResolvedOptions = Required<ExtractOptions>;

/** An extraction result. */
export interface Catalog {
  sources: Source[];
  width: number;
  height: number;
  globalBackground: number;
  globalRms: number;
  options: ResolvedOptions;
}

/** Callbacks of {@link extract}. */
export interface ExtractHooks {
  onProgress?: (stage: string, fraction: number) => void;
  pixToSky?: (x: number, y: number) => [number, number];
  /**
   * Optional, with `pixToSky`: many points in one call, `xy` (interleaved 0-based x, y)
   * overwritten with the interleaved (RA, Dec) that `pixToSky` gives for each (e.g.
   * core/wcs's `skyManyOf`, in WebAssembly). Used instead of a `pixToSky` call a source when there
   * are at least {@link SKY_MANY_MIN} sources.
   */
  pixToSkyMany?: (xy: Float64Array) => void;
}

/** Error with a code, thrown for images or settings the extractor cannot process. */
export class ExtractError extends Error {
  constructor(
    readonly code: 'extract_bad_input' | 'extract_bad_option' | 'extract_no_data',
    message: string,
  ) {
    super(message);
    this.name = 'ExtractError';
  }
}

/** Fill defaults and validate. */
export function resolveOptions(o: ExtractOptions = {}): ResolvedOptions {
  const r: ResolvedOptions = {
    thresh: o.thresh ?? 1.5,
    minarea: o.minarea ?? 5,
    filter: o.filter ?? 'default',
    deblendNThresh: o.deblendNThresh ?? 32,
    deblendCont: o.deblendCont ?? 0.005,
    clean: o.clean ?? true,
    cleanParam: o.cleanParam ?? 1.0,
    apertures: o.apertures ?? [5],
    subpix: o.subpix ?? 5,
    gain: o.gain ?? 0,
    saturate: o.saturate ?? 50000,
    maskType: o.maskType ?? 'none',
    backSize: o.backSize ?? 64,
    backFilterSize: o.backFilterSize ?? 3,
    threshMode: o.threshMode ?? 'global',
    inPlace: o.inPlace ?? false,
  };
  const bad = (m: string): never => {
    throw new ExtractError('extract_bad_option', m);
  };
  if (!(r.thresh > 0)) bad(`thresh must be > 0 (got ${r.thresh})`);
  if (!(Number.isInteger(r.minarea) && r.minarea >= 1)) bad(`minarea must be an integer ≥ 1 (got ${r.minarea})`);
  if (!(Number.isInteger(r.deblendNThresh) && r.deblendNThresh >= 1)) bad(`deblendNThresh must be an integer ≥ 1`);
  if (!(r.deblendCont >= 0 && r.deblendCont <= 1)) bad(`deblendCont must be in [0, 1]`);
  if (!(r.cleanParam > 0)) bad(`cleanParam must be > 0`);
  if (!r.apertures.every((a) => a > 0 && Number.isFinite(a))) bad(`aperture radii must be > 0`);
  if (!(Number.isInteger(r.subpix) && r.subpix >= 0)) bad(`subpix must be an integer ≥ 0`);
  if (!(r.gain >= 0)) bad(`gain must be ≥ 0`);
  if (!(Number.isInteger(r.backSize) && r.backSize >= 1)) bad(`backSize must be an integer ≥ 1`);
  if (!(Number.isInteger(r.backFilterSize) && r.backFilterSize >= 1 && r.backFilterSize % 2 === 1)) bad(`backFilterSize must be an odd integer`);
  return r;
}

/** The detection kernel of resolved options, or null for no filtering. */
export function kernelOf(o: ResolvedOptions): Kernel | null {
  if (o.filter === 'none') return null;
  if (o.filter === 'default') return defaultKernel();
  try {
    return normaliseKernel(o.filter.kernel, o.filter.width, o.filter.height);
  } catch (e) {
    throw new ExtractError('extract_bad_option', (e as Error).message);
  }
}

/** Validate the image buffer. */
export function checkImage(image: Float32Array, width: number, height: number): void {
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) {
    throw new ExtractError('extract_bad_input', `image size must be positive integers (got ${width}x${height})`);
  }
  if (image.length < width * height) {
    throw new ExtractError('extract_bad_input', `image has ${image.length} pixels, expected ${width * height}`);
  }
}

/** Stage 1: mesh statistics of mesh rows [j0, j1). */
export function backgroundMeshRows(image: Float32Array, width: number, height: number, j0: number, j1: number, o: ResolvedOptions): MeshRow[] {
  const rows: MeshRow[] = [];
  // the pixel loops in WebAssembly when detection's module is (or will be) compiled: see meshKernels
  const rowsOf = Math.min(o.backSize, height);
  const kernels = j1 > j0 ? meshKernels(width, rowsOf, width * (Math.min(height, j1 * o.backSize) - j0 * o.backSize)) : undefined;
  for (let j = j0; j < j1; j++) rows.push(meshRowStats(image, width, height, j, o.backSize, o.backSize, kernels));
  // (each MeshRow holds copies: the kernels' memory serves the next stage's)
  kernels?.release();
  return rows;
}

/** Stage 2: the model from all mesh rows. Throws when the image has no valid pixel. */
export function backgroundModel(rows: MeshRow[], width: number, height: number, o: ResolvedOptions): BackgroundModel {
  // A mesh of ±Inf pixels has an infinite or NaN background: no more usable than NaN.
  if (rows.every((r) => r.back.every((v) => !(v > -1e30 && v < Infinity)))) {
    throw new ExtractError('extract_no_data', 'image has no valid pixels (every one is NaN, ±Inf or ≤ −1e30)');
  }
  // the grid work in WebAssembly when detection's module is compiled in this thread: see gridKernels
  const grid = gridKernels(meshCount(width, o.backSize), meshCount(height, o.backSize), o.backFilterSize);
  const model = buildBackgroundModel(rows, width, height, o.backSize, o.backSize, o.backFilterSize, grid);
  // (the model holds copies of the grids)
  grid?.release();
  return model;
}

/** Threshold definition for the detection stage. */
export function thresholdOf(model: BackgroundModel, o: ResolvedOptions): Threshold {
  return o.threshMode === 'map' ? { kind: 'rms', factor: o.thresh } : { kind: 'constant', value: o.thresh * model.globalRms };
}

/** Stage 3: detection in image rows [y0, y1). */
export function detectRows(
  image: Float32Array,
  width: number,
  height: number,
  y0: number,
  y1: number,
  model: BackgroundModel,
  o: ResolvedOptions,
  subOut: Float32Array | null,
  haloRows?: Map<number, Float32Array>,
  onProgress?: (fraction: number) => void,
): StripDetections {
  return detectStrip({ image, width, height, y0, y1, model, kernel: kernelOf(o), threshold: thresholdOf(model, o), subOut, haloRows, onProgress });
}

/** An object after deblending and isophotal analysis, before CLEAN and photometry. */
export interface RawObject {
  shape: Shape;
  merged: boolean;
  overflow: boolean;
  mthresh: number;
  /** SExtractor's profile FWHM [px]. */
  fwhm: number;
  /** Pixel linear indices (only kept when a segmentation map is needed). */
  pixels: Int32Array | null;
}

/** Stage 4: deblend and analyse components [c0, c1) of `det` (merged records, or strips' components copied one at a time). */
export function analyseComponents(
  det: Detections | StripGroups,
  c0: number,
  c1: number,
  width: number,
  height: number,
  analysisThresh: number,
  o: ResolvedOptions,
  keepPixels: boolean,
  rand: CRand = new CRand(),
  model: BackgroundModel | null = null,
  onProgress?: (fraction: number) => void,
): RawObject[] {
  const out: RawObject[] = [];
  const scratch = makeDeblendScratch();
  const lk = scratch.level;
  // a strip's own component the short way (analyseSoleWhole) where nothing after its deblending
  // would read its records in JavaScript: deblended by the kernels and analysed whole by them
  const short = lk !== undefined && det instanceof StripGroups && !keepPixels && (!o.clean || o.minarea <= MINAREA_KERNEL_MAX);
  let loaded: StripDetections | null = null;
  let inKernels = false;
  for (let c = c0; c < c1; c++) {
    if (onProgress && ((c - c0) & 1023) === 1023) onProgress((c - c0) / (c1 - c0));
    if (det instanceof Detections) analyseComponent(det, c, width, height, analysisThresh, o, keepPixels, rand, model, scratch, out);
    else {
      const S = short ? det.soleStrip(c) : null;
      const n = det.sizeOf(c);
      if (S !== null && mayDeblend(n, o.deblendNThresh, o.minarea)) {
        if (S !== loaded) {
          // (not when the strip's records would need more memory than the kernels hold: see loadStrip)
          inKernels = lk!.loadStrip(S.pixels.idx, S.pixels.value, S.pixels.cd, S.order, S.pixels.count);
          loaded = S;
        }
        if (inKernels && analyseSoleWhole(scratch, det.soleStart(c), n, width, height, analysisThresh, o, model, out)) continue;
      }
      analyseComponent(det.component(c), 0, width, height, analysisThresh, o, keepPixels, rand, model, scratch, out);
    }
  }
  // (the objects hold their own arrays: the deblending kernels' memory serves the next stage's)
  scratch.level?.release();
  return out;
}

/*
 * The per-component and per-object work is in its own function rather than in the body of the
 * loop over all of them: the loop runs once per image, so V8 would compile it (with everything
 * it inlines) by on-stack replacement on every image, while a function called thousands of
 * times is compiled once and its code kept.
 */

/** Deblend component `c` and append its objects to `out`. */
function analyseComponent(
  det: Detections,
  c: number,
  width: number,
  height: number,
  analysisThresh: number,
  o: ResolvedOptions,
  keepPixels: boolean,
  rand: CRand,
  model: BackgroundModel | null,
  scratch: DeblendScratch,
  out: RawObject[],
): void {
  const parts = deblendComponent(det, c, width, height, analysisThresh, o.deblendNThresh, o.deblendCont, o.minarea, scratch, rand);
  // an indexed loop: for…of runs the iterator protocol (an object per step) until V8 optimises
  for (let j = 0; j < parts.length; j++) {
    const part = parts[j];
    const n = part.pixels.length;
    // a whole component loaded in the level kernels, or an object they split it into: its sums and
    // its profile's in WebAssembly (deblend.ts, level-wasm.ts)
    const whole = scratch.loaded && part.centre === null;
    const gathered = scratch.gatheredFrom >= 0 && part.centre !== null;
    const shape = whole
      ? analyseLoaded(scratch, n, width, height, analysisThresh)
      : gathered
        ? analyseGathered(scratch, j, n, width, height, analysisThresh, part.centre!, part.coreBorder)
        : analysePixels(det.pixels, part.pixels, n, width, height, analysisThresh, part.centre, part.coreBorder);
    // (in WebAssembly too when the kernels hold the object: minarea-wasm.ts)
    const mthresh = !o.clean
      ? 0
      : (whole || gathered) && o.minarea <= MINAREA_KERNEL_MAX
        ? scratch.level!.minarea(whole ? 0 : scratch.gatheredAt[j], n, whole ? 0 : scratch.gatheredFrom, analysisThresh, o.minarea)
        : minareaThreshold(det.pixels.cd, part.pixels, n, analysisThresh, o.minarea);
    let pixels: Int32Array | null = null;
    if (keepPixels) {
      pixels = new Int32Array(n);
      for (let k = 0; k < pixels.length; k++) pixels[k] = det.pixels.idx[part.pixels[k]];
    }
    const bkg = model ? meshBilinear(model, 'back', Math.trunc(shape.mx + 0.5), Math.trunc(shape.my + 0.5)) : 0;
    const sat = o.saturate - bkg;
    const fwhm = whole
      ? scratch.level!.fwhm(n, shape.mx, shape.my, shape.a, shape.b, shape.dpeak, analysisThresh, sat)
      : gathered
        ? scratch.level!.listFwhm(scratch.gatheredAt[j], n, scratch.gatheredFrom, shape.mx, shape.my, shape.a, shape.b, shape.dpeak, analysisThresh, sat)
        : profileFwhm(det.pixels.value, det.pixels.idx, part.pixels, n, width, shape.mx, shape.my, shape.a, shape.b, shape.dpeak, analysisThresh, sat);
    out.push(new RawRecord(shape, part.merged, part.overflow, mthresh, fwhm, pixels));
  }
}

/**
 * {@link analyseComponent} of a component of `n` records at `order[q0 …]` of the strip loaded in
 * the level kernels (LevelKernels.loadStrip), copied in there by them rather than through
 * JavaScript (StripGroups.component's copy, then LevelKernels.prepare's), when it stays whole (fewer
 * than two local maxima): the same object, appended to `out`. False, nothing done, for a component
 * that may branch: the caller takes it the long way. Only where analyseComponent would find all it
 * needs in the kernels (analyseComponents' `short`, and {@link mayDeblend}).
 */
function analyseSoleWhole(
  scratch: DeblendScratch,
  q0: number,
  n: number,
  width: number,
  height: number,
  analysisThresh: number,
  o: ResolvedOptions,
  model: BackgroundModel | null,
  out: RawObject[],
): boolean {
  const lk = scratch.level!;
  // (deblendComponent: a component of fewer than two local maxima never branches)
  if (lk.prepareStrip(q0, n, width, o.deblendNThresh) >= 2) return false;
  scratch.loaded = true;
  scratch.gatheredFrom = -1;
  const shape = analyseLoaded(scratch, n, width, height, analysisThresh);
  const mthresh = o.clean ? lk.minarea(0, n, 0, analysisThresh, o.minarea) : 0;
  const bkg = model ? meshBilinear(model, 'back', Math.trunc(shape.mx + 0.5), Math.trunc(shape.my + 0.5)) : 0;
  const fwhm = lk.fwhm(n, shape.mx, shape.my, shape.a, shape.b, shape.dpeak, analysisThresh, o.saturate - bkg);
  out.push(new RawRecord(shape, false, false, mthresh, fwhm, null));
  return true;
}

/** A {@link RawObject} as an instance of a class with declared fields: why, see shapeRecord in moments.ts. */
export class RawRecord implements RawObject {
  shape: Shape;
  merged: boolean;
  overflow: boolean;
  mthresh: number;
  fwhm: number;
  pixels: Int32Array | null;
  constructor(shape: Shape, merged: boolean, overflow: boolean, mthresh: number, fwhm: number, pixels: Int32Array | null) {
    this.shape = shape;
    this.merged = merged;
    this.overflow = overflow;
    this.mthresh = mthresh;
    this.fwhm = fwhm;
    this.pixels = pixels;
  }
}

/*
 * Stage 5 runs once per image, its loops over the objects are functions of their own: V8
 * compiled a function of several such loops by on-stack replacement at the first, and that
 * code, with no feedback for the loops after it, was thrown away there.
 */

/** Stage 5: CLEAN. Returns the surviving objects, with absorbed isophotal fluxes added. */
export function cleanStage(objs: RawObject[], analysisThresh: number, o: ResolvedOptions): { kept: RawObject[]; fluxIso: Float64Array } {
  const n = objs.length;
  // plain loops, no callbacks: a closure made per image is a new call target for V8 every time
  const shapes: Shape[] = new Array<Shape>(n);
  const mthresh = new Float64Array(n);
  const flux = new Float64Array(n);
  const peak = new Float64Array(n);
  const border = new Uint8Array(n);
  const overflow = new Uint8Array(n);
  objectFields(objs, shapes, mthresh, flux, peak, border, overflow);
  if (!o.clean) return { kept: objs, fluxIso: flux };
  const eatenBy = cleanObjects(shapes, mthresh, analysisThresh, o.cleanParam);
  const absorbed = new Uint8Array(n);
  mergeAbsorbed(objs, eatenBy, flux, peak, border, overflow, absorbed);
  const kept: RawObject[] = [];
  const keptFlux = new Float64Array(n);
  const nkept = survivors(objs, eatenBy, flux, peak, border, overflow, absorbed, kept, keptFlux);
  return { kept, fluxIso: keptFlux.slice(0, nkept) };
}

/** What CLEAN reads and changes of each object: its shape, mthresh, isophotal flux, peak and flags. */
function objectFields(objs: RawObject[], shapes: Shape[], mthresh: Float64Array, flux: Float64Array, peak: Float64Array, border: Uint8Array, overflow: Uint8Array): void {
  for (let i = 0; i < objs.length; i++) {
    const r = objs[i];
    shapes[i] = r.shape;
    mthresh[i] = r.mthresh;
    flux[i] = r.shape.dflux;
    peak[i] = r.shape.dpeak;
    border[i] = r.shape.border ? 1 : 0;
    overflow[i] = r.overflow ? 1 : 0;
  }
}

/** SExtractor's mergeobject() of every removed object into its final absorber: fluxes add up, peak and flags (but "blended") carry over. */
function mergeAbsorbed(objs: RawObject[], eatenBy: Int32Array, flux: Float64Array, peak: Float64Array, border: Uint8Array, overflow: Uint8Array, absorbed: Uint8Array): void {
  for (let i = 0; i < objs.length; i++) {
    const j = finalAbsorber(eatenBy, i);
    if (j < 0) continue;
    absorbed[j] = 1;
    flux[j] += objs[i].shape.dflux;
    if (peak[i] > peak[j]) peak[j] = peak[i];
    border[j] |= border[i];
    overflow[j] |= overflow[i];
  }
}

/** The surviving objects into `kept` and their isophotal fluxes into `keptFlux`; returns how many. */
function survivors(
  objs: RawObject[],
  eatenBy: Int32Array,
  flux: Float64Array,
  peak: Float64Array,
  border: Uint8Array,
  overflow: Uint8Array,
  absorbed: Uint8Array,
  kept: RawObject[],
  keptFlux: Float64Array,
): number {
  let nkept = 0;
  for (let i = 0; i < objs.length; i++) {
    if (eatenBy[i] >= 0) continue;
    const r = objs[i];
    // merged objects are new objects, not changed ones (see withPeakAndBorder)
    kept.push(
      absorbed[i]
        ? new RawRecord(withPeakAndBorder(r.shape, peak[i], border[i] === 1), r.merged, overflow[i] === 1, r.mthresh, r.fwhm, r.pixels)
        : r,
    );
    keptFlux[nkept++] = flux[i];
  }
  return nkept;
}

/** Build the segmentation map (object id, 1-based) for MASK_TYPE CORRECT (optionally into `seg`). */
export function segmentationMap(objs: RawObject[], width: number, height: number, seg: Int32Array = new Int32Array(width * height)): Int32Array {
  objs.forEach((r, i) => {
    if (r.pixels) for (let k = 0; k < r.pixels.length; k++) seg[r.pixels[k]] = i + 1;
  });
  return seg;
}

/** Stage 6: photometry and final values of objects [i0, i1). */
export function measureObjects(
  objs: RawObject[],
  fluxIso: ArrayLike<number>,
  i0: number,
  i1: number,
  sub: Float32Array,
  width: number,
  height: number,
  model: BackgroundModel,
  o: ResolvedOptions,
  seg: Int32Array | null,
  onProgress?: (fraction: number) => void,
  idOffset = 0,
  pixToSky?: ExtractHooks['pixToSky'],
  pixToSkyMany?: ExtractHooks['pixToSkyMany'],
): Source[] {
  const out: Source[] = [];
  const plain = plainSource(sub, width, height);
  const sky = pixToSkyMany && i1 - i0 >= SKY_MANY_MIN ? skyPositionsMany(objs, i0, i1, pixToSkyMany) : pixToSky ? skyPositions(objs, i0, i1, pixToSky) : null;
  // MASK_TYPE NONE's photometry in WebAssembly when the module is at hand (phot-wasm.ts)
  const kernels = seg || i1 <= i0 ? undefined : photKernels(width, height, o.apertures, o.subpix);
  // (and the arithmetic around it: measureObjectWhole)
  kernels?.setLevels(model.globalRms * model.globalRms, o.gain, o.saturate);
  for (let i = i0; i < i1; i++) {
    if (onProgress && ((i - i0) & 1023) === 1023) onProgress((i - i0) / (i1 - i0));
    out.push(
      kernels !== undefined
        ? measureObjectWhole(objs[i], fluxIso[i], idOffset + i + 1, sub, plain, width, height, model, o, sky, i - i0, kernels)
        : measureObject(objs[i], fluxIso[i], idOffset + i + 1, sub, plain, width, height, model, o, seg, sky, i - i0, kernels),
    );
  }
  // (each Source holds its own values: the kernels' memory serves the next image's)
  kernels?.release();
  return out;
}

/**
 * RA, Dec of the barycentres of objects [i0, i1), interleaved (NaN off the sky). A pass of its
 * own: `pixToSky` is a new function for every image, and a call to it inside
 * {@link measureObject} made V8 throw that large function's optimised code away per image.
 */
function skyPositions(objs: RawObject[], i0: number, i1: number, pixToSky: NonNullable<ExtractHooks['pixToSky']>): Float64Array {
  const sky = new Float64Array(2 * (i1 - i0));
  for (let i = i0; i < i1; i++) {
    const s = objs[i].shape;
    const rd = pixToSky(s.mx, s.my);
    sky[2 * (i - i0)] = rd[0];
    sky[2 * (i - i0) + 1] = rd[1];
  }
  return sky;
}

/**
 * The fewest sources whose RA/Dec go to {@link ExtractHooks.pixToSkyMany} in one call: its WebAssembly
 * costs the thread ~0.7 ms once (the instance's import wrappers, the function's lazy compilation), a
 * source ~0.13 µs; pixToSky in cold JavaScript ~1.5–2 µs a source.
 */
export const SKY_MANY_MIN = 256;

/** {@link skyPositions} by one call of {@link ExtractHooks.pixToSkyMany} (the same values). */
function skyPositionsMany(objs: RawObject[], i0: number, i1: number, pixToSkyMany: NonNullable<ExtractHooks['pixToSkyMany']>): Float64Array {
  const sky = new Float64Array(2 * (i1 - i0));
  for (let i = i0; i < i1; i++) {
    const s = objs[i].shape;
    sky[2 * (i - i0)] = s.mx;
    sky[2 * (i - i0) + 1] = s.my;
  }
  pixToSkyMany(sky);
  return sky;
}

/** Flux error [ADU] of a sum over `area` pixels: background noise, plus Poisson noise with a gain. */
function fluxError(sum: number, area: number, rms2: number, gain: number): number {
  return Math.sqrt(area * rms2 + (gain > 0 && sum > 0 ? sum / gain : 0));
}

/** Photometry and final values of one object (see {@link measureObjects}). */
function measureObject(
  r: RawObject,
  fi: number,
  id: number,
  sub: Float32Array,
  plain: PixelSource,
  width: number,
  height: number,
  model: BackgroundModel,
  o: ResolvedOptions,
  seg: Int32Array | null,
  /** RA, Dec pairs from {@link skyPositions}, this object's at `2k` and `2k + 1`. */
  sky: Float64Array | null,
  k: number,
  /** The photometry's kernels (MASK_TYPE NONE only), else core/aperture's loops. */
  kernels: PhotKernels | undefined,
): Source {
  const rms2 = model.globalRms * model.globalRms;
  const gain = o.gain;
  const s = r.shape;
  const x = s.mx;
  const y = s.my;
  const src = seg ? correctedSource(sub, seg, width, height, id, x, y) : plain;
  let flags = 0;
  if (r.merged) flags |= ExtractFlags.BLENDED;
  // SExtractor's rule: peak (background-subtracted) + mesh background at the object ≥ SATURATE
  const background = meshBilinear(model, 'back', Math.trunc(x + 0.5), Math.trunc(y + 0.5));
  if (Math.fround(s.dpeak + background) >= o.saturate) flags |= ExtractFlags.SATURATED;
  if (s.border) flags |= ExtractFlags.TRUNCATED;
  if (r.overflow) flags |= ExtractFlags.DEBLEND_OVERFLOW;
  // arrays of their final length: one grown by push from [] keeps room for 17 numbers (~250 bytes
  // more a source, ~2.7 MB of a 4096² field's 10,700)
  const nap = o.apertures.length;
  const fluxAper: number[] = new Array<number>(nap);
  const fluxAperErr: number[] = new Array<number>(nap);
  let fluxAuto = NaN;
  let fluxAutoErr = NaN;
  let kr = NaN;
  const a = s.a;
  const b = s.b;
  const theta = Math.fround(s.theta);
  const auto = Number.isFinite(a) && Number.isFinite(b) && a > 0 && b > 0 && Number.isFinite(theta);
  let cxx = 0;
  let cyy = 0;
  let cxy = 0;
  if (auto) {
    // indexed, not destructured (the iterator protocol again, until V8 optimises this function)
    const e = ellipseCoeffs(a, b, theta);
    cxx = e[0];
    cyy = e[1];
    cxy = e[2];
  }
  if (kernels !== undefined && kernels.measure(sub, x, y, cxx, cyy, cxy, auto)) {
    // the same sums as the loops below (phot-wasm.ts's PhotKernels.out)
    const res = kernels.out;
    for (let j = 0; j < nap; j++) {
      if (res[3 * j + 2] !== 0) flags |= ExtractFlags.APERTURE_INCOMPLETE;
      fluxAper[j] = res[3 * j];
      fluxAperErr[j] = fluxError(res[3 * j], res[3 * j + 1], rms2, gain);
    }
    if (auto) {
      const q = 3 * nap;
      if (res[q + 1] !== 0 || res[q + 4] !== 0) flags |= ExtractFlags.APERTURE_INCOMPLETE;
      kr = res[q];
      fluxAuto = res[q + 2];
      fluxAutoErr = fluxError(res[q + 2], res[q + 3], rms2, gain);
    }
  } else {
    for (let j = 0; j < nap; j++) {
      const ap = sumCircleSep(src, x, y, o.apertures[j], o.subpix);
      if (ap.truncated) flags |= ExtractFlags.APERTURE_INCOMPLETE;
      fluxAper[j] = ap.sum;
      fluxAperErr[j] = fluxError(ap.sum, ap.area, rms2, gain);
    }
    if (auto) {
      const k = kronRadius(seg ? correctedSource(sub, seg, width, height, id, x, y, false) : src, x, y, cxx, cyy, cxy, 6.0);
      if (k.truncated) flags |= ExtractFlags.APERTURE_INCOMPLETE;
      kr = k.kron;
      let kfac = Number.isFinite(kr) && kr > 0 ? 2.5 * kr : 3.5;
      if (kfac < 3.5) kfac = 3.5;
      const au = sumEllipse(src, x, y, cxx, cyy, cxy, kfac);
      if (au.truncated) flags |= ExtractFlags.APERTURE_INCOMPLETE;
      fluxAuto = au.sum;
      fluxAutoErr = fluxError(au.sum, au.area, rms2, gain);
    }
  }
  let th = (theta * 180) / Math.PI;
  if (th <= -90) th += 180;
  else if (th > 90) th -= 180;
  // RA/Dec from skyPositions: null off the sky (or without a WCS)
  const ra = sky ? sky[2 * k] : NaN;
  const dec = sky ? sky[2 * k + 1] : NaN;
  const onSky = Number.isFinite(ra) && Number.isFinite(dec);
  const out = sourceRecord();
  out.id = id;
  out.x = x;
  out.y = y;
  out.a = a;
  out.b = b;
  out.theta = th;
  out.npix = s.dnpix;
  out.peak = s.dpeak;
  out.fluxIso = fi;
  out.fluxIsoErr = fluxError(fi, s.fdnpix, rms2, gain);
  out.fluxAper = fluxAper;
  out.fluxAperErr = fluxAperErr;
  out.fluxAuto = fluxAuto;
  out.fluxAutoErr = fluxAutoErr;
  out.kronRadius = kr;
  out.fwhm = r.fwhm;
  out.background = background;
  out.flags = flags;
  out.ra = onSky ? ra : null;
  out.dec = onSky ? dec : null;
  return out;
}

/**
 * {@link measureObject} with the photometry and the arithmetic around it in one WebAssembly call
 * (phot-wasm.ts's photSource, its levels set), measureObject's TypeScript when the kernels leave the
 * object. A function of its own, not a branch in measureObject: there the branch cost 256² ~0.4 ms
 * of the stage (measureObject's cold code larger), and the TypeScript stays as it was.
 */
function measureObjectWhole(
  r: RawObject,
  fi: number,
  id: number,
  sub: Float32Array,
  plain: PixelSource,
  width: number,
  height: number,
  model: BackgroundModel,
  o: ResolvedOptions,
  sky: Float64Array | null,
  k: number,
  kernels: PhotKernels,
): Source {
  const s = r.shape;
  const x = s.mx;
  const y = s.my;
  const background = meshBilinear(model, 'back', Math.trunc(x + 0.5), Math.trunc(y + 0.5));
  const t = Math.fround(s.theta);
  if (kernels.source(sub, x, y, s.a, s.b, t, Math.cos(t), Math.sin(t), s.dpeak, background, fi, s.fdnpix)) {
    return kernelSource(r, fi, id, background, o.apertures.length, kernels, sky, k);
  }
  return measureObject(r, fi, id, sub, plain, width, height, model, o, null, sky, k, kernels);
}

/**
 * {@link measureObject}'s source from the kernels' results after {@link PhotKernels.source}: the same
 * values as its TypeScript (the sums in `out`, the errors, Kron radius, theta and flags in `ext`).
 */
function kernelSource(r: RawObject, fi: number, id: number, background: number, nap: number, kernels: PhotKernels, sky: Float64Array | null, k: number): Source {
  const s = r.shape;
  const res = kernels.out;
  const e = kernels.ext;
  const fluxAper: number[] = new Array<number>(nap);
  const fluxAperErr: number[] = new Array<number>(nap);
  for (let j = 0; j < nap; j++) {
    fluxAper[j] = res[3 * j];
    fluxAperErr[j] = e[j];
  }
  let flags = e[nap + 5];
  if (r.merged) flags |= ExtractFlags.BLENDED;
  if (s.border) flags |= ExtractFlags.TRUNCATED;
  if (r.overflow) flags |= ExtractFlags.DEBLEND_OVERFLOW;
  const ra = sky ? sky[2 * k] : NaN;
  const dec = sky ? sky[2 * k + 1] : NaN;
  const onSky = Number.isFinite(ra) && Number.isFinite(dec);
  const out = sourceRecord();
  out.id = id;
  out.x = s.mx;
  out.y = s.my;
  out.a = s.a;
  out.b = s.b;
  out.theta = e[nap + 4];
  out.npix = s.dnpix;
  out.peak = s.dpeak;
  out.fluxIso = fi;
  out.fluxIsoErr = e[nap + 3];
  out.fluxAper = fluxAper;
  out.fluxAperErr = fluxAperErr;
  out.fluxAuto = e[nap + 1];
  out.fluxAutoErr = e[nap + 2];
  out.kronRadius = e[nap];
  out.fwhm = r.fwhm;
  out.background = background;
  out.flags = flags;
  out.ra = onSky ? ra : null;
  out.dec = onSky ? dec : null;
  return out;
}

/**
 * A new {@link Source} whose fields are all null, to be set by the caller (why a literal of nulls,
 * see shapeRecord in moments.ts: a class with declared fields, as before, defined its 20 fields one
 * by one in an initializer that ran cold, ~0.45 µs a source). The literal's order is the order of
 * the properties in JSON catalogs.
 */
function sourceRecord(): Source {
  return {
    id: null as unknown as number,
    x: null as unknown as number,
    y: null as unknown as number,
    a: null as unknown as number,
    b: null as unknown as number,
    theta: null as unknown as number,
    npix: null as unknown as number,
    peak: null as unknown as number,
    fluxIso: null as unknown as number,
    fluxIsoErr: null as unknown as number,
    fluxAper: null as unknown as number[],
    fluxAperErr: null as unknown as number[],
    fluxAuto: null as unknown as number,
    fluxAutoErr: null as unknown as number,
    kronRadius: null as unknown as number,
    fwhm: null as unknown as number,
    background: null as unknown as number,
    flags: null as unknown as number,
    ra: null,
    dec: null,
  };
}

/** What the pixel-bound stages leave for the object stages: see {@link detectImage}. */
export interface ImageDetections {
  /** The background-subtracted image (`image` itself with `inPlace`). */
  sub: Float32Array;
  model: BackgroundModel;
  /** The components, copied one at a time as they are deblended. */
  det: StripGroups;
}

/**
 * The pixel-bound half of {@link extract}: background model, then background subtraction,
 * filtering, thresholding and labelling of the whole image. It does not depend on `saturate`
 * or `gain`, so a batch can run it on one thread and {@link measureDetections} on another.
 * `meshRows`: the statistics of every background mesh row, when already computed.
 */
export function detectImage(image: Float32Array, width: number, height: number, o: ResolvedOptions, onProgress?: ExtractHooks['onProgress'], meshRows?: MeshRow[]): ImageDetections {
  checkImage(image, width, height);
  onProgress?.('background', 0);
  const rows = meshRows ?? backgroundMeshRows(image, width, height, 0, meshCount(height, o.backSize), o);
  const model = backgroundModel(rows, width, height, o);
  onProgress?.('background', 1);
  onProgress?.('detect', 0);
  const sub = o.inPlace ? image : new Float32Array(width * height);
  const strip = detectRows(image, width, height, 0, height, model, o, sub, undefined, onProgress ? (f) => onProgress('detect', f) : undefined);
  const det = new StripGroups([strip], width, o.minarea);
  onProgress?.('detect', 1);
  return { sub, model, det };
}

/**
 * The object half of {@link extract}: deblending, CLEAN and photometry of the detections of
 * {@link detectImage}, and RA/Dec. Sources in detection order with 1-based ids.
 */
export function measureDetections(d: ImageDetections, width: number, height: number, o: ResolvedOptions, hooks: ExtractHooks = {}): Catalog {
  const progress = hooks.onProgress;
  const raw = deblendDetections(d, width, height, o, progress);
  return measureRawObjects(raw, d.sub, d.model, width, height, o, hooks);
}

/**
 * Deblending and analysis of every detection of {@link detectImage} (the first part of
 * {@link measureDetections}; a batch runs it on the thread that detected).
 */
export function deblendDetections(d: ImageDetections, width: number, height: number, o: ResolvedOptions, progress?: ExtractHooks['onProgress']): RawObject[] {
  const { model, det } = d;
  // No closures made per image on the hot paths: a closure made per image is a new call
  // target for the optimised stage loops every time (a deoptimisation per image in a batch).
  progress?.('deblend', 0);
  const raw = analyseComponents(det, 0, det.ncomp, width, height, o.thresh * model.globalRms, o, o.maskType === 'correct', new CRand(), model, progress ? (f) => progress('deblend', f) : undefined);
  progress?.('deblend', 1);
  return raw;
}

/**
 * CLEAN, photometry and RA/Dec of the objects {@link deblendDetections} found (the rest of
 * {@link measureDetections}). `sub`: the background-subtracted image.
 */
export function measureRawObjects(raw: RawObject[], sub: Float32Array, model: BackgroundModel, width: number, height: number, o: ResolvedOptions, hooks: ExtractHooks = {}): Catalog {
  const progress = hooks.onProgress;
  progress?.('clean', 0);
  const { kept, fluxIso } = cleanStage(raw, o.thresh * model.globalRms, o);
  progress?.('clean', 1);
  progress?.('measure', 0);
  const seg = o.maskType === 'correct' ? segmentationMap(kept, width, height) : null;
  const sources = measureObjects(kept, fluxIso, 0, kept.length, sub, width, height, model, o, seg, progress ? (f) => progress('measure', f) : undefined, 0, hooks.pixToSky, hooks.pixToSkyMany);
  progress?.('measure', 1);
  progress?.('done', 1);
  return { sources, width, height, globalBackground: model.globalBack, globalRms: model.globalRms, options: o };
}

/**
 * Extract and measure the sources of one image (single thread).
 *
 * @param image row-major pixels, `image[y * width + x]`, NaN = masked (not modified unless `inPlace`).
 * @returns the catalog, sources in detection order with 1-based ids.
 */
export function extract(image: Float32Array, width: number, height: number, options?: ExtractOptions, hooks: ExtractHooks = {}): Catalog {
  const o = resolveOptions(options);
  return measureDetections(detectImage(image, width, height, o, hooks.onProgress), width, height, o, hooks);
}
