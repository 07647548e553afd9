/**
 * Aperture geometry and sums shared by extraction and forced photometry: the exact overlap of
 * a circle with a pixel, circular sums in SExtractor's convention (extraction) and in forced
 * photometry's, and SExtractor's elliptical (AUTO) sums and Kron radius. Pixels are 0-based
 * (the centre of the first pixel is (0, 0)); sums are in the image's units (ADU).
 */
export { circleRectOverlap, pixelOverlap } from './overlap.js';
export type { PixelImage, PixelSource } from './pixels.js';
export type { ApertureSum, PeakApertureSum } from './sum.js';
export { sumCircleSep, sumEllipse, kronRadius, ellipseCoeffs } from './sep.js';
export { sumCircleExact } from './exact.js';
