import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openDb } from '../../src/main/services/db/open.js';
import { dataPaths } from '../../src/main/services/paths.js';
import { ROOT } from '../helpers/host-process.js';
import { seedProduct, starField } from '../helpers/seed.js';
import { openUi, type UiSession } from '../helpers/ui.js';

/** The catalog table at 1400 × 900: header alignment after a sideways scroll, column chooser, RA/Dec formats, magnitudes and S/N. */
const outDir = join(ROOT, 'tests/.tmp/screenshots');
let ui: UiSession;
let page: Page;
const stars = [
  { x: 20.3, y: 30.7, flux: 5000 },
  { x: 64.0, y: 64.0, flux: 20000 },
  { x: 100.5, y: 90.2, flux: 8000 },
];

beforeAll(async () => {
  mkdirSync(outDir, { recursive: true });
  ui = await openUi({
    viewport: { width: 1400, height: 900 },
    prepare: (dir) => {
      const id = seedProduct(dir, starField(128, 128, stars), stars, 'wide.fits');
      // What an extraction would also store: the exposure time, RA/Dec and FLUX_AUTO's error.
      const db = openDb(dataPaths(dir).db);
      try {
        db.prepare('UPDATE data_products SET exptime = 60 WHERE id = ?').run(id);
        db.prepare('UPDATE sources SET ra = 150.1 + id * 0.001, dec = -2.2 - id * 0.001, flux_auto_err = flux_auto / 50 WHERE product_id = ?').run(id);
      } finally {
        db.close();
      }
    },
  });
  page = ui.page;
  await page.evaluate(() => localStorage.clear());
  await page.getByTestId('nav-library').click();
  await page.getByTestId('product-row').filter({ hasText: 'wide.fits' }).click();
  await page.getByTestId('product-title').getByText('wide.fits').waitFor();
  await page.getByTestId('catalog-row').first().waitFor();
}, 60_000);

afterAll(async () => {
  await ui?.close();
});

/** For every header cell: its x-range and that of its column's cell in the first row. */
async function alignment(): Promise<Array<{ column: string; head: [number, number]; cell: [number, number] | null }>> {
  return page.evaluate(() => {
    const row = document.querySelector('[data-testid="catalog-row"]')!;
    return [...document.querySelectorAll<HTMLElement>('[data-testid="catalog-head"] .th')].map((th) => {
      const column = th.dataset.column!;
      const h = th.getBoundingClientRect();
      const td = row.querySelector<HTMLElement>(`.td[data-column="${column}"]`);
      const c = td?.getBoundingClientRect();
      return { column, head: [h.left, h.right] as [number, number], cell: c ? ([c.left, c.right] as [number, number]) : null };
    });
  });
}

describe('the catalog table', () => {
  it('at 1400 × 900 beside the image, says which columns are off to the side, with fading edges, and shows them on a click', async () => {
    // headers whose right edge is past the scroller's visible part
    const cutRight = () =>
      page.evaluate(() => {
        const sc = document.querySelector<HTMLElement>('[data-testid="catalog-scroller"]')!;
        const right = sc.getBoundingClientRect().left + sc.clientLeft + sc.clientWidth;
        return [...document.querySelectorAll<HTMLElement>('[data-testid="catalog-head"] .th')].filter((th) => th.getBoundingClientRect().right > right + 1).map((th) => th.dataset.column);
      });
    const cut = await cutRight();
    expect(cut.length).toBeGreaterThan(0);
    const notice = page.getByTestId('catalog-overflow');
    expect(await notice.isVisible()).toBe(true);
    expect(await notice.innerText()).toBe(`${cut.length} more column${cut.length === 1 ? '' : 's'} → (scroll sideways)`);
    expect(await page.getByTestId('catalog-fade-right').isVisible()).toBe(true);
    expect(await page.getByTestId('catalog-fade-left').count()).toBe(0);
    await page.screenshot({ path: join(outDir, 'catalog-overflow.png') });
    // a click on the notice scrolls to the columns it names
    await notice.click();
    await page.waitForFunction(() => {
      const sc = document.querySelector<HTMLElement>('[data-testid="catalog-scroller"]')!;
      return sc.scrollLeft + sc.clientWidth >= sc.scrollWidth - 1;
    });
    expect(await cutRight()).toEqual([]);
    await page.getByTestId('catalog-fade-left').waitFor();
    expect(await page.getByTestId('catalog-fade-right').count()).toBe(0);
    expect(await notice.innerText()).toMatch(/^← \d+ more columns? \(scroll sideways\)$/);
    await page.getByTestId('catalog-scroller').evaluate((el) => {
      el.scrollLeft = 0;
    });
    await page.getByTestId('catalog-fade-right').waitFor();
  });

  it('keeps every header over its column when scrolled sideways', async () => {
    const scroller = page.getByTestId('catalog-scroller');
    const { scrollWidth, clientWidth } = await scroller.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
    // At 1400 px beside the image, the table is wider than its panel: there is something to scroll.
    expect(scrollWidth).toBeGreaterThan(clientWidth);
    // as a user scrolls sideways: the wheel (or a touchpad's sideways swipe) over the table
    await scroller.hover();
    await page.mouse.wheel(scrollWidth, 0);
    await page.waitForFunction(() => document.querySelector('[data-testid="catalog-scroller"]')!.scrollLeft > 0);
    const cols = await alignment();
    expect(cols.length).toBeGreaterThan(12);
    for (const c of cols) {
      expect(c.cell, c.column).not.toBeNull();
      expect(Math.abs(c.head[0] - c.cell![0]), c.column).toBeLessThan(1);
      expect(Math.abs(c.head[1] - c.cell![1]), c.column).toBeLessThan(1);
    }
    // The last column (flags) is in view after the scroll, with its header over it.
    const box = (await scroller.boundingBox())!;
    const flags = cols.find((c) => c.column === 'flags')!;
    expect(flags.head[1]).toBeLessThanOrEqual(box.x + box.width + 1);
    expect(flags.head[0]).toBeGreaterThanOrEqual(box.x);
    await page.getByTestId('product-body').screenshot({ path: join(outDir, 'catalog-scrolled.png') });
  });

  it('shows instrumental magnitudes with their zero point, and S/N', async () => {
    await page.getByTestId('catalog-zero-point').getByText('mag = 25 − 2.5 log10(flux auto / 60 s)').waitFor();
    const row = page.locator('[data-testid="catalog-row"][data-source-id="2"]');
    // flux auto 20000 ADU in 60 s: 25 − 2.5 log10(333.33) = 18.693; S/N 50 by construction.
    expect(await row.locator('.td[data-column="mag"]').innerText()).toBe((25 - 2.5 * Math.log10(20000 / 60)).toFixed(3));
    expect(await row.locator('.td[data-column="snr"]').innerText()).toBe('50.0');
  });

  it('writes RA/Dec in degrees or sexagesimal', async () => {
    const row = page.locator('[data-testid="catalog-row"][data-source-id="1"]');
    expect(await row.locator('.td[data-column="ra"]').innerText()).toBe('150.101000');
    expect(await row.locator('.td[data-column="dec"]').innerText()).toBe('-2.201000');
    await page.getByTestId('coord-format').selectOption('sexagesimal');
    // 150.101° = 10h 00m 24.240s; −2.201° = −02° 12′ 03.60″.
    expect(await row.locator('.td[data-column="ra"]').innerText()).toBe('10:00:24.240');
    expect(await row.locator('.td[data-column="dec"]').innerText()).toBe('-02:12:03.60');
    expect(await page.locator('[data-testid="catalog-head"] .th[data-column="ra"]').innerText()).toContain('h:m:s');
  });

  it('hides and shows columns from the chooser, and remembers the choice', async () => {
    await page.getByTestId('column-chooser').locator('summary').click();
    await page.getByTestId('column-chooser').locator('input[data-column="fluxIso"]').uncheck();
    await page.getByTestId('column-chooser').locator('input[data-column="peak"]').check();
    const heads = () => page.locator('[data-testid="catalog-head"] .th').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.column));
    expect(await heads()).not.toContain('fluxIso');
    expect(await heads()).toContain('peak');
    expect(await page.locator('[data-testid="catalog-row"]').first().locator('.td[data-column="fluxIso"]').count()).toBe(0);
    await page.reload();
    await page.getByTestId('nav-library').click();
    await page.getByTestId('product-row').filter({ hasText: 'wide.fits' }).click();
    await page.getByTestId('catalog-row').first().waitFor();
    expect(await heads()).not.toContain('fluxIso');
    expect(await heads()).toContain('peak');
  });

  it('exports the catalog as CSV in the writer\'s schema, one line per source, with no error in the console and no CSP violation', async () => {
    const errors: string[] = [];
    const onConsole = (m: { type(): string; text(): string }) => {
      if (m.type() === 'error') errors.push(m.text());
    };
    page.on('console', onConsole);
    try {
      // the page's CSP refuses WebAssembly: a writer that tried it would raise a violation
      await page.evaluate(() => {
        (window as unknown as { cspViolations: string[] }).cspViolations = [];
        document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { cspViolations: string[] }).cspViolations.push(e.violatedDirective));
      });
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Export CSV' }).click();
      const file = await download;
      const lines = readFileSync((await file.path())!, 'utf8').trimEnd().split('\n');
      expect(lines[0]!.startsWith('id,x,y,flux_iso,flux_aper_r5,flux_auto,a,b,theta,flags,npix,fwhm,background,ra,dec')).toBe(true);
      expect(lines).toHaveLength(1 + stars.length);
      for (const l of lines.slice(1)) expect(l.split(',')).toHaveLength(lines[0]!.split(',').length);
      expect(errors).toEqual([]);
      expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    } finally {
      page.off('console', onConsole);
    }
  });

  it('puts the table at full width below the image, aligned, and marks cut values', async () => {
    await page.getByTestId('layout-toggle').click();
    await page.locator('[data-testid="product-body"][data-layout="wide"]').waitFor();
    const scroller = (await page.getByTestId('catalog-scroller').boundingBox())!;
    const body = (await page.getByTestId('product-body').boundingBox())!;
    expect(scroller.width).toBeGreaterThan(body.width - 4);
    // the image's readout stays above the tabs (the image's minimum height pushed it under them)
    const readout = (await page.getByTestId('readout').boundingBox())!;
    const tabs = (await page.locator('.product-side .tabs').boundingBox())!;
    expect(readout.y + readout.height).toBeLessThanOrEqual(tabs.y + 1);
    // at 1400 × 900 every header is in view at full width (or the notice says which are not)
    const inView = await page.evaluate(() => {
      const sc = document.querySelector<HTMLElement>('[data-testid="catalog-scroller"]')!;
      const right = sc.getBoundingClientRect().left + sc.clientLeft + sc.clientWidth;
      return [...document.querySelectorAll<HTMLElement>('[data-testid="catalog-head"] .th')].every((th) => th.getBoundingClientRect().right <= right + 1);
    });
    expect(inView || (await page.getByTestId('catalog-overflow').isVisible())).toBe(true);
    for (const c of await alignment()) {
      expect(Math.abs(c.head[0] - c.cell![0]), c.column).toBeLessThan(1);
      expect(Math.abs(c.head[1] - c.cell![1]), c.column).toBeLessThan(1);
    }
    // Every cell carries its full text as a tooltip and ends in an ellipsis when cut.
    const cut = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('[data-testid="catalog-row"] .td')].every((td) => td.title === td.textContent && getComputedStyle(td).textOverflow === 'ellipsis'),
    );
    expect(cut).toBe(true);
    await page.screenshot({ path: join(outDir, 'catalog-wide.png') });
  });
});
