/**
 * Issue 17's "Done when" in the browser, through `nightshift host`: a small synthetic raw night
 * (tests/helpers/raw-night.ts: 3 bias, 3 darks at each of two exposures, 3 flats in each of R
 * and V, 8 lights of a field with a variable star, 128², camera-style headers, no
 * pre-calibration) dropped on the window ends, without the user choosing anything, with the
 * masters, the calibrated lights (extracted) and the variable's light curve, as the library's
 * Frame column and filter and the target's page show them. The same lights dropped on an empty
 * library wait, each saying why.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { headerFromRecord, parseWcs } from '../../src/core/wcs/index.js';
import { callHost } from '../helpers/host-call.js';
import { calibrationFrames, FACTORS, lightFrames } from '../helpers/raw-night.js';
import { dropFiles, openUi, type UiSession } from '../helpers/ui.js';
import { untilAsync } from '../helpers/until.js';
import type { NoticeView } from '../../src/shared/domain.js';
import { header, VAR } from '../helpers/variable-field.js';

const calibration = calibrationFrames({ bias: 3, darks: 3, flats: 3 });
const lights = lightFrames();
const LIGHTS = FACTORS.length * 2;
/** Raw frames, five masters (bias, darks of 60 s and 2 s, flats R and V) and a calibrated frame a light. */
const ALL = calibration.length + LIGHTS + 5 + LIGHTS;

const sessions: UiSession[] = [];
afterAll(async () => {
  for (const s of sessions) await s.close();
});

/** The Frame filter's choices as the user reads them ("calibrated (8)", …), "all" left out. */
async function frameChoices(page: Page): Promise<string[]> {
  const texts = await page.getByTestId('filter-frame').locator('option').allInnerTexts();
  return texts.filter((t) => t !== 'all').sort();
}

describe('a raw night dropped on the window', () => {
  it('ends with masters, calibrated lights and the light curve, nothing chosen by hand', async () => {
    const ui = await openUi();
    sessions.push(ui);
    const page = ui.page;
    const [ra, dec] = parseWcs(headerFromRecord(header(0)))!.pixToSky(VAR.x, VAR.y);
    const target = (await callHost(ui.host.url, 'targets:create', { name: 'V1', ra, dec })) as { id: number };

    await dropFiles(page, [...calibration, ...lights]);
    await page.getByTestId('import-panel').getByTestId('import-counts').getByText(`${calibration.length + LIGHTS} new · 0 already in the library · 0 refused`).waitFor({ timeout: 60_000 });

    // the masters and the calibrated frames come as background tasks
    await page.getByTestId('library-count').getByText(`${ALL} images`).waitFor({ timeout: 240_000 });
    await page.getByTestId('filter-frame').locator('option', { hasText: `calibrated (${LIGHTS})` }).waitFor({ state: 'attached', timeout: 10_000 });
    expect(await frameChoices(page)).toEqual(
      [`bias (3)`, `calibrated (${LIGHTS})`, `dark (6)`, `flat (6)`, `light (${LIGHTS})`, 'master bias (1)', 'master dark (2)', 'master flat (2)'].sort(),
    );

    // the calibrated lights are extracted; the raw lights wait for nothing
    await page.getByTestId('filter-frame').selectOption('calibrated');
    await page.getByTestId('library-count').getByText(`${LIGHTS} of ${ALL} images`).waitFor({ timeout: 10_000 });
    await page.getByTestId('filter-status').locator('option[value="extracted"]').waitFor({ state: 'attached', timeout: 120_000 });
    await page.getByTestId('filter-status').selectOption('extracted');
    await page.getByTestId('library-count').getByText(`${LIGHTS} of ${ALL} images`).waitFor({ timeout: 120_000 });
    await page.getByTestId('filters-clear').click();
    await page.getByTestId('filter-frame').selectOption('light');
    await page.getByTestId('library-count').getByText(`${LIGHTS} of ${ALL} images`).waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('product-frame').allInnerTexts()).toEqual(Array.from({ length: LIGHTS }, () => 'light'));

    // the variable's light curve: a point a calibrated light, on the target's page
    await page.goto(`${ui.host.url.split('?')[0]}#/targets/${target.id}`);
    await page.locator(`[data-testid="lightcurve-plot"][data-points="${LIGHTS}"]`).waitFor({ timeout: 120_000 });
    const products = (await callHost(ui.host.url, 'products:list', {})) as Array<{ id: number; kind: string }>;
    const calibrated = new Set(products.filter((p) => p.kind === 'calibrated').map((p) => p.id));
    const lc = (await callHost(ui.host.url, 'targets:lightcurve', { id: target.id })) as Array<{ productId: number }>;
    expect(lc).toHaveLength(LIGHTS);
    expect(lc.every((p) => calibrated.has(p.productId))).toBe(true);

    // one notice for the drop, once its calibrated lights are extracted, counting them
    const summaries = async () => ((await callHost(ui.host.url, 'notices:list')) as NoticeView[]).filter((n) => n.title.includes(' of '));
    const notices = await untilAsync('the drop\'s notice', async () => {
      const found = await summaries();
      return found.length > 0 ? found : null;
    });
    expect(notices.map((n) => [n.title, n.body])).toEqual([[`${LIGHTS} of ${LIGHTS} extracted`, `${calibration.length + LIGHTS} files: ${calibration.length + LIGHTS} new; 5 masters made, ${LIGHTS} lights calibrated`]]);
  }, 420_000);

  it('without its calibration frames, each light waits and says why', async () => {
    const ui = await openUi();
    sessions.push(ui);
    const page = ui.page;
    await dropFiles(page, lights);
    await page.getByTestId('import-panel').getByTestId('import-counts').getByText(`${LIGHTS} new · 0 already in the library · 0 refused`).waitFor({ timeout: 60_000 });
    await page.getByTestId('library-count').getByText(`${LIGHTS} images`).waitFor({ timeout: 30_000 });
    const frames = page.getByTestId('product-frame');
    await frames.filter({ hasText: 'waits:' }).nth(LIGHTS - 1).waitFor({ timeout: 60_000 });
    const texts = await frames.allInnerTexts();
    expect(texts).toHaveLength(LIGHTS);
    for (const t of texts) expect(t).toMatch(/^light waits: no master bias for 1×1 binning/);
    expect(await frameChoices(page)).toEqual([`light (${LIGHTS})`]);
  }, 180_000);
});
