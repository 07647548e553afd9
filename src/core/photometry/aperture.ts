/**
 * Circular-aperture sums with exact pixel/circle overlap (as SEP `sum_circle(subpix=0)` and
 * photutils `method='exact'`). Pixel (i, j) is the unit square centred on (i, j), 0-based.
 */
import { PhotometryError } from './errors.js';
import type { PixelImage } from './image.js';
import { pixelOverlap } from './overlap.js';

/** Flag bits of aperture and forced photometry. */
export const PhotFlags = {
  /** The aperture extends beyond the image. */
  TRUNCATED: 1,
  /** Masked pixels (NaN or ±Infinity: no measurement) in the aperture were skipped. */
  MASKED: 2,
  /** A pixel in the aperture is at or above the saturation level. */
  SATURATED: 4,
  /** Too few sky pixels in the annulus (< 10): the sky or its noise is unreliable. */
  BAD_SKY: 8,
  /** The background-subtracted flux is not positive. */
  NONPOSITIVE: 16,
} as const;

/** The raw sum of one circular aperture. */
export interface ApertureSum {
  /** Σ weight × pixel over the aperture, ADU (no background subtracted). */
  sum: number;
  /** Σ weight over usable pixels: the aperture area actually summed, pixels². */
  area: number;
  /** Largest pixel value with weight > 0, ADU (NaN if none). */
  peak: number;
  /** {@link PhotFlags} bits: TRUNCATED, MASKED. */
  flags: number;
}

/**
 * Sums `image` in a circle of radius `r` pixels centred at (x, y) (0-based pixels), weighting
 * each pixel by its exact fractional overlap with the circle. Pixels off the image are
 * skipped (flag TRUNCATED), NaN and infinite pixels are skipped (flag MASKED); `area` counts
 * only what was summed.
 */
export function sumCircle(image: PixelImage, x: number, y: number, r: number): ApertureSum {
  if (!(r > 0) || !Number.isFinite(x) || !Number.isFinite(y)) {
    throw new PhotometryError('PHOT_BAD_ARGUMENT', `bad aperture (x ${x}, y ${y}, r ${r})`);
  }
  const { data, width, height } = image;
  const i0 = Math.floor(x - r + 0.5);
  const i1 = Math.ceil(x + r - 0.5);
  const j0 = Math.floor(y - r + 0.5);
  const j1 = Math.ceil(y + r - 0.5);
  let sum = 0;
  let area = 0;
  let peak = -Infinity;
  let flags = 0;
  for (let j = j0; j <= j1; j++) {
    const dy = j - y;
    for (let i = i0; i <= i1; i++) {
      const w = pixelOverlap(i - x, dy, r);
      if (w <= 0) continue;
      if (i < 0 || j < 0 || i >= width || j >= height) {
        flags |= PhotFlags.TRUNCATED;
        continue;
      }
      const v = data[j * width + i]!;
      if (!Number.isFinite(v)) {
        flags |= PhotFlags.MASKED;
        continue;
      }
      sum += w * v;
      area += w;
      if (v > peak) peak = v;
    }
  }
  return { sum, area, peak: peak === -Infinity ? NaN : peak, flags };
}
