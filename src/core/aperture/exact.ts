/**
 * Circular-aperture sums with exact pixel/circle overlap in forced photometry's convention (as
 * SEP `sum_circle(subpix=0)` and photutils `method='exact'` away from masked pixels): NaN and
 * infinite pixels are skipped, not made up for, and the area counts only what was summed.
 * Pixel (i, j) is the unit square centred on (i, j), 0-based. The extraction's convention
 * (SExtractor's box and masked-area rescaling, sub-pixel sampling) is sep.ts; both weigh a
 * pixel by the same {@link pixelOverlap}.
 */
import { pixelOverlap } from './overlap.js';
import type { PixelImage } from './pixels.js';
import type { PeakApertureSum } from './sum.js';

/**
 * Sums `image` in a circle of radius `r` pixels centred at (x, y) (0-based pixels), weighting
 * each pixel by its exact fractional overlap with the circle. Pixels off the image are
 * skipped (`truncated`), NaN and infinite pixels are skipped (`masked`); `area` counts only
 * what was summed [px²]. Throws RangeError for a radius that is not positive or a position
 * that is not finite.
 */
export function sumCircleExact(image: PixelImage, x: number, y: number, r: number): PeakApertureSum {
  if (!(r > 0) || !Number.isFinite(x) || !Number.isFinite(y)) {
    throw new RangeError(`bad aperture (x ${x}, y ${y}, r ${r})`);
  }
  const { data, width, height } = image;
  const i0 = Math.floor(x - r + 0.5);
  const i1 = Math.ceil(x + r - 0.5);
  const j0 = Math.floor(y - r + 0.5);
  const j1 = Math.ceil(y + r - 0.5);
  let sum = 0;
  let area = 0;
  let peak = -Infinity;
  let truncated = false;
  let masked = false;
  for (let j = j0; j <= j1; j++) {
    const dy = j - y;
    for (let i = i0; i <= i1; i++) {
      const w = pixelOverlap(i - x, dy, r);
      if (w <= 0) continue;
      if (i < 0 || j < 0 || i >= width || j >= height) {
        truncated = true;
        continue;
      }
      const v = data[j * width + i]!;
      if (!Number.isFinite(v)) {
        masked = true;
        continue;
      }
      sum += w * v;
      area += w;
      if (v > peak) peak = v;
    }
  }
  return { sum, area, truncated, masked, peak: peak === -Infinity ? NaN : peak };
}
