/**
 * Order statistics and means shared by the core (calibration, extraction, photometry,
 * display). Per-type specialisations (quickselect for whole frames, insertion sort for pixel
 * stacks, float32 for SExtractor's meshes) say so where they are defined.
 */
export { sortedMedian, median, finiteMedian, finiteMedianInPlace, smallMedianInPlace } from './median.js';
export { fmedian, windowMedian } from './float32.js';
export { meanOf } from './mean.js';
export { medianNetwork, networkMedians } from './median-network.js';
export { simdMedians, type SimdMedians } from './median-simd.js';
