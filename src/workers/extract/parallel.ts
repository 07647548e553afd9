/**
 * Extraction of one image on worker threads. The core exposes every stage over ranges
 * (mesh rows, image strips, objects); this module decides how to split them.
 *
 * Current state: `threads` ≤ 1, or images too small to be worth splitting, run the core
 * pipeline on the calling thread. (Strip workers: see README in this folder.)
 */
import { type Catalog, extract, type ExtractHooks, type ExtractOptions } from '../../core/extract/extract.js';

/** Minimum number of pixels per thread before splitting pays off. */
export const MIN_PIXELS_PER_THREAD = 1 << 20;

/**
 * Extract `image` (row-major, NaN = masked) with up to `threads` threads.
 * Resolves to the same catalog as the core `extract`.
 */
export async function extractParallel(image: Float32Array, width: number, height: number, options: ExtractOptions, hooks: ExtractHooks, threads: number): Promise<Catalog> {
  void threads;
  return extract(image, width, height, options, hooks);
}
