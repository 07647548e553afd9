import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkBroker } from '../../../src/main/services/broker-check.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

let redis: ChildProcess;
let port: number;

beforeAll(async () => {
  port = await freePort();
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--requirepass', 's3cret'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    if ((await checkBroker(`redis://:s3cret@127.0.0.1:${port}`, 500)).ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('redis-server did not start');
});

afterAll(() => {
  redis?.kill('SIGKILL');
});

describe('checkBroker', () => {
  it('connects with the right password and names the Redis version, hiding the password', async () => {
    const r = await checkBroker(`redis://:s3cret@127.0.0.1:${port}`);
    expect(r.ok).toBe(true);
    expect(r.message).toMatch(/connected to redis:\/\/:\*\*\*@127\.0\.0\.1:\d+ \(Redis \d+\.\d+/);
    expect(r.message).not.toContain('s3cret');
  });

  it('says when a password is missing or wrong', async () => {
    expect((await checkBroker(`redis://127.0.0.1:${port}`)).message).toMatch(/needs a password/);
    const wrong = await checkBroker(`redis://:nope@127.0.0.1:${port}`);
    expect(wrong).toMatchObject({ ok: false });
    expect(wrong.message).toMatch(/refused the password/);
  });

  it('says when nothing listens', async () => {
    const closed = await freePort();
    const r = await checkBroker(`redis://127.0.0.1:${closed}`);
    expect(r).toEqual({ ok: false, message: `nothing is listening at redis://127.0.0.1:${closed} (connection refused)` });
  });
});
