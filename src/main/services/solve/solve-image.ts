/**
 * Plate solving of one FITS image, as `nightshift solve` and the `solve` task kind do it:
 * sources from our extractor (3σ, 5 pixels; brightest first by AUTO flux; positions the windowed
 * centroids, core/solve's `refineCentroids`, as SExtractor's XWIN/YWIN), hints from the
 * caller or else the header (core/solve's `hintsFromHeader`: a position searched within
 * {@link HEADER_RADIUS_DEG}, a scale within ×/÷ {@link HEADER_SCALE_SLACK}), the index files that
 * can fit the image at those scales opened, and core/solve's search run within the time limit.
 * An image that cannot be solved is an answer, not an error: `solved: false` with the reason
 * (`no_sources`, `no_index`, `time_limit`, `no_match`) and a one-line message. Worker-safe.
 */
import { extract } from '../../../core/extract/index.js';
import type { Header } from '../../../core/fits/index.js';
import { hintsFromHeader, refineCentroids, solveField, wcsCards, type FieldSource, type Solution, type SolveStats } from '../../../core/solve/index.js';
import { pixelsOfFits } from '../extract/load.js';
import { chooseIndexes, BLIND_SCALE, loadIndexes, type IndexOnDisk } from './index-files.js';

/** Search radius (degrees) around a position taken from the header. */
export const HEADER_RADIUS_DEG = 5;
/** Pixel-scale range around a scale taken from the header (factor either way). */
export const HEADER_SCALE_SLACK = 1.2;
/** Fewer sources than this cannot make a quad and its verification. */
export const MIN_SOURCES = 5;

/** Hints that override the header's: position (degrees) with a search radius, pixel scale range (arcsec/pixel). */
export interface SolveHints {
  ra?: number;
  dec?: number;
  radius?: number;
  scaleLow?: number;
  scaleHigh?: number;
}

/** What the solver searches: the hints given, else those of the header (see the module comment). */
export function searchOf(header: Parameters<typeof hintsFromHeader>[0], given: SolveHints = {}): SolveHints {
  const out: SolveHints = { ...given };
  const h = hintsFromHeader(header);
  if (out.ra === undefined && h.ra !== undefined && h.dec !== undefined) {
    out.ra = h.ra;
    out.dec = h.dec;
    out.radius ??= HEADER_RADIUS_DEG;
  }
  if (out.scaleLow === undefined && out.scaleHigh === undefined && h.scale !== undefined) {
    out.scaleLow = h.scale / HEADER_SCALE_SLACK;
    out.scaleHigh = h.scale * HEADER_SCALE_SLACK;
  }
  return out;
}

export type UnsolvedReason = 'no_sources' | 'no_index' | 'time_limit' | 'no_match';

/** A solution, as the CLI prints it and the library stores it. Degrees, arcsec, seconds. */
export type Solved = Pick<Solution, 'ra' | 'dec' | 'scaleArcsec' | 'rotationDeg' | 'parity' | 'matched' | 'rmsArcsec' | 'indexId'> & {
  solved: true;
  /** The WCS cards (CTYPE, CRVAL, CRPIX 1-based, CD, SIP when fitted). */
  header: Record<string, string | number>;
  sources: number;
  indexesRead: number;
  seconds: number;
};

export interface Unsolved {
  solved: false;
  reason: UnsolvedReason;
  /** One line: why, with what was tried. */
  message: string;
  sources: number;
  indexesRead: number;
  seconds: number;
}

export interface SolveImageOptions {
  /** The index files to choose from (listed with their summaries: {@link listIndexes}). */
  indexes: readonly IndexOnDisk[];
  /** How many index files the folders hold (default `indexes.length`: the caller may hand in only those chosen), for the `no_index` message. */
  indexesFound?: number;
  /** The folders searched, for the `no_index` message. */
  indexDirs?: readonly string[];
  /** Where the index files are read (default their `path`): a worker's copies of them. */
  indexPath?(ix: IndexOnDisk): string;
  hints?: SolveHints;
  timeLimitMs: number;
  /** Image HDU (default the first image). */
  hdu?: number | null;
  /** Largest data unit read, bytes. */
  maxDataBytes?: number;
  /** Names the image in messages (default: none in an unsolved message, `image` in an error). */
  name?: string;
  onProgress?(fraction: number, stage: string): void;
  /** Clock in milliseconds (default Date.now). */
  now?(): number;
  /** Called with the search's counts once it ends (solved or not): a diagnostic for benchmarks (e.g. the best rejected hypothesis's log-odds). */
  onStats?(stats: SolveStats): void;
}

/** Solves the image in `bytes` (a FITS file; read in place). Throws LoadError for a file that is not a 2-D image, IndexFilesError for an index it cannot read. */
export function solveImage(bytes: Uint8Array, o: SolveImageOptions): { result: Solved | Unsolved; header: Header; width: number; height: number } {
  const now = o.now ?? Date.now;
  const started = now();
  const name = o.name ?? 'image';
  // unsolved messages name the image only when given a name (a task's message names no file)
  const prefix = o.name ? `${o.name}: ` : '';
  const progress = o.onProgress ?? (() => {});
  progress(0, 'reading');
  const image = pixelsOfFits(bytes, o.hdu ?? undefined, name, { maxDataBytes: o.maxDataBytes });
  const { width, height, header } = image;
  progress(0.1, 'sources');
  const catalog = extract(image.image, width, height, { thresh: 3, minarea: 5, inPlace: true });
  // windowed centroids on the background-subtracted pixels (extract left them in place)
  const sources: FieldSource[] = refineCentroids(
    image.image,
    width,
    height,
    catalog.sources.map((s) => ({ x: s.x, y: s.y, flux: s.fluxAuto > 0 ? s.fluxAuto : s.fluxIso, fwhm: s.fwhm })),
  ).sort((a, b) => b.flux - a.flux);
  const seconds = (): number => (now() - started) / 1000;
  const done = (result: Solved | Unsolved) => {
    progress(1, 'done');
    return { result, header, width, height };
  };
  const unsolved = (reason: UnsolvedReason, message: string, indexesRead = 0) => done({ solved: false, reason, message, sources: sources.length, indexesRead, seconds: seconds() });
  if (sources.length < MIN_SOURCES) return unsolved('no_sources', `${prefix}not solved (${sources.length} source(s) found at 3σ; at least ${MIN_SOURCES} are needed)`);
  const search = searchOf(header, o.hints);
  const lo = search.scaleLow ?? BLIND_SCALE[0];
  const hi = search.scaleHigh ?? BLIND_SCALE[1];
  const chosen = chooseIndexes(o.indexes, width, height, lo, hi);
  if (chosen.length === 0) {
    const found = o.indexesFound ?? o.indexes.length;
    const dirs = o.indexDirs && o.indexDirs.length > 0 ? o.indexDirs.join(', ') : 'the index folders';
    const why = found === 0 ? `no index-*.fits files in ${dirs}` : `none of the ${found} index files has quads that fit a ${width}×${height} image at ${+lo.toPrecision(3)}…${+hi.toPrecision(3)} arcsec/pixel`;
    return unsolved('no_index', `${prefix}not solved (${why})`);
  }
  // the time limit covers the whole solve: it is checked after the extraction and before each index file is read too
  const pastLimit = (): boolean => now() - started > o.timeLimitMs;
  const timeUp = (indexesRead: number) => unsolved('time_limit', `${prefix}not solved (time limit of ${+(o.timeLimitMs / 1000).toPrecision(3)} s reached ${indexesRead < chosen.length ? `reading the index files, ${indexesRead} of ${chosen.length} read` : 'before the search'}; ${sources.length} sources, ${seconds().toFixed(1)} s)`, indexesRead);
  if (pastLimit()) return timeUp(0);
  progress(0.2, 'indexes');
  const open = loadIndexes(
    chosen.map((ix) => o.indexPath?.(ix) ?? ix.path),
    pastLimit,
  );
  try {
    if (open.stopped) return timeUp(open.indexes.length);
    progress(0.3, 'solving');
    const r = solveField(sources, open.indexes, { width, height, ra: search.ra, dec: search.dec, radius: search.radius, scaleLow: search.scaleLow, scaleHigh: search.scaleHigh, timeLimitMs: o.timeLimitMs - (now() - started), now });
    o.onStats?.(r);
    if (!r.solved) {
      const why = r.reason === 'time_limit' ? `time limit of ${+(o.timeLimitMs / 1000).toPrecision(3)} s reached` : 'every quad tried';
      return unsolved(r.reason === 'time_limit' ? 'time_limit' : 'no_match', `${prefix}not solved (${why}; ${sources.length} sources, ${r.quadsTried} quads, ${r.hypotheses} hypotheses, ${seconds().toFixed(1)} s)`, open.indexes.length);
    }
    const s = r.solution;
    return done({
      solved: true,
      ra: s.ra,
      dec: s.dec,
      scaleArcsec: s.scaleArcsec,
      rotationDeg: s.rotationDeg,
      parity: s.parity,
      matched: s.matched,
      rmsArcsec: s.rmsArcsec,
      indexId: s.indexId,
      header: wcsCards(s.wcs),
      sources: sources.length,
      indexesRead: open.indexes.length,
      seconds: seconds(),
    });
  } finally {
    open.close();
  }
}
