/**
 * Settings → Calibration (issue 17) in chromium: the dark tolerances and the frame type words
 * are set, saved with the one Save, kept after a reload and stored; a tolerance out of range is
 * refused where it is typed, with the field named.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openDb } from '../../src/main/services/db/open.js';
import { dataPaths } from '../../src/main/services/paths.js';
import { SettingsService } from '../../src/main/services/settings/settings-service.js';
import { silentLogger } from '../../src/main/services/logger.js';
import { openUi, type UiSession } from '../helpers/ui.js';

let ui: UiSession;
let page: Page;

beforeAll(async () => {
  ui = await openUi();
  page = ui.page;
}, 60_000);

afterAll(async () => {
  await ui?.close();
});

const exposure = () => page.getByLabel(/^Dark exposure tolerance \(fraction of the dark’s exposure; 0\.01 = 1 %\)/);
const temperature = () => page.getByLabel(/^Dark temperature tolerance \(°C\)/);
const words = () => page.getByLabel(/^Frame type words, one per line/);

describe('Settings → Calibration', () => {
  it('sets the tolerances, dark scaling and the frame type words; one Save keeps them after a reload', async () => {
    await page.getByTestId('nav-settings').click();
    await exposure().waitFor();
    expect(await exposure().inputValue()).toBe('0.01');
    expect(await temperature().inputValue()).toBe('2');
    expect(await page.getByLabel(/^Calibrate raw light frames/).isChecked()).toBe(true);

    await exposure().fill('0.05');
    await temperature().fill('3.5');
    await page.getByLabel(/^Scale the dark of the nearest exposure/).check();
    await words().fill('Tungsten = flat\nSky Exposure = LIGHT');
    await page.getByTestId('settings-unsaved').getByText('Unsaved: Dark exposure tolerance, Dark temperature tolerance, Dark scaling, Frame type words').waitFor();
    await page.getByTestId('save-settings').click();
    await page.getByRole('status').getByText('Saved.').waitFor();

    await page.reload();
    await page.getByTestId('nav-settings').click();
    await exposure().waitFor();
    expect(await exposure().inputValue()).toBe('0.05');
    expect(await temperature().inputValue()).toBe('3.5');
    expect(await page.getByLabel(/^Scale the dark of the nearest exposure/).isChecked()).toBe(true);
    expect(await words().inputValue()).toBe('Tungsten = flat\nSky Exposure = light');

    const db = openDb(dataPaths(ui.data.dir).db);
    const stored = new SettingsService({ db, clock: { now: Date.now }, logger: silentLogger }).get();
    db.close();
    expect(stored.calibration).toEqual({
      enabled: true,
      exposureTolerance: 0.05,
      temperatureTolerance: 3.5,
      darkScaling: true,
      typeMap: { Tungsten: 'flat', 'Sky Exposure': 'light' },
    });
  });

  it('refuses a tolerance out of range and a line it cannot read, naming the field, with Save off', async () => {
    await temperature().fill('80');
    await page.getByTestId('problem-calibTemperatureTolerance').getByText('Dark temperature tolerance must be at most 50 (got "80")').waitFor();
    expect(await temperature().getAttribute('aria-invalid')).toBe('true');
    await exposure().fill('-0.1');
    await page.getByTestId('problem-calibExposureTolerance').getByText('Dark exposure tolerance must be at least 0 (got "-0.1")').waitFor();
    await words().fill('Tungsten = lamp');
    await page
      .getByTestId('problem-calibTypeMap')
      .getByText('Frame type words line 1 must read "IMAGETYP/FRAME word = bias, dark, flat or light" (got "Tungsten = lamp")')
      .waitFor();
    await page.getByTestId('settings-problems').getByText('3 fields to correct before saving').waitFor();
    expect(await page.getByTestId('save-settings').isDisabled()).toBe(true);

    const db = openDb(dataPaths(ui.data.dir).db);
    const stored = new SettingsService({ db, clock: { now: Date.now }, logger: silentLogger }).get();
    db.close();
    expect(stored.calibration.temperatureTolerance).toBe(3.5);
  });
});
