/**
 * Pixel access for photometry, with SExtractor's neighbour masking (MASK_TYPE):
 * - `none`: the background-subtracted image as is (NaN = masked);
 * - `correct`: pixels that belong to *another* detected object are replaced by the pixel
 *   mirrored through the measured object's centre (or treated as masked when that one is
 *   also another object's, or outside the image); for the Kron radius they are ignored
 *   (`mirror` = false), as in SExtractor.
 */

/** A read-only view of the background-subtracted image for one measurement. */
export interface PixelSource {
  width: number;
  height: number;
  /** Value at integer pixel (ix, iy), inside the image. NaN = masked. */
  get(ix: number, iy: number): number;
  /** The plain image when no masking applies (fast path: `data[iy * width + ix]`). */
  data?: Float32Array;
}

/** MASK_TYPE NONE. */
export function plainSource(sub: Float32Array, width: number, height: number): PixelSource {
  return { width, height, get: (ix, iy) => sub[iy * width + ix], data: sub };
}

/**
 * MASK_TYPE CORRECT for the object `id` centred on (cx, cy). `seg` holds the object id
 * (1-based, 0 = sky) of every pixel.
 */
export function correctedSource(sub: Float32Array, seg: Int32Array, width: number, height: number, id: number, cx: number, cy: number, mirror = true): PixelSource {
  return {
    width,
    height,
    get(ix, iy) {
      const i = iy * width + ix;
      const s = seg[i];
      if (s === 0 || s === id) return sub[i];
      if (!mirror) return NaN;
      const mx = Math.round(2 * cx - ix);
      const my = Math.round(2 * cy - iy);
      if (mx < 0 || my < 0 || mx >= width || my >= height) return NaN;
      const j = my * width + mx;
      const t = seg[j];
      if (t !== 0 && t !== id) return NaN;
      return sub[j];
    },
  };
}
