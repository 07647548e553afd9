/**
 * FITS World Coordinate Systems in pure TypeScript: pixel ↔ sky for celestial headers.
 * Pixels are 0-based (the centre of the first pixel is (0, 0)); angles are degrees.
 */
export type { HeaderLookup, HeaderValue } from './header.js';
export { headerFromRecord, headerWithWcsCards, WCS_KEYWORD } from './header.js';
export type { Wcs } from './types.js';
export { parseWcs } from './parse.js';
export { footprint, locate } from './footprint.js';
export { footprintsOverlap } from './overlap.js';
export { WcsError, type WcsErrorCode } from './errors.js';
export { separationDeg } from './angles.js';
export { readWcs, wcsProblem, formatWcsProblem, type WcsProblem, type WcsReading } from './read.js';
export { prepareSkyWasm, skyManyOf } from './sky-wasm.js';
export { ICRS_TO_GALACTIC, rotateLonLat, type Mat3 } from './frames.js';
