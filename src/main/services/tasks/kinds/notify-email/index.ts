/** `notify-email`: tells collaborators by e-mail (e.g. when a batch finishes), through nodemailer, inline in the main process. */
import { defineKind } from '../types.js';
import { notifyEmailPayloadSchema } from './schema.js';
import { notifyEmailHooks } from './service.js';

export const notifyEmailKind = defineKind({
  name: 'notify-email',
  execution: 'inline',
  payload: notifyEmailPayloadSchema,
  defaults: { priority: 10, maxAttempts: 4, timeLimitMs: 120_000 },
  ...notifyEmailHooks,
});

export { notifyEmailPayloadSchema, type NotifyEmailPayload } from './schema.js';
