/**
 * The host connection opened before the app's script has loaded: the boot script
 * (`src/boot.ts`, the page's only static script) opens the WebSocket to `nightshift host` and
 * sends the first page's request at once, in parallel with loading and running the app; the
 * app's transport ({@link ../api/ws-client.ts}) then adopts the socket and answers the page's
 * first identical call with the answer already asked for. Only for the browser host: the
 * Electron shell's preload has no socket to open early.
 *
 * Small on purpose (it is in the boot chunk): no React, no schemas.
 */
import { PAGE_REVISION_PARAM } from '../../../shared/page-answer.js';
import type { Result } from '../../../shared/result.js';
import { markOnce, OPEN_MARKS } from '../library/open-marks.js';

/** The id of the early request on the socket (the transport numbers its own calls from 1). */
export const EARLY_ID = 0;

/** A call sent before the app ran, whose answer the app's first identical call takes. */
export interface EarlyCall {
  channel: string;
  /** The input as sent (JSON): a call is the same when its input's JSON is. */
  inputJson: string;
  /** Settles with the host's answer, or `unavailable` if the socket closed first. */
  result: Promise<Result<unknown>>;
  /** Settles {@link result} (the first settlement counts). */
  settle: (result: Result<unknown>) => void;
}

/** The socket and call the boot script left for the transport. */
export interface EarlyConnection {
  socket: WebSocket;
  /** The launch token taken out of the address ({@link takeToken}). */
  token: string | null;
  call: EarlyCall | null;
}

let left: EarlyConnection | null = null;

/** The answer the page came with, until taken or outdated ({@link takeCarried}). */
let carried: { channel: string; inputJson: string; data: unknown } | null = null;

/**
 * A call the boot script made by `POST /call` at once, its answer kept as text until taken; `now`
 * is that text once it has come (null if the fetch failed), undefined before.
 */
let fetched: { channel: string; inputJson: string; text: Promise<string | null>; now: string | null | undefined } | null = null;

/**
 * Whether the library may have changed since the page was served: the host said
 * `products:changed` on the early socket (it does first thing if the page's revision is old),
 * or the socket closed (events were lost). Watched from the socket's creation, when the boot
 * script fetched a call early, until {@link libraryChangedSinceServed} is asked.
 */
let changedSinceServed = false;
let stopWatching: () => void = () => undefined;

/**
 * Whether the library may have changed since the page was served (so what the boot script
 * fetched may be stale), once: the watch ends with this call, so ask it once the page listens to
 * `products:changed` itself. False without an early fetch.
 */
export function libraryChangedSinceServed(): boolean {
  stopWatching();
  stopWatching = () => undefined;
  return changedSinceServed;
}

/** Watches `socket` for what {@link libraryChangedSinceServed} tells. */
function watchChanges(socket: WebSocket): void {
  stopWatching();
  changedSinceServed = false;
  const onMessage = (ev: MessageEvent<unknown>) => {
    // (a cheap test first: the whole list's answer is 0.66 MB at 10,000 images)
    if (typeof ev.data === 'string' && ev.data.startsWith('{"event":"products:changed"')) changedSinceServed = true;
  };
  const onClose = () => {
    changedSinceServed = true;
  };
  socket.addEventListener('message', onMessage);
  socket.addEventListener('close', onClose);
  stopWatching = () => {
    socket.removeEventListener('message', onMessage);
    socket.removeEventListener('close', onClose);
  };
}

/**
 * The answer's text (the host's `Result` as JSON, not parsed; null if the fetch failed) of the
 * call the boot script fetched early ({@link openEarly}'s `fetchCall`) if it is `channel`'s with
 * `input`, once; undefined if none was. Whether it is still the library's is
 * {@link libraryChangedSinceServed}'s to tell, once it has come.
 */
export function takeFetched(channel: string, input: unknown): Promise<string | null> | undefined {
  const f = fetched;
  if (!f || f.channel !== channel || f.inputJson !== JSON.stringify(input)) return undefined;
  fetched = null;
  return f.text;
}

/**
 * The text of the answer to the call the boot script fetched early if it is `channel`'s with
 * `input`, has come in already and is the host's success, and the library has not changed since
 * the page was served (as far as the socket has told): for the library page's first render, so
 * that it shows the whole list at once rather than after a render of its first screenful. Does
 * not take it ({@link takeFetched} still does, once); undefined otherwise.
 */
export function fetchedNow(channel: string, input: unknown): string | undefined {
  const f = fetched;
  if (!f || f.channel !== channel || f.inputJson !== JSON.stringify(input) || changedSinceServed) return undefined;
  return f.now ?? undefined;
}

/**
 * Settles when the answer to the call the boot script fetched early has come in (at once if it
 * has, or if there is none), or after `ms` milliseconds, whichever is first: so that the app's
 * first render, which waits for it, can show the whole list (see {@link fetchedNow}) rather than
 * the first screenful and then the list, without waiting long for a slow host.
 */
export function fetchedOrAfter(ms: number): Promise<void> {
  const f = fetched;
  if (!f || f.now !== undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    void f.text.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * The data of the answer the page came with (see shared/page-answer.ts) if it is `channel`'s
 * with `input` and nothing changed in the library since, once: for a page's first render, so
 * that it shows the rows without waiting a turn for the call's promise. The call itself still
 * takes the same answer ({@link adoptEarly}).
 */
export function takeCarried(channel: string, input: unknown): unknown {
  const c = carried;
  if (!c || c.channel !== channel || c.inputJson !== JSON.stringify(input)) return undefined;
  carried = null;
  return c.data;
}

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

/**
 * The host's WebSocket address for this page (`ws:` or `wss:` as the page, the token if any, and
 * the library revision the page came with if any: see shared/page-answer.ts).
 */
export function hostSocketUrl(location: Location, token: string | null, revision?: number | null): string {
  const params = new URLSearchParams();
  if (token) params.set('token', token);
  if (revision !== undefined && revision !== null) params.set(PAGE_REVISION_PARAM, String(revision));
  const query = params.toString();
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws${query ? `?${query}` : ''}`;
}

/**
 * Opens the host's WebSocket now (with `fetchCall`'s revision, so the host tells it of a change
 * since the page's serving) and, if `fetchCall` is given, fetches it by `POST /call` at once
 * ({@link takeFetched}); if `call` is given, sends it as soon as the socket is
 * open (with id {@link EARLY_ID}), keeping its answer for {@link adoptEarly}'s taker; if the
 * page came with the call's answer (`call.answer`, see shared/page-answer.ts), that is the
 * answer and nothing is sent. Events that come before the socket is adopted are dropped
 * (nothing listens to them yet).
 */
export function openEarly(
  location: Location,
  history: History,
  call?: { channel: string; input: unknown; answer?: Result<unknown> },
  fetchCall?: { channel: string; input: unknown; revision: number },
): void {
  const token = takeToken(location, history);
  fetched = null;
  if (fetchCall) {
    // `POST /call` at once (the cookie, set with the page, and the Origin authenticate it; the
    // token too, should the cookie be refused), in parallel with the app's loading
    const body = JSON.stringify({ channel: fetchCall.channel, input: fetchCall.input });
    const text = fetch(token ? `/call?token=${encodeURIComponent(token)}` : '/call', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body })
      .then((res) => (res.ok ? res.text() : null))
      .catch(() => null)
      .then((t) => {
        markOnce(OPEN_MARKS.fetched);
        if (fetched?.text === text) fetched.now = t;
        return t;
      });
    fetched = { channel: fetchCall.channel, inputJson: JSON.stringify(fetchCall.input), text, now: undefined };
  }
  const socket = new WebSocket(hostSocketUrl(location, token, fetchCall?.revision));
  if (fetchCall) watchChanges(socket);
  let early: EarlyCall | null = null;
  if (call?.answer) {
    const answer = call.answer;
    early = { channel: call.channel, inputJson: JSON.stringify(call.input), result: Promise.resolve(answer), settle: () => undefined };
    if (answer.ok) carried = { channel: call.channel, inputJson: early.inputJson, data: answer.data };
    const listener = (ev: MessageEvent<string>) => {
      // with the data taken and the socket adopted, nothing here needs a message (the whole
      // list, 3 MB at 10,000 images, would be parsed twice)
      if (carried === null && left?.socket !== socket) return socket.removeEventListener('message', listener);
      // the answer may be older than the library now: the app asks again
      if (!ev.data.includes('"products:changed"') || (JSON.parse(ev.data) as { event?: string }).event !== 'products:changed') return;
      carried = null;
      if (left?.socket === socket) left.call = null;
    };
    socket.addEventListener('message', listener);
  } else if (call) {
    let settle: (result: Result<unknown>) => void = () => undefined;
    const result = new Promise<Result<unknown>>((resolve) => {
      settle = resolve;
    });
    early = { channel: call.channel, inputJson: JSON.stringify(call.input), result, settle };
    const text = JSON.stringify({ id: EARLY_ID, channel: call.channel, input: call.input });
    // listeners, not on… handlers: the transport sets those when it adopts the socket, and these go on
    socket.addEventListener('open', () => socket.send(text));
    let answered = false;
    const listener = (ev: MessageEvent<string>) => {
      // answered and adopted: the transport reads every message now
      if (answered && left?.socket !== socket) return socket.removeEventListener('message', listener);
      const msg = JSON.parse(ev.data) as { id?: number | null; result?: Result<unknown>; event?: string };
      if (msg.id === EARLY_ID && msg.result) {
        answered = true;
        early?.settle(msg.result);
      }
      // the answer may be older than the library now: the app asks again
      else if (msg.event === 'products:changed' && left?.socket === socket) left.call = null;
    };
    socket.addEventListener('message', listener);
    socket.addEventListener('close', () => early?.settle({ ok: false, code: 'unavailable', message: 'lost the connection to nightshift host' }));
  }
  left = { socket, token, call: early };
}

/** The connection the boot script opened, once (null if none, or already taken). */
export function adoptEarly(): EarlyConnection | null {
  const taken = left;
  left = null;
  return taken;
}
