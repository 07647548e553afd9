/**
 * What the UI says where it used to say nothing or too little (issue 15, the user trial with
 * real files): a FITS table and random-groups data are refused for what they are; a 1×1 image's
 * failed extraction says why trying again cannot help and offers no Retry; a cube is labelled
 * "plane 1 of N" and its planes can be stepped through; a target without measurements says
 * what makes points appear instead of showing an empty plot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { writeFits } from '../../src/core/fits/index.js';
import { callHost } from '../helpers/host-call.js';
import { randomGroupsFits, tableFits } from '../helpers/raw-fits.js';
import { starField } from '../helpers/seed.js';
import { dropFiles, openUi, type UiSession } from '../helpers/ui.js';

let ui: UiSession;
let page: Page;

/** A 48×40 cube of 3 planes, each brighter than the last (a sky of 100, 1000, 10000). */
function cube(): Uint8Array {
  const w = 48;
  const h = 40;
  const data = new Float32Array(w * h * 3);
  for (let p = 0; p < 3; p++) for (let i = 0; i < w * h; i++) data[p * w * h + i] = 100 * 10 ** p + ((i * 7919) % 13);
  return writeFits([{ data, shape: [w, h, 3], header: { OBJECT: 'CUBE' } }]);
}

beforeAll(async () => {
  ui = await openUi({ viewport: { width: 1400, height: 900 } });
  page = ui.page;
  await dropFiles(page, [
    { name: 'catalog.fits', bytes: tableFits() },
    { name: 'uv-data.fits', bytes: randomGroupsFits() },
    { name: 'blank.fits', bytes: writeFits([{ data: new Float32Array([5]), shape: [1, 1] }]) },
    { name: 'cube.fits', bytes: cube() },
    { name: 'field.fits', bytes: starField(64, 64, [{ x: 30, y: 30, flux: 20000 }], 100, 3, 5) },
  ]);
  await page.getByTestId('import-panel').getByTestId('import-counts').getByText('3 new · 0 already in the library · 2 refused').waitFor({ timeout: 30_000 });
}, 90_000);

afterAll(async () => {
  await ui?.close();
});

describe('what the UI says', () => {
  it('refuses a FITS table and random-groups data for what they are', async () => {
    const item = (name: string) => page.getByTestId('import-panel').getByTestId('import-item').filter({ hasText: name });
    expect(await item('catalog.fits').getAttribute('data-outcome')).toBe('refused');
    expect(await item('catalog.fits').innerText()).toContain('a FITS table (BINTABLE in HDU 1), not an image');
    expect(await item('uv-data.fits').innerText()).toMatch(/random-groups data \(radio interferometry.*\), not an image/);
    await page.getByTestId('import-panel-close').click();
  });

  it('says a 1×1 image cannot be extracted, why trying again cannot help, and offers no Retry', async () => {
    await page.getByTestId('product-row').filter({ hasText: 'blank.fits' }).getByTestId('product-link').click();
    const failed = page.getByTestId('extraction-failed');
    await failed.waitFor({ timeout: 60_000 });
    expect(await failed.innerText()).toContain('1×1 px, too small to extract sources from');
    expect(await failed.getByTestId('extraction-no-retry').innerText()).toContain('Trying again cannot help');
    expect(await failed.getByRole('button', { name: 'Retry' }).count()).toBe(0);
    // the task list does not offer it either
    await page.getByTestId('nav-tasks').click();
    const row = page.getByTestId('task-row').filter({ hasText: 'blank.fits' }).filter({ hasText: 'extract' });
    await row.getByTestId('task-no-retry').waitFor({ timeout: 30_000 });
    expect(await row.getByTestId('task-retry').count()).toBe(0);
  });

  it('labels a cube "plane 1 of 3" and steps through its planes', async () => {
    await page.getByTestId('nav-library').click();
    await page.getByTestId('product-row').filter({ hasText: 'cube.fits' }).getByTestId('product-link').click();
    await page.locator('[data-testid="viewer-canvas"][data-ready="yes"]').waitFor({ timeout: 20_000 });
    const label = page.getByTestId('viewer-plane');
    expect(await label.innerText()).toBe('cube: plane 1 of 3');
    await page.getByTestId('product-summary').getByText('48×40×3 (a cube: its first plane measured)', { exact: false }).waitFor();
    // the limits are those of the plane shown (a sky of 100), not of the whole cube
    const limits = async () => Number((await page.getByTestId('limits-values').innerText()).split('…')[0]!.trim());
    expect(await limits()).toBeLessThan(200);
    await page.getByTestId('plane-next').click();
    await page.locator('[data-testid="viewer-cube"][data-plane="1"]').waitFor();
    expect(await label.innerText()).toBe('cube: plane 2 of 3');
    expect(await limits()).toBeGreaterThan(900);
    expect(await page.getByTestId('plane-next').isEnabled()).toBe(true);
    await page.getByTestId('plane-next').click();
    await page.locator('[data-testid="viewer-cube"][data-plane="2"]').waitFor();
    expect(await page.getByTestId('plane-next').isEnabled()).toBe(false);
    await page.screenshot({ path: 'tests/.tmp/screenshots/cube.png' });
  });

  it('does not label a 2-D image as a cube', async () => {
    await page.getByTestId('nav-library').click();
    await page.getByTestId('product-row').filter({ hasText: 'field.fits' }).getByTestId('product-link').click();
    await page.locator('[data-testid="viewer-canvas"][data-ready="yes"]').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('viewer-plane').count()).toBe(0);
  });

  it('says what makes light-curve points appear for a target without measurements, instead of an empty plot', async () => {
    const { id } = (await callHost(ui.host.url, 'targets:create', { name: 'Lonely star', ra: 10, dec: 80 })) as { id: number };
    await page.goto(`${ui.host.url.split('#')[0]}#/targets/${id}`);
    const empty = page.getByTestId('lightcurve-empty').filter({ hasText: 'No measurements yet' });
    await empty.waitFor({ timeout: 20_000 });
    expect(await empty.innerText()).toMatch(/^No measurements yet — points appear once an image of Lonely star with a sky position .* has been extracted/);
    expect(await page.getByTestId('lightcurve-plot').count()).toBe(0);
  });
});
