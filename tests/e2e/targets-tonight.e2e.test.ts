/**
 * "Observable tonight" in the targets list, through `nightshift host` in chromium: a column with
 * the hours each target spends above 30° in tonight's dark time at the configured site, sortable,
 * and a filter that keeps the observable ones and stays in the address through a reload. The
 * expectations come from core/visibility's full altitude model (the chart's), not from the
 * list's fast one. The page's clock is fixed (Playwright's `page.clock`) at an afternoon before a
 * night at the site, so that "tonight" is a whole night whatever the hour the tests run: with the
 * real clock, late in the night (at 05:00 UTC at La Palma in December) the night under way had too
 * little dark time left for the best-placed target chosen for the whole night to be observable.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { visibilityNight, type ObservingSite } from '../../src/core/visibility/index.js';
import { callHost } from '../helpers/host-call.js';
import { ROOT } from '../helpers/host-process.js';
import { openUi, type UiSession } from '../helpers/ui.js';

const shots = join(ROOT, 'tests/.tmp/screenshots');
/** The default site (Roque de los Muchachos). */
const SITE: ObservingSite = { latitude: 28.7606, longitude: -17.8816, height: 2326 };

/** The page's "now" (ms since 1970): 15:00 UTC, before the night of 2026-12-06 at the site (sunset ~18:45 UTC). */
const NOW_MS = Date.UTC(2026, 11, 6, 15, 0);

/** Hours above 30° while the Sun is below −18° in the night the chart shows at {@link NOW_MS} (full model, 5-minute samples). */
function darkHoursAbove30(ra: number, dec: number): number {
  const night = visibilityNight(ra, dec, NOW_MS / 86_400_000 + 40587, SITE, 5);
  return (night.samples.filter((s) => s.sunAltitude < -18 && s.altitude >= 30).length * 5) / 60;
}

// The best-placed of twelve RAs at Dec +30°, a field that never rises (Dec −80°) and one that is up by day only.
const best = Array.from({ length: 12 }, (_, k) => k * 30).sort((a, b) => darkHoursAbove30(b, 30) - darkHoursAbove30(a, 30))[0]!;
const TARGETS = [
  { name: 'High tonight', ra: best, dec: 30 },
  { name: 'Never up', ra: best, dec: -80 },
  { name: 'Up by day', ra: (best + 180) % 360, dec: -30 },
];

let ui: UiSession;
let page: Page;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  ui = await openUi();
  page = ui.page;
  // (the targets page reads the clock when it opens, after this)
  await page.clock.setFixedTime(NOW_MS);
  for (const t of TARGETS) await callHost(ui.host.url, 'targets:create', t);
}, 90_000);

afterAll(async () => {
  await ui?.close();
});

const hoursOf = async (name: string) => Number(await page.getByTestId('target-row').filter({ hasText: name }).getByTestId('target-tonight').getAttribute('data-hours'));

describe('observable tonight', () => {
  it('shows the hours above 30° in tonight\'s dark time as the full model has them', async () => {
    expect(darkHoursAbove30(TARGETS[0]!.ra, TARGETS[0]!.dec)).toBeGreaterThan(3);
    expect(darkHoursAbove30(TARGETS[1]!.ra, TARGETS[1]!.dec)).toBe(0);
    expect(darkHoursAbove30(TARGETS[2]!.ra, TARGETS[2]!.dec)).toBe(0);
    await page.getByTestId('nav-targets').click();
    await page.getByTestId('target-row').nth(2).waitFor();
    await page.getByTestId('tonight-caption').getByText('Tonight at Roque de los Muchachos').waitFor();
    // Before the night (the page's clock), the whole of it.
    const high = await hoursOf('High tonight');
    expect(high).toBeGreaterThan(1);
    expect(high).toBeLessThanOrEqual(darkHoursAbove30(TARGETS[0]!.ra, TARGETS[0]!.dec) + 0.25);
    expect(await hoursOf('Never up')).toBe(0);
    expect(await hoursOf('Up by day')).toBe(0);
    expect(await page.getByTestId('target-row').filter({ hasText: 'Never up' }).getByTestId('target-tonight').innerText()).toMatch(/^— \(-\d+°\)$/);
  });

  it('sorts by it', async () => {
    await page.getByTestId('targets-sort-tonight').click();
    await page.getByTestId('targets-sort-tonight').click();
    const names = (await page.getByTestId('target-row').allInnerTexts()).map((t) => t.split('\t')[0]!.trim());
    expect(names[0]).toBe('High tonight');
  });

  it('filters by it, in the address, through a reload', async () => {
    await page.getByTestId('targets-tonight-only').check();
    await page.waitForFunction(() => window.location.hash === '#/targets?tonight=1');
    await page.getByTestId('tonight-caption').getByText('1 of 3 targets are.').waitFor();
    expect(await page.getByTestId('target-row').allInnerTexts()).toEqual([expect.stringContaining('High tonight')]);
    await page.screenshot({ path: join(shots, 'targets-tonight.png') });
    await page.reload();
    await page.getByTestId('tonight-caption').getByText('1 of 3 targets are.').waitFor();
    expect(await page.getByTestId('targets-tonight-only').isChecked()).toBe(true);
    await page.getByTestId('targets-tonight-only').uncheck();
    await page.getByTestId('target-row').nth(2).waitFor();
    expect(await page.evaluate(() => window.location.hash)).toBe('#/targets');
  });
});
