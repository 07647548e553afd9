/**
 * Masters chosen by hand (issue 17), through the IPC channels `calib:masters` and `calib:choose`:
 * the light's masters against the rule; a master flat farther in time than the one used changes
 * nothing; choosing it by hand recalibrates the light with it; a better flat arriving then does
 * not replace a choice by hand; clearing the choice gives the light back to the rule (the
 * closest flat). Wrong input is refused (zod, and the service's checks) before anything changes.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatch } from '../../../../src/main/api/dispatch.js';
import { importPaths } from '../../../../src/main/services/library/import-paths.js';
import { getProductDetail } from '../../../../src/main/services/library/catalog-query.js';
import { listProductRows, toProductView } from '../../../../src/main/services/library/product-rows.js';
import { silentLogger } from '../../../../src/main/services/logger.js';
import { createServices, type Services } from '../../../../src/main/services/services.js';
import type { LightMasters } from '../../../../src/shared/calib.js';
import type { ProductView } from '../../../../src/shared/domain.js';
import { importedMasterFlat, smallRawNight } from '../../../helpers/small-raw-night.js';
import { tempDir } from '../../../helpers/tmp.js';
import { until } from '../../../helpers/until.js';

let cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

const products = (s: Services): ProductView[] => listProductRows(s.db).map(toProductView);
const calibrated = (s: Services): ProductView[] => products(s).filter((p) => p.kind === 'calibrated');
const calibrateTasks = (s: Services): number => s.tasks.list({}).filter((t) => t.kind === 'calibrate').length;

describe('masters chosen by hand', () => {
  it('are listed against the rule, used, kept against a better master, and cleared back to the rule', async () => {
    const tmp = tempDir();
    const services = createServices({ dataDir: join(tmp.dir, 'lib'), logger: silentLogger, tasks: { threads: 2 } });
    cleanups.push(tmp.cleanup, () => services.close());
    await services.tasks.start();
    const dispatch = createDispatch({ services, shell: 'host' }, silentLogger);
    const idle = (): Promise<unknown> => until('idle', () => services.tasks.queries.openIds().length === 0, 180_000);

    await importPaths(services, [smallRawNight(join(tmp.dir, 'night'), 1)], { batchId: 'night' });
    await until('the light calibrated', () => calibrated(services).find((c) => c.status === 'extracted'), 180_000);
    await idle();
    const light = products(services).find((p) => p.name === 'light-0.fits')!;
    const built = products(services).find((p) => p.kind === 'master' && p.frameType === 'flat')!;
    // a master flat a month after the light: farther than the one used, nothing to do
    const far = (await importPaths(services, [importedMasterFlat(join(tmp.dir, 'far'), '2026-12-20T03:00:00', 'far.fits')], { batchId: 'far' })).imported[0]!.productId;
    await idle();
    expect(calibrateTasks(services)).toBe(1);

    const listed = await dispatch('calib:masters', { id: light.id });
    expect(listed.ok).toBe(true);
    const m = (listed as { data: LightMasters }).data;
    expect(m).toMatchObject({ lightId: light.id, calibratedId: calibrated(services)[0]!.id, choice: { bias: null, dark: null, flat: null } });
    expect(m.options.flat.map((o) => [o.id, o.fits, o.automatic, o.used, o.chosen])).toEqual([
      [built.id, true, true, true, false],
      [far, true, false, false, false],
    ]);
    expect(m.options.flat[1]!.why).toMatch(/^30 d from the light$/);
    expect(m.options.dark[0]).toMatchObject({ fits: true, automatic: true, used: true, why: expect.stringMatching(/^60 s; /) });

    // wrong input: refused, nothing stored
    expect(await dispatch('calib:choose', { id: light.id, flat: 'far' })).toMatchObject({ ok: false, code: 'invalid_argument' });
    expect(await dispatch('calib:choose', { id: light.id, flat: far, colour: 'red' })).toMatchObject({ ok: false, code: 'invalid_argument' });
    expect(await dispatch('calib:choose', { id: light.id, bias: far })).toMatchObject({ ok: false, code: 'invalid_argument', message: expect.stringMatching(/is a flat master, not a bias/) });
    expect(await dispatch('calib:choose', { id: built.id, flat: far })).toMatchObject({ ok: false, code: 'invalid_argument', message: expect.stringMatching(/not a raw light/) });
    expect(await dispatch('calib:choose', { id: 999_999, flat: far })).toMatchObject({ ok: false, code: 'not_found' });
    expect(calibrateTasks(services)).toBe(1);

    // chosen by hand: calibrated again with it
    const chose = await dispatch('calib:choose', { id: light.id, flat: far });
    expect(chose).toMatchObject({ ok: true, data: { choice: { bias: null, dark: null, flat: far } } });
    await until('calibrated with the chosen flat', () => calibrated(services).length === 1 && calibrated(services)[0]!.masters?.flat === far && calibrated(services)[0]!.status === 'extracted', 180_000);
    await idle();
    expect(calibrateTasks(services)).toBe(2);
    expect(getProductDetail(services.db, calibrated(services)[0]!.id).calibWhy).toMatch(/; chosen by hand: flat; recalibrated: flat far\.fits chosen by hand$/);

    // a flat half an hour from the light arrives: the choice by hand stays
    const near = (await importPaths(services, [importedMasterFlat(join(tmp.dir, 'near'), '2026-11-20T03:30:00', 'near.fits')], { batchId: 'near' })).imported[0]!.productId;
    await idle();
    expect(services.calibration.plan()).toEqual([]);
    expect(calibrateTasks(services)).toBe(2);
    expect(calibrated(services)[0]!.masters?.flat).toBe(far);

    // back to the rule: the nearest flat
    const cleared = await dispatch('calib:choose', { id: light.id, flat: null });
    expect(cleared).toMatchObject({ ok: true, data: { choice: { flat: null } } });
    await until('calibrated with the nearest flat', () => calibrated(services).length === 1 && calibrated(services)[0]!.masters?.flat === near && calibrated(services)[0]!.status === 'extracted', 180_000);
    await idle();
    expect(calibrateTasks(services)).toBe(3);
    expect(services.calibration.plan()).toEqual([]);
  }, 400_000);
});
