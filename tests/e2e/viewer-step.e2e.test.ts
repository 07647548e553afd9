/**
 * Stepping and blinking between images of one field in the browser, through `nightshift host`:
 * three images of the same stars taken with the telescope pointed a few pixels apart (their
 * WCS says so). Next / Previous (buttons and the ] [ keys) keep the zoom, the sky at the
 * centre of the view and the limits mode; Back returns to the image before; Blink alternates
 * this image with another, drawn at the same zoom with the same sky at the centre, so the stars
 * stay put. Opened from a target, the steps go through the target's images with its circle.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { callHost } from '../helpers/host-call.js';
import { ROOT } from '../helpers/host-process.js';
import { seedLibrary, type SeedImage } from '../helpers/seed-library.js';
import { openUi, type UiSession } from '../helpers/ui.js';

const shots = join(ROOT, 'tests/.tmp/screenshots');
const SHIFTS: Array<[number, number]> = [
  [0, 0],
  [4, -3],
  [8, 2],
];
const IMAGES: SeedImage[] = [
  ...SHIFTS.map((shift, k) => ({
    name: `step-${k + 1}.fits`,
    object: 'STEPFIELD',
    dateObs: `2026-11-2${k}T03:00:00`,
    filter: 'R',
    status: 'extracted' as const,
    shift,
  })),
  { name: 'elsewhere.fits', object: 'OTHER', dateObs: '2026-11-21T04:00:00', filter: 'R', status: 'extracted' },
];

let ui: UiSession;
let page: Page;
let ids: number[];

const hash = () => page.evaluate(() => window.location.hash);
const viewer = () => page.getByTestId('viewer');
async function state() {
  const v = viewer();
  const [x, y] = (await v.getAttribute('data-centre'))!.split(',').map(Number) as [number, number];
  return { scale: Number(await v.getAttribute('data-scale')), x, y, limits: await page.getByTestId('limits').inputValue() };
}
/** Waits for a product page's image to be drawn. */
async function ready(name: string) {
  await page.getByTestId('product-title').getByText(name).waitFor();
  await page.locator('[data-testid="viewer-canvas"][data-ready="yes"]').waitFor({ timeout: 30_000 });
  await page.locator('[data-testid="viewer"][data-centre]').waitFor();
}
/**
 * The stars on the viewer's canvas (screen pixels): each connected patch brighter than 60 of
 * 255, located by its centroid weighted by the brightness above that floor. Meant for min–max
 * limits, where the stars are not saturated: the centroid follows each star's profile, so one
 * noise pixel more or less at a star's edge moves it little (a single centroid of all the bright
 * pixels would move with how bright each star is drawn, not only with where it is).
 */
const starsOnCanvas = () =>
  page.getByTestId('viewer-canvas').evaluate((c: HTMLCanvasElement) => {
    const FLOOR = 60;
    const ctx = c.getContext('2d')!;
    const { data, width, height } = ctx.getImageData(0, 0, c.width, c.height);
    const seen = new Uint8Array(width * height);
    const found: Array<{ x: number; y: number; pixels: number }> = [];
    for (let start = 0; start < width * height; start++) {
      if (seen[start] || data[start * 4]! <= FLOOR) continue;
      seen[start] = 1;
      const stack = [start];
      let sx = 0;
      let sy = 0;
      let w = 0;
      let pixels = 0;
      while (stack.length > 0) {
        const i = stack.pop()!;
        const x = i % width;
        const y = (i - x) / width;
        const v = data[i * 4]! - FLOOR;
        sx += x * v;
        sy += y * v;
        w += v;
        pixels++;
        const around = [x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, y > 0 ? i - width : -1, y < height - 1 ? i + width : -1];
        for (const k of around) {
          if (k >= 0 && !seen[k] && data[k * 4]! > FLOOR) {
            seen[k] = 1;
            stack.push(k);
          }
        }
      }
      found.push({ x: sx / w, y: sy / w, pixels });
    }
    return found;
  });

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  ui = await openUi({ prepare: (dir) => (ids = seedLibrary(dir, IMAGES)) });
  page = ui.page;
}, 90_000);

afterAll(async () => {
  await ui?.close();
});

describe('steps between the images of one OBJECT', () => {
  it('keeps the zoom, the sky at the centre and the limits mode on Next', async () => {
    await page.getByTestId('product-row').filter({ hasText: 'step-1.fits' }).click();
    await ready('step-1.fits');
    await page.getByTestId('step-position').getByText('1 of 3 (OBJECT STEPFIELD)').waitFor();
    const box = (await viewer().boundingBox())!;
    await page.mouse.move(box.x + box.width / 2 + 40, box.y + box.height / 2 - 30);
    for (let i = 0; i < 3; i++) await page.mouse.wheel(0, -100);
    await page.getByTestId('limits').selectOption('minmax');
    await page.waitForTimeout(200);
    const a = await state();
    expect(a.scale).toBeGreaterThan(5);
    await page.getByTestId('step-next').click();
    await ready('step-2.fits');
    expect(await hash()).toBe(`#/products/${ids[1]}`);
    const b = await state();
    expect(b.scale).toBeCloseTo(a.scale, 3);
    // The field moved by (4, −3) pixels on the detector: the same sky is 4, −3 pixels further.
    expect(b.x - a.x).toBeCloseTo(4, 1);
    expect(b.y - a.y).toBeCloseTo(-3, 1);
    expect(b.limits).toBe('minmax');
  });

  it('steps with the ] and [ keys, and Back returns to the image before', async () => {
    const b = await state();
    await viewer().click();
    await page.keyboard.press(']');
    await ready('step-3.fits');
    const c = await state();
    expect(c.x - b.x).toBeCloseTo(4, 1);
    expect(c.y - b.y).toBeCloseTo(5, 1);
    expect(c.limits).toBe('minmax');
    await page.getByTestId('step-position').getByText('3 of 3 (OBJECT STEPFIELD)').waitFor();
    expect(await page.getByTestId('step-next').isDisabled()).toBe(true);
    await page.keyboard.press('[');
    await ready('step-2.fits');
    await page.goBack();
    await ready('step-3.fits');
    expect(await hash()).toBe(`#/products/${ids[2]}`);
  });

  it('blinks with another image, the stars staying where they are', async () => {
    await page.getByTestId('step-previous').click();
    await ready('step-2.fits');
    // Min–max limits draw the stars unsaturated (see starsOnCanvas); each image gets its own.
    await page.getByTestId('limits').selectOption('minmax');
    await page.getByTestId('blink-interval').selectOption('2000');
    expect(await page.getByTestId('blink-partner').inputValue()).toBe(String(ids[0]));
    await page.getByTestId('blink-toggle').click();
    await page.locator('[data-testid="blink-label"][data-showing="this"]').waitFor();
    await page.waitForTimeout(150);
    const here = await starsOnCanvas();
    await page.locator('[data-testid="blink-label"][data-showing="other"]').waitFor({ timeout: 10_000 });
    await page.waitForTimeout(150);
    expect(await page.getByTestId('blink-label').innerText()).toBe('step-1.fits');
    const there = await starsOnCanvas();
    await page.screenshot({ path: join(shots, 'viewer-blink.png') });
    // The field's three stars, in both images.
    expect(here).toHaveLength(3);
    expect(there).toHaveLength(3);
    // Aligned on the sky: each star moves by much less than the 5 pixels × zoom the pointing moved it.
    for (const star of here) {
      const moved = Math.min(...there.map((s) => Math.hypot(s.x - star.x, s.y - star.y)));
      expect(moved).toBeLessThan(3);
    }
    await page.locator('[data-testid="blink-label"][data-showing="this"]').waitFor({ timeout: 10_000 });
    await page.keyboard.press('b');
    await page.getByTestId('blink-label').waitFor({ state: 'detached' });
  });
});

describe("steps between a target's images", () => {
  it('goes through the images of the target it was opened from, with its circle', async () => {
    await callHost(ui.host.url, 'settings:set', { photometry: { auto: false } });
    const t = (await callHost(ui.host.url, 'targets:create', { name: 'Step target', ra: 150.1, dec: 2.2 })) as { id: number };
    await page.goto(`${ui.host.url.split('#')[0]}#/targets/${t.id}`);
    await page.getByTestId('target-images-count').getByText('4 images').waitFor({ timeout: 30_000 });
    await page.getByTestId('target-image-row').filter({ hasText: 'step-1.fits' }).click();
    await ready('step-1.fits');
    await page.getByTestId('step-position').getByText('1 of 4 (target Step target)').waitFor();
    await page.getByTestId('step-next').click();
    await ready('step-2.fits');
    // The target is at the field's reference pixel, which moved with the pointing.
    const h = new URLSearchParams((await hash()).split('?')[1]);
    expect(h.get('target')).toBe(String(t.id));
    expect(Number(h.get('x'))).toBeCloseTo(31 + 4, 1);
    expect(Number(h.get('y'))).toBeCloseTo(31 - 3, 1);
    expect(await page.locator('.overlay .marker').count()).toBe(1);
    await page.screenshot({ path: join(shots, 'viewer-step-target.png') });
  }, 60_000);
});
