/**
 * `photometry`: measures one target on all its linked images (forced aperture photometry,
 * comparison ensemble, differential magnitudes) on a pool thread here or on a broker worker
 * elsewhere (run.ts), and replaces its light curve (service.ts).
 */
import type { TargetPhotometryOutput } from '../../../../../core/photometry/index.js';
import { definePoolKind, outputOf } from '../types.js';
import { photometryWorker } from './run.js';
import { photometryOutputSchema, photometryPayloadSchema } from './schema.js';
import { photometryHooks } from './service.js';

const checkedOutput = outputOf('photometry', photometryOutputSchema);

export const photometryKind = definePoolKind({
  name: 'photometry',
  payload: photometryPayloadSchema,
  // Below extraction (0): a batch is extracted first, then each target measured once.
  defaults: { priority: -5, maxAttempts: 2, timeLimitMs: 30 * 60_000 },
  worker: photometryWorker,
  // The schema checks every number (finite or null); its output is the core's result type.
  output: (result) => checkedOutput(result) as unknown as TargetPhotometryOutput,
  ...photometryHooks,
});

export { photometrySettings } from './service.js';
export { photometryOutputSchema, type PhotometryPayload } from './schema.js';
