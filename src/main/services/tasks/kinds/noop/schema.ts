import { z } from 'zod';

/** A `noop` task's payload, which is also its worker's input and output. */
export const noopSchema = z.object({ n: z.number().int().optional() }).strict();
