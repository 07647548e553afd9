/**
 * Choosing index files for an image before reading them: each index's primary header states
 * the range of its quads' sizes (SCALE_L … SCALE_U, radians, the distance between a quad's two
 * most distant stars). A quad of the image spans at least `minQuadFraction` of the image's
 * smaller side and at most its diagonal (pixels); at a pixel scale in [scaleLow, scaleHigh]
 * (arcsec per pixel) that is a sky size in [minQuadFraction·min(W,H)·scaleLow,
 * diag·scaleHigh]. An index whose quad range misses that interval cannot match any quad of the
 * image and is not read (astrometry.net chooses its indexes the same way).
 */
import { FitsError, parseHeader } from '../fits/index.js';
import { SolveError } from './errors.js';

/** What an index's primary header says, enough to choose it. Angles in radians. */
export interface IndexSummary {
  id: number;
  dimquads: number;
  scaleLow: number;
  scaleHigh: number;
}

/** Bytes of the primary header needed at most (the Tycho-2 headers take two 2880-byte blocks). */
export const INDEX_HEADER_BYTES = 8 * 2880;

/**
 * The summary of an index file from the first bytes of the file (at least its primary header;
 * {@link INDEX_HEADER_BYTES} suffices for astrometry.net's files). `path` names it in errors.
 */
export function readIndexSummary(head: Uint8Array, path: string): IndexSummary {
  let header;
  try {
    header = parseHeader(head, 0, 0).header;
  } catch (e) {
    if (e instanceof FitsError) throw new SolveError('bad_index', `${path}: ${e.message} (${e.code})`);
    throw e;
  }
  const lo = header.get('SCALE_L');
  const hi = header.get('SCALE_U');
  const dq = header.get('DIMQUADS');
  if (typeof lo !== 'number' || typeof hi !== 'number' || !(lo > 0) || !(hi >= lo) || !(hi < Math.PI)) {
    throw new SolveError('not_index', `${path}: SCALE_L/SCALE_U (${String(lo)}, ${String(hi)}) are not a quad size range in radians; not an astrometry.net index`);
  }
  if (typeof dq !== 'number' || !Number.isInteger(dq) || dq < 3 || dq > 5) throw new SolveError('bad_index', `${path}: DIMQUADS ${String(dq)} is out of range (3..5)`);
  const id = header.get('INDEXID');
  return { id: typeof id === 'number' ? id : -1, dimquads: dq, scaleLow: lo, scaleHigh: hi };
}

/** Default smallest quad, as a fraction of the image's smaller side (astrometry.net's 0.1). */
export const MIN_QUAD_FRACTION = 0.1;

const ARCSEC_PER_RAD = (180 * 3600) / Math.PI;

/**
 * Whether an index's quads (`scaleLow`…`scaleHigh`, radians) can be quads of a `width`×`height`
 * image at a pixel scale in [`pixLow`, `pixHigh`] arcsec per pixel.
 */
export function indexFitsImage(s: Pick<IndexSummary, 'scaleLow' | 'scaleHigh'>, width: number, height: number, pixLow: number, pixHigh: number, minQuadFraction = MIN_QUAD_FRACTION): boolean {
  const smallest = minQuadFraction * Math.min(width, height) * pixLow;
  const largest = Math.hypot(width, height) * pixHigh;
  return s.scaleHigh * ARCSEC_PER_RAD >= smallest && s.scaleLow * ARCSEC_PER_RAD <= largest;
}
