/** The tests' seeded generator: core/synth's mulberry32 (uniform in [0, 1), the same sequence for the same seed). */
export { mulberry32 as rng } from '../../src/core/synth/index.js';
