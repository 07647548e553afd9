/**
 * Re-centring a star near a predicted position.
 */
import type { PixelImage } from './image.js';
import { skyAnnulus } from './sky.js';

/**
 * Intensity-weighted centroid (0-based pixels) of the sky-subtracted pixels within `radius`
 * pixels of (x, y), iterated `iterations` times from the new centre [3]. The sky is the
 * clipped median of the annulus 2–3 × radius; NaN and infinite pixels are left out. Returns null
 * when the window holds no positive signal or the centre runs more than `maxShift` pixels away [radius].
 */
export function recentre(
  image: PixelImage,
  x: number,
  y: number,
  radius: number,
  iterations = 3,
  maxShift = radius,
): { x: number; y: number } | null {
  const { data, width, height } = image;
  const sky = skyAnnulus(image, x, y, 2 * radius, 3 * radius).level;
  if (!Number.isFinite(sky)) return null;
  let cx = x;
  let cy = y;
  const r2 = radius * radius;
  for (let it = 0; it < iterations; it++) {
    let sw = 0;
    let sx = 0;
    let sy = 0;
    const i0 = Math.max(0, Math.ceil(cx - radius));
    const i1 = Math.min(width - 1, Math.floor(cx + radius));
    const j0 = Math.max(0, Math.ceil(cy - radius));
    const j1 = Math.min(height - 1, Math.floor(cy + radius));
    for (let j = j0; j <= j1; j++) {
      for (let i = i0; i <= i1; i++) {
        if ((i - cx) ** 2 + (j - cy) ** 2 > r2) continue;
        const v = data[j * width + i]! - sky;
        if (!(v > 0) || v === Infinity) continue;
        sw += v;
        sx += v * i;
        sy += v * j;
      }
    }
    if (!(sw > 0) || !Number.isFinite(sw)) return null;
    cx = sx / sw;
    cy = sy / sw;
    if (Math.hypot(cx - x, cy - y) > maxShift) return null;
  }
  return { x: cx, y: cy };
}
