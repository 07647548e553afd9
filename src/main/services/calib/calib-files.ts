/**
 * Calibration on files, for `nightshift calib master|apply` and the calibration task kinds: make
 * a master bias, dark or flat from raw frames, and calibrate a frame with masters. The
 * arithmetic is `src/core/calib` (ccdproc's choices, stated there); this module reads headers
 * and bands of rows, chooses the steps from the headers (BIASSEC, TRIMSEC/DATASEC, EXPTIME) and
 * the options, and makes float32 images with the input's header plus provenance keywords.
 * Worker-safe: no database, no service (a pool thread runs it).
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { BLOCK, float32BigEndianInPlace, float32ImageHeader, formatCards, Header, parseCard, writeFits, type Card } from '../../../core/fits/index.js';
import {
  CalibError, calibrateRows, calibratedProvenance, checkCalibration, combineBands, formatSection, frameInfo, masterProvenance,
  overscanLevels, parseSection, parseTypeMap, placeLevels, calibratedSize,
  type Calibration, type CombineMethod, type FrameType, type InputRef, type ProvenanceCard, type RowOverscan, type Section, type StepsUsed,
} from '../../../core/calib/index.js';
import { finiteMedianInPlace, meanOf } from '../../../core/stats/index.js';
import { calibFail } from './errors.js';
import { cachedLoad } from './master-cache.js';
import { openFrame, readWholeFrame, type FrameFile } from './frame-file.js';

export type OverscanChoice = 'mean' | 'median' | 'none';

/** Choices shared by `master` and `apply`. */
export interface StepOptions {
  bias?: string;
  dark?: string;
  /** Scale the dark by exposure ratio (ccdproc `subtract_dark(scale=True)`); without it the exposures must match. */
  darkScale?: boolean;
  /** Overscan statistic when the header has BIASSEC (default mean, ccdproc's default); 'none' skips it. */
  overscan?: OverscanChoice;
  /** Polynomial degree fitted to the overscan levels. */
  overscanOrder?: number;
  /** Extra IMAGETYP/FRAME spellings, `WORD=type,…` (they win over `typeWords`). */
  typeMap?: string;
  /** Further words and their types (the library's *Frame type words*, `calibration.typeMap`). */
  typeWords?: Readonly<Record<string, FrameType>>;
}

/** The words of `--type-map` first (they win: {@link frameInfo} takes the first match), then `typeWords`. */
function typeWordsOf(opts: StepOptions): Record<string, FrameType> {
  let own: Record<string, FrameType> = {};
  if (opts.typeMap) {
    try {
      own = parseTypeMap(opts.typeMap);
    } catch (e) {
      calibFailure('--type-map', e);
    }
  }
  const out: Record<string, FrameType> = { ...own };
  for (const [k, t] of Object.entries(opts.typeWords ?? {})) if (!Object.hasOwn(out, k)) out[k] = t;
  return out;
}

export interface MasterOptions extends StepOptions {
  type: Exclude<FrameType, 'light'>;
  out: string;
  method?: CombineMethod;
  sigma?: number;
  /** MiB for the band stack (default {@link DEFAULT_BAND_MB}). */
  bandMb?: number;
  /** The frames are known to be of `type` (the library's, maybe set by hand): their IMAGETYP/FRAME is not checked. */
  assumeType?: boolean;
  /** Called after each band of the combination with the rows done and the height. */
  onProgress?: (rowsDone: number, height: number) => void;
}

export interface ApplyOptions extends StepOptions {
  flat?: string;
  out: string;
}

function calibFailure(where: string, e: unknown): never {
  if (e instanceof CalibError) calibFail(e.code, `${where}: ${e.message}`);
  throw e;
}

/** A master read whole: its SHA-256 and name, pixels (trimmed size), EXPTIME and size. */
export interface Master {
  ref: InputRef;
  data: Float32Array | Float64Array;
  exposure: number | null;
  width: number;
  height: number;
}

/**
 * Reads a master whole, or takes it from the cache of the last masters read while its file is
 * unchanged (master-cache.ts); refuses one whose IMAGETYP names another kind (a light given as --bias).
 */
function loadMaster(path: string, kind: Exclude<FrameType, 'light'>): Master {
  return cachedLoad(`${kind}\0${path}`, path, () => readMaster(path, kind), (m) => m.data.byteLength);
}

function readMaster(path: string, kind: Exclude<FrameType, 'light'>): Master {
  const f = openFrame(path);
  try {
    const t = frameInfo(f.header).type;
    if (t !== null && t !== kind) calibFail('wrong_type', `${path}: IMAGETYP/FRAME '${frameInfo(f.header).rawType}' is a ${t} frame, not a ${kind} master`);
    return { ref: { name: path, sha256: f.sha256 }, data: readWholeFrame(f), exposure: frameInfo(f.header).exposure, width: f.width, height: f.height };
  } finally {
    f.close();
  }
}

/** The steps a frame's header asks for: overscan strip, trim section. */
interface Geometry {
  biassec?: Section;
  trim?: Section;
  biassecText?: string;
  trimText?: string;
}

function geometry(f: FrameFile, opts: StepOptions): Geometry {
  const text = (k: string): string | undefined => {
    const v = f.header.get(k);
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  const g: Geometry = {};
  try {
    const b = text('BIASSEC');
    if (b !== undefined && opts.overscan !== 'none') {
      g.biassec = parseSection(b, f.width, f.height, 'BIASSEC');
      g.biassecText = b;
    }
    const t = text('TRIMSEC') ?? text('DATASEC');
    if (t !== undefined) {
      g.trim = parseSection(t, f.width, f.height, text('TRIMSEC') !== undefined ? 'TRIMSEC' : 'DATASEC');
      g.trimText = formatSection(g.trim);
    }
  } catch (e) {
    calibFailure(f.path, e);
  }
  return g;
}

/** Overscan levels of one frame, from its strip's pixels alone. */
function levelsOf(f: FrameFile, s: Section, opts: StepOptions) {
  const sw = s.x1 - s.x0;
  const sh = s.y1 - s.y0;
  const strip = f.readStrip(s);
  const stat = opts.overscan === 'median' ? 'median' : 'mean';
  const own = overscanLevels(strip, sw, sh, { x0: 0, x1: sw, y0: 0, y1: sh }, { statistic: stat, ...(opts.overscanOrder !== undefined ? { order: opts.overscanOrder } : {}) });
  return own.perRow ? placeLevels(own, s.y0, f.height) : placeLevels(own, s.x0, f.width);
}

/**
 * The overscan taken from each row as it is read ({@link RowOverscan}: no pass over the file for
 * the strip) when that gives the strip's levels: a strip of columns (per-row levels) spanning
 * every row calibrated, and no polynomial fitted. Undefined otherwise ({@link levelsOf}).
 */
function rowOverscanOf(f: FrameFile, g: Geometry, s: Section, opts: StepOptions): RowOverscan | undefined {
  if (opts.overscanOrder !== undefined || s.y1 - s.y0 < s.x1 - s.x0) return undefined;
  const y0 = g.trim?.y0 ?? 0;
  const y1 = g.trim?.y1 ?? f.height;
  if (y0 < s.y0 || y1 > s.y1) return undefined;
  return { x0: s.x0, x1: s.x1, statistic: opts.overscan === 'median' ? 'median' : 'mean' };
}

function darkScaleFor(f: FrameFile, dark: Master, opts: StepOptions): number {
  const t = frameInfo(f.header).exposure;
  if (t !== null && dark.exposure !== null && t === dark.exposure) return 1;
  if (!opts.darkScale) {
    calibFail('exposure_mismatch', `${f.path}: exposure ${t ?? 'unknown'} s differs from the dark's ${dark.exposure ?? 'unknown'} s (${dark.ref.name}); pass --dark-scale to scale the dark`);
  }
  if (t === null || dark.exposure === null || !(dark.exposure > 0) || t < 0) {
    calibFail('bad_exposure', `${f.path}: dark scaling needs EXPTIME/EXPOSURE on the frame and a positive one on the dark (${dark.ref.name})`);
  }
  return t / dark.exposure;
}

function stepsUsed(g: Geometry, opts: StepOptions, bias?: Master, dark?: Master, darkScale?: number): StepsUsed {
  const s: StepsUsed = {};
  if (g.biassec && g.biassecText) s.overscan = { section: g.biassecText, statistic: opts.overscan === 'median' ? 'median' : 'mean', ...(opts.overscanOrder !== undefined ? { order: opts.overscanOrder } : {}) };
  if (g.trimText) s.trim = g.trimText;
  if (bias) s.bias = bias.ref;
  if (dark) {
    s.dark = dark.ref;
    s.darkScale = darkScale ?? 1;
  }
  return s;
}

/** The calibration of one frame (overscan from its own strip: from each row as it is read, or the strip read first). */
function calibrationFor(f: FrameFile, g: Geometry, opts: StepOptions, bias?: Master, dark?: Master, darkScale?: number, flat?: { data: ArrayLike<number>; norm: number }): Calibration {
  const c: Calibration = { rawWidth: f.width, rawHeight: f.height };
  if (g.biassec) {
    const ro = rowOverscanOf(f, g, g.biassec, opts);
    if (ro) c.rowOverscan = ro;
    else c.overscan = levelsOf(f, g.biassec, opts);
  }
  if (g.trim) c.trim = g.trim;
  if (bias) c.bias = bias.data;
  if (dark) {
    c.dark = dark.data;
    c.darkScale = darkScale ?? 1;
  }
  if (flat) {
    c.flat = flat.data;
    c.flatNorm = flat.norm;
  }
  try {
    checkCalibration(c);
  } catch (e) {
    calibFailure(f.path, e);
  }
  return c;
}

/**
 * MiB of the combination's band stack by default: small enough to stay in the processor's caches
 * between the frames' rows written into it and the medians read from it (at 64 MiB the
 * combination ran 8-20 % slower on a 2048² bench, and held more memory).
 */
export const DEFAULT_BAND_MB = 8;

/** Rows per band when a whole frame is read for itself (a light, a flat's median): the reused buffers stay ~1 MB. */
const SCAN_ROWS = 128;

/** Our provenance keywords, replaced when an input already has them (a master of calibrated frames). */
const OURS = /^(NCOMBINE|CALRAW|CALBIAS|CALDARK|CALDSCAL|CALFLAT|CALFNORM|CALOSCAN|CALTRIM|CALMETH|CALIN\d{3})$/;
const SECTIONS = /^(BIASSEC|TRIMSEC|DATASEC)$/;

/**
 * The raw header without what no longer applies (our earlier provenance; the sections once
 * trimmed; BSCALE/BZERO/BLANK, dropped by the writer), then the provenance cards.
 */
function outputHeader(raw: Header, cards: ProvenanceCard[], trimmed: boolean): Header {
  const set = new Set(cards.filter((c) => c.keyword !== 'HISTORY').map((c) => c.keyword));
  const out: Card[] = [];
  let keep = true;
  for (const c of raw.cards) {
    if (c.keyword === 'END') continue;
    if (c.keyword !== 'CONTINUE') keep = !set.has(c.keyword) && !OURS.test(c.keyword) && !(trimmed && SECTIONS.test(c.keyword));
    if (keep) out.push(c);
  }
  for (const c of cards) {
    const text = String(c.value);
    if (c.keyword === 'HISTORY') for (const line of formatCards('HISTORY', text)) out.push(parseCard(line));
    else for (const line of formatCards(c.keyword, c.value, c.comment)) out.push(parseCard(line));
  }
  return new Header(out);
}

function writeOut(path: string, data: Float32Array, width: number, height: number, header: Header): void {
  try {
    writeFileSync(path, writeFits([{ data, shape: [width, height], header }]));
  } catch (e) {
    calibFail('io', `${path}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

export interface MasterReport {
  out: string;
  frames: number;
  width: number;
  height: number;
  rejected: number;
  bandRows: number;
}

/** A master made in memory: float32 pixels (trimmed size) and the header to write with them. */
export interface BuiltImage {
  data: Float32Array;
  width: number;
  height: number;
  header: Header;
}

/** Makes a master from `files` (see {@link MasterOptions}); writes `opts.out`. */
export function makeMaster(files: readonly string[], opts: MasterOptions): MasterReport {
  const m = buildMaster(files, opts);
  writeOut(opts.out, m.data, m.width, m.height, m.header);
  return { out: opts.out, frames: m.frames, width: m.width, height: m.height, rejected: m.rejected, bandRows: m.bandRows };
}

/** Makes a master from `files` in memory (see {@link MasterOptions}; `out` is not used). */
export function buildMaster(files: readonly string[], opts: Omit<MasterOptions, 'out'>): BuiltImage & Omit<MasterReport, 'out' | 'width' | 'height'> {
  if (files.length === 0) calibFail('no_frames', 'calib master: no input files');
  const extra = typeWordsOf(opts);
  const method = opts.method ?? 'median';
  const bias = opts.bias !== undefined ? loadMaster(opts.bias, 'bias') : undefined;
  const dark = opts.dark !== undefined ? loadMaster(opts.dark, 'dark') : undefined;
  const frames: FrameFile[] = [];
  try {
    for (const p of files) frames.push(openFrame(p));
    const first = frames[0];
    for (const f of frames) {
      const info = frameInfo(f.header, extra);
      if (!opts.assumeType && info.type !== null && info.type !== opts.type) {
        calibFail('wrong_type', `${f.path}: IMAGETYP/FRAME '${info.rawType}' is a ${info.type} frame, not a ${opts.type} (--type-map maps other spellings)`);
      }
      if (f.width !== first.width || f.height !== first.height) {
        calibFail('shape_mismatch', `${f.path}: ${f.width}×${f.height}, but ${first.path} is ${first.width}×${first.height}`);
      }
    }
    if (opts.type === 'dark') {
      const t = new Set(frames.map((f) => frameInfo(f.header, extra).exposure));
      if (t.size > 1) calibFail('exposure_mismatch', `calib master: darks of different exposures (${[...t].join(', ')} s): make one master per exposure`);
    }
    const g = geometry(first, opts);
    for (const f of frames.slice(1)) {
      const gf = geometry(f, opts);
      if (gf.biassecText !== g.biassecText || gf.trimText !== g.trimText) {
        calibFail('section_mismatch', `${f.path}: BIASSEC/TRIMSEC differ from ${first.path}'s`);
      }
    }
    const cals = frames.map((f) => calibrationFor(f, g, opts, bias, dark, dark ? darkScaleFor(f, dark, opts) : undefined));
    const { width, height } = calibratedSize(cals[0]);
    const trimY0 = g.trim?.y0 ?? 0;
    const readers = frames.map((f, i) => (y0: number, y1: number, into?: Float64Array) => calibrateRows(cals[i], f.readRowsShared(trimY0 + y0, trimY0 + y1), y0, y1 - y0, into));
    let scales: number[] | undefined;
    if (opts.type === 'flat') {
      // each frame scaled by 1/median of its calibrated pixels (one frame in memory at a time,
      // read in bands so that each frame's reused buffers stay small)
      const all = new Float64Array(width * height);
      scales = readers.map((read, i) => {
        for (let y = 0; y < height; y += SCAN_ROWS) {
          const y1 = Math.min(height, y + SCAN_ROWS);
          read(y, y1, all.subarray(y * width, y1 * width));
        }
        const m = finiteMedianInPlace(all);
        if (!(m !== 0 && Number.isFinite(m))) calibFail('bad_flat', `${frames[i].path}: median of the calibrated flat is ${m}`);
        return 1 / m;
      });
    }
    let result;
    try {
      result = combineBands(readers, width, height, { method, ...(scales ? { scales } : {}), ...(opts.sigma !== undefined ? { sigmaLow: opts.sigma, sigmaHigh: opts.sigma } : {}), bandBytes: (opts.bandMb ?? DEFAULT_BAND_MB) * 1024 * 1024, ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) });
    } catch (e) {
      return calibFailure('calib master', e);
    }
    if (opts.type === 'flat') {
      const mean = meanOf(result.data);
      if (!(mean > 0)) calibFail('bad_flat', `calib master: the combined flat's mean is ${mean}`);
      for (let i = 0; i < result.data.length; i++) result.data[i] = result.data[i] / mean;
    }
    const inputs = frames.map((f) => ({ name: f.path, sha256: f.sha256 }));
    const cards = masterProvenance(opts.type, method, inputs, stepsUsed(g, opts, bias, dark, cals[0].darkScale), { scaledByMedian: opts.type === 'flat', rejected: result.rejected });
    const header = outputHeader(first.header, cards, g.trim !== undefined);
    return { data: result.data, width, height, header, frames: frames.length, rejected: result.rejected, bandRows: result.bandRows };
  } finally {
    for (const f of frames) f.close();
  }
}

export interface LoadedMasters {
  bias?: Master;
  dark?: Master;
  flat?: Master;
}

/** Reads the masters named in `opts` once (for a caller calibrating many frames in one process). */
export function loadMasters(opts: Pick<ApplyOptions, 'bias' | 'dark' | 'flat'>): LoadedMasters {
  return {
    ...(opts.bias !== undefined ? { bias: loadMaster(opts.bias, 'bias') } : {}),
    ...(opts.dark !== undefined ? { dark: loadMaster(opts.dark, 'dark') } : {}),
    ...(opts.flat !== undefined ? { flat: loadMaster(opts.flat, 'flat') } : {}),
  };
}

/**
 * Calibrates one frame with the masters given (read now, or passed in `masters`); writes `opts.out`
 * (float32). Returns the file's size in bytes and SHA-256 (hex) with the image's size in pixels.
 */
export function applyMasters(file: string, opts: ApplyOptions, masters: LoadedMasters = loadMasters(opts)): { out: string; width: number; height: number; size: number; sha256: string } {
  const c = calibrateFrame(file, opts, masters, (n) => (outScratch?.length === n ? outScratch : (outScratch = new Float32Array(n))));
  const written = writeFloat32InPlace(opts.out, c);
  return { out: opts.out, width: c.width, height: c.height, ...written };
}

/** The pixels of the last frame {@link applyMasters} calibrated, reused for the next one of the same size (no 16 MB allocation per light). */
let outScratch: Float32Array | undefined;

/**
 * Writes a float32 image as {@link writeOut} does, swapping its pixels to big-endian in place (they
 * are garbage afterwards) rather than copying them; hashes what it writes. Returns the file's size
 * (bytes) and SHA-256 (hex).
 */
function writeFloat32InPlace(path: string, img: BuiltImage): { size: number; sha256: string } {
  const bytes = float32BigEndianInPlace(img.data);
  const hash = createHash('sha256');
  let size = 0;
  const put = (fd: number, b: Uint8Array): void => {
    writeAll(fd, b);
    hash.update(b);
    size += b.length;
  };
  try {
    const fd = openSync(path, 'w');
    try {
      put(fd, float32ImageHeader(img.header, [img.width, img.height]));
      put(fd, bytes);
      const pad = (BLOCK - (bytes.length % BLOCK)) % BLOCK;
      if (pad > 0) put(fd, new Uint8Array(pad));
    } finally {
      closeSync(fd);
    }
    return { size, sha256: hash.digest('hex') };
  } catch (e) {
    calibFail('io', `${path}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
}

const norms = new WeakMap<Master, number>();

/** The mean of a master flat (what a frame is divided by, over the flat), once per master read. */
function flatNorm(m: Master): number {
  let norm = norms.get(m);
  if (norm === undefined) {
    norm = meanOf(m.data);
    norms.set(m, norm);
  }
  return norm;
}

/**
 * Calibrates one frame with the masters given, in memory (float32 pixels and the header to
 * write); `into` gives the array for the pixels (a reused one), else a new one is made.
 */
export function calibrateFrame(file: string, opts: Omit<ApplyOptions, 'out'>, masters: LoadedMasters = loadMasters(opts), into?: (pixels: number) => Float32Array): BuiltImage {
  const { bias, dark, flat: flatM } = masters;
  const f = openFrame(file);
  try {
    const g = geometry(f, opts);
    const darkScale = dark ? darkScaleFor(f, dark, opts) : undefined;
    let flat: { data: ArrayLike<number>; norm: number } | undefined;
    if (flatM) {
      const norm = flatNorm(flatM);
      if (!(norm > 0)) calibFail('bad_flat', `${flatM.ref.name}: the flat's mean is ${norm}`);
      flat = { data: flatM.data, norm };
    }
    const c = calibrationFor(f, g, opts, bias, dark, darkScale, flat);
    const { width, height } = calibratedSize(c);
    const y0 = g.trim?.y0 ?? 0;
    const data = into ? into(width * height) : new Float32Array(width * height);
    for (let y = 0; y < height; y += SCAN_ROWS) {
      const y1 = Math.min(height, y + SCAN_ROWS);
      calibrateRows(c, f.readRowsShared(y0 + y, y0 + y1), y, y1 - y, data.subarray(y * width, y1 * width));
    }
    const steps = stepsUsed(g, opts, bias, dark, darkScale);
    if (flatM && flat) {
      steps.flat = flatM.ref;
      steps.flatNorm = flat.norm;
    }
    return { data, width, height, header: outputHeader(f.header, calibratedProvenance({ name: file, sha256: f.sha256 }, steps), g.trim !== undefined) };
  } finally {
    f.close();
  }
}

