/**
 * Addresses, the connection banner and dates in the browser, through a real `nightshift host`
 * on a fixed port and token (so that it can be stopped and started again under an open page):
 * every page has an address that a reload keeps; Back and Forward move between pages; the
 * sidebar's current section always works; a link opens in a new tab; when the host stops a
 * banner says so and the page reconnects when it is back; dates in every FITS form are shown
 * as ISO UTC and sorted as dates, undated images last.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { writeFits } from '../../src/core/fits/index.js';
import { launchChromium } from '../helpers/chromium.js';
import { runCli } from '../helpers/cli.js';
import { callHost } from '../helpers/host-call.js';
import { ROOT, startHostProcess } from '../helpers/host-process.js';
import { tempDir } from '../helpers/tmp.js';
import { dropFiles } from '../helpers/ui.js';

const shots = join(ROOT, 'tests/.tmp/screenshots');

const image = (name: string, header: Record<string, string | number>) => ({
  name,
  bytes: writeFits([{ header: { OBJECT: 'NAV', ...header }, data: new Float32Array(32 * 32).fill(100), shape: [32, 32] }]),
});
const IMAGES = [
  image('plate-1951.fits', { 'DATE-OBS': '29/11/51', UT: '03:12:30' }),
  image('ccd-2026.fits', { 'DATE-OBS': '2026-01-15T03:12:45.250' }),
  image('mjd-only.fits', { 'MJD-OBS': 60000.5 }),
  image('jd-only.fits', { JD: 2460000.75 }),
  image('day-only.fits', { 'DATE-OBS': '03/04/97' }),
  image('undated.fits', {}),
];

let data: { dir: string; cleanup: () => void };
let host: Awaited<ReturnType<typeof startHostProcess>>;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let page: Page;
let port: number;
const token = randomBytes(24).toString('base64url');
let base: string;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const p = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return p;
}

const hash = () => page.evaluate(() => window.location.hash);
const productId = async (name: string) =>
  ((await callHost(host.url, 'products:list')) as Array<{ id: number; name: string }>).find((p) => p.name === name)!.id;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  data = tempDir();
  port = await freePort();
  host = await startHostProcess(data.dir, { port, token });
  base = host.url.split('#')[0]!;
  ({ browser, close: closeBrowser } = await launchChromium());
  page = await browser.newPage({ viewport: { width: 1300, height: 760 } });
  await page.goto(host.url);
  await dropFiles(page, IMAGES);
  await page.getByTestId('import-counts').getByText(`${IMAGES.length} new`).waitFor({ timeout: 30_000 });
  await page.getByTestId('import-panel-close').click();
  await callHost(host.url, 'targets:create', { name: 'T-nav', ra: 150.1, dec: 2.2 });
}, 90_000);

afterAll(async () => {
  await closeBrowser?.();
  await host?.stop();
  data?.cleanup();
});

describe('dates in the library', () => {
  const column = async () =>
    page.getByTestId('product-row').evaluateAll((rows) =>
      rows.map((r) => `${r.querySelector('[data-testid="product-link"]')!.textContent} ${r.querySelector('[data-testid="product-date"]')!.textContent}`.trim()),
    );

  it('are ISO UTC from every FITS form, sorted as dates either way, undated images last', async () => {
    await page.getByTestId('nav-library').click();
    await page.getByTestId('product-row').nth(IMAGES.length - 1).waitFor();
    // newest first by default
    expect(await column()).toEqual([
      'ccd-2026.fits 2026-01-15 03:12:45.25',
      'mjd-only.fits 2023-02-25 12:00:00',
      'jd-only.fits 2023-02-25 06:00:00',
      'day-only.fits 1997-04-03',
      'plate-1951.fits 1951-11-29 03:12:30',
      'undated.fits',
    ]);
    await page.getByRole('button', { name: /^Date \(UTC\)/ }).click();
    expect(await column()).toEqual([
      'plate-1951.fits 1951-11-29 03:12:30',
      'day-only.fits 1997-04-03',
      'jd-only.fits 2023-02-25 06:00:00',
      'mjd-only.fits 2023-02-25 12:00:00',
      'ccd-2026.fits 2026-01-15 03:12:45.25',
      'undated.fits',
    ]);
    await page.screenshot({ path: join(shots, 'nav-library.png') });
  });
});

describe('pages have addresses', () => {
  it('a product: the address names it, a reload stays, Back and Forward move inside the app', async () => {
    const id = await productId('ccd-2026.fits');
    await page.getByTestId('product-link').filter({ hasText: 'ccd-2026.fits' }).click();
    await page.getByTestId('product-title').getByText('ccd-2026.fits').waitFor();
    expect(await hash()).toBe(`#/products/${id}`);
    expect(await page.getByTestId('product-title').locator('..').textContent()).toContain('2026-01-15 03:12:45.25 UTC');
    await page.reload();
    await page.getByTestId('product-title').getByText('ccd-2026.fits').waitFor();
    await page.screenshot({ path: join(shots, 'nav-product.png') });
    await page.goBack();
    await page.getByTestId('product-row').first().waitFor();
    expect(await hash()).toBe('#/library');
    await page.goForward();
    await page.getByTestId('product-title').getByText('ccd-2026.fits').waitFor();
    expect(await hash()).toBe(`#/products/${id}`);
    await page.getByTestId('back-library').click();
    await page.getByTestId('product-row').first().waitFor();
    expect(await hash()).toBe('#/library');
  });

  it('tasks and settings: a reload stays on them', async () => {
    for (const [section, heading] of [
      ['tasks', 'Tasks'],
      ['settings', 'Settings'],
    ] as const) {
      await page.getByTestId(`nav-${section}`).click();
      expect(await hash()).toBe(`#/${section}`);
      await page.reload();
      await page.getByRole('heading', { name: heading, exact: true }).waitFor();
      expect(await page.getByTestId(`nav-${section}`).getAttribute('aria-current')).toBe('page');
      await page.screenshot({ path: join(shots, `nav-${section}.png`) });
    }
  });

  it('a target: its address, and "Targets" in the sidebar goes back to the list while it is open', async () => {
    await page.getByTestId('nav-targets').click();
    await page.getByTestId('target-row').getByRole('link', { name: 'T-nav' }).click();
    await page.getByTestId('target-title').getByText('T-nav').waitFor();
    expect(await hash()).toMatch(/^#\/targets\/\d+$/);
    const targetHash = await hash();
    await page.screenshot({ path: join(shots, 'nav-target.png') });
    await page.getByTestId('nav-targets').click();
    await page.getByTestId('target-row').first().waitFor();
    expect(await page.getByTestId('target-page').count()).toBe(0);
    expect(await hash()).toBe('#/targets');
    await page.screenshot({ path: join(shots, 'nav-targets.png') });
    await page.goBack();
    await page.getByTestId('target-title').getByText('T-nav').waitFor();
    expect(await hash()).toBe(targetHash);
  });

  it('an image opened from a target is under Targets, links back to it, and "← Library" goes to the library', async () => {
    const id = await productId('plate-1951.fits');
    const targetId = Number((await hash()).split('/')[2]);
    await page.goto(`${base}#/products/${id}?target=${targetId}&x=16&y=16&r=4&label=T-nav`);
    await page.getByTestId('product-title').getByText('plate-1951.fits').waitFor();
    expect(await page.getByTestId('nav-targets').getAttribute('aria-current')).toBe('page');
    expect(await page.getByTestId('back-target').textContent()).toBe('← T-nav');
    await page.getByTestId('back-target').click();
    await page.getByTestId('target-title').getByText('T-nav').waitFor();
    await page.goBack();
    await page.getByTestId('back-library').click();
    await page.getByTestId('product-row').first().waitFor();
    expect(await hash()).toBe('#/library');
  });

  it('a link opens in a new tab of the host', async () => {
    const id = await productId('mjd-only.fits');
    const [tab] = await Promise.all([
      page.context().waitForEvent('page'),
      page.getByTestId('product-link').filter({ hasText: 'mjd-only.fits' }).click({ modifiers: ['Control'] }),
    ]);
    await tab.getByTestId('product-title').getByText('mjd-only.fits').waitFor({ timeout: 20_000 });
    expect(await tab.evaluate(() => window.location.hash)).toBe(`#/products/${id}`);
    // the first tab stayed where it was
    expect(await hash()).toBe('#/library');
    await tab.close();
  });

  it('an address that is no page says so', async () => {
    await page.goto(`${base}#/nowhere/7`);
    await page.getByTestId('missing-page').waitFor();
    await page.getByTestId('missing-page').getByRole('link').click();
    await page.getByTestId('product-row').first().waitFor();
  });
});

describe('the connection to the host', () => {
  it('a banner says when the host stops; the page keeps what it shows and reconnects, up to date, when the host is back', async () => {
    await page.getByTestId('nav-library').click();
    await page.getByTestId('product-row').nth(IMAGES.length - 1).waitFor();
    await host.stop();
    const banner = page.getByTestId('connection-banner');
    await banner.and(page.locator('[data-state="lost"]')).waitFor({ timeout: 10_000 });
    expect(await banner.textContent()).toMatch(/^Lost the connection to nightshift host at \d\d:\d\d:\d\d UTC/);
    // the page still shows the library it had, and does not claim a runner it cannot see
    expect(await page.getByTestId('product-row').count()).toBe(IMAGES.length);
    expect(await page.getByTestId('runner').textContent()).toBe('not connected to nightshift host');
    await page.screenshot({ path: join(shots, 'nav-connection-lost.png') });

    // while the host is away, an image is imported from the command line
    const file = join(data.dir, 'incoming', 'while-away.fits');
    mkdirSync(join(data.dir, 'incoming'), { recursive: true });
    writeFileSync(file, image('while-away.fits', { 'DATE-OBS': '2025-05-05T05:05:05' }).bytes);
    const imported = await runCli(['import', file, '--data', data.dir]);
    expect(imported.code, imported.stderr).toBe(0);

    host = await startHostProcess(data.dir, { port, token });
    await banner.and(page.locator('[data-state="back"]')).waitFor({ timeout: 20_000 });
    await page.getByTestId('product-link').filter({ hasText: 'while-away.fits' }).waitFor();
    expect(await page.getByTestId('product-row').count()).toBe(IMAGES.length + 1);
    expect(await page.getByTestId('runner').textContent()).toMatch(/^Local pool/);
    expect(await hash()).toBe('#/library');
    await banner.waitFor({ state: 'detached', timeout: 10_000 });
    // the host started again with the same token knows the page's cookie: files load, a reload works
    await page.reload();
    await page.getByTestId('product-row').nth(IMAGES.length).waitFor();
    await page.waitForFunction(
      (n) => [...document.querySelectorAll<HTMLImageElement>('[data-testid="product-row"] .thumb img')].filter((i) => i.complete && i.naturalWidth > 0).length === n,
      IMAGES.length + 1,
    );
  }, 90_000);

  it('a host started again with a new token refuses the page, and the banner says what to do', async () => {
    await host.stop();
    host = await startHostProcess(data.dir, { port });
    const banner = page.getByTestId('connection-banner');
    await banner.and(page.locator('[data-state="refused"]')).waitFor({ timeout: 20_000 });
    expect(await banner.textContent()).toContain('Open the address it printed');
    await page.screenshot({ path: join(shots, 'nav-connection-refused.png') });
  }, 60_000);
});
