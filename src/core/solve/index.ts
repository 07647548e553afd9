/**
 * Plate solving in pure TypeScript against astrometry.net index files: reading the index
 * (index-file.ts, kdtree.ts), quad codes (quad-code.ts), TAN-SIP fitting (tan-sip.ts),
 * log-odds verification (verify.ts), the search (solver.ts), header hints (hints.ts) and
 * the solution's WCS cards (wcs-cards.ts), windowed centroids (centroid.ts), the final fit (refine.ts). No I/O: callers hand in bytes and sources.
 */
export { SolveError, type SolveErrorCode } from './errors.js';
export { bytesSource, readIndexFile, type ByteSource, type IndexFile } from './index-file.js';
export { solveField, type FieldSource, type SolveOptions, type SolveResult, type SolveStats, type Solution } from './solver.js';
export { hintsFromHeader, type HeaderHints } from './hints.js';
export { wcsCards } from './wcs-cards.js';
export { refineCentroids, windowed, type CentroidSource } from './centroid.js';
export { LOG_ODDS_ACCEPT, MIN_MATCHES } from './verify.js';
export { pixelToSky, type TanSip } from './tan-sip.js';
export { indexFitsImage, INDEX_HEADER_BYTES, MIN_QUAD_FRACTION, readIndexSummary, type IndexSummary } from './index-select.js';
export { chord2, deproject, project, radecToXyz, tangentAt, xyzToRadec, type Tangent } from './sky.js';
