import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openDb } from '../../src/main/services/db/open.js';
import { dataPaths } from '../../src/main/services/paths.js';
import { callHost } from '../helpers/host-call.js';
import { starField } from '../helpers/seed.js';
import { dropFiles, openUi, type UiSession } from '../helpers/ui.js';

let ui: UiSession;
let page: Page;

const starsA = [
  { x: 30.2, y: 40.7, flux: 30000 },
  { x: 90.0, y: 70.0, flux: 60000 },
  { x: 60.5, y: 100.2, flux: 20000 },
];
const starsB = [
  { x: 20.0, y: 20.0, flux: 40000 },
  { x: 100.3, y: 30.6, flux: 25000 },
];
const fileA = starField(128, 128, starsA, 1000, 5, 11);
const fileB = starField(128, 128, starsB, 1000, 5, 12);
const notFits = new TextEncoder().encode('this is a text file, not an image\n'.repeat(200));

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

describe('importing by drag and drop', () => {
  it('imports and extracts two FITS files, and names the file that is not FITS', async () => {
    await dropFiles(page, [
      { name: 'field-a.fits', bytes: fileA },
      { name: 'field-b.FITS', bytes: fileB },
      { name: 'notes.fits', bytes: notFits },
    ]);
    await page.getByTestId('import-counts').getByText('2 new · 0 already in the library · 1 refused').waitFor({ timeout: 30_000 });
    const refused = await page.locator('[data-testid="import-item"][data-outcome="refused"]').innerText();
    expect(refused).toMatch(/notes\.fits[\s\S]*not a FITS file/);

    await page.getByTestId('nav-tasks').click();
    await page.locator('[data-testid="task-row"][data-status="succeeded"]').nth(1).waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-testid="task-row"][data-status="succeeded"]').count()).toBe(2);
  });

  it('records one batch notice through the notifications adapter, and shows it', async () => {
    await page.getByTestId('toast').filter({ hasText: '2 of 2 extracted' }).first().waitFor({ timeout: 30_000 });
    const notices = await callHost(ui.host.url, 'notices:list');
    expect(notices).toEqual([expect.objectContaining({ title: '2 of 2 extracted', body: '3 files: 2 new, 1 refused', target: { kind: 'tasks' } })]);
  });

  it('lists both images with a thumbnail each', async () => {
    await page.getByTestId('nav-library').click();
    await page.getByTestId('product-row').nth(1).waitFor();
    expect(await page.getByTestId('product-row').count()).toBe(2);
    await page.waitForFunction(() => {
      const imgs = [...document.querySelectorAll<HTMLImageElement>('[data-testid="product-row"] .thumb img')];
      return imgs.length === 2 && imgs.every((i) => i.complete && i.naturalWidth === 128);
    });
    await page.getByTestId('library-search').fill('field-b');
    expect(await page.getByTestId('product-row').count()).toBe(1);
    await page.getByTestId('library-search').fill('');
  });

  it('shows the sources in the table and as ellipses on the image', async () => {
    await page.getByTestId('nav-library').click();
    await page.getByTestId('product-row').filter({ hasText: 'field-a.fits' }).click();
    await page.locator('[data-testid="viewer-canvas"][data-ready="yes"]').waitFor({ timeout: 20_000 });
    await page.getByTestId('catalog-row').first().waitFor();
    expect(await page.getByTestId('catalog-row').count()).toBe(starsA.length);
    expect(await page.locator('[data-testid="overlay"] ellipse').count()).toBe(starsA.length);
  });

  it('makes one product of the same file dropped twice', async () => {
    const before = productCount();
    await dropFiles(page, [{ name: 'field-a-again.fits', bytes: fileA }]);
    await page.getByTestId('import-counts').getByText('0 new · 1 already in the library').waitFor({ timeout: 30_000 });
    expect(productCount()).toBe(before);
  });
});
