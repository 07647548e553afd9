/**
 * The library's filter bar at 1400 × 900 (issue 15, user trials): the Frame choice appears when
 * the whole list has come (before, the bar has no frames to offer), and "Clear filters" when a
 * filter is set; neither wraps the bar onto a second line, so the list under it does not jump.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { holdHost } from '../helpers/hold-host.js';
import { ROOT } from '../helpers/host-process.js';
import { seedProduct, starField } from '../helpers/seed.js';
import { openUi, type UiSession } from '../helpers/ui.js';

/** A screenshot to look at by hand (tests/.tmp is not committed). */
const shots = join(ROOT, 'tests/.tmp/library');
let ui: UiSession;
let page: Page;

beforeAll(async () => {
  ui = await openUi({
    prepare: (dir) => {
      for (let i = 0; i < 3; i++) seedProduct(dir, starField(64, 64, [{ x: 30, y: 30 + i, flux: 8000 }], 100, 2, 3 + i), [{ x: 30, y: 30 + i, flux: 8000 }], `reduced-${i}.fits`);
    },
  });
  page = await ui.browser.newPage({ viewport: { width: 1400, height: 900 } });
}, 60_000);

afterAll(async () => {
  await ui?.close();
});

/** The filter bar's height and where the list under it starts, px. */
async function layout(): Promise<{ barHeight: number; listTop: number }> {
  const bar = (await page.getByTestId('filter-bar').boundingBox())!;
  const list = (await page.locator('.library-page .vt-scroller').boundingBox())!;
  return { barHeight: bar.height, listTop: list.y };
}

/** Every control of the bar is on its one row, inside it, and not squeezed to nothing. */
async function oneRow(): Promise<void> {
  const bar = (await page.getByTestId('filter-bar').boundingBox())!;
  const controls = page.locator('[data-testid="filter-bar"] > *');
  const n = await controls.count();
  for (let i = 0; i < n; i++) {
    const b = (await controls.nth(i).boundingBox())!;
    const what = `control ${i + 1} of ${n} (${(await controls.nth(i).innerText()).split('\n')[0]})`;
    expect(b.width, `${what} has a width`).toBeGreaterThan(40);
    expect(b.x + b.width, `${what} ends on the bar`).toBeLessThanOrEqual(bar.x + bar.width + 0.5);
    expect(b.y, `${what} on the bar's row`).toBeGreaterThanOrEqual(bar.y - 0.5);
    expect(b.y + b.height, `${what} on the bar's row`).toBeLessThanOrEqual(bar.y + bar.height + 0.5);
  }
  // one row: no control below another
  expect(bar.height).toBeLessThan(2 * Math.min(...(await controls.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height)))));
}

describe("the library's filter bar", () => {
  it('does not wrap, nor move the list, when the Frame choice comes with the whole list', async () => {
    const release = await holdHost(page);
    await page.goto(ui.host.url);
    await page.getByTestId('filter-bar').waitFor({ timeout: 30_000 });
    await page.locator('.library-page .vt-scroller').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('filter-frame').count()).toBe(0);
    const before = await layout();
    release();
    await page.getByTestId('library-count').getByText('3 images').waitFor({ timeout: 30_000 });
    await page.getByTestId('filter-frame').waitFor();
    expect(await layout()).toEqual(before);
    await oneRow();
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, 'filter-bar.png'), clip: { x: 0, y: 0, width: 1400, height: 200 } });
  }, 60_000);

  it('nor when a filter is set and "Clear filters" appears, and goes', async () => {
    const before = await layout();
    await page.getByTestId('filter-status').selectOption('extracted');
    await page.getByTestId('filters-clear').waitFor();
    expect(await layout()).toEqual(before);
    await oneRow();
    await page.screenshot({ path: join(shots, 'filter-bar-clear.png'), clip: { x: 0, y: 0, width: 1400, height: 200 } });
    await page.getByTestId('filters-clear').click();
    await page.getByTestId('filters-clear').waitFor({ state: 'detached' });
    expect(await layout()).toEqual(before);
  }, 60_000);
});
