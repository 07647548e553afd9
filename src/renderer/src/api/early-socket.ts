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
import type { Result } from '../../../shared/result.js';

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

/** The host's WebSocket address for this page (`ws:` or `wss:` as the page, the token if any). */
export function hostSocketUrl(location: Location, token: string | null): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}

/**
 * Opens the host's WebSocket now and, if `call` is given, sends it as soon as the socket is
 * open (with id {@link EARLY_ID}), keeping its answer for {@link adoptEarly}'s taker; if the
 * page came with the call's answer (`call.answer`, see shared/page-answer.ts), that is the
 * answer and nothing is sent. Events that come before the socket is adopted are dropped
 * (nothing listens to them yet).
 */
export function openEarly(location: Location, history: History, call?: { channel: string; input: unknown; answer?: Result<unknown> }): void {
  const token = takeToken(location, history);
  const socket = new WebSocket(hostSocketUrl(location, token));
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
