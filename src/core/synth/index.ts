/**
 * Synthetic star fields (pure, deterministic): one seeded generator and one field renderer for
 * the extraction warm-ups, the tests and the benchmarks.
 */
export { lcg, mulberry32, normal, poisson, type Uniform } from './random.js';
export { addStar, crowdedField, starField, starModel, type GaussianPsf, type Noise, type Sampling, type StarFieldOptions, type SynthStar } from './field.js';
