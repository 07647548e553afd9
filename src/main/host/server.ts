import { createReadStream, existsSync } from 'node:fs';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { WebSocket, WebSocketServer } from 'ws';
import { createHash } from 'node:crypto';
import { contentSecurityPolicy } from '../../shared/csp.js';
import { PAGE_REVISION_PARAM, pageAnswerElement } from '../../shared/page-answer.js';
import { AppError, isErrorCode, type ErrorCode } from '../../shared/errors.js';
import type { ImportSummaryView } from '../../shared/domain.js';
import type { Dispatch } from '../api/dispatch.js';
import type { EventBus } from '../services/events.js';
import type { Logger } from '../services/logger.js';
import { answerCache, type AnswerCacheOptions } from './answer-cache.js';
import { BodyTooLarge, readBody } from './body.js';
import { ownOrigins, requestUrl } from './origins.js';
import { serveStatic } from './static.js';
import { receiveUpload } from './upload.js';
import { newToken, readCookie, tokenMatches } from './token.js';
import { hostMessageSchema, MAX_MESSAGE_BYTES } from './wire.js';

export interface HostOptions {
  dispatch: Dispatch;
  events: EventBus;
  logger: Logger;
  /** The built renderer (`out/renderer`). */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token for tests; a random one per launch otherwise. */
  token?: string;
  /**
   * Resolves `GET /files/product/:id` (the stored FITS, for the image viewer) and
   * `GET /files/thumb/:id` (its PNG thumbnail) to files on disk.
   */
  files?: (kind: FileKind, id: number) => { path: string } | Promise<{ path: string }>;
  /**
   * Imports an uploaded file (`POST /upload?name=…&batch=…`, the browser's drag and drop):
   * called with the received file, named as the user's file, in a temporary folder.
   * `POST /upload?batch=…&end=1` (no body) says the drop's last file has been sent
   * (`endBatch`), so that its calibration is planned and its summary notice can come. An upload
   * whose connection closes before its reply (the page was closed mid-drop) ends its batch too,
   * once the file's import has settled: the page will send no more.
   */
  /**
   * A call answered in the page: when `index.html` is served, the host makes it and writes the
   * answer into the page ({@link pageAnswerElement}), so the page needs no round trip for it
   * (the library's first screenful, `FIRST_SCREENFUL_CALL` of shared/first-screenful.ts). A failed call is left out.
   */
  pageCall?: { channel: string; input: unknown };
  /**
   * Calls whose answers the host keeps while the data they read is unchanged (host/answer-cache.ts),
   * over `POST /call` and the WebSocket alike; `warm`, if given, is made and kept as the host
   * starts (the library's whole list, so that the first opening of the library finds it ready).
   */
  answers?: AnswerCacheOptions & { warm?: { channel: string; input: unknown } };
  upload?: {
    tmpDir: string;
    maxBytes?: number;
    importFile: (path: string, batch: string) => Promise<ImportSummaryView>;
    endBatch?: (batch: string) => void;
  };
}

export interface Host {
  url: string;
  port: number;
  token: string;
  /**
   * The name of this launch's cookie, `nightshift_` + 12 hex digits of the token's SHA-256: each
   * launch has its own (its token is random), and a host started again with the same token
   * (`NIGHTSHIFT_HOST_TOKEN`) keeps it, so a page left open still loads files and reloads.
   */
  cookie: string;
  /** Makes and keeps the answer {@link HostOptions.answers} names to warm, unless kept and current (never throws). */
  warm(): Promise<void>;
  close(): Promise<void>;
}

/** The files a page may fetch by product id. */
export type FileKind = 'product' | 'thumb';
/**
 * A WebSocket message over this many bytes closes the connection (code 1009) without being read
 * further; one between {@link MAX_MESSAGE_BYTES} and this is read and refused with a reply.
 */
const WS_HARD_LIMIT = 8 * MAX_MESSAGE_BYTES;
/** The largest `POST /call` body: a contract call too large for the WebSocket (a 20 MB target CSV). */
export const MAX_CALL_BYTES = 64 * 1024 * 1024;

/** The HTTP status of a failed call's error code. */
function statusOf(code: ErrorCode): number {
  switch (code) {
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
    case 'cancelled':
      return 409;
    case 'unavailable':
      return 503;
    case 'timed_out':
      return 504;
    case 'no_space':
      return 507;
    case 'internal':
      return 500;
    default:
      return 400;
  }
}

/**
 * Serves the renderer and the handler table to a browser on 127.0.0.1 only. Every request
 * needs the launch token (in the URL once, then an HttpOnly SameSite=Strict cookie named for
 * this launch); the WebSocket, `/upload` and `/call` also need one of our own Origins
 * ({@link ownOrigins}), so another site in the same browser cannot drive them. No request,
 * however malformed, ends the process: a target that is not a path is a 400, a handler that
 * throws a 500, a socket error is logged, an oversize message is refused.
 */
export async function startHost(options: HostOptions): Promise<Host> {
  const rendererDir = resolve(options.rendererDir);
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`the renderer is not built (no ${join(rendererDir, 'index.html')}): run "npm run build" first`);
  }
  const token = options.token ?? newToken();
  const cookie = `nightshift_${createHash('sha256').update(token).digest('hex').slice(0, 12)}`;
  let origin = '';
  let origins: ReadonlySet<string> = new Set();
  const isOwnOrigin = (value: string | undefined): boolean => value !== undefined && origins.has(value);
  const securityHeaders = (): Record<string, string> => ({
    'Content-Security-Policy': contentSecurityPolicy({ connect: [origin.replace('http:', 'ws:')] }),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  });

  const authorised = (req: IncomingMessage, url: URL): boolean =>
    tokenMatches(url.searchParams.get('token'), token) || tokenMatches(readCookie(req.headers.cookie, cookie), token);

  const serveFile = async (kind: FileKind, id: number, res: ServerResponse, headers: Record<string, string>) => {
    let file: { path: string };
    try {
      if (!options.files) throw new AppError('not_found', 'no files here');
      // a thumbnail may be rendered first, on a worker thread
      file = await options.files(kind, id);
    } catch (err) {
      const code = err instanceof AppError ? err.code : 'internal';
      const status = code === 'not_found' ? 404 : code === 'forbidden' ? 403 : code === 'fits_error' ? 422 : 500;
      if (!res.headersSent) res.writeHead(status, { 'Content-Type': 'text/plain' }).end(`${code}: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    const stream = createReadStream(file.path);
    stream.once('open', () => {
      const type = kind === 'thumb' ? 'image/png' : 'application/octet-stream';
      res.writeHead(200, { ...headers, 'Content-Type': type, 'Cache-Control': 'private, max-age=3600' });
      stream.pipe(res);
    });
    stream.once('error', (err) => {
      if (!res.headersSent) res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`not_found: ${err.message}`);
      else res.destroy();
    });
  };

  const handleUpload = (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const reply = (status: number, body: unknown) => {
      if (res.destroyed || req.socket.destroyed) return;
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    };
    if (!options.upload) return reply(404, { ok: false, code: 'not_found', message: 'uploads are off' });
    const name = url.searchParams.get('name') ?? '';
    const batch = (url.searchParams.get('batch') ?? '').replace(/[^\w-]/g, '').slice(0, 64) || 'upload';
    if (url.searchParams.get('end') === '1') {
      req.resume();
      options.upload.endBatch?.(batch);
      return reply(200, { ok: true, data: null });
    }
    if (name === '') return reply(400, { ok: false, code: 'invalid_argument', message: 'upload needs ?name=' });
    const upload = options.upload;
    // The page went away before the reply (closed mid-drop): nothing more of this drop will
    // come. Its drop ends once this file's import has settled.
    let dropped = false;
    let settled = false;
    let ended = false;
    const endIfDropped = () => {
      if (!dropped || !settled || ended) return;
      ended = true;
      upload.endBatch?.(batch);
    };
    res.once('close', () => {
      if (res.writableFinished) return;
      dropped = true;
      options.logger.warn('an upload\'s connection closed before its reply: its drop ends when the file is in', { batch });
      endIfDropped();
    });
    receiveUpload(req, upload.tmpDir, name, upload.maxBytes ?? 16 * 1024 ** 3)
      .then(async ({ path, cleanup }) => {
        try {
          const summary = await upload.importFile(path, batch);
          const failed = summary.imported.length === 0 ? summary.errors[0] : undefined;
          if (failed) {
            const code = isErrorCode(failed.code) ? failed.code : 'invalid_argument';
            reply(statusOf(code), { ok: false, code, message: failed.message });
          } else {
            reply(200, { ok: true, data: summary });
          }
        } finally {
          cleanup();
        }
      })
      .catch((err: unknown) => {
        // the page went away mid-file: its body was cut short
        if (res.destroyed || req.socket.destroyed) return;
        const code = err instanceof AppError ? err.code : 'internal';
        if (code === 'internal') options.logger.error('upload failed', { error: String(err) });
        reply(statusOf(code), { ok: false, code, message: err instanceof Error ? err.message : String(err) });
      })
      .finally(() => {
        settled = true;
        endIfDropped();
      });
  };

  const answers = answerCache(options.dispatch, options.answers ?? { channels: [], version: () => '' });

  /** `POST /call`: one contract call as `{ channel, input }` JSON, for inputs too large for the WebSocket. */
  const handleCall = (req: IncomingMessage, res: ServerResponse) => {
    const reply = (status: number, body: unknown, close = false) => {
      res.writeHead(status, { 'Content-Type': 'application/json', ...(close ? { Connection: 'close' } : {}) }).end(JSON.stringify(body));
    };
    readBody(req, MAX_CALL_BYTES)
      .then(async (text) => {
        let message: unknown;
        try {
          message = JSON.parse(text);
        } catch {
          return reply(400, { ok: false, code: 'invalid_argument', message: 'the call is not JSON' });
        }
        const parsed = hostMessageSchema.omit({ id: true }).safeParse(message);
        if (!parsed.success) return reply(400, { ok: false, code: 'invalid_argument', message: 'malformed call: expected { channel, input }' });
        const answer = await answers.answer(parsed.data.channel, parsed.data.input);
        res.writeHead(answer.ok ? 200 : statusOf(answer.code), { 'Content-Type': 'application/json' }).end(answer.text);
      })
      .catch((err: unknown) => {
        if (res.headersSent) return;
        if (err instanceof BodyTooLarge) return reply(413, { ok: false, code: err.code, message: err.message }, true);
        const code = err instanceof AppError ? err.code : 'internal';
        if (code === 'internal') options.logger.error('call failed', { error: String(err) });
        reply(statusOf(code), { ok: false, code, message: err instanceof Error ? err.message : String(err) });
      });
  };

  /**
   * The library's revision: how many `products:changed` events this host has sent. The page's
   * answer element carries the revision it was served at; its socket says it (`?rev=`), and is
   * told of a change it missed (so what the page fetched early is asked again).
   */
  let revision = 0;
  const countChanges = options.events.onAny((event) => {
    if (event === 'products:changed') revision += 1;
  });

  /** The page's answered call ({@link HostOptions.pageCall}) as HTML, with the revision; nothing if it failed. */
  const pageCall = options.pageCall;
  const pageAnswer = pageCall
    ? async (): Promise<string> => {
        // (read before the call: a change while it runs makes the page ask again, never miss it)
        const rev = revision;
        try {
          const result = await options.dispatch(pageCall.channel, pageCall.input);
          return result.ok ? pageAnswerElement({ ...pageCall, result }, rev) : '';
        } catch (err) {
          options.logger.error('page call failed', { channel: pageCall.channel, error: String(err) });
          return '';
        }
      }
    : undefined;

  const handleRequest = (req: IncomingMessage, res: ServerResponse) => {
    const url = requestUrl(req.url, origin);
    if (!url) {
      res.writeHead(400, { 'Content-Type': 'text/plain', Connection: 'close' }).end('bad request: the target is not a path');
      return;
    }
    if (!authorised(req, url)) {
      res.writeHead(403, { 'Content-Type': 'text/plain' }).end('forbidden: open the URL nightshift host printed');
      return;
    }
    if (req.method === 'POST' && (url.pathname === '/upload' || url.pathname === '/call')) {
      // Same-origin only: the cookie is SameSite=Strict, and the Origin must be ours too.
      if (!isOwnOrigin(req.headers.origin)) {
        res.writeHead(403, { 'Content-Type': 'text/plain' }).end('forbidden: wrong origin');
        return;
      }
      if (url.pathname === '/upload') handleUpload(req, res, url);
      else handleCall(req, res);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end('method not allowed');
      return;
    }
    const headers = securityHeaders();
    const fileMatch = /^\/files\/(product|thumb)\/(\d{1,12})$/.exec(url.pathname);
    if (fileMatch) {
      void serveFile(fileMatch[1] as FileKind, Number(fileMatch[2]), res, headers);
      return;
    }
    if (url.searchParams.has('token')) {
      headers['Set-Cookie'] = `${cookie}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    }
    serveStatic(rendererDir, url.pathname, res, headers, pageAnswer).catch((err: unknown) => {
      options.logger.error('static file failed', { error: String(err) });
      if (!res.headersSent) res.writeHead(500).end();
    });
  };

  const server = createServer((req, res) => {
    try {
      handleRequest(req, res);
    } catch (err) {
      options.logger.error('request failed', { url: String(req.url).slice(0, 200), error: String(err) });
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain', Connection: 'close' }).end('internal error');
      else res.destroy();
    }
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_HARD_LIMIT });
  server.on('upgrade', (req, socket, head) => {
    // The HTTP server no longer watches this socket: a reset must not become an uncaught error.
    socket.on('error', () => socket.destroy());
    try {
      const url = requestUrl(req.url, origin);
      if (!url) {
        socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
        return;
      }
      if (url.pathname !== '/ws' || !isOwnOrigin(req.headers.origin) || !authorised(req, url)) {
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
        return;
      }
      const rev = url.searchParams.get(PAGE_REVISION_PARAM);
      wss.handleUpgrade(req, socket, head, (ws) => {
        // what the page read (its answer, its early list) may be older than the library: it asks again
        if (rev !== null && rev !== String(revision)) ws.send(JSON.stringify({ event: 'products:changed', payload: { ids: [] } }));
        wss.emit('connection', ws, req);
      });
    } catch (err) {
      options.logger.error('upgrade failed', { error: String(err) });
      socket.destroy();
    }
  });

  wss.on('connection', (ws: WebSocket) => {
    // A message over WS_HARD_LIMIT, a bad frame or a reset: ws closes the socket and reports here.
    ws.on('error', (err) => options.logger.warn('websocket closed on error', { error: err.message }));
    ws.on('message', (raw, isBinary) => {
      const data = Buffer.isBuffer(raw) ? raw : Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw);
      const bytes = data.length;
      if (bytes > MAX_MESSAGE_BYTES) {
        // The id is the first member of a request the page writes; answer it so its call ends.
        const head = data.subarray(0, 40).toString('latin1');
        const id = /^\{\s*"id"\s*:\s*(\d{1,15})\s*[,}]/.exec(head);
        ws.send(JSON.stringify({
          id: id ? Number(id[1]) : null,
          result: { ok: false, code: 'invalid_argument', message: `the message is ${bytes} bytes, over the ${MAX_MESSAGE_BYTES}-byte limit of the WebSocket (large inputs go by POST /call)` },
        }));
        return;
      }
      let message: unknown;
      try {
        if (isBinary) throw new Error('binary');
        message = JSON.parse(data.toString('utf8'));
      } catch {
        ws.send(JSON.stringify({ id: null, result: { ok: false, code: 'invalid_argument', message: 'message is not JSON' } }));
        return;
      }
      const parsed = hostMessageSchema.safeParse(message);
      if (!parsed.success) {
        ws.send(JSON.stringify({ id: null, result: { ok: false, code: 'invalid_argument', message: 'malformed request' } }));
        return;
      }
      const { id, channel, input } = parsed.data;
      answers
        .answer(channel, input)
        .then((answer) => {
          if (ws.readyState === WebSocket.OPEN) ws.send(`{"id":${JSON.stringify(id)},"result":${answer.text}}`);
        })
        .catch((err: unknown) => options.logger.error('websocket reply failed', { channel, error: String(err) }));
    });
  });

  const unsubscribe = options.events.onAny((event, payload) => {
    const text = JSON.stringify({ event, payload });
    for (const client of wss.clients) if (client.readyState === WebSocket.OPEN) client.send(text);
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  origins = ownOrigins(port);
  const warm = options.answers?.warm;

  return {
    url: `${origin}/?token=${token}`,
    port,
    token,
    cookie,
    async warm() {
      if (!warm) return;
      try {
        await answers.warm(warm.channel, warm.input);
      } catch (err) {
        options.logger.warn('could not make the kept answer', { channel: warm.channel, error: String(err) });
      }
    },
    async close() {
      unsubscribe();
      countChanges();
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
