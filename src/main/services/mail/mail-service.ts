import nodemailer from 'nodemailer';
import { TaskError } from '../../../shared/task-error.js';
import type { Settings } from '../../../shared/settings.js';

export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
}

export interface MailServiceOptions {
  /** The SMTP password; kept out of the settings table (env NIGHTSHIFT_SMTP_PASSWORD by default). */
  password?: () => string | null;
  /** Accept self-signed certificates (tests against a local server). */
  allowInsecureTls?: boolean;
}

/** Temporary SMTP failures (4xx replies, network errors) are worth retrying; 5xx are not. */
function classify(err: unknown): TaskError {
  const e = err as { responseCode?: number; code?: string; message?: string };
  const message = `SMTP: ${e?.message ?? String(err)}`;
  if (typeof e?.responseCode === 'number') return new TaskError('smtp_error', message, e.responseCode < 500);
  const transient = ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'ECONNREFUSED', 'EDNS', 'ECONNRESET'];
  return new TaskError('smtp_error', message, transient.includes(e?.code ?? ''));
}

/** Sends e-mail through the SMTP server of the settings (nodemailer). */
export class MailService {
  readonly #options: MailServiceOptions;

  constructor(options: MailServiceOptions = {}) {
    this.#options = options;
  }

  async send(smtp: Settings['smtp'], message: MailMessage, signal?: AbortSignal): Promise<{ messageId: string; accepted: string[] }> {
    if (!smtp.host) throw new TaskError('invalid_argument', 'no SMTP server is configured (settings: smtp.host)');
    if (message.to.length === 0) throw new TaskError('invalid_argument', 'no recipients (settings: smtp.to)');
    const password = (this.#options.password ?? (() => process.env.NIGHTSHIFT_SMTP_PASSWORD ?? null))();
    const transport = nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      auth: smtp.user ? { user: smtp.user, pass: password ?? '' } : undefined,
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 30_000,
      tls: this.#options.allowInsecureTls ? { rejectUnauthorized: false } : undefined,
    });
    const abort = () => transport.close();
    signal?.addEventListener('abort', abort, { once: true });
    try {
      const info = await transport.sendMail({ from: smtp.from ?? smtp.user ?? 'nightshift@localhost', to: message.to, subject: message.subject, text: message.text });
      if (signal?.aborted) throw new TaskError('cancelled', 'cancelled');
      return { messageId: String(info.messageId), accepted: (info.accepted as Array<string | { address: string }>).map((a) => (typeof a === 'string' ? a : a.address)) };
    } catch (err) {
      if (signal?.aborted) throw new TaskError('cancelled', 'the e-mail was cancelled');
      if (err instanceof TaskError) throw err;
      throw classify(err);
    } finally {
      signal?.removeEventListener('abort', abort);
      transport.close();
    }
  }
}
