import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ROOT } from '../helpers/host-process.js';
import { mulberry32 } from '../../src/core/synth/index.js';
import { starField } from '../helpers/seed.js';
import { dropFiles, openUi, type UiSession } from '../helpers/ui.js';

/**
 * The README's screenshots, taken from the real UI: the library, a product with its overlay,
 * its catalog at full width at 1400 × 900 (every header over its values), and the task panel,
 * each in the dark scheme (`<name>.png`) and the light one
 * (`<name>-light.png`). They go to tests/.tmp/screenshots; `NIGHTSHIFT_SCREENSHOTS=docs/screenshots`
 * writes them where the README shows them.
 */
const outDir = join(ROOT, process.env.NIGHTSHIFT_SCREENSHOTS ?? 'tests/.tmp/screenshots');

let ui: UiSession;
let page: Page;

function field(seed: number) {
  const rnd = mulberry32(seed);
  const stars = Array.from({ length: 70 }, () => ({ x: 8 + rnd() * 496, y: 8 + rnd() * 368, flux: 2000 * Math.pow(200, rnd()) }));
  return starField(512, 384, stars, 800, 6, seed);
}

beforeAll(async () => {
  mkdirSync(outDir, { recursive: true });
  ui = await openUi({ viewport: { width: 1360, height: 800 } });
  page = ui.page;
  await dropFiles(
    page,
    [1, 2, 3, 4].map((i) => ({ name: `field-r-00${i}.fits`, bytes: field(100 + i) })),
  );
  await page.getByTestId('import-counts').getByText('4 new').waitFor({ timeout: 30_000 });
  await page.getByTestId('import-panel-close').click();
}, 90_000);

afterAll(async () => {
  await ui?.close();
});

/** The page in the dark scheme, then in the light one (the system's preference, as a user's would be). */
async function shoot(name: string): Promise<void> {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: join(outDir, `${name}.png`) });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: join(outDir, `${name}-light.png`) });
  await page.emulateMedia({ colorScheme: 'dark' });
}

describe('README screenshots', () => {
  it('task panel', async () => {
    await page.getByTestId('nav-tasks').click();
    await page.locator('[data-testid="task-row"][data-status="succeeded"]').nth(3).waitFor({ timeout: 60_000 });
    // the batch's bar reads every task a moment after the rows (its query is throttled): the
    // picture shows the page settled, not "1 of 4 done" beside four finished rows
    await page.getByTestId('batch-summary').waitFor({ state: 'detached', timeout: 10_000 });
    await shoot('tasks');
    expect(await page.getByTestId('task-row').count()).toBe(4);
  });

  it('library', async () => {
    await page.getByTestId('nav-library').click();
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('[data-testid="product-row"] .thumb img')].filter((i) => i.complete && i.naturalWidth > 0).length === 4);
    await shoot('library');
  });

  it('a product with its sources', async () => {
    await page.getByTestId('product-row').first().click();
    await page.locator('[data-testid="viewer-canvas"][data-ready="yes"]').waitFor({ timeout: 20_000 });
    await page.getByTestId('catalog-row').first().waitFor();
    expect(await page.locator('[data-testid="overlay"] ellipse').count()).toBeGreaterThan(30);
    // a source picked on the image, as a user clicks a star: the one nearest the middle (the view stays fitted)
    const stage = (await page.getByTestId('viewer').boundingBox())!;
    const [mx, my] = [stage.x + stage.width / 2, stage.y + stage.height / 2];
    const centres = await page.locator('[data-testid="overlay"] ellipse[data-source-id]').evaluateAll((els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        return { id: (e as SVGElement).dataset.sourceId!, x: r.x + r.width / 2, y: r.y + r.height / 2 };
      }),
    );
    const star = centres.reduce((a, b) => (Math.hypot(b.x - mx, b.y - my) < Math.hypot(a.x - mx, a.y - my) ? b : a));
    await page.mouse.click(star.x, star.y);
    await page.locator(`[data-testid="catalog-row"].selected[data-source-id="${star.id}"]`).waitFor();
    await shoot('product');
  });

  it('the catalog at full width at 1400 × 900, every header over its values', async () => {
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.getByTestId('layout-toggle').click();
    await page.locator('[data-testid="product-body"][data-layout="wide"]').waitFor();
    await page.getByTestId('catalog-row').first().waitFor();
    const cols = await page.evaluate(() => {
      const sc = document.querySelector<HTMLElement>('[data-testid="catalog-scroller"]')!;
      const right = sc.getBoundingClientRect().left + sc.clientLeft + sc.clientWidth;
      const row = document.querySelector('[data-testid="catalog-row"]')!;
      return [...document.querySelectorAll<HTMLElement>('[data-testid="catalog-head"] .th')].map((th) => {
        const h = th.getBoundingClientRect();
        const c = row.querySelector<HTMLElement>(`.td[data-column="${th.dataset.column}"]`)!.getBoundingClientRect();
        return { column: th.dataset.column, dl: Math.abs(h.left - c.left), dr: Math.abs(h.right - c.right), inView: h.right <= right + 1 };
      });
    });
    for (const c of cols) {
      expect(c.dl, c.column).toBeLessThan(1);
      expect(c.dr, c.column).toBeLessThan(1);
    }
    // every column in view, or the notice says which are not
    expect(cols.every((c) => c.inView) || (await page.getByTestId('catalog-overflow').isVisible())).toBe(true);
    await shoot('catalog');
    await page.getByTestId('layout-toggle').click();
    await page.setViewportSize({ width: 1360, height: 800 });
  });
});
