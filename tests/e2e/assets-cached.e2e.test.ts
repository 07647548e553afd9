/**
 * The build's assets named by content (`/assets/NAME-HASH.js`, `.css`) are served by
 * `nightshift host` as immutable: a page opened again takes them from the browser's cache without
 * asking the host, while the page itself (`index.html`, which carries the library's first
 * screenful) is fetched afresh every time.
 * The page names the app's icon (`resources/icon.png`, hashed by the build) so the browser does not ask for
 * `/favicon.ico`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedLibrary } from '../helpers/seed-library.js';
import { openUi, type UiSession } from '../helpers/ui.js';

let ui: UiSession;

beforeAll(async () => {
  ui = await openUi({ prepare: (dir) => void seedLibrary(dir, [{ name: 'a.fits', object: 'M31', dateObs: '2026-09-01T20:00:00', filter: 'V', status: 'extracted' }]) });
}, 60_000);

afterAll(async () => {
  await ui?.close();
});

describe("the app's assets", () => {
  it('are served immutable and taken from the cache when the page is opened again; the page itself is not', async () => {
    const page = await ui.browser.newPage({ viewport: { width: 1400, height: 900 } });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    const urls = new Map<string, string>();
    const cached = new Set<string>();
    const fetched = new Set<string>();
    cdp.on('Network.requestWillBeSent', (e) => void urls.set(e.requestId, new URL(e.request.url).pathname));
    cdp.on('Network.requestServedFromCache', (e) => void cached.add(urls.get(e.requestId) ?? ''));
    cdp.on('Network.responseReceived', (e) => {
      if (!e.response.fromDiskCache && !e.response.fromPrefetchCache) fetched.add(new URL(e.response.url).pathname);
    });
    const headers = new Map<string, string>();
    page.on('response', (r) => void headers.set(new URL(r.url()).pathname, r.headers()['cache-control'] ?? ''));

    await page.goto(ui.host.url);
    await page.getByTestId('library-count').getByText('1 image').waitFor({ timeout: 30_000 });
    // (the page's scripts and style sheets; the icon is the browser's own business)
    const assets = [...headers.keys()].filter((p) => p.startsWith('/assets/') && /\.(js|css)$/.test(p));
    expect(assets.some((p) => /^\/assets\/main-[^/]+\.js$/.test(p))).toBe(true);
    expect(assets.some((p) => p.endsWith('.css'))).toBe(true);
    for (const p of assets) expect(headers.get(p), p).toBe('max-age=31536000, immutable');
    expect(headers.get('/')).toBe('no-store');

    fetched.clear();
    await page.reload();
    await page.getByTestId('library-count').getByText('1 image').waitFor({ timeout: 30_000 });
    // (with `no-cache` each would be asked for again, and the host has no validator: sent again)
    for (const p of assets) expect(cached.has(p), `${p} from the cache`).toBe(true);
    expect(cached.has('/')).toBe(false);
    expect(fetched.has('/')).toBe(true);
    await page.close();
  }, 60_000);

  it("include the app's icon, which the page names (without it the browser asked for /favicon.ico, which the host answers 404)", async () => {
    const page = await ui.browser.newPage({ viewport: { width: 1400, height: 900 } });
    const failed: string[] = [];
    page.on('response', (r) => void (r.status() >= 400 && failed.push(`${r.status()} ${new URL(r.url()).pathname}`)));
    const icon = page.waitForResponse((r) => /icon/.test(new URL(r.url()).pathname), { timeout: 30_000 });
    await page.goto(ui.host.url);
    await page.getByTestId('library-count').getByText('1 image').waitFor({ timeout: 30_000 });
    const r = await icon;
    expect(`${r.status()} ${new URL(r.url()).pathname}`).toMatch(/^200 \/assets\/icon-[A-Za-z0-9_-]{8}\.png$/);
    expect(r.headers()['content-type']).toBe('image/png');
    expect(failed).toEqual([]);
    await page.close();
  }, 60_000);
});
