import { z } from 'zod';
import { debugInputSchema } from '../../../../workers/tasks/kinds/debug.js';
import { defineKind } from './types.js';

/** `noop`: an empty pool task, for measuring the service's overhead. */
export const noopKind = defineKind<{ n?: number }>({
  name: 'noop',
  execution: 'pool',
  payload: z.object({ n: z.number().int().optional() }).strict(),
  defaults: { priority: 0, maxAttempts: 1, timeLimitMs: null },
  prepare: (_ctx, p) => ({ workerKind: 'noop', input: p }),
});

/** `debug`: misbehaving pool tasks for the runners' tests (registered only with NIGHTSHIFT_DEBUG_TASKS=1). */
export const debugKind = defineKind<z.infer<typeof debugInputSchema>>({
  name: 'debug',
  execution: 'pool',
  payload: debugInputSchema,
  defaults: { priority: 0, maxAttempts: 1, timeLimitMs: null },
  prepare: (_ctx, p) => ({ workerKind: 'debug', input: p }),
});
