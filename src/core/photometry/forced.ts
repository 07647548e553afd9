/**
 * Forced circular-aperture photometry at a given position: exact-overlap aperture sum minus
 * the sky from an annulus, with the CCD-equation error.
 */
import { sumCircleExact } from '../aperture/index.js';
import { PhotometryError } from './errors.js';
import type { PixelImage } from './image.js';
import { PhotFlags } from './point-flags.js';
import { skyAnnulus, type SkyEstimator } from './sky.js';

export interface ForcedOptions {
  /** Aperture radius, pixels. */
  radius: number;
  /** Sky annulus inner and outer radius, pixels (null: use `skyLevel`). */
  annulus: [number, number] | null;
  /** Known sky level per pixel (ADU) when there is no annulus [0]. */
  skyLevel?: number;
  /** Known sky noise per pixel (ADU) when there is no annulus (default: from gain and read noise). */
  skySigma?: number;
  /** Detector gain, e⁻/ADU; 0 or absent: no photon-noise term for the source. */
  gain?: number;
  /** Read noise, e⁻ (only used without an annulus to model the sky noise) [0]. */
  readNoise?: number;
  /** Saturation level of the raw pixels, ADU (flag SATURATED when reached). */
  saturate?: number;
  /** Sky estimator ['median']. */
  skyEstimator?: SkyEstimator;
  /** Sky clipping threshold, standard deviations [3]. */
  clipSigma?: number;
}

/** One forced measurement. Fluxes in ADU, sky-subtracted. */
export interface ForcedMeasurement {
  /** Position measured at, 0-based pixels. */
  x: number;
  y: number;
  /** Sky-subtracted aperture flux, ADU. */
  flux: number;
  /** 1σ error of `flux`, ADU. */
  fluxErr: number;
  /** Aperture area summed, pixels². */
  area: number;
  /** Sky level per pixel and its per-pixel noise, ADU. */
  sky: number;
  skySigma: number;
  /** Sky pixels kept after clipping (0 without an annulus). */
  skyCount: number;
  /** Largest raw pixel in the aperture, ADU. */
  peak: number;
  /** Signal-to-noise ratio flux / fluxErr. */
  snr: number;
  /** {@link PhotFlags} bits. */
  flags: number;
}

/**
 * Measures the flux in a circle of `radius` pixels at (x, y) (0-based pixels; the centre of the
 * first pixel is (0, 0)) with exact pixel overlap, minus `area × sky`, the sky being the
 * sigma-clipped median (or mean/mode) of the annulus. The error is
 * σ² = max(F, 0)/g + A·σ_sky² + A²·σ_sky²·k/N_sky, with F the flux (ADU), g the gain (e⁻/ADU),
 * A the aperture area, σ_sky the clipped standard deviation of the annulus (which contains read
 * noise, dark and sky noise alike), N_sky the sky pixel count and k = π/2 for a median sky
 * (1 for a mean). Without an annulus σ_sky² = sky/g + (readNoise/g)² unless `skySigma` is given.
 */
export function forcedPhotometry(image: PixelImage, x: number, y: number, options: ForcedOptions): ForcedMeasurement {
  const { radius } = options;
  if (!(radius > 0)) throw new PhotometryError('phot_bad_argument', `aperture radius must be > 0 (got ${radius})`);
  if (x < -0.5 || y < -0.5 || x >= image.width - 0.5 || y >= image.height - 0.5) {
    throw new PhotometryError('phot_off_image', `position (${x.toFixed(2)}, ${y.toFixed(2)}) is off the image`);
  }
  const gain = options.gain && options.gain > 0 ? options.gain : 0;
  if (!Number.isFinite(x) || !Number.isFinite(y)) throw new PhotometryError('phot_bad_argument', `bad aperture (x ${x}, y ${y}, r ${radius})`);
  const ap = sumCircleExact(image, x, y, radius);
  let flags = (ap.truncated ? PhotFlags.TRUNCATED : 0) | (ap.masked ? PhotFlags.MASKED : 0);
  let sky: number;
  let skySigma: number;
  let skyCount = 0;
  let skyTermFactor = 0;
  if (options.annulus) {
    const [rIn, rOut] = options.annulus;
    if (!(rIn >= 0) || !(rOut > rIn)) throw new PhotometryError('phot_bad_argument', `bad annulus ${rIn}–${rOut}`);
    const est = skyAnnulus(image, x, y, rIn, rOut, { estimator: options.skyEstimator ?? 'median', clipSigma: options.clipSigma ?? 3 });
    sky = est.level;
    skySigma = est.sigma;
    skyCount = est.count;
    if (est.count < 10 || !Number.isFinite(sky)) flags |= PhotFlags.BAD_SKY;
    if (!Number.isFinite(sky)) {
      sky = 0;
      skySigma = 0;
    }
    skyTermFactor = skyCount > 0 ? (options.skyEstimator === 'mean' ? 1 : Math.PI / 2) / skyCount : 0;
  } else {
    sky = options.skyLevel ?? 0;
    const rn = options.readNoise ?? 0;
    skySigma = options.skySigma ?? (gain > 0 ? Math.sqrt(Math.max(sky, 0) / gain + (rn / gain) ** 2) : 0);
  }
  const flux = ap.sum - ap.area * sky;
  const variance = (gain > 0 ? Math.max(flux, 0) / gain : 0) + ap.area * skySigma ** 2 + ap.area ** 2 * skySigma ** 2 * skyTermFactor;
  const fluxErr = Math.sqrt(variance);
  if (options.saturate !== undefined && ap.peak >= options.saturate) flags |= PhotFlags.SATURATED;
  if (!(flux > 0)) flags |= PhotFlags.NONPOSITIVE;
  return {
    x,
    y,
    flux,
    fluxErr,
    area: ap.area,
    sky,
    skySigma,
    skyCount,
    peak: ap.peak,
    snr: fluxErr > 0 ? flux / fluxErr : Infinity,
    flags,
  };
}
