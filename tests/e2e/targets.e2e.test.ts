/**
 * From dropped images to a light curve in the browser: four images of one field (the same
 * stars, one of them variable by known factors, new noise each time) are dropped on the
 * window and extracted; a target is created in the UI at the variable star's RA/Dec typed in
 * sexagesimal; its photometry runs in the background; the light curve has one point per image;
 * clicking a point opens that image with the target marked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { formatDec, formatRa } from '../../src/core/coords/index.js';
import { writeFits } from '../../src/core/fits/index.js';
import { headerFromRecord, parseWcs } from '../../src/core/wcs/index.js';
import { field, rng, type Star } from '../core/photometry/synthetic.js';
import type { TaskView } from '../../src/shared/domain.js';
import { formatElapsed, taskElapsed } from '../../src/renderer/src/pages/task-summary.js';
import { callHost } from '../helpers/host-call.js';
import { dropFiles, openUi, type DropFile, type UiSession } from '../helpers/ui.js';
import { tanHeader } from '../helpers/tan-header.js';

const W = 128;
const H = 128;
const FACTORS = [1, 1.3, 0.8, 1.1];
const VAR = { x: 60.4, y: 66.2 };
const NAMES = FACTORS.map((_, e) => `night-${e}.fits`);

function header(e: number): Record<string, string | number> {
  return {
    ...tanHeader(150.1166, 2.2058, W, H, 0.6),
    'DATE-OBS': `2026-11-${String(10 + 3 * e).padStart(2, '0')}T02:30:00`,
    EXPTIME: 90,
    GAIN: 2,
    RDNOISE: 5,
    FILTER: 'V',
    OBJECT: 'FIELD-E2E',
  };
}

function images(): DropFile[] {
  const u = rng(5);
  const stars: Star[] = [{ ...VAR, flux: 60_000 }];
  while (stars.length < 14) {
    const x = 12 + u() * (W - 24);
    const y = 12 + u() * (H - 24);
    if (stars.some((s) => Math.hypot(s.x - x, s.y - y) < 15)) continue;
    stars.push({ x, y, flux: 25_000 + u() * 70_000 });
  }
  return FACTORS.map((f, e) => {
    const data = field(
      stars.map((s, k) => ({ ...s, flux: s.flux * (k === 0 ? f : 1) })),
      { width: W, height: H, sky: 300, sigma: 1.3, gain: 2, readNoise: 5, seed: 900 + e },
    );
    return { name: NAMES[e]!, bytes: writeFits([{ header: header(e), data, shape: [W, H] }]) };
  });
}

let ui: UiSession;
let page: Page;

async function until<T>(what: string, fn: () => Promise<T | null | false | undefined>, timeoutMs = 60_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  ui = await openUi({ viewport: { width: 1400, height: 1000 } });
  page = ui.page;
}, 60_000);

afterAll(async () => {
  await ui?.close();
});

describe('targets and light curves in the browser', () => {
  const wcs = parseWcs(headerFromRecord(header(0)))!;
  const [ra, dec] = wcs.pixToSky(VAR.x, VAR.y);

  it('imports and extracts the dropped images', async () => {
    await dropFiles(page, images());
    await page.getByTestId('import-counts').getByText(`${FACTORS.length} new`).waitFor({ timeout: 30_000 });
    await until('extraction', async () => {
      const tasks = (await callHost(ui.host.url, 'tasks:list', { kind: 'extract' })) as Array<{ status: string }>;
      return tasks.length === FACTORS.length && tasks.every((t) => t.status === 'succeeded');
    });
  }, 90_000);

  it('creates the target in the UI from sexagesimal RA/Dec and measures it in the background', async () => {
    await page.getByTestId('nav-targets').click();
    await page.getByTestId('target-add').click();
    await page.getByTestId('target-name').fill('V-e2e');
    await page.getByTestId('target-ra').fill(formatRa(ra, 3));
    await page.getByTestId('target-dec').fill(formatDec(dec, 2));
    await page.getByTestId('target-tags').fill('variable, e2e');
    await page.getByTestId('target-save').click();
    await page.getByTestId('target-title').getByText('V-e2e').waitFor();
    // One point per image, once the photometry task has run.
    await page.locator(`[data-testid="lightcurve-plot"][data-points="${FACTORS.length}"]`).waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('target-image-row').count()).toBe(FACTORS.length);
    expect(await page.getByTestId('visibility-night').count()).toBe(3);
    // The plot counts every point, as the target list does; none lacks a magnitude here.
    expect(await page.getByTestId('lightcurve-count').textContent()).toBe(`${FACTORS.length} point(s); hover for values`);
    expect(await page.getByTestId('no-magnitude').count()).toBe(0);

    const targets = (await callHost(ui.host.url, 'targets:list')) as Array<{ id: number; name: string; tags: string[]; points: number; images: number }>;
    expect(targets).toEqual([expect.objectContaining({ name: 'V-e2e', tags: ['variable', 'e2e'], points: FACTORS.length, images: FACTORS.length })]);
    const lc = (await callHost(ui.host.url, 'targets:lightcurve', { id: targets[0]!.id })) as Array<{ product: string; relFlux: number }>;
    expect(lc.map((p) => p.product)).toEqual(NAMES);
    const ratio = lc.map((p) => p.relFlux / lc[0]!.relFlux);
    ratio.forEach((r, e) => expect(Math.abs(r / FACTORS[e]! - 1)).toBeLessThan(0.03));
  }, 90_000);

  it('"Measure again" shows its task and how it ended', async () => {
    await page.getByTestId('target-measure').click();
    await page.locator('[data-testid="measure-status"]').waitFor();
    await page.locator('[data-testid="measure-status"][data-status="succeeded"]').getByText('Measured.').waitFor({ timeout: 60_000 });
    await page.locator(`[data-testid="lightcurve-plot"][data-points="${FACTORS.length}"]`).waitFor();
  }, 90_000);

  it('clicks a point of the light curve and lands on its image with the target marked', async () => {
    const over = page.locator('[data-testid="lightcurve-plot"] .u-over');
    const box = (await over.boundingBox())!;
    const wanted = NAMES[2]!;
    const plot = page.getByTestId('lightcurve-plot');
    let found = false;
    for (let x = 2; x < box.width - 1 && !found; x += 3) {
      await page.mouse.move(box.x + x, box.y + box.height / 2);
      found = (await plot.getAttribute('data-hover-product')) === wanted;
    }
    expect(found).toBe(true);
    // The plot says where the hovered point is drawn: click on it.
    const px = Number(await plot.getAttribute('data-hover-x'));
    const py = Number(await plot.getAttribute('data-hover-y'));
    await page.mouse.move(box.x + px, box.y + py);
    expect(await page.getByTestId('lightcurve-hover').innerText()).toContain(wanted);
    await page.mouse.click(box.x + px, box.y + py);
    await page.getByTestId('product-title').getByText(wanted).waitFor({ timeout: 10_000 });
    await page.locator('[data-testid="viewer-canvas"][data-ready="yes"]').waitFor({ timeout: 20_000 });
    const marker = page.locator('[data-testid="overlay"] .marker');
    expect(await marker.count()).toBe(1);
    expect(await marker.locator('text').textContent()).toBe('V-e2e');
    // The image opened from the target links back to it ("← Library" goes to the library).
    expect(await page.getByTestId('back-target').textContent()).toBe('← V-e2e');
    await page.getByTestId('back-target').click();
    await page.getByTestId('target-title').getByText('V-e2e').waitFor();
  }, 60_000);

  it('opens an image from the target\'s image list with the marker at the target', async () => {
    await page.getByTestId('target-image-row').filter({ hasText: NAMES[0]! }).click();
    await page.getByTestId('product-title').getByText(NAMES[0]!).waitFor();
    await page.locator('[data-testid="viewer-canvas"][data-ready="yes"]').waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-testid="overlay"] .marker').count()).toBe(1);
    // The marker is where the target is on that image.
    const targets = (await callHost(ui.host.url, 'targets:list')) as Array<{ id: number }>;
    const imgs = (await callHost(ui.host.url, 'targets:images', { id: targets[0]!.id })) as Array<{ name: string; x: number; y: number }>;
    const first = imgs.find((i) => i.name === NAMES[0])!;
    expect(first.x).toBeCloseTo(VAR.x, 1); // typed in sexagesimal: 0.0005 s of RA
    expect(first.y).toBeCloseTo(VAR.y, 1);
  }, 30_000);

  it('exports the light curve as TOM photometry CSV from the target page', async () => {
    await page.getByTestId('back-target').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-tom').click()]);
    expect(download.suggestedFilename()).toBe('V-e2e-photometry-tom.csv');
    const text = await (await download.createReadStream()).toArray();
    const lines = Buffer.concat(text as Buffer[]).toString('utf8').trim().split(/\r?\n/);
    expect(lines[0]).toBe('time,filter,magnitude,error,limit');
    expect(lines).toHaveLength(1 + FACTORS.length);
  }, 30_000);

  it('imports targets from a TOM Toolkit CSV, edits one and deletes it', async () => {
    await page.getByTestId('target-title').waitFor();
    await page.getByRole('button', { name: '← Targets' }).click();
    await page.getByTestId('targets-import-file').setInputFiles({
      name: 'tom.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('name,type,ra,dec,epoch,tags\nSN 2026abc,SIDEREAL,10:00:00,+02:00:00,2000,"sn,follow-up"\nbad,SIDEREAL,99:00:00,0,2000,\n'),
    });
    await page.getByTestId('targets-message').getByText('tom.csv: 1 created, 0 updated, 1 rejected', { exact: false }).waitFor();
    expect(await page.getByTestId('target-row').count()).toBe(2);
    // Sortable columns: by name (the default), by points descending, by points ascending.
    const names = async () => (await page.getByTestId('target-row').allInnerTexts()).map((t) => t.split('\t')[0]!.trim());
    expect(await names()).toEqual(['SN 2026abc', 'V-e2e']);
    await page.getByTestId('targets-sort-points').click();
    expect(await names()).toEqual(['SN 2026abc', 'V-e2e']);
    await page.getByTestId('targets-sort-points').click();
    expect(await names()).toEqual(['V-e2e', 'SN 2026abc']);
    await page.getByTestId('targets-sort-name').click();
    await page.getByTestId('target-row').filter({ hasText: 'SN 2026abc' }).click();
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByTestId('target-tags').fill('sn, done');
    await page.getByTestId('target-save').click();
    await page.locator('.target-page .badge').filter({ hasText: 'done' }).waitFor();
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('target-delete').click();
    await page.getByTestId('target-row').first().waitFor();
    expect(await page.getByTestId('target-row').count()).toBe(1);
    expect(await page.getByTestId('target-row').innerText()).toContain('V-e2e');
  }, 30_000);

  it('moves the observing site in Settings and the target\'s visibility follows', async () => {
    await page.getByTestId('nav-settings').click();
    const form = page.getByTestId('settings-form');
    await form.locator('input[name="target-name"]').fill('Paranal');
    await form.locator('input[name="target-lat"]').fill('-24.6272');
    await form.locator('input[name="target-lon"]').fill('-70.4042');
    await form.locator('input[name="target-elevation"]').fill('2635');
    // (The import summary panel may cover the button at the bottom left: submit with Enter.)
    await form.locator('input[name="target-elevation"]').press('Enter');
    await form.getByRole('status').getByText('Saved.').waitFor();
    const settings = (await callHost(ui.host.url, 'settings:get')) as { site: { name: string; lat: number } };
    expect(settings.site).toMatchObject({ name: 'Paranal', lat: -24.6272 });
    await page.getByTestId('nav-targets').click();
    await page.getByTestId('target-row').first().click();
    await page.getByTestId('visibility').getByText('At Paranal', { exact: false }).waitFor();
  }, 30_000);

  it("shows the visibility times in the site's time zone beside UTC, and MJD ticks that differ", async () => {
    const zone = 'America/Santiago';
    await page.getByTestId('nav-settings').click();
    await page.getByLabel(/^Time zone/).fill('Mars/Olympus');
    await page.getByTestId('problem-target-timeZone').getByText(/^Time zone must be an IANA time zone/).waitFor();
    await page.getByLabel(/^Time zone/).fill(zone);
    await page.getByTestId('save-settings').click();
    await page.getByRole('status').getByText('Saved.').waitFor();
    await page.getByTestId('nav-targets').click();
    await page.getByTestId('target-row').first().click();
    await page.getByTestId('visibility-zone').getByText(`Local times: ${zone} (the site's time zone`).waitFor();
    // Every hour on the axis, in UTC and in the site's zone, as an independent clock gives them.
    const clock = (mjd: number, timeZone: string) =>
      new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(Math.round((mjd - 40587) * 1440) * 60_000);
    const hours = await page.getByTestId('visibility-hour').evaluateAll((gs) =>
      gs.map((g) => ({ mjd: Number(g.getAttribute('data-mjd')), utc: g.querySelector('[data-zone="utc"]')!.textContent, local: g.querySelector('[data-zone="local"]')!.textContent })),
    );
    expect(hours.length).toBeGreaterThan(10);
    for (const h of hours) {
      expect(h.utc).toBe(clock(h.mjd, 'UTC'));
      expect(h.local).toBe(clock(h.mjd, zone));
    }
    // Santiago is 3 or 4 hours behind UTC: the two rows differ.
    expect(hours.filter((h) => h.utc === h.local)).toEqual([]);
    const sunset = await page.getByTestId('visibility-sunset').first().innerText();
    const [utc, local] = /^(\d\d:\d\d) \((\d\d:\d\d)\)$/.exec(sunset)!.slice(1) as [string, string];
    const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
    expect([3 * 60, 4 * 60]).toContain((minutes(utc) - minutes(local) + 1440) % 1440);
    await page.screenshot({ path: 'tests/.tmp/targets-local-time.png', fullPage: true });
    // The plot is rebuilt in each scheme: the screenshot and the zoom below wait for it (a box
    // measured on the plot being replaced is null).
    const lightCurve = (scheme: string) => page.locator(`[data-testid="lightcurve-plot"][data-scheme="${scheme}"]`).waitFor();
    await page.emulateMedia({ colorScheme: 'dark' });
    await lightCurve('dark');
    await page.screenshot({ path: 'tests/.tmp/targets-local-time-dark.png', fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });
    await lightCurve('light');

    // MJD ticks: as the time axis is zoomed in, adjacent labels never read the same and are
    // evenly spaced as written (enough decimals for the spacing).
    const plot = page.getByTestId('lightcurve-plot');
    const box = (await plot.locator('.u-over').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const seen = new Set<number>();
    for (let step = 0; step < 40; step++) {
      const labels = ((await plot.getAttribute('data-x-ticks')) ?? '').split(' ');
      expect(labels.length).toBeGreaterThan(1);
      expect(new Set(labels).size).toBe(labels.length);
      const values = labels.map(Number);
      const gaps = values.slice(1).map((v, i) => v - values[i]!);
      for (const g of gaps) expect(Math.abs(g - gaps[0]!)).toBeLessThan(Math.abs(gaps[0]!) * 1e-6);
      seen.add(labels[0]!.split('.')[1]?.length ?? 0);
      await page.mouse.wheel(0, -120);
    }
    // The zoom reached ticks with several different numbers of decimals.
    expect(seen.size).toBeGreaterThan(2);
  }, 60_000);

  it('marks the target on its images opened from the library', async () => {
    await page.getByTestId('nav-library').click();
    await page.getByTestId('product-row').filter({ hasText: NAMES[1]! }).click();
    await page.getByTestId('product-targets').getByText('Targets: V-e2e').waitFor();
    await page.locator('[data-testid="viewer-canvas"][data-ready="yes"]').waitFor({ timeout: 20_000 });
    await page.locator('[data-testid="overlay"] .marker').first().waitFor();
    expect(await page.locator('[data-testid="overlay"] .marker text').textContent()).toBe('V-e2e');
  }, 30_000);

  it('names the target of a photometry task in the task panel, with an elapsed time that is not negative', async () => {
    await page.getByTestId('nav-tasks').click();
    const row = page.getByTestId('task-row').filter({ hasText: 'photometry' }).first();
    await row.getByTestId('task-subject').getByText('target V-e2e').waitFor();
    const cells = await row.locator('td').allInnerTexts();
    const elapsed = cells[5]!; // #, kind, image or target, state, progress, elapsed
    expect(elapsed).toMatch(/^\d+ ms$|^under 1 ms$|^\d+(\.\d)? s$|^\d+ min \d\d s$/);
    // and it is the task's own time, start to end, as the host recorded it (not a stuck "0 s")
    const task = ((await callHost(ui.host.url, 'tasks:list', { kind: 'photometry' })) as TaskView[]).find((t) => t.id === Number(cells[0]))!;
    expect(task.status).toBe('succeeded');
    expect(elapsed).toBe(formatElapsed(taskElapsed(task, 0)!, true));
  }, 30_000);
});
