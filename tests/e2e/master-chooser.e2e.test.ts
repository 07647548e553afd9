/**
 * Masters chosen by hand in the browser (issue 17), through `nightshift host`: a small raw night
 * (one light) and a master flat made elsewhere a month later are imported; on the light's page
 * the flat selector lists both flats with why each fits (the rule's one first); choosing the far
 * flat recalibrates the light with it (its calibrated frame's masters link to it); "by the rule"
 * gives it back to the nearest flat.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ProductView } from '../../src/shared/domain.js';
import { callHost } from '../helpers/host-call.js';
import { importedMasterFlat, smallRawNight } from '../helpers/small-raw-night.js';
import { openUi, type UiSession } from '../helpers/ui.js';
import { untilAsync as until } from '../helpers/until.js';

let ui: UiSession;
let page: Page;
const list = async (): Promise<ProductView[]> => (await callHost(ui.host.url, 'products:list')) as ProductView[];

beforeAll(async () => {
  ui = await openUi();
  page = ui.page;
  const night = smallRawNight(join(ui.data.dir, 'in', 'night'), 1);
  const far = importedMasterFlat(join(ui.data.dir, 'in', 'far'), '2026-12-20T03:00:00', 'far.fits');
  await callHost(ui.host.url, 'products:import', { paths: [night, far] });
}, 90_000);

afterAll(async () => {
  await ui?.close();
});

describe('masters chosen by hand', () => {
  it('lists the flats against the rule, recalibrates with the one chosen, and goes back to the rule', async () => {
    await until('the light calibrated', async () => (await list()).some((p) => p.kind === 'calibrated' && p.status === 'extracted'), 120_000);
    const all = await list();
    const light = all.find((p) => p.name === 'light-0.fits')!;
    const built = all.find((p) => p.kind === 'master' && p.frameType === 'flat' && p.name !== 'far.fits')!;
    const far = all.find((p) => p.name === 'far.fits')!;
    await page.goto(`${ui.host.url.split('#')[0]}#/products/${light.id}`);
    const flat = page.getByTestId('master-choice-flat');
    await flat.waitFor({ timeout: 20_000 });
    expect(await flat.inputValue()).toBe('auto');
    const texts = await flat.locator('option').allInnerTexts();
    expect(texts[0]).toBe(`by the rule: #${built.id} ${built.name}`);
    expect(texts[1]).toMatch(new RegExp(`^#${built.id} .*\\(rule, used\\) — fits: `));
    expect(texts[2]).toBe(`#${far.id} far.fits — fits: 30 d from the light`);

    await flat.selectOption(String(far.id));
    await until('recalibrated with the far flat', async () => (await list()).some((p) => p.kind === 'calibrated' && p.masters?.flat === far.id && p.status === 'extracted'), 120_000);
    await until('the selector says so', async () => (await flat.inputValue()) === String(far.id), 20_000);
    await until('the far flat marked used', async () => (await flat.locator('option').allInnerTexts()).some((t) => t.startsWith(`#${far.id} far.fits (used)`)), 20_000);

    await flat.selectOption('auto');
    await until('back to the rule', async () => (await list()).some((p) => p.kind === 'calibrated' && p.masters?.flat === built.id && p.status === 'extracted'), 120_000);
    expect((await list()).filter((p) => p.kind === 'calibrated')).toHaveLength(1);
  });
});
