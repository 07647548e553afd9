/**
 * DS9 region labels in the browser (issue 15, "The image"): a region file loaded over an image
 * draws its `text={…}` labels (a polygon's too) inside the visible image as target labels are (viewer/label-place),
 * not cut at the image's edge; the labels' font size is the one the viewer measures them with
 * (text-width's LABEL_FONT_PX), for target and region labels alike. And the sources of an image
 * without a WCS export in image coordinates (DS9's 1-based pixels).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { starFieldFits } from '../../src/core/synth-fits/index.js';
import { LABEL_FONT_PX } from '../../src/renderer/src/viewer/text-width.js';
import { callHost } from '../helpers/host-call.js';
import { ROOT } from '../helpers/host-process.js';
import { seedProduct } from '../helpers/seed.js';
import { openUi, type UiSession } from '../helpers/ui.js';

const W = 128;
const H = 96;
const stars = [
  { x: 30, y: 30, flux: 8000 },
  { x: 90.5, y: 60.25, flux: 6000 },
];
/** No CTYPE, CRVAL, CD: an image without a WCS. */
const plain = starFieldFits({ width: W, height: H, sky: 100, stars, psf: { sigma: 1.5 }, radius: 8, seed: 5, header: { OBJECT: 'PLAIN', 'DATE-OBS': '2026-11-20T03:04:05', FILTER: 'R' } });
/** DS9 image coordinates are 1-based: (W, H) is the top-right pixel, (1, 1) the bottom-left. */
const REGIONS = [
  'image',
  `circle(${W - 1},${H / 2},3) # text={A-rather-long-region-name}`,
  `point(${W / 2},${H}) # text={at-the-top}`,
  `box(${W - 2},2,3,3,0) # text={bottom-right-corner}`,
  `ellipse(2,${H - 1},3,2,0) # text={top-left}`,
  `polygon(${W - 12},20,${W - 1},20,${W - 6},34) # text={triangle-at-the-right}`,
].join('\n');
/** Screenshots to look at by hand (tests/.tmp is not committed). */
const shots = join(ROOT, 'tests/.tmp/viewer');
let ui: UiSession;
let page: Page;
let productId = 0;

beforeAll(async () => {
  ui = await openUi({
    viewport: { width: 1200, height: 900 },
    prepare: (dir) => {
      productId = seedProduct(dir, plain, stars, 'plain.fits');
    },
  });
  page = ui.page;
}, 60_000);

afterAll(async () => {
  await ui?.close();
});

/** Opens the image from the library and fits it to the view (key `f`), waiting for the fit. */
async function openFitted(): Promise<{ left: number; top: number; right: number; bottom: number }> {
  await page.getByTestId('product-row').filter({ hasText: 'plain.fits' }).click();
  await page.getByTestId('product-title').getByText('plain.fits').waitFor({ timeout: 20_000 });
  await page.locator('[data-testid="viewer-canvas"][data-ready="yes"]').waitFor({ timeout: 20_000 });
  await page.getByTestId('viewer').hover();
  await page.keyboard.press('f');
  await page.waitForFunction(
    ([w, h]) => {
      const el = document.querySelector<HTMLElement>('[data-testid="viewer"]')!;
      const r = document.querySelector('[data-testid="viewer-canvas"]')!.getBoundingClientRect();
      return Math.abs(Number(el.dataset.scale) - Math.min(r.width / w!, r.height / h!)) < 1e-3;
    },
    [W, H],
  );
  const stage = (await page.getByTestId('viewer-canvas').boundingBox())!;
  const scale = Number(await page.getByTestId('viewer').getAttribute('data-scale'));
  const cx = stage.x + stage.width / 2;
  const cy = stage.y + stage.height / 2;
  return { left: cx - (W * scale) / 2, right: cx + (W * scale) / 2, top: cy - (H * scale) / 2, bottom: cy + (H * scale) / 2 };
}

describe('DS9 region labels', () => {
  it('are drawn inside the image at its edges and corners, as target labels are', async () => {
    const image = await openFitted();
    await page.getByTestId('regions-menu').locator('summary').click();
    await page.getByTestId('load-regions').setInputFiles({ name: 'edges.reg', mimeType: 'text/plain', buffer: Buffer.from(REGIONS) });
    await page.getByTestId('regions-loaded').getByText('edges.reg: 5 regions').waitFor();
    const labels = page.locator('[data-testid="region-layer"] text');
    expect(await labels.allTextContents()).toEqual(['A-rather-long-region-name', 'at-the-top', 'bottom-right-corner', 'top-left', 'triangle-at-the-right']);
    for (const [i, name] of ['A-rather-long-region-name', 'at-the-top', 'bottom-right-corner', 'top-left', 'triangle-at-the-right'].entries()) {
      const b = (await labels.nth(i).boundingBox())!;
      expect(b.x, `${name}: left`).toBeGreaterThanOrEqual(image.left - 0.5);
      expect(b.x + b.width, `${name}: right`).toBeLessThanOrEqual(image.right + 0.5);
      expect(b.y, `${name}: top`).toBeGreaterThanOrEqual(image.top - 0.5);
      expect(b.y + b.height, `${name}: bottom`).toBeLessThanOrEqual(image.bottom + 0.5);
    }
    // The long label at the right edge goes left of its circle, as a target's does.
    const circle = (await page.locator('[data-testid="region-layer"] circle').boundingBox())!;
    const long = (await labels.nth(0).boundingBox())!;
    expect(long.x + long.width).toBeLessThanOrEqual(circle.x + 0.5);
    mkdirSync(shots, { recursive: true });
    await page.getByTestId('viewer').screenshot({ path: join(shots, 'region-labels.png') });
  }, 60_000);

  it('and target labels are in the font size they are measured with', async () => {
    const target = (await callHost(ui.host.url, 'targets:create', { name: 'T', ra: 150.1, dec: 2.2 })) as { id: number };
    await page.evaluate((h) => (window.location.hash = h), `#/products/${productId}?target=${target.id}&x=40&y=40&r=4&label=T`);
    await page.locator('[data-testid="overlay"] .marker text').waitFor({ timeout: 20_000 });
    await page.getByTestId('regions-menu').locator('summary').click();
    await page.getByTestId('load-regions').setInputFiles({ name: 'edges.reg', mimeType: 'text/plain', buffer: Buffer.from(REGIONS) });
    await page.getByTestId('regions-loaded').getByText('edges.reg: 5 regions').waitFor();
    const sizes = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="overlay"] text')].map((t) => getComputedStyle(t).fontSize),
    );
    expect(sizes).toHaveLength(6);
    expect(new Set(sizes)).toEqual(new Set([`${LABEL_FONT_PX}px`]));
  }, 60_000);
});

describe('DS9 region export without a WCS', () => {
  it('writes the sources in image coordinates, 1-based as DS9 counts pixels', async () => {
    await page.getByTestId('nav-library').click();
    await openFitted();
    const download = page.waitForEvent('download');
    await page.getByTestId('regions-menu').locator('summary').click();
    await page.getByTestId('export-regions').click();
    const lines = readFileSync((await (await download).path())!, 'utf8').trim().split('\n');
    expect(lines.slice(0, 3)).toEqual(['# Region file format: DS9 version 4.1', 'global color=green width=1', 'image']);
    expect(lines.slice(3)).toHaveLength(stars.length);
    // seeded sources: a 1.5, b 1.2 px, θ 30°, drawn as 3a × 3b
    expect(lines[3]).toMatch(/^ellipse\(31,31,4\.5,3\.6,30\) # text=\{1\}$/);
    expect(lines[4]).toMatch(/^ellipse\(91\.5,61\.25,4\.5,3\.6,30\) # text=\{2\}$/);
  }, 60_000);
});
