/**
 * A recalibration that fails stays said (issue 17): a light calibrated with the built flat; a
 * master flat closer in time but unusable (all zeros: its mean is 0) is imported → the light's
 * recalibration fails, the light keeps its calibrated frame and says why ("recalibration failed:
 * …; calibrated frame #N kept") — also after the planner looks again, which used to clear the
 * reason because the light still had a calibrated frame. Removing the bad flat leaves nothing to
 * change: the reason goes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFits } from '../../../../src/core/fits/index.js';
import { createDispatch } from '../../../../src/main/api/dispatch.js';
import { importPaths } from '../../../../src/main/services/library/import-paths.js';
import { listProductRows, toProductView } from '../../../../src/main/services/library/product-rows.js';
import { silentLogger } from '../../../../src/main/services/logger.js';
import { createServices } from '../../../../src/main/services/services.js';
import { CAMERA, smallRawNight } from '../../../helpers/small-raw-night.js';
import { tempDir } from '../../../helpers/tmp.js';
import { until } from '../../../helpers/until.js';
import { H, W } from '../../../helpers/variable-field.js';

let cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

describe('a recalibration that fails', () => {
  it('is shown on the light until nothing is to change any more', async () => {
    const tmp = tempDir();
    const services = createServices({ dataDir: join(tmp.dir, 'lib'), logger: silentLogger, tasks: { threads: 2 } });
    cleanups.push(tmp.cleanup, () => services.close());
    await services.tasks.start();
    const idle = (): Promise<unknown> => until('idle', () => services.tasks.queries.openIds().length === 0, 180_000);
    const products = (): ReturnType<typeof toProductView>[] => listProductRows(services.db).map(toProductView);

    await importPaths(services, [smallRawNight(join(tmp.dir, 'night'), 1)], { batchId: 'night' });
    await until('the light calibrated', () => products().find((p) => p.kind === 'calibrated' && p.status === 'extracted'), 180_000);
    await idle();
    const light = products().find((p) => p.name === 'light-0.fits')!;
    const calibrated = products().find((p) => p.kind === 'calibrated')!;
    expect(light.calibWait).toBeNull();

    // a master flat an hour from the light, all zeros: the rule takes it, the calibration refuses it
    const bad = join(tmp.dir, 'bad-flat.fits');
    writeFileSync(bad, writeFits([{ header: { ...CAMERA, IMAGETYP: 'Master Flat', FILTER: 'R', EXPTIME: 60, 'DATE-OBS': '2026-11-20T04:00:00' }, data: new Float32Array(W * H), shape: [W, H] }]));
    const badId = (await importPaths(services, [bad], { batchId: 'bad' })).imported[0]!.productId;
    const waitOf = (): string | null => services.library.get(light.id).calibWait ?? null;
    await until('the recalibration failed', () => waitOf()?.startsWith('recalibration failed'), 180_000);
    await idle();
    expect(waitOf()).toMatch(new RegExp(`^recalibration failed: .*flat.*; calibrated frame #${calibrated.id} kept$`));
    expect(products().filter((p) => p.kind === 'calibrated').map((p) => p.id)).toEqual([calibrated.id]);
    // the planner looking again keeps it said (it cleared it: the light has a calibrated frame) and queues nothing
    expect(services.calibration.plan()).toEqual([]);
    expect(waitOf()).toMatch(/^recalibration failed/);

    // the bad flat removed: the one used is the rule's again, nothing to change, the reason goes
    const dispatch = createDispatch({ services, shell: 'host' }, silentLogger);
    expect(await dispatch('library:remove', { ids: [badId] })).toMatchObject({ ok: true });
    await until('the reason cleared', () => waitOf() === null, 60_000);
    expect(products().filter((p) => p.kind === 'calibrated').map((p) => p.id)).toEqual([calibrated.id]);
  }, 400_000);
});
