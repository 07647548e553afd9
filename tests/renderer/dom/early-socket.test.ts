/**
 * The boot script's connection (src/renderer/src/api/early-socket.ts) with an answer the page
 * came with: nothing is sent for it, the first identical call takes it, and the page's first
 * render may take its data once, as long as the library has not changed since.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { adoptEarly, fetchedNow, fetchedOrAfter, libraryChangedSinceServed, openEarly, takeCarried, takeFetched } from '../../../src/renderer/src/api/early-socket.js';

/** A WebSocket that records what is sent and lets the test deliver messages. */
class FakeSocket extends EventTarget {
  static last: FakeSocket | null = null;
  readonly sent: string[] = [];
  readyState = 0;
  constructor(readonly url: string) {
    super();
    FakeSocket.last = this;
  }
  send(text: string): void {
    this.sent.push(text);
  }
  open(): void {
    this.readyState = 1;
    this.dispatchEvent(new Event('open'));
  }
  receive(message: unknown): void {
    const ev = new Event('message') as Event & { data: string };
    ev.data = JSON.stringify(message);
    this.dispatchEvent(ev);
  }
}

const location = { href: 'http://127.0.0.1:1234/?token=abc#/library', protocol: 'http:', host: '127.0.0.1:1234' } as Location;
const history = { state: null, replaceState: () => undefined } as unknown as History;
const INPUT = { limit: 40, order: 'date' };
const ROWS = [{ id: 2, name: 'b.fits' }, { id: 1, name: 'a.fits' }];
const saved: Record<string, unknown> = {};

beforeEach(() => {
  for (const k of ['WebSocket', 'sessionStorage', 'fetch']) saved[k] = (globalThis as Record<string, unknown>)[k];
  Object.assign(globalThis, { WebSocket: FakeSocket, sessionStorage: { removeItem: () => undefined } });
});
afterEach(() => {
  adoptEarly();
  Object.assign(globalThis, saved);
});

describe('an answer the page came with', () => {
  it("is the first call's answer, with nothing sent for it, and the first render's data once", async () => {
    openEarly(location, history, { channel: 'products:list', input: INPUT, answer: { ok: true, data: ROWS } });
    const socket = FakeSocket.last!;
    socket.open();
    expect(socket.sent).toEqual([]);
    expect(takeCarried('products:list', { limit: 40 })).toBeUndefined();
    expect(takeCarried('products:list', INPUT)).toBe(ROWS);
    expect(takeCarried('products:list', INPUT)).toBeUndefined();
    const early = adoptEarly()!;
    expect(early.socket).toBe(socket);
    expect(early.call?.inputJson).toBe(JSON.stringify(INPUT));
    expect(await early.call?.result).toEqual({ ok: true, data: ROWS });
  });

  it('is no longer the data to show once the library has changed', () => {
    openEarly(location, history, { channel: 'products:list', input: INPUT, answer: { ok: true, data: ROWS } });
    FakeSocket.last!.open();
    FakeSocket.last!.receive({ event: 'products:changed', payload: {} });
    expect(takeCarried('products:list', INPUT)).toBeUndefined();
    expect(adoptEarly()?.call).toBeNull();
  });

  it('is asked for on the socket when the page came without it', () => {
    openEarly(location, history, { channel: 'products:list', input: INPUT });
    FakeSocket.last!.open();
    expect(FakeSocket.last!.sent.map((t) => JSON.parse(t) as unknown)).toEqual([{ id: 0, channel: 'products:list', input: INPUT }]);
    expect(takeCarried('products:list', INPUT)).toBeUndefined();
  });
});

describe("the boot script's listener, once the app has the socket", () => {
  // the whole list (3 MB at 10,000 images) came in parsed twice, once here for nothing
  it('parses no more messages when the carried data is taken', () => {
    openEarly(location, history, { channel: 'products:list', input: INPUT, answer: { ok: true, data: ROWS } });
    const socket = FakeSocket.last!;
    socket.open();
    expect(takeCarried('products:list', INPUT)).toBe(ROWS);
    adoptEarly();
    const parse = vi.spyOn(JSON, 'parse');
    try {
      socket.receive({ id: 1, result: { ok: true, data: ROWS } });
      socket.receive({ event: 'products:changed', payload: {} });
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });

  it('parses no more messages once the early answer came', async () => {
    openEarly(location, history, { channel: 'products:list', input: INPUT });
    const socket = FakeSocket.last!;
    socket.open();
    socket.receive({ id: 0, result: { ok: true, data: ROWS } });
    const early = adoptEarly()!;
    expect(await early.call?.result).toEqual({ ok: true, data: ROWS });
    const parse = vi.spyOn(JSON, 'parse');
    try {
      socket.receive({ id: 1, result: { ok: true, data: ROWS } });
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });
});

describe('the whole list the boot script fetched', () => {
  const LIST = { channel: 'library:list', input: { limit: 100_000 }, revision: 3 };
  /** Stubs fetch: every request recorded, answered with `body`. */
  function stubFetch(body: string, ok = true): Array<{ url: string; init: RequestInit }> {
    const requests: Array<{ url: string; init: RequestInit }> = [];
    Object.assign(globalThis, {
      fetch: (url: string, init: RequestInit) => {
        requests.push({ url, init });
        return Promise.resolve({ ok, text: () => Promise.resolve(body) });
      },
    });
    return requests;
  }

  it('is POSTed to /call at once (with the token), its text kept, unparsed, for the first identical take; the socket says the revision', async () => {
    const requests = stubFetch('{"ok":true,"data":{}}');
    openEarly(location, history, { channel: 'products:list', input: INPUT }, LIST);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.url).toBe('/call?token=abc');
    expect(requests[0]!.init.method).toBe('POST');
    expect(JSON.parse(String(requests[0]!.init.body))).toEqual({ channel: 'library:list', input: { limit: 100_000 } });
    expect(FakeSocket.last!.url).toBe('ws://127.0.0.1:1234/ws?token=abc&rev=3');
    expect(takeFetched('library:list', { limit: 5 })).toBeUndefined();
    expect(await takeFetched('library:list', { limit: 100_000 })).toBe('{"ok":true,"data":{}}');
    expect(takeFetched('library:list', { limit: 100_000 })).toBeUndefined();
    expect(libraryChangedSinceServed()).toBe(false);
  });

  it('is null when the host refused it', async () => {
    stubFetch('{"ok":false}', false);
    openEarly(location, history, undefined, LIST);
    expect(await takeFetched('library:list', { limit: 100_000 })).toBeNull();
  });

  it('may be stale once the host said products:changed on the socket, or the socket closed, before it is used', () => {
    stubFetch('{}');
    openEarly(location, history, undefined, LIST);
    FakeSocket.last!.open();
    FakeSocket.last!.receive({ event: 'tasks:changed', payload: {} });
    FakeSocket.last!.receive({ id: 1, result: { ok: true, data: [] } });
    expect(libraryChangedSinceServed()).toBe(false);
    openEarly(location, history, undefined, LIST);
    FakeSocket.last!.receive({ event: 'products:changed', payload: { ids: [] } });
    expect(libraryChangedSinceServed()).toBe(true);
    // asked once: the page listens itself from then on
    openEarly(location, history, undefined, LIST);
    const socket = FakeSocket.last!;
    expect(libraryChangedSinceServed()).toBe(false);
    socket.receive({ event: 'products:changed', payload: { ids: [] } });
    expect(libraryChangedSinceServed()).toBe(false);
    openEarly(location, history, undefined, LIST);
    FakeSocket.last!.dispatchEvent(new Event('close'));
    expect(libraryChangedSinceServed()).toBe(true);
  });

  /** Stubs fetch with an answer that comes when the returned function is called. */
  function stubHeldFetch(body: string, ok = true): () => void {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    Object.assign(globalThis, { fetch: () => held.then(() => ({ ok, text: () => Promise.resolve(body) })) });
    return release;
  }

  it("is the first render's to show once it has come, if the library has not changed; the query still takes it", async () => {
    const release = stubHeldFetch('{"ok":true,"data":{}}');
    openEarly(location, history, undefined, LIST);
    expect(fetchedNow('library:list', { limit: 100_000 })).toBeUndefined();
    release();
    await fetchedOrAfter(60_000);
    expect(fetchedNow('library:list', { limit: 5 })).toBeUndefined();
    expect(fetchedNow('library:list', { limit: 100_000 })).toBe('{"ok":true,"data":{}}');
    expect(await takeFetched('library:list', { limit: 100_000 })).toBe('{"ok":true,"data":{}}');
    expect(fetchedNow('library:list', { limit: 100_000 })).toBeUndefined();
  });

  it('is not shown at once when it failed, or the host said products:changed before', async () => {
    stubFetch('{"ok":false}', false);
    openEarly(location, history, undefined, LIST);
    await fetchedOrAfter(60_000);
    expect(fetchedNow('library:list', { limit: 100_000 })).toBeUndefined();
    stubFetch('{"ok":true,"data":{}}');
    openEarly(location, history, undefined, LIST);
    await fetchedOrAfter(60_000);
    FakeSocket.last!.receive({ event: 'products:changed', payload: { ids: [] } });
    expect(fetchedNow('library:list', { limit: 100_000 })).toBeUndefined();
  });

  it("is waited for by the app's first render until it comes, or for as long as it is given, or not at all without one", async () => {
    vi.useFakeTimers();
    try {
      const release = stubHeldFetch('{"ok":true,"data":{}}');
      openEarly(location, history, undefined, LIST);
      let done = false;
      void fetchedOrAfter(250).then(() => (done = true));
      await vi.advanceTimersByTimeAsync(249);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(done).toBe(true);
      // it came: the next wait is none
      release();
      await vi.advanceTimersByTimeAsync(0);
      done = false;
      void fetchedOrAfter(250).then(() => (done = true));
      await vi.advanceTimersByTimeAsync(0);
      expect(done).toBe(true);
      // it comes before the time is up
      const again = stubHeldFetch('{"ok":true,"data":{}}');
      openEarly(location, history, undefined, LIST);
      done = false;
      void fetchedOrAfter(250).then(() => (done = true));
      await vi.advanceTimersByTimeAsync(10);
      expect(done).toBe(false);
      again();
      await vi.advanceTimersByTimeAsync(0);
      expect(done).toBe(true);
      // nothing fetched (another page, or no revision): no wait
      openEarly(location, history, { channel: 'products:list', input: INPUT });
      done = false;
      void fetchedOrAfter(250).then(() => (done = true));
      await vi.advanceTimersByTimeAsync(0);
      expect(done).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('is not fetched without a revision (the page not served by a host that counts them)', () => {
    const requests = stubFetch('{}');
    openEarly(location, history, { channel: 'products:list', input: INPUT });
    expect(requests).toEqual([]);
    expect(FakeSocket.last!.url).toBe('ws://127.0.0.1:1234/ws?token=abc');
    expect(takeFetched('library:list', { limit: 100_000 })).toBeUndefined();
  });
});
