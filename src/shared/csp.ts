/**
 * The one Content-Security-Policy of the app: our own code only, no eval, no remote content.
 * The desktop window (main/electron/security.ts), the browser host (main/host/server.ts) and
 * the renderer page's <meta> (injected at build time by electron.vite.config.ts) differ only in
 * the extra sources they allow for images and connections.
 */

/** Extra sources allowed beyond `'self'` (and `data:`/`blob:` for images). */
export interface CspSources {
  /** More `img-src` sources, e.g. `nightshift:` for the desktop's file protocol. */
  img?: readonly string[];
  /** More `connect-src` sources, e.g. the host's own WebSocket origin. */
  connect?: readonly string[];
  /**
   * For an HTML <meta> element, which cannot carry `frame-ancestors` (browsers ignore it
   * there and warn) [false].
   */
  meta?: boolean;
}

/** The policy as a header value (directives joined by "; "). */
export function contentSecurityPolicy(sources: CspSources = {}): string {
  const directives = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    ["img-src 'self' data: blob:", ...(sources.img ?? [])].join(' '),
    "worker-src 'self' blob:",
    ["connect-src 'self'", ...(sources.connect ?? [])].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
  ];
  if (!sources.meta) directives.push("frame-ancestors 'none'");
  return directives.join('; ');
}
