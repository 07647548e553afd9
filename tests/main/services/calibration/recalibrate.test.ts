/**
 * Recalibration after a better master arrives (issue 17): a light calibrated with the only flat
 * there is; a master flat closer in time is imported → the light is calibrated again, once; its
 * old calibrated frame (row and file) goes with its catalog and photometry points, the new one
 * is extracted and measured (the light curve has one point per light, on the new frames); the
 * planner run again queues nothing more.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { headerFromRecord, parseWcs } from '../../../../src/core/wcs/index.js';
import { writeFits } from '../../../../src/core/fits/index.js';
import { createDispatch } from '../../../../src/main/api/dispatch.js';
import { storeDerivedProduct } from '../../../../src/main/services/library/calib-products.js';
import { importPaths } from '../../../../src/main/services/library/import-paths.js';
import { productFilePath } from '../../../../src/main/services/library/product-file.js';
import { listProductRows, toProductView } from '../../../../src/main/services/library/product-rows.js';
import { silentLogger } from '../../../../src/main/services/logger.js';
import { createServices, type Services } from '../../../../src/main/services/services.js';
import type { ProductView } from '../../../../src/shared/domain.js';
import { importedMasterFlat, smallRawNight } from '../../../helpers/small-raw-night.js';
import { tempDir } from '../../../helpers/tmp.js';
import { until } from '../../../helpers/until.js';
import { header, VAR } from '../../../helpers/variable-field.js';

let cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function library(): Promise<{ services: Services; dir: string }> {
  const tmp = tempDir();
  const services = createServices({ dataDir: join(tmp.dir, 'lib'), logger: silentLogger, tasks: { threads: 2 } });
  cleanups.push(tmp.cleanup, () => services.close());
  await services.tasks.start();
  return { services, dir: tmp.dir };
}

const products = (s: Services): ProductView[] => listProductRows(s.db).map(toProductView);
const idle = (s: Services): Promise<unknown> => until('idle', () => s.tasks.queries.openIds().length === 0, 180_000);

describe('recalibration after a better master arrives', () => {
  it('replaces the calibrated frame and what was derived from it, once', async () => {
    const { services, dir } = await library();
    const [ra, dec] = parseWcs(headerFromRecord(header(0)))!.pixToSky(VAR.x, VAR.y);
    const target = services.targets.create({ name: 'V1', ra, dec });
    await importPaths(services, [smallRawNight(join(dir, 'night'))], { batchId: 'night' });
    await until('two calibrated lights measured', () => services.targets.lightCurve(target.id).length === 2, 180_000);
    await idle(services);
    const before = products(services).filter((p) => p.kind === 'calibrated');
    expect(before).toHaveLength(2);
    const flat = products(services).find((p) => p.kind === 'master' && p.frameType === 'flat')!;
    expect(before.every((c) => c.masters?.flat === flat.id)).toBe(true);
    const oldFiles = before.map((c) => productFilePath(services.db, services.paths, c.id).path);
    expect(oldFiles.every((f) => existsSync(f))).toBe(true);
    const calibrateTasks = (): number => services.tasks.list({}).filter((t) => t.kind === 'calibrate').length;
    expect(calibrateTasks()).toBe(2);

    // a master flat made elsewhere, an hour after the first light (the built one is 6 days away)
    const summary = await importPaths(services, [importedMasterFlat(join(dir, 'more'), '2026-11-20T04:00:00')], { batchId: 'flat' });
    const imported = summary.imported[0]!.productId;
    expect(services.library.get(imported)).toMatchObject({ kind: 'master', frameType: 'flat' });
    await until('recalibrated, measured and the old frames removed', () => {
      const cal = products(services).filter((p) => p.kind === 'calibrated');
      return cal.length === 2 && cal.every((c) => c.masters?.flat === imported && c.status === 'extracted') && services.targets.lightCurve(target.id).length === 2 && services.targets.lightCurve(target.id).every((p) => cal.some((c) => c.id === p.productId));
    }, 180_000);
    await idle(services);
    const after = products(services).filter((p) => p.kind === 'calibrated');
    expect(after.map((c) => c.rawId).sort()).toEqual(before.map((c) => c.rawId).sort());
    for (const c of after) {
      expect(before.some((b) => b.id === c.id)).toBe(false);
      expect(c.masters).toMatchObject({ bias: before[0]!.masters!.bias, dark: before[0]!.masters!.dark, flat: imported });
    }
    // the old calibrated frames, their files and their points are gone; nothing doubled
    for (const b of before) expect(() => services.library.get(b.id)).toThrow();
    expect(oldFiles.some((f) => existsSync(f))).toBe(false);
    expect(services.targets.lightCurve(target.id)).toHaveLength(2);
    expect(calibrateTasks()).toBe(4);
    // the planner run again has nothing more to do
    expect(services.calibration.plan()).toEqual([]);
    expect(await services.calibration.retire()).toEqual([]);
    expect(calibrateTasks()).toBe(4);
    expect(products(services).filter((p) => p.kind === 'calibrated')).toHaveLength(2);

    // the master used removed: the lights go back to the built flat, once more
    const dispatch = createDispatch({ services, shell: 'host' }, silentLogger);
    expect(await dispatch('library:remove', { ids: [imported] })).toMatchObject({ ok: true });
    await until('recalibrated with the built flat', () => {
      const cal = products(services).filter((p) => p.kind === 'calibrated');
      return cal.length === 2 && cal.every((c) => c.masters?.flat === flat.id && c.status === 'extracted') && services.targets.lightCurve(target.id).length === 2;
    }, 180_000);
    await idle(services);
    expect(calibrateTasks()).toBe(6);
    expect(services.targets.lightCurve(target.id)).toHaveLength(2);
  }, 400_000);

  it("finishes a replacement a crash interrupted: a light's older calibrated frames go at the next look", async () => {
    const { services, dir } = await library();
    const { imported } = await importPaths(services, [join(smallRawNight(join(dir, 'night'), 1), 'light-0.fits')], { batchId: 'one' });
    const light = imported[0]!.productId;
    const bytes = (v: number): Uint8Array => writeFits([{ header: { IMAGETYP: 'Light Frame', CALRAW: 'x' }, data: new Float32Array(16).fill(v), shape: [4, 4] }]);
    const store = (v: number): number => storeDerivedProduct({ ...services }, { name: `c${v}.fits`, bytes: bytes(v), kind: 'calibrated', frameType: 'light', rawId: light, calib: { biasId: 1, darkId: 2, flatId: 3 } });
    const old = store(1);
    const fresh = store(2);
    const oldFile = productFilePath(services.db, services.paths, old).path;
    expect(existsSync(oldFile)).toBe(true);
    // the next look removes the older one (as the planner does when it sees it), and only once
    expect(await services.calibration.retire()).toEqual([old]);
    expect(existsSync(oldFile)).toBe(false);
    expect(() => services.library.get(old)).toThrow();
    expect(services.library.get(fresh)).toMatchObject({ kind: 'calibrated', rawId: light });
    expect(await services.calibration.retire()).toEqual([]);
  });
});
