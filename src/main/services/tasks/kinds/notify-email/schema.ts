import { z } from 'zod';

/** A `notify-email` task's payload (the kind runs inline: there is no worker input or output). */
export const notifyEmailPayloadSchema = z
  .object({
    subject: z.string().min(1).max(500),
    text: z.string().max(100_000),
    /** Recipients; default: the settings' `smtp.to`. */
    to: z.array(z.string().email().max(255)).max(50).optional(),
  })
  .strict();
export type NotifyEmailPayload = z.infer<typeof notifyEmailPayloadSchema>;
