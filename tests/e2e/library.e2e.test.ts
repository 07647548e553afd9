/**
 * A season of data in the browser, through `nightshift host`: 1,500 images over 25 nights in
 * the library. Only the rows in view are in the page; scrolling reaches the last image; the
 * filters by night (the observing night at the site, or the UTC date), object, filter and
 * status keep what they say, sit in the address and survive a reload and a trip to an image
 * and Back; a target's image list is filtered the same way and shows its dates as ISO UTC.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ProductStatus } from '../../src/shared/domain.js';
import { callHost } from '../helpers/host-call.js';
import { ROOT } from '../helpers/host-process.js';
import { seedLibrary, type SeedImage } from '../helpers/seed-library.js';
import { openUi, type UiSession } from '../helpers/ui.js';

const shots = join(ROOT, 'tests/.tmp/screenshots');
const OBJECTS = ['M31', 'M33', null];
const FILTERS = ['B', 'V', 'R'];
const STATUSES: ProductStatus[] = ['extracted', 'extracted', 'imported', 'failed'];
/** The default site's longitude (Roque de los Muchachos), degrees east. */
const SITE_LON = -17.8816;

/** 60 images a night for 25 nights from 2026-09-01, 20:00 to 05:50 UTC; every 50th undated. */
const IMAGES: SeedImage[] = Array.from({ length: 1500 }, (_, i) => {
  const t = Date.UTC(2026, 8, 1, 20, 0, 0) + Math.floor(i / 60) * 86_400_000 + (i % 60) * 10 * 60_000;
  return {
    name: `s-${String(i).padStart(4, '0')}.fits`,
    object: OBJECTS[i % 3]!,
    dateObs: i % 50 === 49 ? null : new Date(t).toISOString().replace('Z', ''),
    filter: FILTERS[i % 3 === 0 ? 0 : (i >> 1) % 3]!,
    status: STATUSES[i % 4]!,
  };
});

/** The night of a date as the test reckons it on its own: local mean time at the site minus 12 h. */
const siteNight = (iso: string) => new Date(Date.parse(`${iso}Z`) + (SITE_LON / 360) * 86_400_000 - 43_200_000).toISOString().slice(0, 10);

let ui: UiSession;
let page: Page;

const count = () => page.getByTestId('library-count').innerText();
const hash = () => page.evaluate(() => window.location.hash);
/** The dates (as shown) of the rows in the page. */
const shownDates = () => page.getByTestId('product-date').allInnerTexts();

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  ui = await openUi({ prepare: (dir) => seedLibrary(dir, IMAGES) });
  page = ui.page;
}, 90_000);

afterAll(async () => {
  await ui?.close();
});

describe('a season in the library', () => {
  it('opens with every image counted and only the rows in view in the page', async () => {
    await page.getByTestId('library-count').getByText('1500 images').waitFor({ timeout: 30_000 });
    const inPage = await page.getByTestId('product-row').count();
    expect(inPage).toBeGreaterThan(5);
    expect(inPage).toBeLessThan(60);
    // Newest first: the first row is the last night's last dated image.
    const newest = IMAGES.map((im) => im.dateObs ?? '').sort().at(-1)!;
    expect((await shownDates())[0]).toBe(newest.replace('T', ' ').replace('.000', ''));
  });

  it('scrolls to the end of the list, undated images last', async () => {
    const scroller = page.getByTestId('library-scroller');
    // the wheel over the list, as a user scrolls (one long turn to the end)
    await scroller.hover();
    await page.mouse.wheel(0, await scroller.evaluate((el) => el.scrollHeight));
    await page.getByTestId('product-link').filter({ hasText: 's-0049.fits' }).waitFor();
    const dates = await shownDates();
    expect(dates.at(-1)).toBe('');
    expect(await page.getByTestId('product-row').count()).toBeLessThan(60);
    await page.mouse.wheel(0, -(await scroller.evaluate((el) => el.scrollHeight)));
    await page.waitForFunction(() => document.querySelector('[data-testid="library-scroller"]')!.scrollTop === 0);
  });

  it('filters by the observing night at the site, object, filter and status, and says how many', async () => {
    await page.getByTestId('filter-night').selectOption('2026-09-03');
    await page.getByTestId('filter-filter').selectOption('R');
    await page.getByTestId('filter-object').selectOption('M33');
    const expected = IMAGES.filter((im) => im.dateObs !== null && siteNight(im.dateObs) === '2026-09-03' && im.filter === 'R' && im.object === 'M33');
    expect(expected.length).toBeGreaterThan(0);
    await page.getByTestId('library-count').getByText(`${expected.length} of 1500 images`).waitFor();
    expect(await hash()).toBe('#/library?night=2026-09-03&object=M33&filter=R');
    // The night runs from local noon to local noon: from the evening of the 3rd, through UTC midnight, to the morning of the 4th.
    const dates = await shownDates();
    expect(dates.sort()).toEqual(expected.map((im) => im.dateObs!.replace('T', ' ').replace('.000', '')).sort());
    expect(dates.some((d) => d.startsWith('2026-09-04'))).toBe(true);
    // The thumbnails of the rows in view load (the stored files are real images).
    await page.waitForFunction(
      (n) => [...document.querySelectorAll<HTMLImageElement>('[data-testid="product-row"] .thumb img')].filter((i) => i.complete && i.naturalWidth > 0).length === n,
      expected.length,
      { timeout: 30_000 },
    );
    await page.screenshot({ path: join(shots, 'library-filters.png') });
    await page.getByTestId('filter-status').selectOption('extracted');
    const extracted = expected.filter((im) => im.status === 'extracted').length;
    expect(extracted).toBeGreaterThan(0);
    expect(extracted).toBeLessThan(expected.length);
    await page.getByTestId('library-count').getByText(`${extracted} of 1500 images`).waitFor();
    expect((await page.getByTestId('product-row').allInnerTexts()).every((t) => t.includes('extracted'))).toBe(true);
    await page.getByTestId('filter-status').selectOption({ label: 'all' });
    await page.getByTestId('library-count').getByText(`${expected.length} of 1500 images`).waitFor();
  });

  it('keeps the filters through a reload, and through opening an image and Back', async () => {
    await page.reload();
    await page.getByTestId('library-count').getByText(/ of 1500 images/).waitFor();
    const after = await count();
    expect(await page.getByTestId('filter-night').inputValue()).toBe('2026-09-03');
    expect(await page.getByTestId('filter-object').inputValue()).toBe('M33');
    expect(await page.getByTestId('filter-filter').inputValue()).toBe('R');
    await page.getByTestId('product-row').first().click();
    await page.getByTestId('product-title').waitFor();
    expect(await hash()).toMatch(/^#\/products\/\d+$/);
    await page.goBack();
    await page.getByTestId('library-count').getByText(after).waitFor();
    expect(await hash()).toBe('#/library?night=2026-09-03&object=M33&filter=R');
  });

  it('counts by UTC date when asked, and clears the filters', async () => {
    await page.getByTestId('filter-night-by').selectOption('utc');
    const utc = IMAGES.filter((im) => im.dateObs?.startsWith('2026-09-03') && im.filter === 'R' && im.object === 'M33');
    await page.getByTestId('library-count').getByText(`${utc.length} of 1500 images`).waitFor();
    expect((await shownDates()).every((d) => d.startsWith('2026-09-03'))).toBe(true);
    expect(await hash()).toContain('nightBy=utc');
    await page.getByTestId('filters-clear').click();
    await page.getByTestId('library-count').getByText('1500 images').waitFor();
    expect(await hash()).toBe('#/library');
  });

  it('types a search that stays in the address', async () => {
    await page.getByTestId('library-search').fill('s-012');
    await page.getByTestId('library-count').getByText('10 of 1500 images').waitFor();
    await page.reload();
    await page.getByTestId('library-count').getByText('10 of 1500 images').waitFor();
    expect(await page.getByTestId('library-search').inputValue()).toBe('s-012');
    await page.getByTestId('filters-clear').click();
  });
});

describe("a target's images", () => {
  let targetId: number;

  it('lists the target\'s 1,500 images virtualised, with dates as ISO UTC', async () => {
    await callHost(ui.host.url, 'settings:set', { photometry: { auto: false } });
    targetId = ((await callHost(ui.host.url, 'targets:create', { name: 'Season field', ra: 150.1, dec: 2.2 })) as { id: number }).id;
    await page.goto(`${ui.host.url.split('#')[0]}#/targets/${targetId}`);
    await page.getByTestId('target-images-count').getByText('1500 images').waitFor({ timeout: 60_000 });
    const rows = await page.getByTestId('target-image-row').count();
    expect(rows).toBeGreaterThan(5);
    expect(rows).toBeLessThan(60);
    const dates = await page.getByTestId('target-image-date').allInnerTexts();
    for (const d of dates.filter((x) => x !== '—')) expect(d).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  }, 90_000);

  it('filters them by night and filter, in the address, through a reload and an image and Back', async () => {
    await page.getByTestId('target-images').getByTestId('filter-night').selectOption('2026-09-10');
    await page.getByTestId('target-images').getByTestId('filter-filter').selectOption('V');
    const expected = IMAGES.filter((im) => im.dateObs !== null && siteNight(im.dateObs) === '2026-09-10' && im.filter === 'V');
    await page.getByTestId('target-images-count').getByText(`${expected.length} of 1500 images`).waitFor();
    expect(await hash()).toBe(`#/targets/${targetId}?night=2026-09-10&filter=V`);
    await page.getByTestId('target-images').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'target-images-filters.png') });
    await page.reload();
    await page.getByTestId('target-images-count').getByText(`${expected.length} of 1500 images`).waitFor({ timeout: 30_000 });
    const dates = await page.getByTestId('target-image-date').allInnerTexts();
    expect(dates.sort()).toEqual(expected.map((im) => im.dateObs!.replace('T', ' ').replace('.000', '')).sort());
    await page.getByTestId('target-image-row').first().click();
    await page.getByTestId('product-title').waitFor();
    await page.goBack();
    await page.getByTestId('target-images-count').getByText(`${expected.length} of 1500 images`).waitFor({ timeout: 30_000 });
  }, 90_000);
});
