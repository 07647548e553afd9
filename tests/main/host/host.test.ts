import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createDispatch } from '../../../src/main/api/dispatch.js';
import { startHost, type Host } from '../../../src/main/host/server.js';
import { silentLogger } from '../../../src/main/services/logger.js';
import type { Services } from '../../../src/main/services/services.js';
import { testServices } from '../../helpers/services.js';
import { tempDir } from '../../helpers/tmp.js';

let host: Host;
let services: Services;
let done: () => Promise<void>;
let cleanupRenderer: () => void;
let rendererDir = '';

beforeAll(async () => {
  const t = testServices();
  services = t.services;
  done = t.done;
  const r = tempDir();
  cleanupRenderer = r.cleanup;
  rendererDir = r.dir;
  mkdirSync(join(r.dir, 'assets'));
  writeFileSync(join(r.dir, 'index.html'), '<!doctype html><title>Nightshift</title>');
  writeFileSync(join(r.dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(t.dir, 'secret.txt'), 'secret');
  host = await startHost({
    dispatch: createDispatch({ services, shell: 'host' }, silentLogger),
    events: services.events,
    logger: silentLogger,
    rendererDir: r.dir,
    port: 0,
  });
});

afterAll(async () => {
  await host.close();
  await done();
  cleanupRenderer();
});

const origin = () => `http://127.0.0.1:${host.port}`;

function connect(url: string, headers: Record<string, string>): Promise<{ ws: WebSocket | null; status: number | null }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve({ ws, status: null }));
    ws.once('unexpected-response', (_req, res) => resolve({ ws: null, status: res.statusCode ?? null }));
    ws.once('error', () => resolve({ ws: null, status: -1 }));
  });
}

function request(ws: WebSocket, message: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(data.toString())));
    ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  });
}

describe('browser host', () => {
  it('prints a 127.0.0.1 URL with a long random token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
  });

  it('refuses HTTP requests without the token, and serves with it (then by cookie)', async () => {
    expect((await fetch(`${origin()}/`)).status).toBe(403);
    expect((await fetch(`${origin()}/?token=wrong`)).status).toBe(403);
    const first = await fetch(host.url);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(first.headers.get('content-security-policy')).not.toContain('unsafe-eval');
    const cookie = first.headers.get('set-cookie')?.split(';')[0] ?? '';
    expect(cookie).toBe(`${host.cookie}=${host.token}`);
    expect(host.cookie).toMatch(/^nightshift_[0-9a-f]{12}$/);
    const asset = await fetch(`${origin()}/assets/app.js`, { headers: { cookie } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${origin()}/assets/app.js`)).status).toBe(403);
  });

  it('names its cookie for this launch, so two hosts (or another server on 127.0.0.1) never share one', async () => {
    const other = await startHost({
      dispatch: createDispatch({ services, shell: 'host' }, silentLogger),
      events: services.events,
      logger: silentLogger,
      rendererDir,
      port: 0,
    });
    try {
      expect(other.cookie).not.toBe(host.cookie);
      expect(host.cookie).not.toBe('nightshift_token');
      // one host's cookie does not open the other
      expect((await fetch(`http://127.0.0.1:${other.port}/`, { headers: { cookie: `${host.cookie}=${other.token}` } })).status).toBe(403);
      expect((await fetch(`http://127.0.0.1:${other.port}/`, { headers: { cookie: `${other.cookie}=${other.token}` } })).status).toBe(200);
    } finally {
      await other.close();
    }
  });

  it('never serves files outside the renderer folder', async () => {
    const cookie = `${host.cookie}=${host.token}`;
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const res = await fetch(`${origin()}${path}`, { headers: { cookie } });
      expect(await res.text()).not.toBe('secret');
    }
  });

  it('refuses a WebSocket without the token or from another origin', async () => {
    expect((await connect(`ws://127.0.0.1:${host.port}/ws`, { origin: origin() })).status).toBe(403);
    expect((await connect(`ws://127.0.0.1:${host.port}/ws?token=nope`, { origin: origin() })).status).toBe(403);
    expect((await connect(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await connect(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, {})).status).toBe(403);
  });

  it('serves the handler table over the WebSocket, with invalid_argument for bad calls', async () => {
    const { ws } = await connect(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, { origin: origin() });
    expect(ws).not.toBeNull();
    const socket = ws as WebSocket;
    const info = (await request(socket, { id: 1, channel: 'app:info' })) as { id: number; result: { ok: boolean; data: { shell: string } } };
    expect(info.id).toBe(1);
    expect(info.result.ok).toBe(true);
    expect(info.result.data.shell).toBe('host');
    expect(await request(socket, { id: 2, channel: 'settings:set', input: { workers: { threads: 'many' } } })).toMatchObject({
      id: 2,
      result: { ok: false, code: 'invalid_argument' },
    });
    expect(await request(socket, 'not json')).toMatchObject({ result: { ok: false, code: 'invalid_argument' } });
    expect(await request(socket, { id: 'x', channel: 5 })).toMatchObject({ result: { ok: false, code: 'invalid_argument' } });
    socket.close();
  });

  it('pushes service events to connected pages', async () => {
    const { ws } = await connect(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, { origin: origin() });
    const socket = ws as WebSocket;
    const got = new Promise<unknown>((resolve) => socket.once('message', (d) => resolve(JSON.parse(d.toString()))));
    services.settings.set({ retention: { taskDays: 7 } });
    expect(await got).toMatchObject({ event: 'settings:changed', payload: { retention: { taskDays: 7 } } });
    socket.close();
  });
});
