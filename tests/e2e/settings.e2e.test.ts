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

  it('says what is wrong with a field where it is typed, in words, and keeps Save off', async () => {
    await page.getByLabel('Broker URL').fill('http://not-a-redis-url');
    const problem = page.getByTestId('problem-brokerUrl');
    await problem.getByText('Broker URL must be a redis:// or rediss:// URL (got "http://not-a-redis-url")').waitFor();
    expect(await page.getByLabel('Broker URL').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('save-settings').isDisabled()).toBe(true);
    await page.getByLabel('Detection threshold (× background RMS)').fill('-1');
    await page.getByTestId('problem-thresh').getByText('Detection threshold must be more than 0 (got "-1")').waitFor();
    await page.getByLabel('Latitude (° north)').fill('95');
    await page.getByTestId('problem-target-lat').getByText('Latitude must be at most 90 (got "95")').waitFor();
    await page.getByTestId('settings-problems').getByText('3 fields to correct before saving').waitFor();
    // No message names a setting by its key.
    const messages = await page.locator('.field-problem').allInnerTexts();
    expect(messages).toHaveLength(3);
    for (const m of messages) expect(m).not.toMatch(/broker\.url|extraction\.thresh|site\.lat/);
    // Corrected, the messages go and Save is back.
    await page.getByLabel('Broker URL').fill('');
    await page.getByLabel('Detection threshold (× background RMS)').fill('2.5');
    await page.getByLabel('Latitude (° north)').fill('28.7606');
    await page.locator('.field-problem').first().waitFor({ state: 'detached' });
    const db = openDb(dataPaths(ui.data.dir).db);
    const stored = new SettingsService({ db, clock: { now: Date.now }, logger: silentLogger }).get();
    db.close();
    expect(stored.broker.url).toBeNull();
    expect(await page.getByTestId('save-settings').isDisabled()).toBe(true);
  });
});

describe('one Save, and a question before leaving unsaved changes', () => {
  it('asks before the sidebar leaves the page; staying keeps the typed values', async () => {
    await page.getByLabel('Minimum area (pixels)').fill('7');
    await page.getByTestId('settings-unsaved').getByText('Unsaved: Minimum area').waitFor();
    const asked: string[] = [];
    page.once('dialog', (d) => {
      asked.push(d.message());
      void d.dismiss();
    });
    await page.getByTestId('nav-library').click();
    await expect.poll(() => asked.length).toBe(1);
    expect(asked[0]).toBe('Settings has unsaved changes (Minimum area). Leave without saving?');
    expect(page.url()).toMatch(/#\/settings$/);
    expect(await page.getByLabel('Minimum area (pixels)').inputValue()).toBe('7');
  });

  it('asks on Back; leaving drops the typed values', async () => {
    page.once('dialog', (d) => void d.dismiss());
    await page.goBack();
    await expect.poll(() => page.url()).toMatch(/#\/settings$/);
    expect(await page.getByLabel('Minimum area (pixels)').inputValue()).toBe('7');
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('nav-tasks').click();
    await page.getByRole('heading', { name: 'Tasks' }).waitFor();
    await page.goBack();
    expect(await page.getByLabel('Minimum area (pixels)').inputValue()).toBe('5');
  });

  it('asks the browser\'s question on reload; one Save stores fields of every section', async () => {
    await page.getByLabel('Minimum area (pixels)').fill('6');
    await page.getByLabel('Elevation (m)').fill('2400');
    await page.getByTestId('settings-unsaved').getByText('Unsaved: Minimum area, Elevation').waitFor();
    const kinds: string[] = [];
    page.once('dialog', (d) => {
      kinds.push(d.type());
      void d.dismiss();
    });
    // Staying cancels the reload, so the reload is not awaited.
    void page.reload().catch(() => undefined);
    await expect.poll(() => kinds).toEqual(['beforeunload']);
    expect(await page.getByLabel('Elevation (m)').inputValue()).toBe('2400');
    expect(await page.getByRole('button', { name: /^Save/ }).count()).toBe(1);
    await page.getByTestId('save-settings').click();
    await page.getByRole('status').getByText('Saved.').waitFor();
    const db = openDb(dataPaths(ui.data.dir).db);
    const stored = new SettingsService({ db, clock: { now: Date.now }, logger: silentLogger }).get();
    db.close();
    expect(stored.extraction.minarea).toBe(6);
    expect(stored.site.elevation).toBe(2400);
    // Saved: nothing to ask about.
    await page.getByTestId('nav-library').click();
    await page.getByRole('heading', { name: 'Library' }).waitFor();
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
