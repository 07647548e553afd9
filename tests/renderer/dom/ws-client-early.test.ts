/**
 * The transport over a socket the boot script opened (src/renderer/src/api/ws-client.ts with
 * early-socket.ts): the library's whole list, asked for early, answers the page's identical
 * call without asking again, even when its reply comes after the transport has the socket.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adoptEarly, openEarly } from '../../../src/renderer/src/api/early-socket.js';
import { connectHost } from '../../../src/renderer/src/api/ws-client.js';

/** A WebSocket that records what is sent and lets the test deliver messages. */
class FakeSocket extends EventTarget {
  static readonly OPEN = 1;
  static last: FakeSocket | null = null;
  readonly sent: string[] = [];
  readyState = 0;
  onopen: (() => void) | null = null;
  onmessage: ((ev: MessageEvent<string>) => void) | null = null;
  onclose: (() => void) | null = null;
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
    this.onopen?.();
  }
  receive(message: unknown): void {
    const ev = new Event('message') as Event & { data: string };
    ev.data = JSON.stringify(message);
    this.dispatchEvent(ev);
    this.onmessage?.(ev as unknown as MessageEvent<string>);
  }
}

const location = { href: 'http://127.0.0.1:1234/#/library', protocol: 'http:', host: '127.0.0.1:1234' } as Location;
const history = { state: null, replaceState: () => undefined } as unknown as History;
const FIRST = { limit: 40, order: 'date' as const };
const WHOLE = { limit: 100_000 };
const ROWS = [{ id: 2, name: 'b.fits' }];
const ALL = [{ id: 2, name: 'b.fits' }, { id: 1, name: 'a.fits' }];
const saved: Record<string, unknown> = {};

beforeEach(() => {
  for (const k of ['WebSocket', 'sessionStorage']) saved[k] = (globalThis as Record<string, unknown>)[k];
  Object.assign(globalThis, { WebSocket: FakeSocket, sessionStorage: { removeItem: () => undefined } });
});
afterEach(() => {
  adoptEarly();
  Object.assign(globalThis, saved);
});

describe('the whole list sent early', () => {
  it('answers the identical call when its reply comes after the transport took the socket, with nothing asked again', async () => {
    openEarly(location, history, { channel: 'products:list', input: FIRST, answer: { ok: true, data: ROWS } }, { channel: 'products:list', input: WHOLE });
    const socket = FakeSocket.last!;
    socket.open();
    const api = connectHost(location, history);
    expect(FakeSocket.last).toBe(socket);
    const first = api.products.list(FIRST);
    const whole = api.products.list(WHOLE);
    socket.receive({ id: -1, result: { ok: true, data: ALL } });
    expect(await first).toEqual({ ok: true, data: ROWS });
    expect(await whole).toEqual({ ok: true, data: ALL });
    expect(socket.sent.map((t) => (JSON.parse(t) as { id: number }).id)).toEqual([-1]);
  });

  it('answers the identical call when its reply came before', async () => {
    openEarly(location, history, { channel: 'products:list', input: FIRST, answer: { ok: true, data: ROWS } }, { channel: 'products:list', input: WHOLE });
    const socket = FakeSocket.last!;
    socket.open();
    socket.receive({ id: -1, result: { ok: true, data: ALL } });
    const api = connectHost(location, history);
    expect(await api.products.list(WHOLE)).toEqual({ ok: true, data: ALL });
    expect(socket.sent).toHaveLength(1);
  });
});
