/**
 * `nightshift host` answers one call in the page it serves (the library's first screenful): the
 * answer is in `index.html`, as served to an authorised request, and nowhere else.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatch } from '../../../src/main/api/dispatch.js';
import { startHost, type Host } from '../../../src/main/host/server.js';
import { silentLogger } from '../../../src/main/services/logger.js';
import { FIRST_SCREENFUL_CALL } from '../../../src/shared/first-screenful.js';
import { PAGE_ANSWER_ID, readPageAnswer } from '../../../src/shared/page-answer.js';
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

async function hostWith(pageCall: { channel: string; input: unknown } | undefined): Promise<Host> {
  const t = testServices();
  cleanups.push(t.done);
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
  const m = new RegExp(`<script type="application/json" id="${PAGE_ANSWER_ID}">(.*?)</script>`).exec(html);
  return m ? m[1]! : null;
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

  it('is never served without the token', async () => {
    const host = await hostWith(FIRST_SCREENFUL_CALL);
    const refused = await fetch(`http://127.0.0.1:${host.port}/`);
    expect(refused.status).toBe(403);
    expect(answerIn(await refused.text())).toBeNull();
  });
});
