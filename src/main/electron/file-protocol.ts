import { pathToFileURL } from 'node:url';
import type { Net, Protocol } from 'electron';
import { AppError } from '../../shared/errors.js';

/** `nightshift://product/<id>` (a product's stored FITS bytes) and `nightshift://thumb/<id>` (its PNG thumbnail). */
export const FILE_SCHEME = 'nightshift';

/** Must run before the app is ready. */
export function registerFileScheme(protocol: Protocol): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: FILE_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

/** Serves product files; anything else under the scheme is 404. */
export function handleFileScheme(protocol: Protocol, net: Net, files: (kind: 'product' | 'thumb', id: number) => { path: string } | Promise<{ path: string }>): void {
  protocol.handle(FILE_SCHEME, async (request) => {
    const url = new URL(request.url);
    const match = /^\/(\d{1,12})$/.exec(url.pathname);
    if ((url.host !== 'product' && url.host !== 'thumb') || !match) return new Response('not found', { status: 404 });
    try {
      const file = await files(url.host, Number(match[1]));
      return await net.fetch(pathToFileURL(file.path).href);
    } catch (err) {
      const status = err instanceof AppError && err.code === 'forbidden' ? 403 : 404;
      return new Response(err instanceof Error ? err.message : String(err), { status });
    }
  });
}
