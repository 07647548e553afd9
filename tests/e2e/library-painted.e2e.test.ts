/**
 * The library's first rows are painted by the boot script from the answer the page carried,
 * before the app's modules have loaded (src/renderer/src/library/paint-carried.ts): with the
 * app's script and the host's socket both held back, the rows are on screen; when the app
 * mounts it replaces them, with the same cells in the same places, one set of rows, and they
 * answer clicks. The painted rows are usable before the app has run: a click on a row or its
 * name opens the image (its page shows once the app runs), a focused row answers ↑ ↓ and Enter,
 * and the live table keeps the painted one's scroll and focused row. On another address nothing
 * is painted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Route } from 'playwright-core';
import { holdHost } from '../helpers/hold-host.js';
import { seedLibrary, type SeedImage } from '../helpers/seed-library.js';
import { openUi, type UiSession } from '../helpers/ui.js';

/** 60 images, one a day from 2026-09-01, every 5th failed; one object's name has markup in it. */
const IMAGES: SeedImage[] = Array.from({ length: 60 }, (_, i) => ({
  name: `p-${String(i).padStart(2, '0')}.fits`,
  object: i === 59 ? '<b>M31</b> & "co"' : 'M31',
  dateObs: new Date(Date.UTC(2026, 8, 1) + i * 86_400_000 + 1234).toISOString().replace('Z', ''),
  filter: 'V',
  status: i % 5 === 0 ? 'failed' : 'extracted',
}));

let ui: UiSession;

beforeAll(async () => {
  ui = await openUi({ prepare: (dir) => void seedLibrary(dir, IMAGES) });
}, 60_000);

afterAll(async () => {
  await ui?.close();
});

/** Holds back the app's script (the `main` chunk the boot script imports) until `release`. */
async function holdAppScript(page: Page): Promise<{ requested: () => boolean; release: () => void }> {
  const held: Route[] = [];
  let holding = true;
  await page.route(/\/assets\/main-[^/]*\.js$/, (route) => {
    if (holding) held.push(route);
    else void route.continue();
  });
  return {
    requested: () => held.length > 0,
    release: () => {
      holding = false;
      for (const r of held.splice(0)) void r.continue();
    },
  };
}

/** Each row's cells (text and box) and the header's, as on screen. */
function shownRows(page: Page): Promise<Array<{ cells: string[]; boxes: number[][] }>> {
  return page.locator('[role="row"]').evaluateAll((rows) =>
    rows.map((r) => ({
      cells: [...r.children].map((c) => (c as HTMLElement).innerText),
      boxes: [r, ...r.children].map((c) => {
        const b = c.getBoundingClientRect();
        return [b.x, b.y, b.width, b.height].map(Math.round);
      }),
    })),
  );
}

describe("the library's painted first rows", () => {
  it('show before the app has run, with the host silent, and the app replaces them in place with live rows', async () => {
    const page = await ui.browser.newPage({ viewport: { width: 1400, height: 900 } });
    const app = await holdAppScript(page);
    const releaseHost = await holdHost(page);
    await page.goto(ui.host.url, { waitUntil: 'commit' });

    await page.getByTestId('product-row').first().waitFor({ timeout: 30_000 });
    expect(app.requested()).toBe(true);
    expect(await page.locator('[data-painted]').count()).toBe(1);
    const painted = await shownRows(page);
    // the newest first, the date as the library writes it (ISO, UTC), markup in a name shown as text
    expect(painted[1]!.cells.slice(2, 5)).toEqual(['p-59.fits', '<b>M31</b> & "co"', '2026-10-30 00:00:01.234']);
    expect(painted[2]!.cells.slice(2, 8)).toEqual(['p-58.fits', 'M31', '2026-10-29 00:00:01.234', 'V', '', 'extracted']);
    expect(await page.locator('b').count()).toBe(0);
    const nameBox = await page.getByTestId('product-link').first().boundingBox();

    // the app loads; the host still silent, it shows the carried rows itself
    app.release();
    await page.locator('[data-painted]').waitFor({ state: 'detached', timeout: 30_000 });
    expect(await page.locator('.app').count()).toBe(1);
    expect(await page.locator('[inert]').count()).toBe(0);
    const live = await shownRows(page);
    // the same header and rows in the same places (React draws the rows in view, the painting all 40)
    expect(live.length).toBeGreaterThan(5);
    expect(live).toEqual(painted.slice(0, live.length));
    expect(await page.getByTestId('product-link').first().boundingBox()).toEqual(nameBox);

    // and they are the live rows: the list comes, a click opens the image
    releaseHost();
    await page.getByTestId('library-count').getByText('60 images').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-painted]').count()).toBe(0);
    await page.getByTestId('product-row').nth(1).click();
    await page.waitForFunction(() => window.location.hash.startsWith('#/products/'));
    await page.close();
  });

  it("open an image on a click before the app has run: the name's link, or anywhere on the row", async () => {
    for (const where of ['name', 'row'] as const) {
      const page = await ui.browser.newPage({ viewport: { width: 1400, height: 900 } });
      const app = await holdAppScript(page);
      await page.goto(ui.host.url, { waitUntil: 'commit' });
      const row = page.locator('[data-painted] [data-testid="product-row"]').nth(1);
      await row.waitFor({ timeout: 30_000 });
      expect(app.requested()).toBe(true);
      const href = await row.getByTestId('product-link').getAttribute('href');
      expect(href).toMatch(/^#\/products\/\d+$/);
      // the checkbox's cell, which selects in a live row, opens nothing
      await row.locator('[role="cell"]').first().click();
      expect(await page.evaluate(() => window.location.hash)).toBe('');
      if (where === 'name') await row.getByTestId('product-link').click();
      else await row.locator('[role="cell"]').nth(3).click();
      await page.waitForFunction((h) => window.location.hash === h, href);
      // the row shows that its image is opening
      expect(await row.getAttribute('aria-busy')).toBe('true');
      // the app, once it runs, shows that image
      app.release();
      await expect.poll(() => page.getByTestId('product-title').textContent(), { timeout: 30_000 }).toBe('p-58.fits');
      await page.close();
    }
  }, 60_000);

  it('answer ↑ ↓ and Enter before the app has run, and the live rows keep the focus and the scroll', async () => {
    const page = await ui.browser.newPage({ viewport: { width: 1400, height: 900 } });
    const app = await holdAppScript(page);
    await page.goto(ui.host.url, { waitUntil: 'commit' });
    const rows = page.locator('[data-painted] [data-testid="product-row"]');
    await rows.first().waitFor({ timeout: 30_000 });
    await rows.first().focus();
    for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    // the 12th row (aria-rowindex counts the header as 1), scrolled into view
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-rowindex'))).toBe('13');
    const scroller = page.locator('[data-painted] .vt-scroller');
    await scroller.evaluate((el) => {
      el.scrollTop = 500;
    });
    const painted = await page.evaluate(() => document.activeElement?.textContent);

    app.release();
    await page.locator('[data-painted]').waitFor({ state: 'detached', timeout: 30_000 });
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-rowindex')), { timeout: 10_000 }).toBe('13');
    expect(await page.evaluate(() => document.activeElement?.closest('[data-painted]'))).toBeNull();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(painted);
    expect(await page.getByTestId('library-scroller').evaluate((el) => el.scrollTop)).toBe(500);
    // and Enter on the live row opens it
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('product-title').textContent(), { timeout: 30_000 }).toBe('p-48.fits');
    await page.close();
  }, 60_000);

  it('open the focused row with Enter before the app has run', async () => {
    const page = await ui.browser.newPage({ viewport: { width: 1400, height: 900 } });
    const app = await holdAppScript(page);
    await page.goto(ui.host.url, { waitUntil: 'commit' });
    const rows = page.locator('[data-painted] [data-testid="product-row"]');
    await rows.first().waitFor({ timeout: 30_000 });
    await rows.first().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.location.hash.startsWith('#/products/'));
    app.release();
    await expect.poll(() => page.getByTestId('product-title').textContent(), { timeout: 30_000 }).toBe('p-58.fits');
    await page.close();
  }, 60_000);

  it('are not painted on another address', async () => {
    const page = await ui.browser.newPage({ viewport: { width: 1400, height: 900 } });
    const app = await holdAppScript(page);
    await page.goto(`${ui.host.url}#/tasks`, { waitUntil: 'commit' });
    await expect.poll(() => app.requested(), { timeout: 30_000 }).toBe(true);
    expect(await page.locator('#root').innerHTML()).toBe('');
    app.release();
    await page.getByRole('heading', { name: 'Tasks' }).waitFor({ timeout: 30_000 });
    await page.close();
  });
});
