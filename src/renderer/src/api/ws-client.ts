import { buildRawApi, type RawApi } from '../../../shared/api.js';
import type { EventName } from '../../../shared/contract.js';
import type { Result } from '../../../shared/result.js';
import { reportClosed, reportOpen } from './connection.js';
import { adoptEarly, hostSocketUrl, takeToken, type EarlyCall } from './early-socket.js';

interface Pending {
  resolve: (result: Result<unknown>) => void;
}

/**
 * A request longer than this (UTF-16 code units; up to 3 UTF-8 bytes each) goes by `POST /call`
 * rather than the WebSocket, whose limit is 1 MiB (`MAX_MESSAGE_BYTES` of the host).
 */
const SOCKET_MAX_CHARS = 256 * 1024;

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
 * `unavailable` and reconnects with back-off. A socket the boot script opened
 * ({@link adoptEarly}) is taken over, and the first call identical to the one it sent early is
 * answered with that answer (asked again if it failed, dropped if the library changed first).
 */
export function connectHost(location: Location, history: History): RawApi {
  const early = adoptEarly();
  const token = early ? early.token : takeToken(location, history);
  let prefetched: EarlyCall | null = early?.call ?? null;
  const pending = new Map<number, Pending>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const outbox: string[] = [];
  let socket: WebSocket | null = null;
  let nextId = 1;
  let delay = 250;

  const attach = (ws: WebSocket) => {
    socket = ws;
    const opened = () => {
      delay = 250;
      reportOpen();
      for (const text of outbox.splice(0)) ws.send(text);
    };
    ws.onopen = opened;
    if (ws.readyState === WebSocket.OPEN) opened();
    ws.onmessage = (ev: MessageEvent<string>) => {
      const msg = JSON.parse(ev.data) as { id?: number | null; result?: Result<unknown>; event?: EventName; payload?: unknown };
      // the early answer may be older than the library now
      if (msg.event === 'products:changed') prefetched = null;
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
  const open = () => attach(new WebSocket(hostSocketUrl(location, token)));
  if (early && early.socket.readyState <= WebSocket.OPEN) attach(early.socket);
  else open();

  const send = (channel: string, input: unknown) =>
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
    });

  return buildRawApi(
    (channel, input) => {
      const taken = prefetched;
      if (taken && taken.channel === channel && taken.inputJson === JSON.stringify(input)) {
        prefetched = null;
        return taken.result.then((r) => (r.ok ? r : send(channel, input)));
      }
      return send(channel, input);
    },
    (event, listener) => {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  );
}
