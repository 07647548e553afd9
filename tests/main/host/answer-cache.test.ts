/**
 * `nightshift host` keeps the library's whole list (`library:list`) as JSON text while the
 * database is unchanged (src/main/host/answer-cache.ts, services/db/data-version.ts): the same
 * answer from memory, over `POST /call` and the WebSocket, and a new one as soon as anything is
 * written, by the host's own connection or another, whether or not an event said so.
 */
import Database from 'better-sqlite3';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createDispatch, type Dispatch } from '../../../src/main/api/dispatch.js';
import { answerCache } from '../../../src/main/host/answer-cache.js';
import { startHost, type Host } from '../../../src/main/host/server.js';
import { dataVersion } from '../../../src/main/services/db/data-version.js';
import { silentLogger } from '../../../src/main/services/logger.js';
import { createServices, type Services } from '../../../src/main/services/services.js';
import { LIBRARY_LIST_INPUT } from '../../../src/shared/first-screenful.js';
import type { LibraryColumns } from '../../../src/shared/library-list.js';
import { fail, ok, type Result } from '../../../src/shared/result.js';
import { seedLibrary } from '../../helpers/seed-library.js';
import { tempDir } from '../../helpers/tmp.js';

describe('kept answers (answerCache)', () => {
  /** A dispatch that counts its calls and answers with the version it saw. */
  function counting(version: { v: number }) {
    const calls: string[] = [];
    const dispatch: Dispatch = (channel, input) => {
      calls.push(channel);
      if ((input as { bad?: boolean } | null)?.bad) return Promise.resolve(fail('invalid_argument', 'bad'));
      return Promise.resolve(ok({ channel, input, v: version.v }));
    };
    return { calls, dispatch };
  }

  it('are made once while the version holds, again when it moves or the input differs; failures and other channels never kept', async () => {
    const version = { v: 1 };
    const { calls, dispatch } = counting(version);
    const cache = answerCache(dispatch, { channels: ['library:list'], version: () => String(version.v) });
    const first = await cache.answer('library:list', { limit: 5 });
    expect(first).toEqual({ ok: true, text: JSON.stringify({ ok: true, data: { channel: 'library:list', input: { limit: 5 }, v: 1 } }) });
    expect(await cache.answer('library:list', { limit: 5 })).toEqual(first);
    expect(calls).toHaveLength(1);
    version.v = 2;
    expect(JSON.parse((await cache.answer('library:list', { limit: 5 })).text)).toMatchObject({ data: { v: 2 } });
    expect(calls).toHaveLength(2);
    await cache.answer('library:list', { limit: 6 });
    expect(calls).toHaveLength(3);
    // one input kept per channel: the last
    await cache.answer('library:list', { limit: 5 });
    expect(calls).toHaveLength(4);
    const failed = await cache.answer('library:list', { bad: true });
    expect(failed).toEqual({ ok: false, code: 'invalid_argument', text: JSON.stringify(fail('invalid_argument', 'bad')) });
    await cache.answer('library:list', { bad: true });
    expect(calls).toHaveLength(6);
    await cache.answer('products:list', {});
    await cache.answer('products:list', {});
    expect(calls).toHaveLength(8);
  });

  it('are never kept under the version read after the call began (a write while it runs)', async () => {
    const version = { v: 1 };
    const calls: number[] = [];
    let release: () => void = () => undefined;
    const dispatch: Dispatch = async () => {
      calls.push(version.v);
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return ok({ v: 1 });
    };
    const cache = answerCache(dispatch, { channels: ['library:list'], version: () => String(version.v) });
    const pending = cache.answer('library:list', null);
    version.v = 2;
    release();
    await pending;
    const again = cache.answer('library:list', null);
    release();
    await again;
    expect(calls).toEqual([1, 2]);
  });

  it('are warmed once: a warm answer is not made again', async () => {
    const version = { v: 1 };
    const { calls, dispatch } = counting(version);
    const cache = answerCache(dispatch, { channels: ['library:list'], version: () => String(version.v) });
    await cache.warm('library:list', LIBRARY_LIST_INPUT);
    await cache.warm('library:list', LIBRARY_LIST_INPUT);
    await cache.answer('library:list', JSON.parse(JSON.stringify(LIBRARY_LIST_INPUT)));
    await cache.warm('products:list', {});
    expect(calls).toEqual(['library:list']);
  });
});

describe("the host's kept library list", () => {
  const INDEX = '<!doctype html><html><body><div id="root"></div></body></html>';
  let services: Services;
  let host: Host;
  let dbFile = '';
  let cookie = '';
  const calls: string[] = [];
  const cleanups: Array<() => Promise<void> | void> = [];

  beforeAll(async () => {
    const renderer = tempDir();
    cleanups.push(renderer.cleanup);
    mkdirSync(join(renderer.dir, 'assets'));
    writeFileSync(join(renderer.dir, 'index.html'), INDEX);
    const data = tempDir();
    cleanups.push(data.cleanup);
    seedLibrary(data.dir, [
      { name: 'a.fits', object: 'M31', dateObs: '2026-09-01T20:00:00', filter: 'V', status: 'extracted' },
      { name: 'b.fits', object: 'M31', dateObs: '2026-09-01T21:00:00', filter: 'R', status: 'imported' },
    ]);
    services = createServices({ dataDir: data.dir, logger: silentLogger });
    cleanups.push(() => services.close());
    dbFile = services.paths.db;
    const real = createDispatch({ services, shell: 'host' }, silentLogger);
    host = await startHost({
      dispatch: (channel, input) => {
        calls.push(channel);
        return real(channel, input);
      },
      events: services.events,
      logger: silentLogger,
      rendererDir: renderer.dir,
      answers: { channels: ['library:list'], version: dataVersion(services.db), warm: { channel: 'library:list', input: LIBRARY_LIST_INPUT } },
    });
    cleanups.push(() => host.close());
    cookie = (await fetch(host.url)).headers.get('set-cookie')!.split(';')[0]!;
  });

  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  /** `POST /call` of the whole list: its names. */
  async function listed(): Promise<string[]> {
    const res = await fetch(`http://127.0.0.1:${host.port}/call`, {
      method: 'POST',
      headers: { cookie, origin: `http://127.0.0.1:${host.port}`, 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'library:list', input: LIBRARY_LIST_INPUT }),
    });
    expect(res.status).toBe(200);
    const result = (await res.json()) as Result<LibraryColumns>;
    if (!result.ok) throw new Error(result.message);
    return result.data.name;
  }
  const lists = () => calls.filter((c) => c === 'library:list').length;

  it('is made as the host starts (warm) and then answered from memory, the same each time', async () => {
    await host.warm();
    expect(lists()).toBe(1);
    expect(await listed()).toEqual(['b.fits', 'a.fits']);
    expect(await listed()).toEqual(['b.fits', 'a.fits']);
    expect(lists()).toBe(1);
  });

  it("is made again after a write by the host's own connection, with no event said", async () => {
    const id = (services.db.prepare("SELECT id FROM data_products WHERE name = 'a.fits'").pluck().get() as number);
    services.db.prepare('UPDATE data_products SET name = ? WHERE id = ?').run('a2.fits', id);
    expect(await listed()).toEqual(['b.fits', 'a2.fits']);
    expect(lists()).toBe(2);
  });

  it('is made again after a write by another connection (another thread or process)', async () => {
    const other = new Database(dbFile);
    try {
      other.prepare("UPDATE data_products SET name = 'b2.fits' WHERE name = 'b.fits'").run();
    } finally {
      other.close();
    }
    expect(await listed()).toEqual(['b2.fits', 'a2.fits']);
    expect(await listed()).toEqual(['b2.fits', 'a2.fits']);
    expect(lists()).toBe(3);
  });

  it('answers the WebSocket from the same memory, as a call answer', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws`, { headers: { cookie, origin: `http://127.0.0.1:${host.port}` } });
    const answer = await new Promise<{ id: number; result: Result<LibraryColumns> }>((resolve, reject) => {
      ws.on('open', () => ws.send(JSON.stringify({ id: 7, channel: 'library:list', input: LIBRARY_LIST_INPUT })));
      ws.on('message', (data: Buffer) => resolve(JSON.parse(data.toString('utf8')) as { id: number; result: Result<LibraryColumns> }));
      ws.on('error', reject);
    });
    ws.close();
    expect(answer.id).toBe(7);
    expect(answer.result.ok && answer.result.data.name).toEqual(['b2.fits', 'a2.fits']);
    expect(lists()).toBe(3);
  });
});
