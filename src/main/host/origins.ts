/**
 * Which Origins and request targets the host accepts. One place, so the WebSocket, `/upload`
 * and `/call` agree on which pages are the host's own.
 */

/**
 * The host's own Origins for a port: the page as `nightshift host` prints it
 * (`http://127.0.0.1:PORT`) and the same page opened as `http://localhost:PORT` (browsers
 * resolve `localhost` to the loopback interface themselves). Anything else, a missing Origin
 * included, is another site.
 */
export function ownOrigins(port: number): ReadonlySet<string> {
  return new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
}

/**
 * The URL of a request target in origin form (`/path?query`), or null for anything else (an
 * absolute URL, `*`, an empty target, a target that does not parse, and a target starting `//`,
 * which `new URL(target, origin)` reads as another host and no page of ours asks for).
 */
export function requestUrl(target: string | undefined, origin: string): URL | null {
  if (!target || !target.startsWith('/') || target.startsWith('//')) return null;
  try {
    return new URL(`${origin}${target}`);
  } catch {
    return null;
  }
}
