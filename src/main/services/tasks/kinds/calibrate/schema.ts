/**
 * The `calibrate` kind's data: the payload (a raw light of the library and the masters chosen
 * for it), the worker's input (their files) and the output (the calibrated frame as a FITS
 * file staged in the library, or its bytes: calib-master's output schema). Worker-safe: no database, no service.
 */
import { z } from 'zod';
import { fileRefSchema } from '../../file-ref.js';
import { stagingAreaSchema } from '../calib-master/schema.js';

export const calibratePayloadSchema = z
  .object({
    /** The raw light (product id). */
    productId: z.number().int().positive(),
    biasId: z.number().int().positive(),
    darkId: z.number().int().positive(),
    flatId: z.number().int().positive(),
    /** Why these masters, in words (shown on the product page). */
    why: z.string().max(2000).optional(),
  })
  .strict();
export type CalibratePayload = z.infer<typeof calibratePayloadSchema>;

export const calibrateInputSchema = z
  .object({
    light: fileRefSchema,
    bias: fileRefSchema,
    dark: fileRefSchema,
    flat: fileRefSchema,
    /** Where to write the calibrated frame when this machine reaches it (else it comes back as bytes). */
    stage: stagingAreaSchema.optional(),
  })
  .strict();
export type CalibrateInput = z.infer<typeof calibrateInputSchema>;

export { calibImageOutputSchema, type CalibImageOutput } from '../calib-master/schema.js';
