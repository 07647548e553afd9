/**
 * The state of the page's connection to `nightshift host`, for the banner that says when it is
 * lost and for the queries that load again when it is back. The Electron shell has no
 * connection to lose: its state stays `open`.
 */
export type Connection =
  /** Connected (or still making the first connection). */
  | { state: 'open' }
  /** The connection dropped (at `since`, ms since 1970); retrying, `attempts` so far. */
  | { state: 'lost'; since: number; attempts: number }
  /**
   * The host answers but refuses this page (403): it was started again, and a new launch has a
   * new token, so only the address it printed opens it.
   */
  | { state: 'refused'; since: number };

let current: Connection = { state: 'open' };
const listeners = new Set<(c: Connection) => void>();
const reconnectListeners = new Set<() => void>();

/** The connection now. */
export function connection(): Connection {
  return current;
}

/** Calls `listener` on every change; returns the unsubscribe. */
export function onConnection(listener: (c: Connection) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Calls `listener` when the connection is back after being lost (to load again what may have changed meanwhile). */
export function onReconnect(listener: () => void): () => void {
  reconnectListeners.add(listener);
  return () => reconnectListeners.delete(listener);
}

function set(next: Connection): void {
  const back = current.state !== 'open' && next.state === 'open';
  current = next;
  for (const l of listeners) l(next);
  if (back) for (const l of reconnectListeners) l();
}

/** The transport's socket is open. */
export function reportOpen(): void {
  set({ state: 'open' });
}

/**
 * The transport's socket closed, or an attempt to open it failed. Asks the host's page
 * address whether it refuses us (403: a new launch) or is not there at all.
 */
export function reportClosed(origin: string): void {
  const since = current.state === 'open' ? Date.now() : current.since;
  const attempts = current.state === 'lost' ? current.attempts + 1 : 0;
  set({ state: 'lost', since, attempts });
  fetch(`${origin}/`, { method: 'HEAD', cache: 'no-store', credentials: 'same-origin' }).then(
    (res) => {
      if (res.status === 403 && current.state === 'lost') set({ state: 'refused', since });
    },
    () => undefined, // not there: stays lost
  );
}
