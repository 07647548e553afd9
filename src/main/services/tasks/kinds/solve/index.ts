/**
 * `solve`: plate solving of a data product's image that has no celestial WCS, computed by the
 * worker half (run.ts) against astrometry.net index files, checked (schema.ts) and stored with
 * the product by the main-side hooks (service.ts), which also queue its extraction after it.
 */
import { definePoolKind, outputOf } from '../types.js';
import { solveWorker } from './run.js';
import { solveOutputSchema, solvePayloadSchema } from './schema.js';
import { solveHooks } from './service.js';

export const solveKind = definePoolKind({
  name: 'solve',
  payload: solvePayloadSchema,
  // the solver stops itself at the settings' time limit (≤ 1 h); this is the backstop
  defaults: { priority: 0, maxAttempts: 2, timeLimitMs: 65 * 60_000 },
  worker: solveWorker,
  output: outputOf('solve', solveOutputSchema),
  ...solveHooks,
});

export { type SolveOutput, type SolvePayload } from './schema.js';
