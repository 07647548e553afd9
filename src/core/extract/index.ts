/** Source extraction (SExtractor/SEP-compatible), pure TypeScript. */
export { extract, ExtractError, resolveOptions } from './extract.js';
export type { Catalog, ExtractHooks, ExtractOptions, ResolvedOptions, Source } from './extract.js';
export { ExtractFlags } from './flags.js';
export { computeBackground, interpolateLine, meshBilinear } from './background.js';

/**
 * The stages of `extract` over ranges (mesh rows, image rows, components, objects), for the
 * extraction pipeline in src/main/services/extract/ that splits them across threads (README.md,
 * "The stages, file by file"). `extract` is these stages in order on one thread.
 */
export {
  analyseComponents,
  backgroundMeshRows,
  backgroundModel,
  checkImage,
  cleanStage,
  deblendDetections,
  detectImage,
  detectRows,
  kernelOf,
  measureDetections,
  measureObjects,
  SKY_MANY_MIN,
  measureRawObjects,
  segmentationMap,
} from './extract.js';
export type { ImageDetections, RawObject } from './extract.js';
export { BackgroundModel, MeshRow, meshCount, meshRowStats } from './background.js';
export { type Detections, mergeStrips, StripDetections, StripGroups } from './detect.js';
export { CRand } from './deblend.js';
export { prepareDetectKernels } from './detect-wasm.js';
export { packObjects, unpackObjects, type PackedObjects } from './packed.js';
