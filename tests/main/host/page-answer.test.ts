/**
 * `nightshift host` answers one call in the page it serves (the library's first screenful): the
 * answer is in `index.html`, as served to an authorised request, and nowhere else.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createDispatch } from '../../../src/main/api/dispatch.js';
import { startHost, type Host } from '../../../src/main/host/server.js';
import { silentLogger } from '../../../src/main/services/logger.js';
import { FIRST_SCREENFUL_CALL } from '../../../src/shared/first-screenful.js';
import { PAGE_ANSWER_ID, readPageAnswer } from '../../../src/shared/page-answer.js';
import type { Services } from '../../../src/main/services/services.js';
import { testServices } from '../../helpers/services.js';
import { tempDir } from '../../helpers/tmp.js';

const INDEX = '<!doctype html><html><head><title>Nightshift</title></head><body><div id="root"></div></body></html>';
const hosts: Host[] = [];
const cleanups: Array<() => Promise<void> | void> = [];
let rendererDir = '';

beforeAll(() => {
  const r = tempDir();
  cleanups.push(r.cleanup);
  rendererDir = r.dir;
  mkdirSync(join(r.dir, 'assets'));
  writeFileSync(join(r.dir, 'index.html'), INDEX);
  writeFileSync(join(r.dir, 'assets', 'app.js'), 'console.log(1)');
});

afterAll(async () => {
  for (const h of hosts) await h.close();
  for (const c of cleanups.reverse()) await c();
});

let lastServices: Services | null = null;

async function hostWith(pageCall: { channel: string; input: unknown } | undefined): Promise<Host> {
  const t = testServices();
  cleanups.push(t.done);
  lastServices = t.services;
  const host = await startHost({
    dispatch: createDispatch({ services: t.services, shell: 'host' }, silentLogger),
    events: t.services.events,
    logger: silentLogger,
    rendererDir,
    port: 0,
    ...(pageCall ? { pageCall } : {}),
  });
  hosts.push(host);
  return host;
}

/** The answer element's text in a served page, or null. */
function answerIn(html: string): string | null {
  const m = new RegExp(`<script type="application/json" id="${PAGE_ANSWER_ID}"[^>]*>(.*?)</script>`).exec(html);
  return m ? m[1]! : null;
}

/** The answer element's `data-revision` in a served page, or null. */
function revisionIn(html: string): number | null {
  const m = new RegExp(`<script type="application/json" id="${PAGE_ANSWER_ID}" data-revision="(\\d+)">`).exec(html);
  return m ? Number(m[1]) : null;
}

/**
 * The first message the host sends on a socket opened at `url` (with the page's cookie), or
 * null if a call's answer comes first (the host answers in order, so a products:changed sent on
 * accept would come before it).
 */
function firstMessage(url: string, cookie: string, port: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: { cookie, origin: `http://127.0.0.1:${port}` } });
    ws.on('open', () => ws.send(JSON.stringify({ id: 1, channel: 'settings:get', input: null })));
    ws.on('message', (data: Buffer) => {
      ws.close();
      const text = data.toString('utf8');
      resolve((JSON.parse(text) as { id?: number }).id === 1 ? null : text);
    });
    ws.on('error', reject);
  });
}

describe('the answer carried in the page', () => {
  it("is the call's answer, in index.html at the end of the body, for every address the page is served at", async () => {
    const host = await hostWith(FIRST_SCREENFUL_CALL);
    const page = await fetch(host.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html.startsWith(INDEX.slice(0, INDEX.indexOf('</body>')))).toBe(true);
    expect(html.endsWith('</body></html>')).toBe(true);
    expect(readPageAnswer(answerIn(html))).toEqual({ ...FIRST_SCREENFUL_CALL, result: { ok: true, data: [] } });
    const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
    const other = await (await fetch(`http://127.0.0.1:${host.port}/somewhere`, { headers: { cookie } })).text();
    expect(answerIn(other)).not.toBeNull();
    // other files are served as they are
    expect(await (await fetch(`http://127.0.0.1:${host.port}/assets/app.js`, { headers: { cookie } })).text()).toBe('console.log(1)');
  });

  it('is left out when the call fails, and the page is served as built without a call', async () => {
    const failing = await hostWith({ channel: 'products:list', input: { limit: -1 } });
    expect(await (await fetch(failing.url)).text()).toBe(INDEX);
    const none = await hostWith(undefined);
    expect(await (await fetch(none.url)).text()).toBe(INDEX);
  });

  it("carries the host's library revision, which counts the products:changed events it sent", async () => {
    const host = await hostWith(FIRST_SCREENFUL_CALL);
    expect(revisionIn(await (await fetch(host.url)).text())).toBe(0);
    lastServices!.events.emit('products:changed', { ids: [1] });
    lastServices!.events.emit('products:changed', { ids: [2] });
    lastServices!.events.emit('settings:changed', {} as never);
    expect(revisionIn(await (await fetch(host.url)).text())).toBe(2);
  });

  it('tells a socket opened with an older revision that the library changed, first thing; not one with the current revision', async () => {
    const host = await hostWith(FIRST_SCREENFUL_CALL);
    const page = await fetch(host.url);
    const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
    const served = revisionIn(await page.text())!;
    const ws = (rev: number) => `ws://127.0.0.1:${host.port}/ws?rev=${rev}`;
    expect(await firstMessage(ws(served), cookie, host.port)).toBeNull();
    lastServices!.events.emit('products:changed', { ids: [7] });
    expect(JSON.parse((await firstMessage(ws(served), cookie, host.port))!)).toEqual({ event: 'products:changed', payload: { ids: [] } });
    expect(await firstMessage(ws(served + 1), cookie, host.port)).toBeNull();
    // a socket saying no revision (a reconnect, an older page) is told nothing
    expect(await firstMessage(`ws://127.0.0.1:${host.port}/ws`, cookie, host.port)).toBeNull();
  });

  it('is never served without the token', async () => {
    const host = await hostWith(FIRST_SCREENFUL_CALL);
    const refused = await fetch(`http://127.0.0.1:${host.port}/`);
    expect(refused.status).toBe(403);
    expect(answerIn(await refused.text())).toBeNull();
  });
});
