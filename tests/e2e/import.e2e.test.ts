import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openDb } from '../../src/main/services/db/open.js';
import { dataPaths } from '../../src/main/services/paths.js';
import { launchChromium } from '../helpers/chromium.js';
import { startHostProcess } from '../helpers/host-process.js';
import { starField } from '../helpers/seed.js';
import { tempDir } from '../helpers/tmp.js';
import { callHost } from '../helpers/host-call.js';

let browser: Browser;
let closeBrowser: () => Promise<void>;
let host: Awaited<ReturnType<typeof startHostProcess>>;
let data: ReturnType<typeof tempDir>;
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
const fileA = Buffer.from(starField(128, 128, starsA, 1000, 5, 11)).toString('base64');
const fileB = Buffer.from(starField(128, 128, starsB, 1000, 5, 12)).toString('base64');
const notFits = Buffer.from('this is a text file, not an image\n'.repeat(200)).toString('base64');

async function drop(files: Array<{ name: string; b64: string }>) {
  const dt = await page.evaluateHandle((list) => {
    const transfer = new DataTransfer();
    for (const f of list) {
      const bin = atob(f.b64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      transfer.items.add(new File([bytes], f.name));
    }
    return transfer;
  }, files);
  await page.dispatchEvent('[data-testid="dropzone"]', 'dragenter', { dataTransfer: dt });
  await page.dispatchEvent('[data-testid="dropzone"]', 'drop', { dataTransfer: dt });
}

function productCount(): number {
  const db = openDb(dataPaths(data.dir).db);
  try {
    return (db.prepare('SELECT count(*) AS n FROM data_products').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  data = tempDir();
  host = await startHostProcess(data.dir);
  ({ browser, close: closeBrowser } = await launchChromium());
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(host.url);
}, 60_000);

afterAll(async () => {
  await closeBrowser?.();
  await host?.stop();
  data?.cleanup();
});

describe('importing by drag and drop', () => {
  it('imports and extracts two FITS files, and names the file that is not FITS', async () => {
    await drop([
      { name: 'field-a.fits', b64: fileA },
      { name: 'field-b.FITS', b64: fileB },
      { name: 'notes.fits', b64: notFits },
    ]);
    await page.getByTestId('import-result').getByText('2 imported, 1 not imported').waitFor({ timeout: 30_000 });
    const errors = await page.getByTestId('import-errors').innerText();
    expect(errors).toMatch(/notes\.fits: .*not a FITS file/);

    await page.getByTestId('nav-tasks').click();
    await page.locator('[data-testid="task-row"][data-status="succeeded"]').nth(1).waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-testid="task-row"][data-status="succeeded"]').count()).toBe(2);
  });

  it('records one batch notice through the notifications adapter, and shows it', async () => {
    await page.getByTestId('toast').filter({ hasText: 'Batch finished: 2 tasks' }).first().waitFor({ timeout: 30_000 });
    const notices = await callHost(host.url, 'notices:list');
    expect(notices).toEqual([expect.objectContaining({ title: 'Batch finished: 2 tasks', body: '2 succeeded', target: { kind: 'tasks' } })]);
  });

  it('lists both images with a thumbnail each', async () => {
    await page.getByTestId('nav-library').click();
    await page.getByTestId('product-row').nth(1).waitFor();
    expect(await page.getByTestId('product-row').count()).toBe(2);
    await page.waitForFunction(() => {
      const imgs = [...document.querySelectorAll<HTMLImageElement>('td.thumb img')];
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
    await drop([{ name: 'field-a-again.fits', b64: fileA }]);
    await page.getByTestId('import-result').getByText('1 imported').waitFor({ timeout: 30_000 });
    expect(productCount()).toBe(before);
  });
});
