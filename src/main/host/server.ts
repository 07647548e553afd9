import { createReadStream, existsSync } from 'node:fs';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { WebSocket, WebSocketServer } from 'ws';
import { AppError } from '../../shared/errors.js';
import type { Dispatch } from '../api/dispatch.js';
import type { EventBus } from '../services/events.js';
import type { Logger } from '../services/logger.js';
import { serveStatic } from './static.js';
import { receiveUpload } from './upload.js';
import { newToken, readCookie, tokenMatches } from './token.js';
import { hostMessageSchema } from './wire.js';

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
  files?: (kind: FileKind, id: number) => { path: string };
  /**
   * Imports an uploaded file (`POST /upload?name=…&batch=…`, the browser's drag and drop):
   * called with the received file, named as the user's file, in a temporary folder.
   */
  upload?: { tmpDir: string; maxBytes?: number; importFile: (path: string, batch: string) => Promise<unknown> };
}

export interface Host {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const COOKIE = 'nightshift_token';

/** The files a page may fetch by product id. */
export type FileKind = 'product' | 'thumb';
const MAX_MESSAGE_BYTES = 1 << 20;

/**
 * Serves the renderer and the handler table to a browser on 127.0.0.1 only. Every request
 * needs the launch token (in the URL once, then an HttpOnly SameSite=Strict cookie); the
 * WebSocket also needs our own Origin, so another site in the same browser cannot drive it.
 */
export async function startHost(options: HostOptions): Promise<Host> {
  const rendererDir = resolve(options.rendererDir);
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`the renderer is not built (no ${join(rendererDir, 'index.html')}): run "npm run build" first`);
  }
  const token = options.token ?? newToken();
  let origin = '';
  const securityHeaders = (): Record<string, string> => ({
    'Content-Security-Policy': [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "worker-src 'self' blob:",
      `connect-src 'self' ${origin.replace('http:', 'ws:')}`,
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  });

  const authorised = (req: IncomingMessage, url: URL): boolean =>
    tokenMatches(url.searchParams.get('token'), token) || tokenMatches(readCookie(req.headers.cookie, COOKIE), token);

  const serveFile = (kind: FileKind, id: number, res: ServerResponse, headers: Record<string, string>) => {
    let file: { path: string };
    try {
      if (!options.files) throw new AppError('not_found', 'no files here');
      file = options.files(kind, id);
    } catch (err) {
      const code = err instanceof AppError ? err.code : 'internal';
      res.writeHead(code === 'not_found' ? 404 : code === 'forbidden' ? 403 : 500, { 'Content-Type': 'text/plain' }).end(`${code}: ${err instanceof Error ? err.message : String(err)}`);
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
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    };
    if (!options.upload) return reply(404, { ok: false, code: 'not_found', message: 'uploads are off' });
    const name = url.searchParams.get('name') ?? '';
    const batch = (url.searchParams.get('batch') ?? '').replace(/[^\w-]/g, '').slice(0, 64) || 'upload';
    if (name === '') return reply(400, { ok: false, code: 'invalid_argument', message: 'upload needs ?name=' });
    const upload = options.upload;
    receiveUpload(req, upload.tmpDir, name, upload.maxBytes ?? 16 * 1024 ** 3)
      .then(async ({ path, cleanup }) => {
        try {
          reply(200, { ok: true, data: await upload.importFile(path, batch) });
        } finally {
          cleanup();
        }
      })
      .catch((err: unknown) => {
        const code = err instanceof AppError ? err.code : 'internal';
        if (code === 'internal') options.logger.error('upload failed', { error: String(err) });
        reply(code === 'internal' ? 500 : 400, { ok: false, code, message: err instanceof Error ? err.message : String(err) });
      });
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin || 'http://127.0.0.1');
    if (!authorised(req, url)) {
      res.writeHead(403, { 'Content-Type': 'text/plain' }).end('forbidden: open the URL nightshift host printed');
      return;
    }
    if (req.method === 'POST' && url.pathname === '/upload') {
      // Same-origin only: the cookie is SameSite=Strict, and the Origin must be ours too.
      if (req.headers.origin !== origin) {
        res.writeHead(403, { 'Content-Type': 'text/plain' }).end('forbidden: wrong origin');
        return;
      }
      handleUpload(req, res, url);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end('method not allowed');
      return;
    }
    const headers = securityHeaders();
    const fileMatch = /^\/files\/(product|thumb)\/(\d{1,12})$/.exec(url.pathname);
    if (fileMatch) {
      serveFile(fileMatch[1] as FileKind, Number(fileMatch[2]), res, headers);
      return;
    }
    if (url.searchParams.has('token')) {
      headers['Set-Cookie'] = `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    }
    serveStatic(rendererDir, url.pathname, res, headers).catch((err: unknown) => {
      options.logger.error('static file failed', { error: String(err) });
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', origin);
    const okOrigin = req.headers.origin === origin || req.headers.origin === origin.replace('127.0.0.1', 'localhost');
    if (url.pathname !== '/ws' || !okOrigin || !authorised(req, url)) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    ws.on('message', (raw) => {
      let message: unknown;
      try {
        message = JSON.parse(raw.toString());
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
      void options.dispatch(channel, input).then((result) => {
        if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ id, result }));
      });
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

  return {
    url: `${origin}/?token=${token}`,
    port,
    token,
    async close() {
      unsubscribe();
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
