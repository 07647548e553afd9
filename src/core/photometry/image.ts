/** A single image plane as photometry sees it (defined with the aperture sums). */
export type { PixelImage } from '../aperture/index.js';
