/**
 * Batch notices in the browser, through `nightshift host`: a drop whose extractions end while
 * its files are still being uploaded ends with one notice counting the whole drop; the notice
 * sits where it hides no control (the library's filters stay clickable under it) and goes
 * away with × or Escape.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { NoticeView } from '../../src/shared/domain.js';
import { callHost } from '../helpers/host-call.js';
import { starField } from '../helpers/seed.js';
import { dropFiles, openUi, type UiSession } from '../helpers/ui.js';

let ui: UiSession;
let page: Page;

/** Six small distinct fields (each extracts in a moment, before the next upload ends). */
const files = Array.from({ length: 6 }, (_, i) => ({
  name: `n-${i}.fits`,
  bytes: starField(96, 96, [{ x: 20 + 8 * i, y: 30 + 5 * i, flux: 30000 }, { x: 70, y: 60 - 4 * i, flux: 20000 }], 1000, 5, 40 + i),
}));
/** The same bytes as the first file under another name, and a file that is not FITS. */
const again = { name: 'n-0-copy.fits', bytes: files[0]!.bytes };
const notFits = { name: 'notes.fits', bytes: new TextEncoder().encode('not an image\n'.repeat(300)) };

const overlaps = (a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

beforeAll(async () => {
  ui = await openUi();
  page = ui.page;
}, 60_000);

afterAll(async () => {
  await ui?.close();
});

describe('batch notices', () => {
  it('a drop of 8 files making 6 extractions ends with one notice "6 of 6 extracted"', async () => {
    await dropFiles(page, [...files.slice(0, 3), again, ...files.slice(3), notFits]);
    const toast = page.getByTestId('toast').filter({ hasText: 'of 6 extracted' });
    await toast.waitFor({ timeout: 60_000 });
    expect(await toast.innerText()).toContain('6 of 6 extracted');
    expect(await toast.innerText()).toContain('8 files: 6 new, 1 already in the library, 1 refused');
    const notices = (await callHost(ui.host.url, 'notices:list')) as NoticeView[];
    expect(notices.map((n) => n.title)).toEqual(['6 of 6 extracted']);
    expect(await page.getByTestId('toast').count()).toBe(1);
  });

  it('hides no control: the library\'s Filter select is clickable while the notice shows', async () => {
    await page.getByTestId('nav-library').click();
    const select = page.getByTestId('filter-filter');
    await select.waitFor();
    expect(await page.getByTestId('toast').count()).toBe(1);
    const notice = (await page.getByTestId('toasts').boundingBox())!;
    const bar = (await page.getByTestId('filter-bar').boundingBox())!;
    expect(overlaps(notice, bar)).toBe(false);
    // nor the import panel at the sidebar's foot
    expect(overlaps(notice, (await page.locator('.import-panel').boundingBox())!)).toBe(false);
    // a trial click checks that the select itself would receive the click, not a notice over it
    await select.click({ trial: true, timeout: 2000 });
    await select.selectOption({ index: 1 });
    expect(await page.evaluate(() => window.location.hash)).toContain('filter=');
    await select.selectOption({ index: 0 });
  });

  it('× dismisses the notice', async () => {
    expect(await page.getByTestId('toast').count()).toBe(1);
    await page.getByTestId('toast-close').click({ timeout: 5000 });
    expect(await page.getByTestId('toast').count()).toBe(0);
  });

  it('Escape dismisses the newest notice', async () => {
    await dropFiles(page, [{ name: 'x-2.fits', bytes: starField(96, 96, [{ x: 40, y: 44, flux: 30000 }], 1000, 5, 72) }]);
    await page.getByTestId('toast').filter({ hasText: '1 of 1 extracted' }).waitFor({ timeout: 25_000 });
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('toast').count()).toBe(0);
  });
});
