/**
 * A synthetic FITS image of a star field for the photometry tests: stars given in the field's
 * own pixel frame, rendered with Poisson noise (in electrons) and read noise by
 * `tests/core/photometry/synthetic.ts`, a TAN WCS that follows the pointing shift, a
 * DATE-OBS, and the header keywords a test asks for.
 */
import { writeFits } from '../../src/core/fits/index.js';
import { field, type Star } from '../core/photometry/synthetic.js';
import { tanHeader } from './tan-header.js';

export type { Star };

export interface StarFieldImage {
  /** The stars in the field's frame (0-based pixels when the shift is 0); fluxes in ADU on this image. */
  stars: readonly Star[];
  width: number;
  height: number;
  /** Sky position of the field's centre pixel, degrees. */
  ra: number;
  dec: number;
  /** Arcseconds per pixel [0.6]. */
  scaleArcsec?: number;
  /** Pointing shift: the field lands this many pixels further along x and y; the WCS follows [0, 0]. */
  shift?: [number, number];
  /** Sky level, ADU per pixel [400]. */
  sky?: number;
  /** PSF Gaussian σ, pixels [1.3]. */
  sigma?: number;
  /** The detector's gain used for the noise, e⁻/ADU [2], and its read noise, e⁻ [5]. */
  gain?: number;
  readNoise?: number;
  /** Noise seed. */
  seed: number;
  /** Header keywords (DATE-OBS, EXPTIME, FILTER, GAIN, ...) added to the WCS. */
  header: Record<string, string | number>;
}

/** The FITS bytes of one image of the field. */
export function starFieldFits(o: StarFieldImage): Uint8Array {
  const [dx, dy] = o.shift ?? [0, 0];
  const data = field(
    o.stars.map((s) => ({ x: s.x + dx, y: s.y + dy, flux: s.flux })),
    { width: o.width, height: o.height, sky: o.sky ?? 400, sigma: o.sigma ?? 1.3, gain: o.gain ?? 2, readNoise: o.readNoise ?? 5, seed: o.seed },
  );
  const wcs = tanHeader(o.ra, o.dec, o.width, o.height, o.scaleArcsec ?? 0.6);
  const header = { ...wcs, CRPIX1: Number(wcs.CRPIX1) + dx, CRPIX2: Number(wcs.CRPIX2) + dy, ...o.header };
  return writeFits([{ header, data, shape: [o.width, o.height] }]);
}
