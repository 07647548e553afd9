/**
 * A target's label near the right edge of the image is drawn inside the image, left of its
 * marker, rather than cut at the edge (user trials). The image is opened from a target with the
 * target a few pixels from the right edge, then fitted to the view (key `f`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { callHost } from '../helpers/host-call.js';
import { seedProduct, starField } from '../helpers/seed.js';
import { openUi, type UiSession } from '../helpers/ui.js';

const W = 128;
const H = 96;
const LABEL = 'A-rather-long-target-name';
let ui: UiSession;
let page: Page;
let productId = 0;

beforeAll(async () => {
  ui = await openUi({
    viewport: { width: 1200, height: 900 },
    prepare: (dir) => {
      productId = seedProduct(dir, starField(W, H, [{ x: 40, y: 40, flux: 8000 }], 100, 2, 3), [], 'edge.fits');
    },
  });
  page = ui.page;
}, 60_000);

afterAll(async () => {
  await ui?.close();
});

describe('target label at the edge of the image', () => {
  it('is drawn inside the image, left of a marker at the right edge', async () => {
    const target = (await callHost(ui.host.url, 'targets:create', { name: LABEL, ra: 150.1, dec: 2.2 })) as { id: number };
    const at = { x: W - 3, y: H / 2, r: 4 };
    const hash = `#/products/${productId}?target=${target.id}&x=${at.x}&y=${at.y}&r=${at.r}&label=${encodeURIComponent(LABEL)}`;
    await page.evaluate((h) => (window.location.hash = h), hash);
    await page.getByTestId('product-title').getByText('edge.fits').waitFor({ timeout: 20_000 });
    await page.locator('[data-testid="viewer-canvas"][data-ready="yes"]').waitFor({ timeout: 20_000 });
    const label = page.locator('[data-testid="overlay"] .marker text');
    expect(await label.textContent()).toBe(LABEL);
    // fitted: the whole image on the stage, centred
    await page.getByTestId('viewer').hover();
    await page.keyboard.press('f');
    // the canvas covers the stage the view is fitted to
    const stage = (await page.getByTestId('viewer-canvas').boundingBox())!;
    await page.waitForFunction(
      ([w, h]) => {
        const el = document.querySelector<HTMLElement>('[data-testid="viewer"]')!;
        const r = document.querySelector('[data-testid="viewer-canvas"]')!.getBoundingClientRect();
        return Math.abs(Number(el.dataset.scale) - Math.min(r.width / w!, r.height / h!)) < 1e-3;
      },
      [W, H],
    );
    const scale = Number(await page.getByTestId('viewer').getAttribute('data-scale'));
    const imageRight = stage.x + stage.width / 2 + (W * scale) / 2;
    const imageLeft = stage.x + stage.width / 2 - (W * scale) / 2;
    const circle = (await page.locator('[data-testid="overlay"] .marker circle').boundingBox())!;
    const text = (await label.boundingBox())!;
    expect(text.x + text.width).toBeLessThanOrEqual(imageRight + 0.5);
    expect(text.x).toBeGreaterThanOrEqual(imageLeft - 0.5);
    // left of its marker
    expect(text.x + text.width).toBeLessThanOrEqual(circle.x + 0.5);
  }, 60_000);
});
