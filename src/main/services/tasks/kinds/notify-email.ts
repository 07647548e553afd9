import { z } from 'zod';
import { defineKind } from './types.js';

export const notifyEmailPayloadSchema = z
  .object({
    subject: z.string().min(1).max(500),
    text: z.string().max(100_000),
    /** Recipients; default: the settings' `smtp.to`. */
    to: z.array(z.string().email().max(255)).max(50).optional(),
  })
  .strict();
export type NotifyEmailPayload = z.infer<typeof notifyEmailPayloadSchema>;

/** `notify-email`: tells collaborators by e-mail (e.g. when a batch finishes), through nodemailer. */
export const notifyEmailKind = defineKind<NotifyEmailPayload>({
  name: 'notify-email',
  execution: 'inline',
  payload: notifyEmailPayloadSchema,
  defaults: { priority: 10, maxAttempts: 4, timeLimitMs: 120_000 },
  async run(ctx, payload, run) {
    const smtp = ctx.settings.get().smtp;
    run.progress(0, 'sending');
    const info = await ctx.mail.send(smtp, { to: payload.to ?? smtp.to, subject: payload.subject, text: payload.text }, run.signal);
    run.progress(1, 'sent');
    return info;
  },
  ingest: (_ctx, _task, _payload, result) => {
    const id = (result as { messageId?: unknown } | null)?.messageId;
    return typeof id === 'string' ? `mail:${id}` : null;
  },
});
