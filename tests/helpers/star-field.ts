/**
 * A synthetic FITS image of a star field for the photometry tests: stars given in the field's
 * own pixel frame, rendered by core/synth's generator (Gaussian stars integrated over the
 * pixels, Poisson noise in electrons and read noise), a TAN WCS that follows the pointing
 * shift, a DATE-OBS, and the header keywords a test asks for.
 */
import { type SynthStar as Star } from '../../src/core/synth/index.js';
import { starFieldFits as fieldFits } from '../../src/core/synth-fits/index.js';
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
  const wcs = tanHeader(o.ra, o.dec, o.width, o.height, o.scaleArcsec ?? 0.6);
  return fieldFits({
    width: o.width,
    height: o.height,
    sky: o.sky ?? 400,
    stars: o.stars.map((s) => ({ x: s.x + dx, y: s.y + dy, flux: s.flux })),
    psf: { sigma: o.sigma ?? 1.3 },
    sampling: 'integrated',
    noise: { gain: o.gain ?? 2, readNoise: o.readNoise ?? 5 },
    seed: o.seed,
    header: { ...wcs, CRPIX1: Number(wcs.CRPIX1) + dx, CRPIX2: Number(wcs.CRPIX2) + dy, ...o.header },
  });
}
