import { buildRawApi, type RawApi } from '../../../shared/api.js';
import type { EventName } from '../../../shared/contract.js';
import type { Result } from '../../../shared/result.js';
import { reportClosed, reportOpen } from './connection.js';

interface Pending {
  resolve: (result: Result<unknown>) => void;
}

/**
 * A request longer than this (UTF-16 code units; up to 3 UTF-8 bytes each) goes by `POST /call`
 * rather than the WebSocket, whose limit is 1 MiB (`MAX_MESSAGE_BYTES` of the host).
 */
const SOCKET_MAX_CHARS = 256 * 1024;

/**
 * Takes the launch token out of the address bar (and so out of the history) once the page has
 * it: the host set its cookie with the page, which authenticates everything after. Returns it
 * for this page's WebSocket URL (held in memory only, should the cookie be refused).
 */
export function takeToken(location: Location, history: History): string | null {
  const url = new URL(location.href);
  const token = url.searchParams.get('token');
  // an older page kept it here; nothing reads it any more
  sessionStorage.removeItem('nightshift-token');
  if (token === null) return null;
  url.searchParams.delete('token');
  history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
  return token;
}

/** One contract call by `POST /call` (same origin: the cookie and the Origin authenticate it). */
async function postCall(text: string): Promise<Result<unknown>> {
  try {
    const res = await fetch('/call', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: text });
    const type = res.headers.get('content-type') ?? '';
    if (!type.includes('application/json')) return { ok: false, code: 'unavailable', message: `nightshift host answered ${res.status}: ${(await res.text()).slice(0, 200)}` };
    return (await res.json()) as Result<unknown>;
  } catch (err) {
    return { ok: false, code: 'unavailable', message: `lost the connection to nightshift host: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/**
 * The browser-host transport: the same API as the preload, over one WebSocket to
 * `nightshift host` (inputs too large for it, like a 20 MB target CSV, by `POST /call`).
 * Calls made while (re)connecting wait; a lost connection fails pending calls with
 * `unavailable` and reconnects with back-off.
 */
export function connectHost(location: Location, history: History): RawApi {
  const token = takeToken(location, history);
  const wsUrl = () => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws${token ? `?token=${encodeURIComponent(token)}` : ''}`;
  const pending = new Map<number, Pending>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const outbox: string[] = [];
  let socket: WebSocket | null = null;
  let nextId = 1;
  let delay = 250;

  const open = () => {
    const ws = new WebSocket(wsUrl());
    socket = ws;
    ws.onopen = () => {
      delay = 250;
      reportOpen();
      for (const text of outbox.splice(0)) ws.send(text);
    };
    ws.onmessage = (ev: MessageEvent<string>) => {
      const msg = JSON.parse(ev.data) as { id?: number | null; result?: Result<unknown>; event?: EventName; payload?: unknown };
      if (msg.event) {
        for (const listener of listeners.get(msg.event) ?? []) listener(msg.payload);
      } else if (typeof msg.id === 'number' && msg.result) {
        pending.get(msg.id)?.resolve(msg.result);
        pending.delete(msg.id);
      }
    };
    ws.onclose = () => {
      socket = null;
      for (const [id, p] of pending) {
        p.resolve({ ok: false, code: 'unavailable', message: 'lost the connection to nightshift host' });
        pending.delete(id);
      }
      reportClosed(`${location.protocol}//${location.host}`);
      setTimeout(open, delay);
      delay = Math.min(delay * 2, 5000);
    };
  };
  open();

  return buildRawApi(
    (channel, input) =>
      new Promise<Result<unknown>>((resolve) => {
        const id = nextId++;
        const text = JSON.stringify({ id, channel, input });
        if (text.length > SOCKET_MAX_CHARS) {
          void postCall(text).then(resolve);
          return;
        }
        pending.set(id, { resolve });
        if (socket && socket.readyState === WebSocket.OPEN) socket.send(text);
        else outbox.push(text);
      }),
    (event, listener) => {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  );
}
