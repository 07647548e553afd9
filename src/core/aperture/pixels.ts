/**
 * The two ways the aperture sums read pixels. Pixel (i, j) is the unit square centred on
 * (i, j), 0-based; values are row-major, `data[j * width + i]`.
 */

/** A single image plane as forced photometry sees it (any numeric array; NaN or ±Infinity = masked). */
export interface PixelImage {
  /** Pixel values in ADU, row-major: `data[y * width + x]`; NaN marks a masked pixel. */
  data: ArrayLike<number>;
  width: number;
  height: number;
}

/**
 * A read-only view of extraction's background-subtracted float32 image for one measurement,
 * possibly with neighbours masked (see core/extract/mask.ts).
 */
export interface PixelSource {
  width: number;
  height: number;
  /** Value at integer pixel (ix, iy), inside the image. NaN = masked. */
  get(ix: number, iy: number): number;
  /** The plain image when no masking applies (fast path: `data[iy * width + ix]`). */
  data?: Float32Array;
}
