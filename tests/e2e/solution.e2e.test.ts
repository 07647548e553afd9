/**
 * The product page's plate-solution panel: images without a WCS dropped on the window are
 * solved (the library's index folder is the fixture's), and the page of the solved one shows
 * centre, scale, rotation, parity, matched stars and RMS, and its cursor reads RA/Dec from the
 * solution; the page of pure noise says why it was not solved.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { systemClock } from '../../src/main/services/clock.js';
import { openDb } from '../../src/main/services/db/open.js';
import { EventBus } from '../../src/main/services/events.js';
import { silentLogger } from '../../src/main/services/logger.js';
import { dataPaths } from '../../src/main/services/paths.js';
import { SettingsService } from '../../src/main/services/settings/settings-service.js';
import { tempDir } from '../helpers/tmp.js';
import { dropFiles, openUi, type UiSession } from '../helpers/ui.js';
import { indexFolder, writeNoise, writeUnsolvedField } from '../helpers/unsolved-field.js';

let ui: UiSession;
let page: Page;
const files = tempDir('ns-solution-e2e-');

beforeAll(async () => {
  const index = indexFolder(join(files.dir, 'index'));
  ui = await openUi({
    prepare: (dir) => {
      const db = openDb(dataPaths(dir).db);
      try {
        new SettingsService({ db, clock: systemClock, logger: silentLogger, events: new EventBus() }).set({ solve: { indexDirs: [index] } });
      } finally {
        db.close();
      }
    },
  });
  page = ui.page;
}, 60_000);

afterAll(async () => {
  await ui?.close();
  files.cleanup();
});

async function openProduct(name: string) {
  await page.getByTestId('nav-library').click();
  await page.getByTestId('product-row').filter({ hasText: name }).click();
  await page.getByTestId('product-title').getByText(name).waitFor();
}

describe('the plate-solution panel', () => {
  it('shows the solution of an image dropped without a WCS, and the cursor reads its RA/Dec', async () => {
    const field = readFileSync(writeUnsolvedField(join(files.dir, 'field.fits')).path);
    const noise = readFileSync(writeNoise(join(files.dir, 'noise.fits')));
    await dropFiles(page, [
      { name: 'unsolved-field.fits', bytes: field },
      { name: 'noise.fits', bytes: noise },
    ]);
    await page.getByTestId('import-counts').getByText(/^2 new/).waitFor({ timeout: 30_000 });
    await page.getByTestId('import-panel-close').click();
    await openProduct('unsolved-field.fits');
    const panel = page.locator('[data-testid="solution-panel"][data-solved="true"]');
    await panel.waitFor({ timeout: 60_000 });
    expect(await panel.getByTestId('solution-scale').innerText()).toMatch(/2\.2\d\d″\/px/);
    expect(await panel.getByTestId('solution-parity').innerText()).toContain('normal');
    expect(await panel.getByTestId('solution-centre').innerText()).toMatch(/09:59:1\d\.\d\d \+30:1\d:\d\d\.\d/);
    expect(await panel.getByTestId('solution-matched').innerText()).toMatch(/\d+ stars/);
    expect(await panel.getByTestId('solution-rms').innerText()).toMatch(/\d\.\d\d″/);
    // the file has no WCS: the readout's RA/Dec come from the solution
    await page.locator('[data-testid="viewer-canvas"][data-ready="yes"]').waitFor({ timeout: 20_000 });
    const box = (await page.getByTestId('viewer-canvas').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.getByTestId('readout-radec').getByText(/\(149\.[78]\d+°, 30\.[12]\d+°\)/).waitFor({ timeout: 10_000 });
  });

  it('says why pure noise was not solved', async () => {
    await openProduct('noise.fits');
    const panel = page.locator('[data-testid="solution-panel"][data-solved="false"]');
    await panel.waitFor({ timeout: 60_000 });
    expect(await panel.innerText()).toMatch(/Not plate-solved:\s*(too few stars found|no match in the index files)/);
    expect(await panel.getByTestId('solution-message').innerText()).toMatch(/^not solved \(/);
  });
});
