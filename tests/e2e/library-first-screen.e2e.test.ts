/**
 * The library's first screenful comes before its whole list, through `nightshift host`: with
 * the answer to the whole list held back on the WebSocket, the page already shows the newest
 * images in the list's default order (and says the rest is coming); when the list arrives the
 * count shows and the rows stay where they were. The first screenful is asked for by the page's
 * boot script, before the app's script has run (id 0 on the socket), and only once: the app takes
 * that answer rather than asking again. On another page nothing is asked for early.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
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
const calls: Array<{ id?: number; channel?: string; input?: { order?: string } }> = [];

beforeAll(async () => {
  ui = await openUi({ prepare: (dir) => void seedLibrary(dir, IMAGES) });
  page = await ui.browser.newPage({ viewport: { width: 1400, height: 900 } });
  // Hold back the host's answer to the whole list (a products:list call without an order) until released.
  await page.routeWebSocket(/\/ws/, (ws) => {
    const server = ws.connectToServer();
    const wholeList = new Set<number>();
    const held: string[] = [];
    let holding = true;
    release = () => {
      holding = false;
      for (const m of held.splice(0)) ws.send(m);
    };
    ws.onMessage((m) => {
      const text = String(m);
      const msg = JSON.parse(text) as { id?: number; channel?: string; input?: { order?: string } };
      calls.push(msg);
      if (msg.channel === 'products:list' && msg.input?.order === undefined && typeof msg.id === 'number') wholeList.add(msg.id);
      server.send(text);
    });
    server.onMessage((m) => {
      const text = String(m);
      const msg = JSON.parse(text) as { id?: number };
      if (holding && typeof msg.id === 'number' && wholeList.has(msg.id)) held.push(text);
      else ws.send(text);
    });
  });
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

  it('was asked for once, first, by the boot script, and the app took that answer', () => {
    const firstScreenful = calls.filter((c) => c.channel === 'products:list' && c.input?.order === 'date');
    expect(firstScreenful).toHaveLength(1);
    expect(firstScreenful[0]!.id).toBe(0);
    expect(calls[0]).toBe(firstScreenful[0]);
  });

  it('is not asked for early on another page', async () => {
    const other = await ui.browser.newPage({ viewport: { width: 1400, height: 900 } });
    const seen: string[] = [];
    other.on('websocket', (ws) => ws.on('framesent', (f) => seen.push(String(f.payload))));
    await other.goto(`${ui.host.url}#/tasks`);
    await other.getByRole('heading', { name: 'Tasks' }).waitFor({ timeout: 30_000 });
    // (the tasks page lists the images itself, for their names: not the first screenful, not early)
    expect(seen.map((text) => JSON.parse(text) as { id?: number; input?: { order?: string } }).filter((c) => c.id === 0 || c.input?.order === 'date')).toEqual([]);
    await other.getByTestId('nav-library').click();
    await other.getByTestId('product-row').first().waitFor({ timeout: 30_000 });
    await other.close();
  });
});
