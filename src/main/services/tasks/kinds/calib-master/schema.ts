/**
 * The `calib-master` kind's data: the payload (a group of raw calibration frames of the
 * library, and the masters to prepare them with), the worker's input (their files) and its
 * output (the master as a FITS file staged in the library, or its bytes). Worker-safe: no database, no service.
 */
import { z } from 'zod';
import { fileRefSchema } from '../../file-ref.js';

/** The library's staging area as a worker's input names it (services/calib/output-file.ts). */
export const stagingAreaSchema = z.object({ dir: z.string().min(1).max(4096), token: z.string().regex(/^[0-9a-f]{32}$/) }).strict();

export const calibMasterPayloadSchema = z
  .object({
    type: z.enum(['bias', 'dark', 'flat']),
    /** The group (services/calibration/frames.ts, groupKey): one master per group. */
    group: z.string().min(1).max(2000),
    /** The raw frames combined (product ids, ascending). */
    frameIds: z.array(z.number().int().positive()).min(1).max(10_000),
    /** The group's observing night (`YYYY-MM-DD`, its evening; services/calibration/frames.ts); absent for undated frames. */
    night: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
    /** The master bias subtracted from darks and flats. */
    biasId: z.number().int().positive().optional(),
    /** The master dark subtracted (scaled by exposure) from flats. */
    darkId: z.number().int().positive().optional(),
  })
  .strict();
export type CalibMasterPayload = z.infer<typeof calibMasterPayloadSchema>;

export const calibMasterInputSchema = z
  .object({
    type: z.enum(['bias', 'dark', 'flat']),
    frames: z.array(fileRefSchema).min(1),
    bias: fileRefSchema.optional(),
    dark: fileRefSchema.optional(),
    method: z.enum(['median', 'mean', 'sigclip']).default('median'),
    /** Cards set in the master's header (its night `DAY-OBS`, the inputs' date range `DATE-BEG`/`DATE-END`). */
    cards: z.array(z.object({ keyword: z.string().regex(/^[A-Z0-9_-]{1,8}$/), value: z.string().max(68), comment: z.string().max(72) }).strict()).max(16).optional(),
    /** Where to write the master when this machine reaches it (else it comes back as bytes). */
    stage: stagingAreaSchema.optional(),
  })
  .strict();
export type CalibMasterInput = z.input<typeof calibMasterInputSchema>;
export type CalibMasterInputValue = z.output<typeof calibMasterInputSchema>;

/**
 * A master or calibrated frame as a worker returns it: a FITS file staged in the library (`file`:
 * absolute path, size in bytes, SHA-256) or, from a machine without the library's disk, its
 * bytes (`fits`, base64); exactly one. And its size in pixels.
 */
export const calibImageOutputSchema = z
  .object({
    file: fileRefSchema.optional(),
    fits: z.string().min(1).optional(),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    frames: z.number().int().positive().optional(),
    rejected: z.number().int().min(0).optional(),
  })
  .strict()
  .refine((o) => (o.file === undefined) !== (o.fits === undefined), 'exactly one of file and fits');
export type CalibImageOutput = z.infer<typeof calibImageOutputSchema>;
