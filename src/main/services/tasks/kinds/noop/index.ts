/** `noop`: an empty pool task, for measuring the service's overhead. Nothing is stored. */
import { definePoolKind } from '../types.js';
import { noopWorker } from './run.js';
import { noopSchema } from './schema.js';

export const noopKind = definePoolKind({
  name: 'noop',
  payload: noopSchema,
  defaults: { priority: 0, maxAttempts: 1, timeLimitMs: null },
  worker: noopWorker,
  output: (result) => result,
  prepare: (_ctx, p) => p,
});
