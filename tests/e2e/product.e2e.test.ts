import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { seedProduct, starField } from '../helpers/seed.js';
import { openUi, type UiSession } from '../helpers/ui.js';

let ui: UiSession;
let page: Page;
const stars = [
  { x: 20.3, y: 30.7, flux: 5000 },
  { x: 64.0, y: 64.0, flux: 20000 },
  { x: 100.5, y: 90.2, flux: 8000 },
  { x: 40.0, y: 110.0, flux: 3000 },
];

beforeAll(async () => {
  ui = await openUi({
    prepare: (dir) => {
      seedProduct(dir, starField(128, 128, stars), stars, 'small.fits');
      // A big catalog on a second product, for the virtualisation check.
      const many = Array.from({ length: 20_000 }, (_, i) => ({ x: (i * 37) % 256, y: (i * 91) % 256, flux: 1000 + i }));
      seedProduct(dir, starField(256, 256, []), many, 'crowded.fits');
    },
  });
  page = ui.page;
}, 60_000);

afterAll(async () => {
  await ui?.close();
});

async function openProduct(name: string) {
  await page.getByTestId('nav-library').click();
  await page.getByTestId('product-row').filter({ hasText: name }).click();
  await page.getByTestId('product-title').getByText(name).waitFor();
  await page.locator('[data-testid="viewer-canvas"][data-ready="yes"]').waitFor({ timeout: 20_000 });
}

describe('a product in the browser UI', () => {
  it('draws the image and one ellipse per source', async () => {
    await openProduct('small.fits');
    expect(await page.locator('[data-testid="overlay"] ellipse').count()).toBe(stars.length);
    // The brightest star's pixel is bright on the canvas: sample the canvas under its ellipse.
    const bright = await page.evaluate(() => {
      const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="viewer-canvas"]')!;
      const e = document.querySelector<SVGEllipseElement>('[data-source-id="2"]')!;
      const ctx = canvas.getContext('2d')!;
      const dpr = window.devicePixelRatio || 1;
      const px = ctx.getImageData(Math.round(Number(e.getAttribute('cx')) * dpr), Math.round(Number(e.getAttribute('cy')) * dpr), 1, 1).data;
      const sky = ctx.getImageData(Math.round(5 * dpr), Math.round(canvas.height / 2), 1, 1).data;
      return { star: px[0]!, sky: sky[0]! };
    });
    expect(bright.star).toBeGreaterThan(200);
  });

  it('shows the cursor pixel, value and RA/Dec', async () => {
    const e = page.locator('ellipse[data-source-id="2"]');
    const box = (await e.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const readout = page.getByTestId('readout');
    await readout.getByText(/x 6[34]\.\d y 6[34]\.\d/).waitFor();
    await readout.getByText(/RA 10:00:\d\d\.\d\d Dec \+02:1\d:\d\d\.\d \(150\.\d+°, 2\.\d+°\)/).waitFor();
    await readout.getByText(/value [\d.]+/).waitFor();
  });

  it('lists the catalog, and a click on a row centres its source', async () => {
    const rows = page.getByTestId('catalog-row');
    expect(await rows.count()).toBe(stars.length);
    await rows.filter({ has: page.locator('.td', { hasText: /^3$/ }) }).first().click();
    const e = page.locator('ellipse[data-source-id="3"]');
    const stage = (await page.getByTestId('viewer').boundingBox())!;
    const b = (await e.boundingBox())!;
    expect(Math.abs(b.x + b.width / 2 - (stage.x + stage.width / 2))).toBeLessThan(3);
    expect(Math.abs(b.y + b.height / 2 - (stage.y + stage.height / 2))).toBeLessThan(3);
  });

  it('shows the header, searchable', async () => {
    await page.getByRole('tab', { name: 'Header' }).click();
    await page.getByTestId('header-cards').getByText(/OBJECT\s+=\s+'SEEDFIELD'/).waitFor();
    await page.getByTestId('header-search').fill('ctype');
    const text = await page.getByTestId('header-cards').innerText();
    expect(text.split('\n')).toHaveLength(2);
  });

  it('renders only the visible rows of a 20,000-source catalog', async () => {
    await openProduct('crowded.fits');
    await page.getByTestId('catalog-count').getByText('20000 of 20000 sources').waitFor();
    const first = await page.getByTestId('catalog-row').count();
    expect(first).toBeGreaterThan(5);
    expect(first).toBeLessThan(200);
    // the wheel over the table, as a user scrolls, half way down
    const scroller = page.getByTestId('catalog-scroller');
    await scroller.hover();
    await page.mouse.wheel(0, await scroller.evaluate((el) => el.scrollHeight / 2));
    await page.waitForFunction(() => {
      const ids = [...document.querySelectorAll('[data-testid="catalog-row"]')].map((r) => Number(r.getAttribute('data-source-id')));
      return ids.some((id) => id > 9000 && id < 11000);
    });
    expect(await page.getByTestId('catalog-row').count()).toBeLessThan(200);
  });
});
