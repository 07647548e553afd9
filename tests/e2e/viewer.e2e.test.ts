import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openFits, readImage } from '../../src/core/fits/index.js';
import { percentileLimits, sortedFinite } from '../../src/core/display/index.js';
import { ROOT } from '../helpers/host-process.js';
import { seedProduct, starField } from '../helpers/seed.js';
import { openUi, type UiSession } from '../helpers/ui.js';

/** Screenshots to look at by hand (tests/.tmp is not committed). */
const shots = join(ROOT, 'tests/.tmp/viewer');
let ui: UiSession;
let page: Page;
const stars = [
  { x: 20.3, y: 30.7, flux: 5000 },
  { x: 64.0, y: 64.0, flux: 20000 },
  { x: 100.5, y: 90.2, flux: 8000 },
  { x: 40.0, y: 110.0, flux: 3000 },
];
const noisy = starField(128, 128, stars, 100, 5, 7);
// Galactic axes: CRPIX (64, 64) is 0-based pixel (63, 63), at l = 120°, b = 30°.
const galactic = starField(128, 128, [{ x: 63, y: 63, flux: 20000 }], 100, 0, 1, { CTYPE1: 'GLON-TAN', CTYPE2: 'GLAT-TAN', CRVAL1: 120, CRVAL2: 30 });

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  ui = await openUi({
    prepare: (dir) => {
      seedProduct(dir, noisy, stars, 'noisy.fits');
      seedProduct(dir, galactic, [{ x: 63, y: 63, flux: 20000 }], 'galactic.fits');
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

/** Mean red level of a 20×20 block of canvas near the stage's top-left (sky, no star). */
async function skyGrey(): Promise<number> {
  return page.evaluate(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="viewer-canvas"]')!;
    const ctx = canvas.getContext('2d')!;
    // The fitted image is centred; sample inside it, away from the stars.
    const stage = canvas.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    const x0 = Math.round((stage.width / 2 + 10) * dpr);
    const y0 = Math.round((stage.height / 2 - 200) * dpr);
    const px = ctx.getImageData(x0, y0, 20, 20).data;
    let sum = 0;
    for (let i = 0; i < px.length; i += 4) sum += px[i]!;
    return sum / (px.length / 4);
  });
}

/** Waits until the canvas has been redrawn from a new frame. */
async function settled(): Promise<void> {
  await page.waitForTimeout(50);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

async function ellipseCentre(id: number): Promise<[number, number]> {
  const b = (await page.locator(`[data-testid="overlay"] ellipse[data-source-id="${id}"]`).boundingBox())!;
  return [b.x + b.width / 2, b.y + b.height / 2];
}

/** The same, relative to the viewer stage (the toolbar above may wrap and move the stage). */
async function ellipseInStage(id: number): Promise<[number, number]> {
  const [x, y] = await ellipseCentre(id);
  const stage = (await page.getByTestId('viewer').boundingBox())!;
  return [x - stage.x, y - stage.y];
}

describe('display limits', () => {
  it('offers zscale, min/max, percentiles and manual limits, each shown on the histogram', async () => {
    await openProduct('noisy.fits');
    const image = readImage(openFits(noisy), 0, { type: 'float32' });
    const sorted = sortedFinite(image.data as Float32Array);
    const shown = page.getByTestId('limits-values');
    for (const p of ['99.5', '99', '98', '95', '90']) {
      await page.getByTestId('limits').selectOption(p);
      const [lo, hi] = percentileLimits(sorted, Number(p));
      await shown.getByText(`${lo.toPrecision(5)} … ${hi.toPrecision(5)}`).waitFor();
    }
    await page.getByTestId('limits').selectOption('minmax');
    await shown.getByText(`${sorted[0]!.toPrecision(5)} … ${sorted[sorted.length - 1]!.toPrecision(5)}`).waitFor();
    // The 90 % high limit lies inside the histogram's range, left of the 99.5 % one.
    await page.getByTestId('limits').selectOption('90');
    const x90 = Number(await page.getByTestId('hist-high').getAttribute('data-x'));
    await page.getByTestId('limits').selectOption('99.5');
    const x995 = Number(await page.getByTestId('hist-high').getAttribute('data-x'));
    await page.screenshot({ path: join(shots, 'limits-99.5.png') });
    expect(x90).toBeGreaterThan(0);
    expect(x995).toBeGreaterThan(x90);
  });

  it('renders with typed low/high limits', async () => {
    await page.getByTestId('limits').selectOption('manual');
    await page.getByTestId('limit-low').fill('1000');
    await page.getByTestId('limit-high').fill('2000');
    await page.getByTestId('limits-values').getByText('1000.0 … 2000.0').waitFor();
    await settled();
    expect(await skyGrey()).toBe(0);
    await page.getByTestId('limit-low').fill('-1000');
    await page.getByTestId('limits-values').getByText('-1000.0 … 2000.0').waitFor();
    await settled();
    // Sky ≈ 100 → (100 + 1000) / 3000 of the grey ramp.
    expect(Math.abs((await skyGrey()) - (1100 / 3000) * 255)).toBeLessThan(6);
    // The histogram marks a limit outside its range with an arrow at that edge.
    expect(await page.getByTestId('hist-high').getAttribute('data-x')).toBe('out-high');
  });

  it('right-drag sets contrast and bias as in ds9; left-drag still pans', async () => {
    await page.getByTestId('limits').selectOption('zscale');
    await settled();
    const before = await skyGrey();
    const [ex, ey] = await ellipseInStage(1);
    const stage = (await page.getByTestId('viewer').boundingBox())!;
    const cx = stage.x + stage.width / 2;
    const cy = stage.y + stage.height / 2;
    await page.mouse.move(cx, cy);
    await page.mouse.down({ button: 'right' });
    await page.mouse.move(cx - 100, cy - 120, { steps: 5 });
    await page.mouse.up({ button: 'right' });
    const text = await page.getByTestId('contrast-bias').innerText();
    const [, contrast, bias] = /contrast ([\d.]+) bias ([\d.]+)/.exec(text)!;
    expect(Number(contrast)).toBeGreaterThan(1);
    expect(Number(bias)).toBeGreaterThan(0.5);
    await settled();
    await page.screenshot({ path: join(shots, 'contrast-bias.png') });
    expect(await skyGrey()).not.toBeCloseTo(before, 0);
    // The view did not move.
    expect(await ellipseInStage(1)).toEqual([ex, ey]);
    // Left-drag pans and leaves contrast and bias alone.
    const stage2 = (await page.getByTestId('viewer').boundingBox())!;
    const [cx2, cy2] = [stage2.x + stage2.width / 2, stage2.y + stage2.height / 2];
    await page.mouse.move(cx2, cy2);
    await page.mouse.down();
    await page.mouse.move(cx2 + 40, cy2 + 30, { steps: 4 });
    await page.mouse.up();
    const [nx, ny] = await ellipseInStage(1);
    expect(nx - ex).toBeCloseTo(40, 0);
    expect(ny - ey).toBeCloseTo(30, 0);
    expect(await page.getByTestId('contrast-bias').innerText()).toBe(text);
    await page.getByTestId('contrast-reset').click();
    await page.getByTestId('contrast-bias').getByText('contrast 1.00 bias 0.50').waitFor();
  });
});

describe('selection between the table and the image', () => {
  it('a click on an ellipse selects its row; a row click highlights its source', async () => {
    await page.getByRole('button', { name: 'Fit' }).click();
    const [x, y] = await ellipseCentre(3);
    await page.mouse.click(x + 2, y + 1);
    await page.locator('[data-testid="catalog-row"].selected[data-source-id="3"]').waitFor();
    expect(await page.getByTestId('selected-source').getAttribute('data-selected-id')).toBe('3');
    await page.screenshot({ path: join(shots, 'selected.png') });
    // A click on empty sky selects nothing new.
    const stage = (await page.getByTestId('viewer').boundingBox())!;
    await page.mouse.click(stage.x + 5, stage.y + 5);
    expect(await page.getByTestId('selected-source').getAttribute('data-selected-id')).toBe('3');
    await page.locator('[data-testid="catalog-row"][data-source-id="4"]').click();
    expect(await page.getByTestId('selected-source').getAttribute('data-selected-id')).toBe('4');
    const sel = (await page.getByTestId('selected-source').boundingBox())!;
    const [fx, fy] = await ellipseCentre(4);
    expect(Math.abs(sel.x + sel.width / 2 - fx)).toBeLessThan(1);
    expect(Math.abs(sel.y + sel.height / 2 - fy)).toBeLessThan(1);
  });

  it('switching tabs keeps the view where the user left it', async () => {
    // After a row click the view is centred on source 4; the user pans away.
    const stage = (await page.getByTestId('viewer').boundingBox())!;
    await page.mouse.move(stage.x + 200, stage.y + 200);
    await page.mouse.down();
    await page.mouse.move(stage.x + 260, stage.y + 150, { steps: 4 });
    await page.mouse.up();
    const left = await ellipseCentre(4);
    await page.getByRole('tab', { name: 'Header' }).click();
    await page.getByTestId('header-cards').waitFor();
    await page.getByRole('tab', { name: 'Catalog' }).click();
    await settled();
    expect(await ellipseCentre(4)).toEqual(left);
    await page.locator('[data-testid="catalog-row"].selected[data-source-id="4"]').waitFor();
  });
});

describe('DS9 regions', () => {
  it('exports the sources in ICRS and draws a region file over the image', async () => {
    await page.getByRole('button', { name: 'Fit' }).click();
    const download = page.waitForEvent('download');
    await page.getByTestId('regions-menu').locator('summary').click();
    await page.getByTestId('export-regions').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('noisy.fits.reg');
    const text = readFileSync((await file.path())!, 'utf8');
    const lines = text.trim().split('\n');
    expect(lines.slice(0, 3)).toEqual(['# Region file format: DS9 version 4.1', 'global color=green width=1', 'icrs']);
    expect(lines.slice(3)).toHaveLength(stars.length);
    for (const l of lines.slice(3)) expect(l).toMatch(/^ellipse\(150\.\d+,2\.\d+,[\d.]+",[\d.]+",[-\d.]+\) # text=\{\d+\}$/);
    // Loaded back, each region lies on its source's ellipse.
    await page.getByTestId('load-regions').setInputFiles({ name: 'mine.reg', mimeType: 'text/plain', buffer: Buffer.from(text) });
    await page.getByTestId('regions-loaded').getByText(`mine.reg: ${stars.length} regions`).waitFor();
    const pairs = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="region-layer"] ellipse')].map((e) => [Number(e.getAttribute('cx')), Number(e.getAttribute('cy')), Number(e.getAttribute('rx'))]),
    );
    const drawn = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="overlay"] > ellipse:not(.selected)')].map((e) => [Number(e.getAttribute('cx')), Number(e.getAttribute('cy')), Number(e.getAttribute('rx'))]),
    );
    expect(pairs).toHaveLength(stars.length);
    expect(drawn.length).toBeGreaterThan(0);
    for (const d of drawn) {
      const near = pairs.find((p) => Math.hypot(p[0]! - d[0]!, p[1]! - d[1]!) < 0.1);
      expect(near, `a region on the source at ${d[0]}, ${d[1]}`).toBeDefined();
      expect(near![2]).toBeCloseTo(d[2]!, 1);
    }
    await page.screenshot({ path: join(shots, 'regions.png') });
    // An image-coordinate file with DS9's 1-based pixels: circle(65,65) is our pixel (64, 64).
    await page.getByTestId('load-regions').setInputFiles({ name: 'img.reg', mimeType: 'text/plain', buffer: Buffer.from('image\ncircle(65,65,10) # text={c}\n') });
    await page.getByTestId('regions-loaded').getByText('img.reg: 1 regions').waitFor();
    const c = (await page.locator('[data-testid="region-layer"] circle').boundingBox())!;
    const [sx, sy] = await ellipseCentre(2);
    expect(Math.abs(c.x + c.width / 2 - sx)).toBeLessThan(1);
    expect(Math.abs(c.y + c.height / 2 - sy)).toBeLessThan(1);
  });

  it('says what is wrong with a region file it cannot read, and keeps the last overlay', async () => {
    await page.getByTestId('load-regions').setInputFiles({ name: 'bad.reg', mimeType: 'text/plain', buffer: Buffer.from('image\ncircle(1,2,3)\nannulus(1,2,3,4)\n') });
    await page.getByTestId('regions-error').getByText('bad.reg: line 3: shape "annulus" (circle, ellipse, point, box and polygon are read) [region_unsupported]').waitFor();
    expect(await page.locator('[data-testid="region-layer"] circle').count()).toBe(1);
  });
});

describe('cursor readout', () => {
  it('shows RA/Dec in sexagesimal and degrees with the frame, and galactic l, b for a galactic image', async () => {
    await openProduct('galactic.fits');
    // Source ids are the library's, not per image: take the image's only ellipse.
    const eb = (await page.locator('[data-testid="overlay"] ellipse').first().boundingBox())!;
    const [x, y] = [eb.x + eb.width / 2, eb.y + eb.height / 2];
    await page.mouse.move(x, y);
    const readout = page.getByTestId('readout');
    await readout.getByText(/value [\d.]+/).waitFor();
    await page.screenshot({ path: join(shots, 'galactic-readout.png') });
    const radec = await page.getByTestId('readout-radec').innerText();
    expect(radec).toMatch(/^ICRS \(from galactic\) RA \d\d:\d\d:\d\d\.\d\d Dec [+-]\d\d:\d\d:\d\d\.\d \(\d+\.\d{6}°, -?\d+\.\d{6}°\)$/);
    const gal = await page.getByTestId('readout-galactic').innerText();
    const [, l, b] = /^Galactic l ([\d.]+)° b (-?[\d.]+)°$/.exec(gal)!;
    expect(Number(l)).toBeCloseTo(120, 3);
    expect(Number(b)).toBeCloseTo(30, 3);
  });

  it('shows no galactic coordinates for an equatorial image', async () => {
    await openProduct('noisy.fits');
    const [x, y] = await ellipseCentre(2);
    await page.mouse.move(x, y);
    await page.getByTestId('readout-radec').getByText(/^ICRS RA 10:00:\d\d\.\d\d Dec \+02:1\d:\d\d\.\d \(150\.\d{6}°, 2\.\d{6}°\)$/).waitFor();
    expect(await page.getByTestId('readout-galactic').count()).toBe(0);
  });
});
