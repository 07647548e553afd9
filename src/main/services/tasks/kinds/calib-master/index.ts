/**
 * `calib-master`: a group of the library's raw bias, dark or flat frames → their master, a
 * product of the library (kind `master`), computed on a pool thread or a broker worker
 * (run.ts), stored by the main-side hooks (service.ts). Queued by the calibration planner
 * (services/calibration/planner.ts), one per group, again when the group gains frames.
 */
import { definePoolKind, outputOf } from '../types.js';
import { calibMasterWorker } from './run.js';
import { calibImageOutputSchema, calibMasterPayloadSchema } from './schema.js';
import { calibMasterHooks } from './service.js';

export const calibMasterKind = definePoolKind({
  name: 'calib-master',
  payload: calibMasterPayloadSchema,
  defaults: { priority: 1, maxAttempts: 2, timeLimitMs: 30 * 60_000 },
  worker: calibMasterWorker,
  output: outputOf('calib-master', calibImageOutputSchema),
  ...calibMasterHooks,
});

export type { CalibMasterPayload } from './schema.js';
