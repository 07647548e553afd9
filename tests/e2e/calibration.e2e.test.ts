/**
 * Frame types in the browser (issue 17), through `nightshift host`: two raw lights of the
 * fixture night (IMAGETYP 'Light Frame', no calibration frames in the library) and an image
 * calibrated elsewhere (no IMAGETYP). The library's Frame column says which is which and why the
 * lights wait; the Frame filter keeps the lights and sits in the address; on a light's page the
 * frame type is corrected by hand to "none", and the light no longer waits.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { callHost } from '../helpers/host-call.js';
import { writeStarFits } from '../helpers/star-fits.js';
import { openUi, type UiSession } from '../helpers/ui.js';

const fx = (name: string): string => new URL(`../fixtures/calib/${name}`, import.meta.url).pathname;
let ui: UiSession;
let page: Page;

beforeAll(async () => {
  ui = await openUi();
  page = ui.page;
  const star = writeStarFits(join(ui.data.dir, 'in', 'reduced.fits'), { seed: 3 });
  await callHost(ui.host.url, 'products:import', { paths: [fx('light-1.fits'), fx('light-2.fits'), star] });
}, 90_000);

afterAll(async () => {
  await ui?.close();
});

describe('frame types in the library', () => {
  it('shows each frame and why a light waits, filters by frame, and takes a correction on the image page', async () => {
    await page.getByTestId('library-count').getByText('3 images').waitFor({ timeout: 30_000 });
    const frames = await page.getByTestId('product-frame').allInnerTexts();
    expect(frames.filter((t) => t.startsWith('light')).length).toBe(2);
    expect(frames.filter((t) => t.startsWith('light')).every((t) => /waits: no master bias for 1×1 binning/.test(t))).toBe(true);
    expect(frames.filter((t) => t.trim() === '').length).toBe(1);

    await page.getByTestId('filter-frame').selectOption('light');
    await page.getByTestId('library-count').getByText('2 of 3 images').waitFor({ timeout: 10_000 });
    expect(await page.evaluate(() => window.location.hash)).toContain('frame=light');

    await page.getByTestId('product-link').first().click();
    await page.getByTestId('product-calib-wait').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('product-frame-type').inputValue()).toBe('light');
    await page.getByTestId('product-frame-type').selectOption('none');
    await page.getByTestId('product-calib-wait').waitFor({ state: 'detached', timeout: 10_000 });
    expect(await page.getByTestId('product-frame-type').inputValue()).toBe('none');
  });
});
