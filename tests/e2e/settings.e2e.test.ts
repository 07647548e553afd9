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

describe('the UI in chromium through nightshift host', () => {
  it('has no Node in the page', async () => {
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  });

  it('shows the frame and the task runner in the status line', async () => {
    for (const label of ['Library', 'Tasks', 'Targets', 'Settings']) {
      await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true }).isVisible()).resolves.toBe(true);
    }
    await page.getByTestId('runner').getByText(/Local pool · \d+ threads?/).waitFor();
  });

  it('changes a setting in the UI and it persists in the library', async () => {
    await page.getByTestId('nav-settings').click();
    const thresh = page.getByLabel('Detection threshold (× background RMS)');
    await thresh.waitFor();
    expect(await thresh.inputValue()).toBe('1.5');
    await thresh.fill('2.5');
    await page.getByLabel('Worker threads').fill('3');
    await page.getByTestId('save-settings').click();
    await page.getByRole('status').getByText('Saved.').waitFor();
    await page.getByTestId('runner').getByText('Local pool · 3 threads').waitFor();

    await page.reload();
    await page.getByTestId('nav-settings').click();
    await page.getByLabel('Detection threshold (× background RMS)').waitFor();
    expect(await page.getByLabel('Detection threshold (× background RMS)').inputValue()).toBe('2.5');

    const db = openDb(dataPaths(ui.data.dir).db);
    const stored = new SettingsService({ db, clock: { now: Date.now }, logger: silentLogger }).get();
    db.close();
    expect(stored.extraction.thresh).toBe(2.5);
    expect(stored.workers.threads).toBe(3);
  });

  it('tests a broker URL and says what is wrong', async () => {
    await page.getByLabel('Broker URL').fill('redis://127.0.0.1:1');
    await page.getByTestId('test-broker').click();
    await page.getByTestId('broker-check').getByText('nothing is listening at redis://127.0.0.1:1 (connection refused)').waitFor();
  });

  it('stores the SMTP password outside the settings', async () => {
    await page.getByLabel(/^Password/).fill('hunter2');
    await page.getByRole('button', { name: 'Store' }).click();
    await page.getByText('(stored; kept in the system keychain').waitFor();
    const db = openDb(dataPaths(ui.data.dir).db);
    const rows = db.prepare('SELECT value FROM settings').all() as Array<{ value: string }>;
    db.close();
    expect(rows.some((r) => r.value.includes('hunter2'))).toBe(false);
  });

  it('shows the error for an invalid setting and keeps the stored one', async () => {
    await page.getByLabel('Broker URL').fill('http://not-a-redis-url');
    await page.getByTestId('save-settings').click();
    await page.getByRole('status').getByText(/redis:\/\/ or rediss:\/\//).waitFor();
    const db = openDb(dataPaths(ui.data.dir).db);
    const stored = new SettingsService({ db, clock: { now: Date.now }, logger: silentLogger }).get();
    db.close();
    expect(stored.broker.url).toBeNull();
  });
});

describe('Settings → Largest image (MiB)', () => {
  it('says what is wrong as it is typed, keeps Save off until it is right, and stores the value', async () => {
    await page.reload();
    await page.getByTestId('nav-settings').click();
    const field = page.getByLabel(/^Largest image \(MiB\)/);
    await field.waitFor();
    expect(await field.inputValue()).toBe('2048');
    await field.fill('1.5');
    await page.getByTestId('max-image-problem').getByText('Largest image must be a whole number of MiB from 1 to 4000 (got "1.5")').waitFor();
    expect(await page.getByTestId('save-settings').isDisabled()).toBe(true);
    await field.fill('');
    await page.getByTestId('max-image-problem').getByText(/^Largest image is empty/).waitFor();
    await field.fill('512');
    await page.getByTestId('max-image-problem').waitFor({ state: 'detached' });
    await page.getByTestId('save-settings').click();
    await page.getByRole('status').getByText('Saved.').waitFor();
    const db = openDb(dataPaths(ui.data.dir).db);
    const stored = new SettingsService({ db, clock: { now: Date.now }, logger: silentLogger }).get();
    db.close();
    expect(stored.images.maxImageMb).toBe(512);
  });
});
