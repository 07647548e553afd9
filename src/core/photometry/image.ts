/** A single image plane as photometry sees it. */
export interface PixelImage {
  /** Pixel values in ADU, row-major: `data[y * width + x]`; NaN marks a masked pixel. */
  data: ArrayLike<number>;
  width: number;
  height: number;
}
