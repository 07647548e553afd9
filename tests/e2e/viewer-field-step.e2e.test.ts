/**
 * Stepping between the images of one field in the browser, through `nightshift host`, for
 * images on no target: the images whose footprint overlaps this image's field (their WCS says
 * so), whatever their OBJECT says. An image without OBJECT steps by field; one with an OBJECT
 * steps by OBJECT and can switch to the field, and the choice is kept.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openDb } from '../../src/main/services/db/open.js';
import { dataPaths } from '../../src/main/services/paths.js';
import { ROOT } from '../helpers/host-process.js';
import { seedLibrary, type SeedImage } from '../helpers/seed-library.js';
import { openUi, type UiSession } from '../helpers/ui.js';

const shots = join(ROOT, 'tests/.tmp/screenshots');
const image = (name: string, object: string | null, day: number, shift: [number, number] = [0, 0]): SeedImage => ({
  name,
  object,
  dateObs: `2026-11-${day}T03:00:00`,
  filter: 'R',
  status: 'extracted',
  shift,
});
const IMAGES: SeedImage[] = [
  image('f-1.fits', null, 20),
  image('f-2.fits', null, 21, [4, -3]),
  image('f-3.fits', null, 22, [8, 2]),
  image('m-1.fits', 'M1', 23),
  image('far.fits', null, 24),
  image('m-2.fits', 'M1', 25),
];
/** far.fits and m-2.fits are elsewhere on the sky, 10° from the others and from each other. */
const elsewhere = (ra: number, dec: number) =>
  JSON.stringify([
    [ra + 0.1, dec],
    [ra, dec],
    [ra, dec + 0.1],
    [ra + 0.1, dec + 0.1],
  ]);

let ui: UiSession;
let page: Page;
let ids: number[];

const position = () => page.getByTestId('step-position');
async function ready(name: string) {
  await page.getByTestId('product-title').getByText(name).waitFor();
  await page.locator('[data-testid="viewer-canvas"][data-ready="yes"]').waitFor({ timeout: 30_000 });
}

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  ui = await openUi({
    prepare: (dir) => {
      ids = seedLibrary(dir, IMAGES);
      const db = openDb(dataPaths(dir).db);
      try {
        const move = db.prepare('UPDATE data_products SET footprint_json = ? WHERE name = ?');
        move.run(elsewhere(160, 12), 'far.fits');
        move.run(elsewhere(170, 22), 'm-2.fits');
      } finally {
        db.close();
      }
    },
  });
  page = ui.page;
}, 90_000);

afterAll(async () => {
  await ui?.close();
});

describe('stepping through the images that overlap the field', () => {
  it('an image without OBJECT steps through the images overlapping its field, in date order', async () => {
    await page.goto(`${ui.host.url.split('#')[0]}#/products/${ids[0]}`);
    await ready('f-1.fits');
    await position().getByText('1 of 4 (overlapping field)').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('step-blink').getAttribute('data-kind')).toBe('field');
    // only one way finds other images of this one: no choice to make
    expect(await page.getByTestId('step-by').count()).toBe(0);
    const partners = await page.getByTestId('blink-partner').locator('option').allInnerTexts();
    expect(partners).toEqual(['f-2.fits', 'f-3.fits', 'm-1.fits']);
    await page.getByTestId('step-next').click();
    await ready('f-2.fits');
    await page.getByTestId('viewer').click();
    await page.keyboard.press(']');
    await ready('f-3.fits');
    await page.keyboard.press(']');
    await ready('m-1.fits');
  });

  it('an image with an OBJECT steps by OBJECT, and switches to the field; the choice is kept', async () => {
    // m-1 has OBJECT M1: by default its steps go through M1's images (m-2 is elsewhere on the sky)
    await position().getByText('1 of 2 (OBJECT M1)').waitFor({ timeout: 15_000 });
    await page.getByTestId('step-by').selectOption('field');
    await position().getByText('4 of 4 (overlapping field)').waitFor();
    await page.screenshot({ path: join(shots, 'viewer-field-step.png') });
    await page.getByTestId('step-blink').screenshot({ path: join(shots, 'viewer-step-by-field.png') });
    expect(await page.getByTestId('step-next').isDisabled()).toBe(true);
    await page.getByTestId('step-previous').click();
    await ready('f-3.fits');
    await page.goBack();
    await ready('m-1.fits');
    await position().getByText('4 of 4 (overlapping field)').waitFor();
    await page.getByTestId('step-by').selectOption('object');
    await position().getByText('1 of 2 (OBJECT M1)').waitFor();
  });

  it('an image whose field no other image overlaps says so', async () => {
    await page.goto(`${ui.host.url.split('#')[0]}#/products/${ids[4]}`);
    await ready('far.fits');
    await page.getByTestId('step-blink').getByText('no other image overlaps this field').waitFor({ timeout: 15_000 });
  });
});
