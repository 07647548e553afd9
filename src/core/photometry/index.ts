/**
 * Aperture and differential photometry in pure TypeScript. Pixels are 0-based (the centre of
 * the first pixel is (0, 0)); fluxes are ADU unless stated; magnitudes are −2.5 log10 of flux.
 */
export { PhotometryError, type PhotometryErrorCode } from './errors.js';
export type { PixelImage } from './image.js';
export { annulusPixels, clippedStats, skyAnnulus, type SkyEstimate, type SkyEstimator, type SkyOptions } from './sky.js';
export { forcedPhotometry, type ForcedMeasurement, type ForcedOptions } from './forced.js';
export { fluxToMag, magErr, MAG_ERR_FACTOR } from './magnitude.js';
export {
  selectComparisons,
  differentialPhotometry,
  relativeFlux,
  reducedChi2,
  type StarSeries,
  type ComparisonOptions,
  type ComparisonChoice,
  type DifferentialPoint,
  type RejectReason,
} from './differential.js';
export { fitEnsemble, ensembleRatios, usableComparison, type EnsembleFit, type EnsembleRatio } from './ensemble.js';
export { PhotFlags, PointFlags, DETECTION_SNR, pointFlagReasons, noMagnitudeReason } from './point-flags.js';
export { comparisonCandidates, type CatalogStar, type CandidateOptions } from './candidates.js';
export { recentre } from './centroid.js';
export { measureSeries, type SeriesImage, type SeriesOptions, type SeriesResult } from './series.js';
export {
  runTargetPhotometry,
  imageGain,
  DEFAULT_GAIN,
  type TargetPhotometryInput,
  type TargetPhotometryOutput,
  type TargetPhotometryRow,
  type TargetPhotometrySettings,
  type TargetImage,
  type ReferenceStar,
  type ComparisonVerdict,
} from './job.js';
