import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../src/main/services/logger.js';
import { MailService } from '../../../../src/main/services/mail/mail-service.js';
import { createServices, type Services } from '../../../../src/main/services/services.js';
import { tempDir } from '../../../helpers/tmp.js';

interface Received {
  from: string;
  to: string[];
  body: string;
}

let server: SMTPServer;
let port: number;
const received: Received[] = [];
/** Reply codes to send for the next messages (451 temporary, 550 permanent). */
const refusals: number[] = [];
let services: Services;
let cleanup: () => void;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let body = '';
      stream.on('data', (d: Buffer) => (body += d.toString()));
      stream.on('end', () => {
        const code = refusals.shift();
        if (code) {
          const err = Object.assign(new Error(code >= 500 ? 'mailbox unavailable' : 'try again later'), { responseCode: code });
          return callback(err);
        }
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), body });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  port = (server.server.address() as AddressInfo).port;
  const t = tempDir();
  cleanup = t.cleanup;
  services = createServices({ dataDir: join(t.dir, 'lib'), logger: silentLogger, tasks: { threads: 1, backoffBaseMs: 50 } });
  services.settings.set({ smtp: { host: '127.0.0.1', port, secure: false, from: 'nightshift@example.org', to: ['ann@example.org', 'bo@example.org'] } });
  await services.tasks.start();
});

afterAll(async () => {
  await services.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  cleanup();
});

describe('notify-email', () => {
  it('sends the message to the configured collaborators', async () => {
    const t = services.tasks.enqueue('notify-email', { subject: 'Batch done: 40 images', text: '40 extracted, 0 failed' });
    const [done] = await services.tasks.waitFor([t.id]);
    expect(done).toMatchObject({ status: 'succeeded', ranOn: 'local', attempts: 1 });
    expect(received).toHaveLength(1);
    expect(received[0]!.to).toEqual(['ann@example.org', 'bo@example.org']);
    expect(received[0]!.from).toBe('nightshift@example.org');
    expect(received[0]!.body).toContain('Subject: Batch done: 40 images');
    expect(received[0]!.body).toContain('40 extracted, 0 failed');
    const row = services.db.prepare('SELECT result_ref FROM tasks WHERE id = ?').get(t.id) as { result_ref: string };
    expect(row.result_ref).toMatch(/^mail:/);
  });

  it('retries a temporary refusal and gives up on a permanent one', async () => {
    refusals.push(451);
    const retried = services.tasks.enqueue('notify-email', { subject: 'again', text: 'x', to: ['cy@example.org'] });
    const [r] = await services.tasks.waitFor([retried.id]);
    expect(r).toMatchObject({ status: 'succeeded', attempts: 2 });
    refusals.push(550);
    const refused = services.tasks.enqueue('notify-email', { subject: 'no', text: 'x', to: ['dee@example.org'] });
    const [f] = await services.tasks.waitFor([refused.id]);
    expect(f).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'smtp_error' } });
    expect(f!.error!.message).toContain('mailbox unavailable');
  });

  it('reports a missing SMTP server clearly', async () => {
    const mail = new MailService();
    await expect(mail.send({ host: null, port: 25, secure: false, user: null, from: null, to: [] }, { to: ['a@b.c'], subject: 's', text: 't' })).rejects.toThrow(
      /no SMTP server is configured/,
    );
    await expect(mail.send({ host: '127.0.0.1', port: 1, secure: false, user: null, from: null, to: [] }, { to: ['a@b.c'], subject: 's', text: 't' })).rejects.toMatchObject({
      code: 'smtp_error',
      retryable: true,
    });
  });
});
