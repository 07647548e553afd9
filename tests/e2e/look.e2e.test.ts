/**
 * Look and feel in chromium through `nightshift host`: the light and dark schemes (the
 * system's, or forced in Settings) with every text's contrast measured from the computed
 * styles; keyboard access to table rows and the viewer's shortcuts listed under `?`; the
 * viewer's toolbar at 1400 × 900 and the view after the full-width switch.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { callHost } from '../helpers/host-call.js';
import { ROOT } from '../helpers/host-process.js';
import { seedProduct, starField } from '../helpers/seed.js';
import { openUi, type UiSession } from '../helpers/ui.js';
import { measureTextContrast } from './contrast.js';

/** Screenshots to look at by hand (tests/.tmp is not committed). */
const shots = join(ROOT, 'tests/.tmp/look');
let ui: UiSession;
let page: Page;
const W = 256;
const H = 192;
const stars = Array.from({ length: 24 }, (_, i) => ({ x: 12 + ((i * 61) % 232), y: 12 + ((i * 37) % 168), flux: 4000 + 900 * i }));
const NAMES = ['m42-r-001.fits', 'm42-r-002.fits', 'm42-r-003.fits'];

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  ui = await openUi({
    prepare: (dir) => {
      NAMES.forEach((name, i) => seedProduct(dir, starField(W, H, stars, 100, 4, 3 + i), stars, name));
    },
  });
  page = ui.page;
  await callHost(ui.host.url, 'targets:create', { name: 'V-look', ra: '10:00:28.0', dec: '+02:12:21' });
  await callHost(ui.host.url, 'targets:create', { name: 'W-look', ra: 151.2, dec: 3.1 });
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

/** The body's background luminance (0 black – 1 white), from its computed style. */
async function bodyLuminance(): Promise<number> {
  return page.evaluate(() => {
    const m = /rgba?\(([^)]+)\)/.exec(getComputedStyle(document.body).backgroundColor)!;
    const [r, g, b] = m[1]!.split(/[\s,]+/).map(Number) as [number, number, number];
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  });
}

async function chooseScheme(label: 'System' | 'Light' | 'Dark') {
  await page.getByTestId('nav-settings').click();
  const select = page.getByLabel('Colour scheme');
  await select.selectOption({ label: label === 'System' ? "The system's (light or dark)" : label });
  await page.getByTestId('save-settings').click();
  await page.getByRole('status').getByText('Saved.').waitFor();
}

describe('light and dark', () => {
  it("follows the system's scheme", async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await bodyLuminance()).toBeLessThan(0.15);
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await bodyLuminance()).toBeGreaterThan(0.85);
  });

  it('a setting forces one, kept across a reload', async () => {
    await chooseScheme('Dark');
    await expect.poll(bodyLuminance).toBeLessThan(0.15);
    await page.reload();
    await page.getByLabel('Colour scheme').waitFor();
    await expect.poll(bodyLuminance).toBeLessThan(0.15);
    await page.emulateMedia({ colorScheme: 'dark' });
    await chooseScheme('Light');
    await expect.poll(bodyLuminance).toBeGreaterThan(0.85);
    await chooseScheme('System');
    await expect.poll(bodyLuminance).toBeLessThan(0.15);
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`every text passes WCAG AA (4.5:1) in the ${scheme} scheme`, async () => {
      await page.emulateMedia({ colorScheme: scheme });
      const failures: string[] = [];
      let min = Infinity;
      let count = 0;
      const check = async (where: string) => {
        for (const t of await measureTextContrast(page)) {
          count++;
          min = Math.min(min, t.ratio);
          if (t.ratio < 4.5) failures.push(`${where}: ${t.what} ${t.ratio.toFixed(2)}`);
        }
      };
      await page.getByTestId('nav-library').click();
      await page.getByTestId('product-row').first().waitFor();
      await page.getByTestId('product-row').first().hover();
      await check('library');
      await page.screenshot({ path: join(shots, `library-${scheme}.png`) });
      await openProduct(NAMES[0]!);
      await page.getByTestId('catalog-row').nth(2).click();
      await check('product');
      await page.screenshot({ path: join(shots, `product-${scheme}.png`) });
      await page.keyboard.press('?');
      await page.getByTestId('shortcut-help').waitFor();
      await check('shortcuts');
      await page.screenshot({ path: join(shots, `shortcuts-${scheme}.png`) });
      await page.keyboard.press('Escape');
      await page.getByTestId('nav-targets').click();
      await page.getByTestId('target-row').first().waitFor();
      await check('targets');
      await page.getByTestId('target-row').first().click();
      await page.getByTestId('visibility-night').first().waitFor();
      await check('target');
      await page.screenshot({ path: join(shots, `target-${scheme}.png`), fullPage: true });
      await page.getByTestId('nav-tasks').click();
      await page.getByRole('heading', { name: 'Tasks' }).waitFor();
      await check('tasks');
      await page.getByTestId('nav-settings').click();
      await page.getByLabel('Detection threshold (× background RMS)').fill('0');
      await page.getByTestId('problem-thresh').waitFor();
      await check('settings');
      await page.screenshot({ path: join(shots, `settings-${scheme}.png`) });
      await page.getByLabel('Detection threshold (× background RMS)').fill('1.5');
      console.log(`${scheme}: ${count} texts measured, lowest contrast ${min.toFixed(2)}:1`);
      expect(failures).toEqual([]);
      expect(count).toBeGreaterThan(200);
    }, 60_000);
  }
});

describe('keyboard', () => {
  it('library rows: Tab reaches them, arrows move, Enter opens', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByTestId('nav-library').click();
    await page.getByTestId('library-search').click();
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'product-row')) break;
    }
    const focused = () => page.evaluate(() => document.activeElement?.closest('[data-testid="product-row"]')?.querySelector('[data-testid="product-link"]')?.textContent ?? null);
    const first = await focused();
    expect(first).not.toBeNull();
    await page.keyboard.press('ArrowDown');
    const second = await focused();
    expect(second).not.toBe(first);
    await page.keyboard.press('ArrowUp');
    expect(await focused()).toBe(first);
    await page.keyboard.press('End');
    const last = await focused();
    await page.keyboard.press('Enter');
    await page.getByTestId('product-title').getByText(last!).waitFor();
    expect(page.url()).toMatch(/#\/products\/\d+$/);
  });

  it('the viewer: zoom, fit, actual pixels, limits and sources from the keyboard', async () => {
    await page.locator('[data-testid="viewer-canvas"][data-ready="yes"]').waitFor({ timeout: 20_000 });
    const first = page.locator('[data-testid="overlay"] ellipse[data-source-id]').first();
    const width = async () => (await first.boundingBox())?.width ?? 0;
    const fitted = await width();
    await page.keyboard.press('+');
    expect(await width()).toBeCloseTo(fitted * 1.25, 0);
    await page.keyboard.press('-');
    await page.keyboard.press('-');
    expect(await width()).toBeCloseTo(fitted * 0.8, 0);
    await page.keyboard.press('f');
    expect(await width()).toBeCloseTo(fitted, 3);
    await page.keyboard.press('1');
    const a = Number(await first.getAttribute('rx'));
    await page.keyboard.press('f');
    expect(a / Number(await first.getAttribute('rx'))).toBeCloseTo(1 / (await scaleOfFit()), 3);
    const limits = page.getByTestId('limits');
    expect(await limits.inputValue()).toBe('zscale');
    await page.keyboard.press('l');
    expect(await limits.inputValue()).toBe('minmax');
    await page.keyboard.press('l');
    expect(await limits.inputValue()).toBe('99.5');
    await page.keyboard.press('Shift+L');
    expect(await limits.inputValue()).toBe('minmax');
    await page.keyboard.press('z');
    expect(await limits.inputValue()).toBe('zscale');
    await page.keyboard.press('m');
    expect(await limits.inputValue()).toBe('minmax');
    await page.keyboard.press('z');
    await page.keyboard.press('s');
    expect(await page.locator('[data-testid="overlay"] ellipse').count()).toBe(0);
    await page.keyboard.press('s');
    expect(await page.locator('[data-testid="overlay"] ellipse').count()).toBe(stars.length);
    // Keys typed into a field are the field's.
    await page.locator('.catalog-tools input:not([type="checkbox"])').first().fill('');
    await page.locator('.catalog-tools input:not([type="checkbox"])').first().press('+');
    expect(await width()).toBeCloseTo(fitted, 3);
  });

  it('catalog rows: arrows move between rows, Enter selects the source, End reaches the last', async () => {
    const rowAt = (i: number) => page.locator(`[data-testid="catalog-row"][data-row-index="${i}"]`);
    await rowAt(2).click();
    const id2 = Number(await rowAt(2).getAttribute('data-source-id'));
    await page.getByTestId('selected-source').and(page.locator(`[data-selected-id="${id2}"]`)).waitFor();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-row-index'))).toBe('3');
    await page.keyboard.press('Enter');
    const id3 = Number(await rowAt(3).getAttribute('data-source-id'));
    await page.getByTestId('selected-source').and(page.locator(`[data-selected-id="${id3}"]`)).waitFor();
    await page.keyboard.press('End');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-row-index'))).toBe(String(stars.length - 1));
    await page.keyboard.press('Home');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-row-index'))).toBe('0');
    await page.keyboard.press('f');
  });

  it('? lists the shortcuts of the page shown, and only keys that do something', async () => {
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('?');
    const help = page.getByTestId('shortcut-help');
    await help.waitFor();
    const rows = await help.getByTestId('shortcut').allInnerTexts();
    const listed = rows.map((r) => r.replace(/\s+/g, ' ').trim());
    // The step keys of the bar above the viewer are listed when there is an image to step to or
    // blink with (the images here share their OBJECT); the viewer's own keys come in this order.
    const stepKeys = ['[ Previous image of the same target or field', '] Next image of the same target or field', 'b Blink on or off'];
    const stepRows = listed.filter((r) => stepKeys.includes(r));
    expect(stepRows).toContain('b Blink on or off');
    expect(stepRows.length).toBeGreaterThan(1);
    expect(listed.filter((r) => !stepKeys.includes(r))).toEqual([
      '+ Zoom in',
      '− Zoom out',
      'f Fit the image to the view',
      '1 Actual pixels (one screen pixel per image pixel)',
      'z Limits: zscale',
      'm Limits: min–max',
      'l Next limits (zscale, min–max, 99.5 %, 99 %, 98 %, 95 %, 90 %)',
      'Shift+L Previous limits',
      's Show or hide the source ellipses',
      'r Reset contrast and bias',
      '? Show or hide this list of shortcuts',
    ]);
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
    // Away from the viewer, its keys are neither listed nor active.
    await page.getByTestId('nav-tasks').click();
    // the task page is a chunk of its own: '?' pressed before it shows would list the viewer's keys
    await page.getByRole('heading', { name: 'Tasks', exact: true }).waitFor();
    await page.keyboard.press('?');
    await help.waitFor();
    expect((await help.getByTestId('shortcut').allInnerTexts()).map((r) => r.replace(/\s+/g, ' ').trim())).toEqual(['? Show or hide this list of shortcuts']);
    await page.getByRole('button', { name: 'Close' }).click();
    await help.waitFor({ state: 'detached' });
  });

  it('targets rows and task rows open with Enter', async () => {
    await page.getByTestId('nav-targets').click();
    await page.getByTestId('target-row').first().waitFor();
    await page.getByTestId('targets-search').click();
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'target-row')) break;
    }
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('W-look');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'W-look' }).waitFor();
    expect(page.url()).toMatch(/#\/targets\/\d+$/);

    // A task of an image: its row opens the image.
    await openProduct(NAMES[1]!);
    await page.getByTestId('extract-again').click();
    await page.getByTestId('nav-tasks').click();
    const row = page.getByTestId('task-row').filter({ hasText: NAMES[1]! }).first();
    await row.waitFor();
    await row.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('product-title').getByText(NAMES[1]!).waitFor();
  });
});

/** The scale (screen px per image px) of the fitted view for the current stage. */
async function scaleOfFit(): Promise<number> {
  const stage = (await page.getByTestId('viewer-canvas').boundingBox())!;
  return Math.min(stage.width / W, stage.height / H);
}

/** The source id of the first seeded star on the open image (ids follow the stars' order). */
async function firstSourceId(): Promise<number> {
  const ids = await page.locator('[data-testid="overlay"] ellipse[data-source-id]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-source-id'))));
  return Math.min(...ids);
}

/** The view's scale and the image pixel at the stage's centre, from the two source ellipses in view farthest apart. */
async function viewState(firstId: number): Promise<{ scale: number; centre: [number, number] }> {
  const stage = (await page.getByTestId('viewer-canvas').boundingBox())!;
  const drawn = await page.locator('[data-testid="overlay"] ellipse[data-source-id]').evaluateAll((els) =>
    els.map((e) => {
      const b = e.getBoundingClientRect();
      return { id: Number(e.getAttribute('data-source-id')), x: b.x + b.width / 2, y: b.y + b.height / 2 };
    }),
  );
  const inView = drawn.filter((d) => d.x > stage.x && d.x < stage.x + stage.width && d.y > stage.y && d.y < stage.y + stage.height);
  inView.sort((a, b) => stars[a.id - firstId]!.x - stars[b.id - firstId]!.x);
  const e1 = inView[0]!;
  const e2 = inView[inView.length - 1]!;
  const s1 = stars[e1.id - firstId]!;
  const s2 = stars[e2.id - firstId]!;
  const scale = (e2.x - e1.x) / (s2.x - s1.x);
  // Screen x = ox + (x + 0.5)·scale; screen y = oy + (H − 0.5 − y)·scale (stage coordinates).
  const ox = e1.x - stage.x - (s1.x + 0.5) * scale;
  const oy = e1.y - stage.y - (H - 0.5 - s1.y) * scale;
  const cx = (stage.width / 2 - ox) / scale - 0.5;
  const cy = H - 0.5 - (stage.height / 2 - oy) / scale;
  return { scale, centre: [cx, cy] };
}

describe('the viewer at 1400 × 900', () => {
  it('its toolbar rows do not wrap, beside the catalog', async () => {
    await page.setViewportSize({ width: 1400, height: 900 });
    await openProduct(NAMES[0]!);
    expect(await page.getByTestId('product-body').getAttribute('data-layout')).toBe('side');
    const rows = await page.locator('.viewer > .viewer-tools').evaluateAll((els) =>
      els.map((el) => [...el.children].filter((c) => c.getClientRects().length > 0).map((c) => Math.round(c.getBoundingClientRect().top + c.getBoundingClientRect().height / 2))),
    );
    expect(rows).toHaveLength(2);
    for (const centres of rows) {
      expect(centres.length).toBeGreaterThan(3);
      expect(Math.max(...centres) - Math.min(...centres)).toBeLessThanOrEqual(2);
    }
    await page.screenshot({ path: join(shots, 'toolbar-1400.png') });
  });

  it("the image's name stays on one line in the page head, the Frame choice beside its label", async () => {
    await page.setViewportSize({ width: 1400, height: 900 });
    await openProduct(NAMES[0]!);
    const title = page.getByTestId('product-title');
    const { height, lineHeight } = await title.evaluate((el) => ({ height: el.getBoundingClientRect().height, lineHeight: parseFloat(getComputedStyle(el).lineHeight) || parseFloat(getComputedStyle(el).fontSize) * 1.2 }));
    expect(height).toBeLessThan(lineHeight * 1.5);
    const label = (await page.getByTestId('product-frame-control').locator('label').boundingBox())!;
    const select = (await page.getByTestId('product-frame-type').boundingBox())!;
    expect(Math.abs(label.y + label.height / 2 - (select.y + select.height / 2))).toBeLessThanOrEqual(3);
  });

  it('the full-width switch fits the view again, or keeps the centre the user chose', async () => {
    const id0 = await firstSourceId();
    const viewState0 = () => viewState(id0);
    const before = await viewState0();
    expect(before.scale).toBeCloseTo(await scaleOfFit(), 3);
    await page.getByTestId('layout-toggle').click();
    await expect.poll(() => page.getByTestId('product-body').getAttribute('data-layout')).toBe('wide');
    await expect.poll(async () => (await viewState0()).scale).toBeCloseTo(await scaleOfFit(), 3);
    const wide = await viewState0();
    expect(wide.centre[0]).toBeCloseTo(W / 2 - 0.5, 1);
    expect(wide.centre[1]).toBeCloseTo(H / 2 - 0.5, 1);
    await page.screenshot({ path: join(shots, 'wide-refit.png') });
    // Zoomed in and panned: switching back keeps the image point at the centre.
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    const stage = (await page.getByTestId('viewer').boundingBox())!;
    await page.mouse.move(stage.x + stage.width / 2, stage.y + stage.height / 2);
    await page.mouse.down();
    await page.mouse.move(stage.x + stage.width / 2 + 60, stage.y + stage.height / 2 + 25, { steps: 4 });
    await page.mouse.up();
    const chosen = await viewState0();
    await page.getByTestId('layout-toggle').click();
    await expect.poll(() => page.getByTestId('product-body').getAttribute('data-layout')).toBe('side');
    await expect.poll(async () => (await viewState0()).centre[0]).toBeCloseTo(chosen.centre[0], 1);
    const side = await viewState0();
    expect(side.centre[1]).toBeCloseTo(chosen.centre[1], 1);
    expect(side.scale).toBeCloseTo(chosen.scale, 3);
    await page.screenshot({ path: join(shots, 'side-kept-centre.png') });
  });
});
