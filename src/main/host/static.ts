import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/** For a file whose name changes with its content: kept a year, never revalidated. */
const IMMUTABLE = 'max-age=31536000, immutable';

/**
 * Whether a URL path is one of the build's assets named by content (`/assets/main-27fQI9ta.js`:
 * Vite's `[name]-[hash]`, 8 characters of base64url), which a new build never serves changed
 * under the same name. A page opened again then takes them from the browser's cache (and V8
 * its compiled code) without asking.
 */
export function isHashedAsset(urlPath: string): boolean {
  return /^\/assets\/[^/]+-[A-Za-z0-9_-]{8}\.[a-z0-9]+$/.test(urlPath);
}

/**
 * Serves a file from `root` for a URL path, refusing anything that resolves outside it.
 * Unknown paths fall back to `index.html` (the renderer routes on the client). `page`, if
 * given, returns HTML to put at the end of `index.html`'s body as it is served.
 */
export async function serveStatic(
  root: string,
  urlPath: string,
  res: ServerResponse,
  headers: Record<string, string>,
  page?: () => Promise<string>,
): Promise<void> {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    res.writeHead(400).end('bad path');
    return;
  }
  const candidate = normalize(join(root, rel));
  if (candidate !== root && !candidate.startsWith(root.endsWith(sep) ? root : root + sep)) {
    res.writeHead(403).end('forbidden');
    return;
  }
  let file = candidate;
  const info = await stat(file).catch(() => null);
  if (!info || info.isDirectory()) {
    if (extname(rel) !== '') {
      res.writeHead(404, headers).end('not found');
      return;
    }
    file = join(root, 'index.html');
  }
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  if (page && file === join(root, 'index.html')) {
    const [html, extra] = await Promise.all([readFile(file, 'utf8'), page()]);
    const at = html.lastIndexOf('</body>');
    const text = at < 0 ? html + extra : html.slice(0, at) + extra + html.slice(at);
    res.writeHead(200, { ...headers, 'Content-Type': type, 'Cache-Control': 'no-store' }).end(text);
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Type': type, 'Cache-Control': isHashedAsset(rel) ? IMMUTABLE : 'no-cache' });
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}
