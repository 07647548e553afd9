/**
 * `extract`: a data product's image → its catalog in `catalogs` + `sources`, computed by the
 * worker half (run.ts) on a pool thread here or on a broker worker elsewhere, checked
 * (schema.ts) and stored by the main-side hooks (service.ts).
 */
import { definePoolKind } from '../types.js';
import { extractWorker } from './run.js';
import { checkedOutput, extractPayloadSchema } from './schema.js';
import { extractHooks } from './service.js';

export const extractKind = definePoolKind({
  name: 'extract',
  payload: extractPayloadSchema,
  defaults: { priority: 0, maxAttempts: 2, timeLimitMs: 30 * 60_000 },
  worker: extractWorker,
  output: checkedOutput,
  ...extractHooks,
});

export { checkedOutput, type ExtractOutput, type ExtractPayload } from './schema.js';
