/**
 * The import panel (issue 15): a drop opens a panel listing each file of the batch as new,
 * already in the library, or refused with its reason, with counts that match the library; it
 * can be dismissed and opened again. A truncated (gzipped) file that the import accepts shows
 * why it cannot be displayed instead of a broken thumbnail, and its page says its extraction
 * failed and why Retry cannot help (the file itself); a failure a retry may get past offers Retry.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openDb } from '../../src/main/services/db/open.js';
import { dataPaths } from '../../src/main/services/paths.js';
import { starField } from '../helpers/seed.js';
import { until } from '../helpers/until.js';
import { measureTextContrast } from './contrast.js';
import { dropFiles, openUi, type UiSession } from '../helpers/ui.js';

let ui: UiSession;
let page: Page;

const fileA = starField(128, 128, [{ x: 40.2, y: 50.7, flux: 30000 }], 1000, 5, 21);
const fileB = starField(128, 128, [{ x: 80.0, y: 30.0, flux: 40000 }], 1000, 5, 22);
const notFits = new TextEncoder().encode('this is a text file, not an image\n'.repeat(200));
/** A gzipped image cut short: its header reads (the import accepts it), its pixels do not. */
const full = gzipSync(starField(256, 256, [{ x: 100, y: 100, flux: 50000 }], 1000, 20, 23));
const truncated = full.subarray(0, Math.floor(full.length / 3));

function productCount(): number {
  const db = openDb(dataPaths(ui.data.dir).db);
  try {
    return (db.prepare('SELECT count(*) AS n FROM data_products').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  ui = await openUi();
  page = ui.page;
}, 60_000);

afterAll(async () => {
  await ui?.close();
});

/** The outcome of each file the panel lists, by file name. */
async function outcomes(): Promise<Record<string, string>> {
  const items = page.getByTestId('import-item');
  const out: Record<string, string> = {};
  for (let i = 0; i < (await items.count()); i++) {
    const item = items.nth(i);
    out[(await item.getByTestId('import-item-name').innerText()).trim()] = (await item.getAttribute('data-outcome')) ?? '';
  }
  return out;
}

describe('the import panel', () => {
  it('lists each file of a drop as new or refused with its reason, with counts that match the library', async () => {
    await dropFiles(page, [
      { name: 'field-a.fits', bytes: fileA },
      { name: 'field-b.fits', bytes: fileB },
      { name: 'notes.fits', bytes: notFits },
      { name: 'cut.fits.gz', bytes: truncated },
    ]);
    const panel = page.getByTestId('import-panel');
    await panel.getByTestId('import-counts').getByText('3 new · 0 already in the library · 1 refused').waitFor({ timeout: 30_000 });
    expect(await outcomes()).toEqual({ 'field-a.fits': 'new', 'field-b.fits': 'new', 'notes.fits': 'refused', 'cut.fits.gz': 'new' });
    expect(await panel.getByTestId('import-item').filter({ hasText: 'notes.fits' }).innerText()).toMatch(/not a FITS file/);
    expect(productCount()).toBe(3);
    // Every text passes WCAG AA (4.5:1) in both schemes, the panel's included.
    for (const scheme of ['dark', 'light'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: `/tmp/ui-remove-panel${scheme === 'dark' ? '-dark' : ''}.png` });
      expect((await measureTextContrast(page)).filter((t) => t.ratio < 4.5)).toEqual([]);
    }
  });

  it('reports a file dropped again as already in the library, not as imported', async () => {
    await dropFiles(page, [{ name: 'field-a-again.fits', bytes: fileA }]);
    const panel = page.getByTestId('import-panel');
    await panel.getByTestId('import-counts').getByText('0 new · 1 already in the library · 0 refused').waitFor({ timeout: 30_000 });
    expect(await outcomes()).toEqual({ 'field-a-again.fits': 'existing' });
    expect(await panel.getByTestId('import-item').innerText()).toContain('field-a.fits');
    expect(productCount()).toBe(3);
  });

  it('is dismissed and opened again', async () => {
    await page.getByTestId('import-panel-close').click();
    await page.getByTestId('import-panel').waitFor({ state: 'detached' });
    await page.getByTestId('import-panel-open').click();
    await page.getByTestId('import-panel').getByTestId('import-counts').getByText('0 new · 1 already in the library').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('import-panel').waitFor({ state: 'detached' });
  });

  it('shows why the truncated file cannot be displayed instead of a broken thumbnail', async () => {
    await page.getByTestId('nav-library').click();
    const row = page.getByTestId('product-row').filter({ hasText: 'cut.fits.gz' });
    await row.getByTestId('thumb-problem').waitFor({ timeout: 30_000 });
    expect(await row.getByTestId('thumb-problem').getAttribute('title')).toMatch(/truncated|ends|cannot/i);
    expect(await row.locator('.thumb img').count()).toBe(0);
    await page.screenshot({ path: '/tmp/ui-remove-thumb.png' });
  }, 60_000);

  it('says on its page that extraction failed and why trying again cannot help (no Retry); Extract again still queues it', async () => {
    await page.getByTestId('product-row').filter({ hasText: 'cut.fits.gz' }).getByTestId('product-link').click();
    const failed = page.getByTestId('extraction-failed');
    await failed.waitFor({ timeout: 60_000 });
    expect(await failed.innerText()).toMatch(/Extraction failed/);
    expect(await page.getByText('extraction has not finished').count()).toBe(0);
    // the stored file is cut short: it fails the same way however often it is extracted
    expect(await failed.getAttribute('data-code')).toBe('bad_image');
    expect(await failed.getByTestId('extraction-no-retry').innerText()).toMatch(/Trying again cannot help: the stored file itself/);
    expect(await failed.getByRole('button', { name: 'Retry' }).count()).toBe(0);
    await page.screenshot({ path: '/tmp/ui-remove-failed.png' });
    // its tasks (a plate solve, as it has no WCS, then the extraction that follows) all ended
    await until('the image has no unfinished task', () => productTasks("status IN ('queued', 'waiting', 'running')") === 0);
    const before = productTasks("kind = 'extract'");
    await page.getByTestId('extract-again').click();
    await until('an extraction queued again', () => productTasks("kind = 'extract'") === before + 1, 30_000);
  }, 90_000);

  it('offers Retry for a failure a retry may get past (a crashed worker), and Retry queues the extraction again', async () => {
    await until('the image has no unfinished task', () => productTasks("status IN ('queued', 'waiting', 'running')", 'field-a.fits') === 0, 60_000);
    // what a crash of the extraction's worker leaves: no catalog, the image failed with worker_crashed
    const db = openDb(dataPaths(ui.data.dir).db);
    try {
      db.prepare("DELETE FROM catalogs WHERE product_id = (SELECT id FROM data_products WHERE name = 'field-a.fits')").run();
      db.prepare("UPDATE data_products SET status = 'failed', error_code = 'worker_crashed', error_message = 'the worker thread died' WHERE name = 'field-a.fits'").run();
    } finally {
      db.close();
    }
    await page.getByTestId('nav-library').click();
    await page.reload();
    await page.getByTestId('product-row').filter({ hasText: 'field-a.fits' }).getByTestId('product-link').click();
    const failed = page.getByTestId('extraction-failed');
    await failed.waitFor({ timeout: 30_000 });
    expect(await failed.innerText()).toContain('the worker thread died');
    expect(await failed.getByTestId('extraction-no-retry').count()).toBe(0);
    const before = productTasks("kind = 'extract'", 'field-a.fits');
    await failed.getByRole('button', { name: 'Retry' }).click();
    await until('an extraction queued again', () => productTasks("kind = 'extract'", 'field-a.fits') === before + 1, 30_000);
  }, 90_000);
});

/** The tasks of image `name` (default cut.fits.gz) that match `where` (SQL over the tasks table). */
function productTasks(where: string, name = 'cut.fits.gz'): number {
  const db = openDb(dataPaths(ui.data.dir).db);
  try {
    return (db.prepare(`SELECT count(*) AS n FROM tasks WHERE ${where} AND product_id = (SELECT id FROM data_products WHERE name = ?)`).get(name) as { n: number }).n;
  } finally {
    db.close();
  }
}
