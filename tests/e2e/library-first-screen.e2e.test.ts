/**
 * The library's first screenful comes before its whole list, through `nightshift host`: with
 * the answer to the whole list held back on the WebSocket, the page already shows the newest
 * images in the list's default order (and says the rest is coming); when the list arrives the
 * count shows and the rows stay where they were. The first screenful comes with the page (the
 * host writes its answer into index.html): nothing asks for it on the socket, the app takes that
 * answer, and the whole list, which the boot script fetched at once (`POST /call`), replaces it:
 * nothing asks for it on the socket, unless the library changed since the page was served (the
 * page then shows the library as it is). On another page nothing is asked for early.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PAGE_ANSWER_ID, readPageAnswer } from '../../src/shared/page-answer.js';
import { callHost } from '../helpers/host-call.js';
import { seedLibrary, type SeedImage } from '../helpers/seed-library.js';
import { openUi, type UiSession } from '../helpers/ui.js';

/** 300 images, two a day from 2026-09-01; every 7th undated. */
const IMAGES: SeedImage[] = Array.from({ length: 300 }, (_, i) => ({
  name: `q-${String(i).padStart(3, '0')}.fits`,
  object: 'M31',
  dateObs: i % 7 === 3 ? null : new Date(Date.UTC(2026, 8, 1) + i * 43_200_000).toISOString().replace('Z', ''),
  filter: 'V',
  status: 'extracted',
}));
/** The default order: the latest date first, undated last. */
const newestFirst = IMAGES.filter((im) => im.dateObs !== null)
  .sort((a, b) => (a.dateObs! < b.dateObs! ? 1 : -1))
  .map((im) => im.name);

let ui: UiSession;
let page: Page;
let release: () => void = () => undefined;
/** Every call the page made on its WebSockets, in order. */
let calls: Call[] = [];
/** Every call the page made by `POST /call`, in order. */
let fetched: Call[] = [];

type Call = { id?: number; channel?: string; input?: { order?: string; limit?: number } };

/** Whether a call is the first screenful's (`FIRST_SCREENFUL_INPUT`: 40 rows by date). */
const isFirstScreenful = (c: Call): boolean => c.channel === 'products:list' && c.input?.order === 'date' && c.input.limit === 40;

/**
 * Holds back the host's answer to the whole list (`library:list`, or a products:list call other than the first screenful's) on
 * `target`'s WebSocket until `release` is called (with `everything`, all the host sends);
 * `calls` gets every call the page makes.
 */
async function holdWholeList(target: Page, options: { everything?: boolean } = {}): Promise<{ calls: Call[]; fetched: Call[]; release: () => void }> {
  const seen: Call[] = [];
  const fetched: Call[] = [];
  let releaseNow: () => void = () => undefined;
  let releaseFetches: () => void = () => undefined;
  const fetchesHeld = new Promise<void>((resolve) => {
    releaseFetches = resolve;
  });
  // the whole list the boot script fetches (POST /call), held too
  await target.route(isCall, async (route) => {
    const call = JSON.parse(route.request().postData() ?? 'null') as Call;
    fetched.push(call);
    if (call.channel === 'library:list' || options.everything) await fetchesHeld;
    await route.continue();
  });
  await target.routeWebSocket(/\/ws/, (ws) => {
    const server = ws.connectToServer();
    const wholeList = new Set<number>();
    const held: string[] = [];
    let holding = true;
    releaseNow = () => {
      holding = false;
      for (const m of held.splice(0)) ws.send(m);
    };
    ws.onMessage((m) => {
      const text = String(m);
      const msg = JSON.parse(text) as Call;
      seen.push(msg);
      if ((msg.channel === 'library:list' || (msg.channel === 'products:list' && !isFirstScreenful(msg))) && typeof msg.id === 'number') wholeList.add(msg.id);
      server.send(text);
    });
    server.onMessage((m) => {
      const text = String(m);
      const msg = JSON.parse(text) as { id?: number };
      if (holding && (options.everything || (typeof msg.id === 'number' && wholeList.has(msg.id)))) held.push(text);
      else ws.send(text);
    });
  });
  return {
    calls: seen,
    fetched,
    release: () => {
      releaseFetches();
      releaseNow();
    },
  };
}

/** Whether a request is a `POST /call`. */
const isCall = (url: URL): boolean => url.pathname === '/call';

beforeAll(async () => {
  ui = await openUi({ prepare: (dir) => void seedLibrary(dir, IMAGES) });
  page = await ui.browser.newPage({ viewport: { width: 1400, height: 900 } });
  ({ calls, fetched, release } = await holdWholeList(page));
  await page.goto(ui.host.url);
}, 60_000);

afterAll(async () => {
  await ui?.close();
});

describe("the library's first screenful", () => {
  it('shows the newest images before the whole list has come, and says the rest is coming', async () => {
    await page.getByTestId('product-row').first().waitFor({ timeout: 30_000 });
    await page.getByTestId('library-loading').waitFor();
    expect(await page.getByTestId('library-count').count()).toBe(0);
    const names = await page.getByTestId('product-link').allInnerTexts();
    expect(names.length).toBeGreaterThan(5);
    expect(names).toEqual(newestFirst.slice(0, names.length));
  });

  it('counts every image once the list is in, the first rows unchanged', async () => {
    const before = await page.getByTestId('product-link').allInnerTexts();
    release();
    await page.getByTestId('library-count').getByText('300 images').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('library-loading').count()).toBe(0);
    const after = await page.getByTestId('product-link').allInnerTexts();
    expect(after.slice(0, 5)).toEqual(before.slice(0, 5));
  });

  it('came with the page, and nothing asked for it on the socket', async () => {
    const carried = readPageAnswer(await page.locator(`#${PAGE_ANSWER_ID}`).textContent());
    expect(carried?.channel).toBe('products:list');
    expect(carried?.input).toEqual({ limit: 40, order: 'date' });
    expect((carried?.result as { ok: true; data: Array<{ name: string }> }).data.map((p) => p.name)).toEqual(newestFirst.slice(0, 40));
    expect(calls.filter(isFirstScreenful)).toEqual([]);
    expect(calls.filter((c) => c.id === 0)).toEqual([]);
    // the whole list, fetched once at once by the boot script, by columns (library:list, in the
    // default order), and not asked for on the socket
    expect(fetched.map((c) => [c.channel, c.input])).toEqual([['library:list', { limit: 100_000 }]]);
    expect(calls.filter((c) => c.channel === 'library:list')).toEqual([]);
    expect(calls.filter((c) => c.channel === 'products:list')).toEqual([]);
  });

  it('is not asked for early on another page', async () => {
    const other = await ui.browser.newPage({ viewport: { width: 1400, height: 900 } });
    const seen: string[] = [];
    other.on('websocket', (ws) => ws.on('framesent', (f) => seen.push(String(f.payload))));
    await other.goto(`${ui.host.url}#/tasks`);
    await other.getByRole('heading', { name: 'Tasks' }).waitFor({ timeout: 30_000 });
    // (the tasks page lists the images itself, for their names: not the first screenful, not early)
    expect(seen.map((text) => JSON.parse(text) as Call).filter((c) => c.id === 0 || isFirstScreenful(c))).toEqual([]);
    await other.getByTestId('nav-library').click();
    await other.getByTestId('product-row').first().waitFor({ timeout: 30_000 });
    await other.close();
  });

  it('shows what the page carried with the host silent, and the live list replaces it', async () => {
    const other = await ui.browser.newPage({ viewport: { width: 1400, height: 900 } });
    const held = await holdWholeList(other, { everything: true });
    await other.goto(ui.host.url);
    // Nothing has come on the socket: the rows are the ones the page came with.
    await other.getByTestId('product-row').first().waitFor({ timeout: 30_000 });
    const shown = await other.getByTestId('product-link').allInnerTexts();
    expect(shown.length).toBeGreaterThan(5);
    expect(shown).toEqual(newestFirst.slice(0, shown.length));
    // The newest image goes while the page waits: once the host is heard, the page shows the library as it is.
    const carried = readPageAnswer(await other.locator(`#${PAGE_ANSWER_ID}`).textContent());
    const newest = (carried?.result as { ok: true; data: Array<{ id: number; name: string }> }).data[0]!;
    expect(newest.name).toBe(newestFirst[0]);
    await callHost(ui.host.url, 'library:remove', { ids: [newest.id] });
    held.release();
    await other.getByTestId('library-count').getByText('299 images').waitFor({ timeout: 30_000 });
    const live = await other.getByTestId('product-link').allInnerTexts();
    expect(live.slice(0, 5)).toEqual(newestFirst.slice(1, 6));
    await other.close();
  });

  it("is in the app's first render when it came before the app's script: no first screenful rendered before it", async () => {
    const other = await ui.browser.newPage({ viewport: { width: 1400, height: 900 } });
    // notes whether the page ever said the rest is coming (React's first screenful without the list)
    await other.addInitScript(`window.__sawLoading = false;
new MutationObserver(() => {
  if (document.querySelector('[data-testid="library-loading"]')) window.__sawLoading = true;
}).observe(document, { childList: true, subtree: true });`);
    // the app's script is held until the whole list's answer is in the browser
    let listIn: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => {
      listIn = resolve;
    });
    await other.route(isCall, async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response });
      listIn();
    });
    await other.route(/\/assets\/main-[^/]*\.js$/, async (route) => {
      await answered;
      await route.continue();
    });
    await other.goto(ui.host.url);
    const total = await imagesNow();
    await other.getByTestId('library-count').getByText(`${total} images`).waitFor({ timeout: 30_000 });
    expect(await other.evaluate('window.__sawLoading')).toBe(false);
    const names = await other.getByTestId('product-link').allInnerTexts();
    expect(names.length).toBeGreaterThan(5);
    await other.close();
  });

  it('is asked for again when an image went between the list being read and used', async () => {
    const other = await ui.browser.newPage({ viewport: { width: 1400, height: 900 } });
    const listed = (await callHost(ui.host.url, 'products:list', { limit: 40, order: 'date' })) as Array<{ id: number; name: string }>;
    const total = await imagesNow();
    const newest = listed[0]!;
    const sent: Call[] = [];
    other.on('websocket', (ws) => ws.on('framesent', (f) => sent.push(JSON.parse(String(f.payload)) as Call)));
    // the host reads the list, then the image goes, then the page has the (older) list
    await other.route(isCall, async (route) => {
      const response = await route.fetch();
      await callHost(ui.host.url, 'library:remove', { ids: [newest.id] });
      await route.fulfill({ response });
    });
    await other.goto(ui.host.url);
    await other.getByTestId('library-count').getByText(`${total - 1} images`).waitFor({ timeout: 30_000 });
    expect(await other.getByTestId('product-link').allInnerTexts()).not.toContain(newest.name);
    expect(sent.filter((c) => c.channel === 'library:list').map((c) => c.input)).toEqual([{ limit: 100_000 }]);
    await other.close();
  });

  it('is asked for again when the library changed between the page being served and its socket opening', async () => {
    const other = await ui.browser.newPage({ viewport: { width: 1400, height: 900 } });
    const listed = (await callHost(ui.host.url, 'products:list', { limit: 40, order: 'date' })) as Array<{ id: number; name: string }>;
    const total = await imagesNow();
    const newest = listed[0]!;
    const sent: Call[] = [];
    // The list is fetched as it was; the page's socket reaches the host only after the image has gone.
    let fetchedList: () => void = () => undefined;
    const listRead = new Promise<void>((resolve) => {
      fetchedList = resolve;
    });
    await other.route(isCall, async (route) => {
      const response = await route.fetch();
      fetchedList();
      await route.fulfill({ response });
    });
    await other.routeWebSocket(/\/ws/, (ws) => {
      const early: string[] = [];
      let server: { send: (m: string) => void } | null = null;
      ws.onMessage((m) => {
        sent.push(JSON.parse(String(m)) as Call);
        if (server) server.send(String(m));
        else early.push(String(m));
      });
      void listRead
        .then(() => callHost(ui.host.url, 'library:remove', { ids: [newest.id] }))
        .then(() => {
          const s = ws.connectToServer();
          s.onMessage((m) => ws.send(String(m)));
          server = s;
          for (const m of early.splice(0)) s.send(m);
        });
    });
    await other.goto(ui.host.url);
    await other.getByTestId('library-count').getByText(`${total - 1} images`).waitFor({ timeout: 30_000 });
    expect(await other.getByTestId('product-link').allInnerTexts()).not.toContain(newest.name);
    expect(sent.filter((c) => c.channel === 'library:list').map((c) => c.input)).toEqual([{ limit: 100_000 }]);
    await other.close();
  });
});

/** How many images the library holds now. */
async function imagesNow(): Promise<number> {
  const list = (await callHost(ui.host.url, 'library:list', { limit: 100_000 })) as { id: number[] };
  return list.id.length;
}
