/**
 * A synthetic star field for a worker to run its stages on while it would otherwise wait for
 * the first image's background statistics (see serveImages in prepare.ts).
 */
import { deblendDetections, detectImage, type ResolvedOptions } from '../../../core/extract/index.js';
import { crowdedField } from '../../../core/synth/index.js';

/**
 * Run detection and deblending on a synthetic field with options `o`. Results are discarded,
 * and so is any error: whatever these options do to a synthetic field says nothing about the
 * real images, which report their own errors.
 */
export function warmUp(o: ResolvedOptions, size = 128, stars = 300): void {
  try {
    const img = crowdedField(size, stars);
    deblendDetections(detectImage(img, size, size, o), size, size, o);
  } catch {
    // see above
  }
}
