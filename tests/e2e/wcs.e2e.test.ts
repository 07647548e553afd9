import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Page } from 'playwright-core';
import { writeFits } from '../../src/core/fits/index.js';
import { openDb } from '../../src/main/services/db/open.js';
import { dataPaths } from '../../src/main/services/paths.js';
import type { HeaderValue } from '../../src/core/wcs/index.js';
import { loadCases } from '../core/wcs/cases.js';
import { seedProduct } from '../helpers/seed.js';
import { openUi, type UiSession } from '../helpers/ui.js';

// astropy's comp.fits header (NGC 1316, EQUINOX 1950: FK4 B1950) from tests/fixtures/wcs/cases.json,
// and the same with a projection code that does not exist.
const comp = loadCases().find((c) => c.name === 'fk4-comp-ngc1316')!.header as Record<string, HeaderValue>;
const W = 440;
const H = 300;

function image(header: Record<string, HeaderValue>): Uint8Array {
  const data = new Float32Array(W * H).fill(100);
  for (let y = 140; y < 152; y++) for (let x = 219; x < 231; x++) data[y * W + x] += 1000 * Math.exp(-((x - 225) ** 2 + (y - 146) ** 2) / 8);
  return writeFits([{ header, data, shape: [W, H] }]);
}

function seed(dir: string, name: string, header: Record<string, HeaderValue>, hasWcs: boolean): void {
  const id = seedProduct(dir, image(header), [], name);
  const db = openDb(dataPaths(dir).db);
  try {
    db.prepare('UPDATE data_products SET header_json = ?, has_wcs = ?, width = ?, height = ? WHERE id = ?').run(JSON.stringify(header), hasWcs ? 1 : 0, W, H, id);
  } finally {
    db.close();
  }
}

let ui: UiSession;
let page: Page;

beforeAll(async () => {
  ui = await openUi({
    prepare: (dir) => {
      seed(dir, 'ngc1316-b1950.fits', comp, true);
      seed(dir, 'xyz.fits', { ...comp, CTYPE1: 'RA---XYZ', CTYPE2: 'DEC--XYZ' }, false);
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

describe('the product page and its WCS', () => {
  it('an FK4 B1950 image: the frame is named and the cursor reads ICRS (50.6…°, −37.2…°; B1950 numbers would be 50.2…°, −37.4…°)', async () => {
    await openProduct('ngc1316-b1950.fits');
    await page.getByTestId('product-wcs-frame').getByText('coordinates: ICRS (from FK4 B1950.0, epoch = equinox)').waitFor();
    const box = (await page.getByTestId('viewer-canvas').boundingBox())!;
    // the view fits the image: move to the centre, then read the cursor
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const readout = page.getByTestId('readout');
    // near the centre (the toolbar above the canvas moves it by a few pixels): ICRS 50.6–50.7°, −37.1–−37.2°
    await page.getByTestId('readout-radec').getByText(/\(50\.[67]\d+°, -37\.[12]\d+°\)/).waitFor();
    await readout.getByText(/ICRS \(from FK4 B1950\.0/).first().waitFor();
  });

  it('an image whose WCS cannot be read says why, on the page and in the readout', async () => {
    await openProduct('xyz.fits');
    await page.getByTestId('product-wcs-error').getByText(/WCS cannot be read: .*XYZ.* \[wcs_unsupported_projection\]/).waitFor();
    await page.getByTestId('readout-wcs-error').getByText(/WCS unreadable: .*XYZ.*\[wcs_unsupported_projection\]/).waitFor();
  });
});
