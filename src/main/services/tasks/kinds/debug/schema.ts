import { z } from 'zod';

/** A `debug` task's payload, which is also its worker's input: how to misbehave. */
export const debugInputSchema = z
  .object({
    mode: z.enum(['ok', 'sleep', 'throw', 'retryable', 'exit', 'oom', 'hang', 'warmed']),
    ms: z.number().int().min(0).max(600_000).optional(),
    value: z.unknown().optional(),
  })
  .strict();
