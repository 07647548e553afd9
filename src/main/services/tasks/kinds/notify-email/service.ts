import type { InlineKind } from '../types.js';
import type { NotifyEmailPayload } from './schema.js';

/** The hooks of `notify-email`: sends through the mail service, records the message id. */
export const notifyEmailHooks: Pick<InlineKind<NotifyEmailPayload>, 'run' | 'ingest'> = {
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
};
