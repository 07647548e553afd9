/**
 * A synthetic star field for a worker to run its stages on while it would otherwise wait for
 * the first image's background statistics (see serveImages in prepare.ts).
 */
import { deblendDetections, detectImage, type ResolvedOptions } from '../../../core/extract/extract.js';

/**
 * A deterministic `size`² field (one per `seed`, a positive integer): sky with Gaussian noise
 * and `stars` stars, crowded enough that many are blended (deblending is the stage whose first
 * run costs the most).
 */
export function starField(size: number, stars: number, seed = 1): Float32Array {
  const img = new Float32Array(size * size);
  let s = seed >>> 0;
  const rnd = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
  for (let i = 0; i < img.length; i++) img[i] = 1000 + 10 * Math.sqrt(-2 * Math.log(rnd())) * Math.cos(2 * Math.PI * rnd());
  for (let k = 0; k < stars; k++) {
    const x0 = rnd() * size;
    const y0 = rnd() * size;
    const amp = 20 + 5000 * rnd() ** 3;
    const sig = 1 + rnd();
    for (let y = Math.max(0, Math.floor(y0 - 5 * sig)); y < Math.min(size, y0 + 5 * sig); y++) {
      for (let x = Math.max(0, Math.floor(x0 - 5 * sig)); x < Math.min(size, x0 + 5 * sig); x++) {
        img[y * size + x] += amp * Math.exp(-((x - x0) ** 2 + (y - y0) ** 2) / (2 * sig * sig));
      }
    }
  }
  return img;
}

/**
 * Run detection and deblending on a synthetic field with options `o`. Results are discarded,
 * and so is any error: whatever these options do to a synthetic field says nothing about the
 * real images, which report their own errors.
 */
export function warmUp(o: ResolvedOptions, size = 128, stars = 300): void {
  try {
    const img = starField(size, stars);
    deblendDetections(detectImage(img, size, size, o), size, size, o);
  } catch {
    // see above
  }
}
