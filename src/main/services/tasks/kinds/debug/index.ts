/**
 * `debug`: misbehaving pool tasks for the runners' tests (registered only with
 * NIGHTSHIFT_DEBUG_TASKS=1). The payload is the worker's input; nothing is stored.
 */
import { definePoolKind } from '../types.js';
import { debugWorker } from './run.js';
import { debugInputSchema } from './schema.js';

export const debugKind = definePoolKind({
  name: 'debug',
  payload: debugInputSchema,
  defaults: { priority: 0, maxAttempts: 1, timeLimitMs: null },
  worker: debugWorker,
  output: (result) => result,
  prepare: (_ctx, p) => p,
});
