/**
 * `calibrate`: a raw light of the library and the masters chosen for it → the calibrated frame,
 * a product of the library (kind `calibrated`, `rawId` its light) that extraction, target
 * matching and photometry then use instead of the raw light. Queued by the calibration planner
 * (services/calibration/planner.ts) when the light's masters exist.
 */
import { definePoolKind, outputOf } from '../types.js';
import { calibrateWorker } from './run.js';
import { calibImageOutputSchema, calibratePayloadSchema } from './schema.js';
import { calibrateHooks } from './service.js';

export const calibrateKind = definePoolKind({
  name: 'calibrate',
  payload: calibratePayloadSchema,
  defaults: { priority: 1, maxAttempts: 2, timeLimitMs: 10 * 60_000 },
  worker: calibrateWorker,
  output: outputOf('calibrate', calibImageOutputSchema),
  productOf: (p) => p.productId,
  ...calibrateHooks,
});

export type { CalibratePayload } from './schema.js';
