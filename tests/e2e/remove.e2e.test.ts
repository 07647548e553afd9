/**
 * Removing images (issue 15) through the host: select rows of the library, read what goes in
 * the confirmation, cancel, remove; then remove one from its own page. The rows, catalogs,
 * photometry points and stored files go; the target's light curve loses the points (its row in
 * Targets and its light curve both count what is left); an unfinished task of a removed image
 * (queued by Extract again with the queue paused) is cancelled, and the confirmation says so.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openDb } from '../../src/main/services/db/open.js';
import { dataPaths } from '../../src/main/services/paths.js';
import { callHost } from '../helpers/host-call.js';
import { seedProduct, starField } from '../helpers/seed.js';
import { measureTextContrast } from './contrast.js';
import { openUi, type UiSession } from '../helpers/ui.js';

let ui: UiSession;
let page: Page;
const ids: number[] = [];
let targetId = 0;
const stars = [
  { x: 30, y: 30, flux: 5000 },
  { x: 70, y: 80, flux: 9000 },
];

function sql<T>(text: string, ...args: unknown[]): T {
  const db = openDb(dataPaths(ui.data.dir).db);
  try {
    return db.prepare(text).get(...args) as T;
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  ui = await openUi({
    prepare: (dir) => {
      for (let i = 0; i < 3; i++) ids.push(seedProduct(dir, starField(128, 128, stars, 100, 2, 40 + i), stars, `night-${i + 1}.fits`));
      const db = openDb(dataPaths(dir).db);
      try {
        const now = new Date().toISOString();
        targetId = Number(db.prepare("INSERT INTO targets (name, ra, dec, created_at, updated_at) VALUES ('V1', 150.1, 2.2, ?, ?)").run(now, now).lastInsertRowid);
        for (const [i, id] of ids.entries()) {
          db.prepare("INSERT INTO target_products (target_id, product_id, origin, x, y, created_at, updated_at) VALUES (?, ?, 'footprint', 64, 64, ?, ?)").run(targetId, id, now, now);
          db.prepare('INSERT INTO photometry (target_id, product_id, mjd, x, y, flux, aperture, created_at, updated_at) VALUES (?, ?, ?, 64, 64, 1000, 4, ?, ?)').run(
            targetId, id, 61364.1 + i, now, now,
          );
        }
      } finally {
        db.close();
      }
    },
  });
  page = ui.page;
}, 60_000);

afterAll(async () => {
  await ui?.close();
});

function storedFile(id: number): string {
  return join(ui.data.dir, sql<{ store_path: string }>('SELECT store_path FROM data_products WHERE id = ?', id).store_path);
}

describe('removing images', () => {
  it('says what goes before removing the selected images, and Cancel removes nothing', async () => {
    await page.getByTestId('product-row').nth(2).waitFor();
    const row = (name: string) => page.getByTestId('product-row').filter({ hasText: name });
    // an unfinished task of night-1: the queue paused in Tasks, then "Extract again" on its page
    await page.getByTestId('nav-tasks').click();
    await page.getByTestId('pause-queue').getByText('Pause queue').click();
    await page.getByTestId('pause-queue').getByText('Resume queue').waitFor();
    await page.getByTestId('nav-library').click();
    await row('night-1.fits').getByTestId('product-link').click();
    await page.getByTestId('product-title').getByText('night-1.fits').waitFor();
    await page.getByTestId('extract-again').click();
    await page.getByTestId('nav-tasks').click();
    await page.locator('[data-testid="task-row"][data-status="queued"]').filter({ hasText: 'night-1.fits' }).waitFor({ timeout: 10_000 });
    await page.getByTestId('nav-library').click();
    await row('night-1.fits').waitFor();
    await row('night-1.fits').getByTestId('row-select').click();
    await row('night-2.fits').getByTestId('row-select').click();
    expect(await page.getByTestId('selection-count').innerText()).toBe('2 images selected');
    // A click on a checkbox selects; it does not open the image.
    expect(await page.evaluate(() => location.hash)).toMatch(/^#\/library|^$/);
    await page.getByTestId('remove-selected').click();
    const dialog = page.getByTestId('confirm-remove');
    await dialog.getByTestId('remove-what').waitFor();
    expect(await dialog.locator('h2').innerText()).toBe('Remove 2 images from the library?');
    const what = await dialog.getByTestId('remove-what').innerText();
    expect(what).toContain('2 images');
    expect(what).toContain('2 catalogs (4 sources)');
    expect(what).toContain('2 photometry points on the light curves of 1 target');
    expect(what).toMatch(/2 stored files \(\d+ kB\)/);
    expect(what).toContain('1 unfinished task will be cancelled');
    expect(await dialog.innerText()).toContain('night-1.fits, night-2.fits');
    // Every text passes WCAG AA (4.5:1) in both schemes, the confirm's included.
    for (const scheme of ['dark', 'light'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: `/tmp/ui-remove-confirm${scheme === 'dark' ? '-dark' : ''}.png` });
      expect((await measureTextContrast(page)).filter((t) => t.ratio < 4.5)).toEqual([]);
    }
    await page.getByTestId('remove-cancel').click();
    await dialog.waitFor({ state: 'detached' });
    expect(sql<{ n: number }>('SELECT count(*) AS n FROM data_products').n).toBe(3);
  });

  it('removes them with their catalogs, photometry points and files; the list and the light curve update', async () => {
    const files = ids.map(storedFile);
    await page.getByTestId('remove-selected').click();
    await page.getByTestId('remove-confirm').click();
    await page.getByTestId('removed-note').getByText('Removed 2 images.').waitFor();
    await page.getByTestId('library-count').getByText('1 image', { exact: true }).waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('product-row').count()).toBe(1);
    expect(sql<{ n: number }>('SELECT count(*) AS n FROM sources').n).toBe(2);
    expect(sql<{ n: number }>('SELECT count(*) AS n FROM photometry').n).toBe(1);
    expect(files.map(existsSync)).toEqual([false, false, true]);
    expect(await callHost(ui.host.url, 'targets:lightcurve', { id: targetId })).toHaveLength(1);
    // as the user sees it: the target's row counts 1 point, and so does its light curve (the 3 seeded less 2)
    await page.getByTestId('nav-targets').click();
    const targetRow = page.getByTestId('target-row').filter({ hasText: 'V1' });
    await targetRow.getByTestId('target-points').getByText('1', { exact: true }).waitFor({ timeout: 10_000 });
    await targetRow.click();
    // the seeded points have a flux but no magnitude: the light curve says how many it has
    await page.getByTestId('lightcurve-empty').getByText(/^None of the 1 measurements has a Δ magnitude/).waitFor({ timeout: 10_000 });
    // and the removed image's unfinished task is cancelled in Tasks, saying why; the queue resumed
    await page.getByTestId('nav-tasks').click();
    const cancelled = page.locator('[data-testid="task-row"][data-status="cancelled"]');
    await cancelled.getByTestId('task-outcome').or(cancelled.locator('.error')).getByText('its image was removed from the library').waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-testid="task-row"][data-status="queued"]').count()).toBe(0);
    await page.getByTestId('pause-queue').getByText('Resume queue').click();
    await page.getByTestId('pause-queue').getByText('Pause queue').waitFor();
    await page.getByTestId('nav-library').click();
  });

  it('removes an image from its own page and goes back to the library', async () => {
    await page.getByTestId('product-row').getByTestId('product-link').click();
    await page.getByTestId('product-title').getByText('night-3.fits').waitFor();
    await page.getByTestId('remove-product').click();
    const dialog = page.getByTestId('confirm-remove');
    await dialog.getByTestId('remove-what').waitFor();
    expect(await dialog.locator('h2').innerText()).toBe('Remove this image from the library?');
    await page.getByTestId('remove-confirm').click();
    await page.getByText('No images yet.').waitFor();
    expect(await page.evaluate(() => location.hash)).toBe('#/library');
    expect(sql<{ n: number }>('SELECT count(*) AS n FROM data_products').n).toBe(0);
  });
});
