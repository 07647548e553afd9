import { z } from 'zod';

/** A thumbnail's job: the image file to read and the PNG to write (paths on this machine). */
export const thumbnailInputSchema = z
  .object({
    path: z.string().min(1),
    out: z.string().min(1),
    /** The largest image read, in MiB (2**20 bytes); default: what `openFits` reads. */
    maxImageMb: z.number().positive().max(4000).optional(),
  })
  .strict();
