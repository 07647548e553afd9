/**
 * A target's light curve from a set of images: forced photometry of the target and of the
 * comparison candidates in every image, automatic comparison choice, ensemble photometry.
 */
import { median } from '../stats/index.js';
import { recentre } from './centroid.js';
import { differentialPhotometry, selectComparisons, type ComparisonChoice, type ComparisonOptions, type DifferentialPoint, type StarSeries } from './differential.js';
import { PhotometryError } from './errors.js';
import { forcedPhotometry, type ForcedMeasurement } from './forced.js';
import type { PixelImage } from './image.js';
import { PhotFlags } from './point-flags.js';
import type { SkyEstimator } from './sky.js';

type Pos = { x: number; y: number };

/** One image of the series, with the predicted pixel positions in it. */
export interface SeriesImage {
  image: PixelImage;
  /** Gain e⁻/ADU (0: no source photon noise), read noise e⁻, raw saturation level ADU. */
  gain?: number;
  readNoise?: number;
  saturate?: number;
  /** Predicted position of the target, 0-based pixels. */
  target: Pos;
  /** Predicted positions of the comparison candidates (same order in every image; null: off the image). */
  stars: Array<Pos | null>;
}

export interface SeriesOptions extends ComparisonOptions {
  /** Aperture radius, pixels. */
  radius: number;
  /** Sky annulus radii, pixels. */
  annulus: [number, number];
  skyEstimator?: SkyEstimator;
  /**
   * Re-centre the comparison stars within this radius (pixels) and move the target by their
   * median shift (0 = measure exactly at the predicted positions) [0].
   */
  recentreRadius?: number;
  /** Flags that make a measurement unusable for a comparison star [TRUNCATED|MASKED|SATURATED|BAD_SKY|NONPOSITIVE]. */
  badFlags?: number;
  /** Use these comparison stars (indices into `stars`) instead of choosing them. */
  comparisons?: number[];
}

export interface SeriesResult {
  /** The target's forced measurement in every image. */
  target: ForcedMeasurement[];
  /** The candidates' forced measurements (null where off the image). */
  stars: Array<Array<ForcedMeasurement | null>>;
  /** The comparison choice (selected indices into `stars`). */
  choice: ComparisonChoice;
  /** The target's differential photometry per image (each image's ensemble: the comparison stars usable on it). */
  points: DifferentialPoint[];
}

function toSeries(ms: Array<ForcedMeasurement | null>, badFlags: number): StarSeries {
  return {
    flux: ms.map((m) => (m ? m.flux : NaN)),
    fluxErr: ms.map((m) => (m ? m.fluxErr : NaN)),
    ok: ms.map((m) => m !== null && (m.flags & badFlags) === 0 && Number.isFinite(m.flux)),
  };
}

/**
 * Measures the target and every candidate star in every image with the same aperture and
 * annulus, picks comparison stars (unless given), and returns the target's differential
 * photometry (NaN when no comparison star is usable or `comparisons` is given empty).
 * Positions are 0-based pixels. Throws `phot_too_few_images` without images and
 * `phot_off_image` when the target's predicted position is off an image.
 */
export function measureSeries(images: readonly SeriesImage[], options: SeriesOptions): SeriesResult {
  if (images.length === 0) throw new PhotometryError('phot_too_few_images', 'no images');
  const nStars = images[0]!.stars.length;
  const bad = options.badFlags ?? PhotFlags.TRUNCATED | PhotFlags.MASKED | PhotFlags.SATURATED | PhotFlags.BAD_SKY | PhotFlags.NONPOSITIVE;
  const rc = options.recentreRadius ?? 0;
  const targets: ForcedMeasurement[] = [];
  const stars: Array<Array<ForcedMeasurement | null>> = Array.from({ length: nStars }, () => []);
  for (const im of images) {
    const common = {
      radius: options.radius,
      annulus: options.annulus,
      gain: im.gain,
      readNoise: im.readNoise,
      saturate: im.saturate,
      skyEstimator: options.skyEstimator,
    };
    const shiftsX: number[] = [];
    const shiftsY: number[] = [];
    const positions = im.stars.map((p) => {
      if (!p || rc <= 0) return p;
      const c = inside(im.image, p) ? recentre(im.image, p.x, p.y, rc) : null;
      if (!c) return p;
      shiftsX.push(c.x - p.x);
      shiftsY.push(c.y - p.y);
      return c;
    });
    positions.forEach((p, s) => {
      stars[s]!.push(p && inside(im.image, p) ? forcedPhotometry(im.image, p.x, p.y, common) : null);
    });
    // Moved by the comparison stars' median shift; a target at the edge that the shift would
    // push off the image stays at its predicted position.
    const shift = (v: number[]): number => (v.length > 0 ? median(v) : 0);
    const moved = { x: im.target.x + shift(shiftsX), y: im.target.y + shift(shiftsY) };
    const t = inside(im.image, moved) ? moved : im.target;
    if (!inside(im.image, t)) throw new PhotometryError('phot_off_image', 'the target is off an image of the series');
    targets.push(forcedPhotometry(im.image, t.x, t.y, common));
  }
  const series = stars.map((ms) => toSeries(ms, bad));
  const choice: ComparisonChoice = options.comparisons
    ? { selected: [...options.comparisons], rejected: [], reducedChi2: [], imagesUsed: [] }
    : selectComparisons(series, options);
  const targetSeries: StarSeries = toSeries(targets, PhotFlags.TRUNCATED | PhotFlags.MASKED);
  const points: DifferentialPoint[] =
    choice.selected.length > 0
      ? differentialPhotometry(targetSeries, series, choice.selected, undefined, options.maxStars ?? 12)
      : targets.map(() => ({ relFlux: NaN, relFluxErr: NaN, mag: NaN, magErr: NaN, ensembleFlux: NaN, ensembleFluxErr: NaN, nComparisons: 0 }));
  return { target: targets, stars, choice, points };
}

function inside(image: PixelImage, p: Pos): boolean {
  return p.x >= -0.5 && p.y >= -0.5 && p.x < image.width - 0.5 && p.y < image.height - 0.5;
}
