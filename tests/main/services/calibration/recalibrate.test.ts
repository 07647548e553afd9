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
  }, 400_000);
});
