import { buildRawApi, type RawApi } from '../../../shared/api.js';
import type { EventName } from '../../../shared/contract.js';
import type { Result } from '../../../shared/result.js';

interface Pending {
  resolve: (result: Result<unknown>) => void;
}

/**
 * The browser-host transport: the same API as the preload, over one WebSocket to
 * `nightshift host`. Calls made while (re)connecting wait; a lost connection fails pending
 * calls with `unavailable` and reconnects with back-off.
 */
export function connectHost(location: Location): RawApi {
  const token = new URLSearchParams(location.search).get('token') ?? sessionStorage.getItem('nightshift-token') ?? '';
  if (token) sessionStorage.setItem('nightshift-token', token);
  const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws?token=${encodeURIComponent(token)}`;
  const pending = new Map<number, Pending>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const outbox: string[] = [];
  let socket: WebSocket | null = null;
  let nextId = 1;
  let delay = 250;

  const open = () => {
    const ws = new WebSocket(wsUrl);
    socket = ws;
    ws.onopen = () => {
      delay = 250;
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
      setTimeout(open, delay);
      delay = Math.min(delay * 2, 5000);
    };
  };
  open();

  return buildRawApi(
    (channel, input) =>
      new Promise<Result<unknown>>((resolve) => {
        const id = nextId++;
        pending.set(id, { resolve });
        const text = JSON.stringify({ id, channel, input });
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
