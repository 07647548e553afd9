/**
 * Masters per observing night (issue 17; README "Calibration"): calibration frames of two nights
 * become one master per night and type (named by the night, the header saying its night and the
 * inputs' date range), each light is calibrated with its own night's masters (the same night
 * first, then the closest in time: a light at dawn is closer in time to the next evening's flats
 * than to its own evening's, and still takes its own night's), and a bias of night 2 imported
 * later rebuilds night 2's master bias only and recalibrates night 2's light only.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importPaths } from '../../../../src/main/services/library/import-paths.js';
import { listProductRows, toProductView } from '../../../../src/main/services/library/product-rows.js';
import { listMasters } from '../../../../src/main/services/calibration/masters.js';
import { silentLogger } from '../../../../src/main/services/logger.js';
import { createServices, type Services } from '../../../../src/main/services/services.js';
import type { ProductView } from '../../../../src/shared/domain.js';
import { biasFrame, nightFrames } from '../../../helpers/small-raw-night.js';
import { tempDir } from '../../../helpers/tmp.js';
import { until } from '../../../helpers/until.js';

let cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

const products = (s: Services): ProductView[] => listProductRows(s.db).map(toProductView);
const masters = (s: Services, type: string): ProductView[] => products(s).filter((p) => p.kind === 'master' && p.frameType === type).sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
const tasksOf = (s: Services, kind: string): Array<{ payload: string }> => s.db.prepare('SELECT payload FROM tasks WHERE kind = ? ORDER BY id').all(kind) as Array<{ payload: string }>;
const headerOf = (s: Services, id: number): Record<string, unknown> => JSON.parse((s.db.prepare('SELECT header_json FROM data_products WHERE id = ?').get(id) as { header_json: string }).header_json) as Record<string, unknown>;

// The default site (La Palma, −17.9°): local mean time is UTC − 1.2 h.
const NIGHT1 = { bias: '2026-11-20T17:00:00', dark: '2026-11-20T17:30:00', flat: '2026-11-20T18:00:00', lights: ['2026-11-21T07:00:00'] };
const NIGHT2 = { bias: '2026-11-21T17:00:00', dark: '2026-11-21T17:30:00', flat: '2026-11-21T18:00:00', lights: ['2026-11-22T02:00:00'] };

describe('masters per observing night', () => {
  it("makes one master per night and calibrates each light with its own night's; a late bias rebuilds its night only", async () => {
    const tmp = tempDir();
    const services = createServices({ dataDir: join(tmp.dir, 'lib'), logger: silentLogger, tasks: { threads: 2 } });
    cleanups.push(tmp.cleanup, () => services.close());
    await services.tasks.start();
    const idle = (): Promise<unknown> => until('idle', () => services.tasks.queries.openIds().length === 0, 240_000);

    const dir = join(tmp.dir, 'raw');
    nightFrames(dir, 'n1-', NIGHT1, 0);
    nightFrames(dir, 'n2-', NIGHT2, 1000);
    await importPaths(services, [dir], { batchId: 'two nights' });
    const calibrated = (): ProductView[] => products(services).filter((p) => p.kind === 'calibrated');
    await until('both lights calibrated', () => calibrated().length === 2 && calibrated().every((c) => c.status === 'extracted' || c.status === 'failed'), 240_000);
    await idle();

    // two masters of each type, one per night, named by it
    for (const type of ['bias', 'dark', 'flat']) {
      const ms = masters(services, type);
      expect(ms.map((m) => m.name)).toHaveLength(2);
      expect(ms[0]!.name).toContain('night 2026-11-20');
      expect(ms[1]!.name).toContain('night 2026-11-21');
    }
    const [flat1, flat2] = masters(services, 'flat');
    expect(headerOf(services, flat1!.id)).toMatchObject({ 'DAY-OBS': '2026-11-20', 'DATE-BEG': '2026-11-20T18:00:00.000', 'DATE-END': '2026-11-20T18:00:00.000' });
    expect(headerOf(services, flat2!.id)).toMatchObject({ 'DAY-OBS': '2026-11-21' });
    const listed = listMasters(services.db).find((m) => m.id === flat1!.id)!;
    expect(listed).toMatchObject({ night: '2026-11-20', dateMin: '2026-11-20T18:00:00.000Z', dateMax: '2026-11-20T18:00:00.000Z', frames: 3 });

    // each light with its own night's masters (light 1 at dawn is 11 h from night 2's flats, 13 h from its own)
    const light = (prefix: string): ProductView => products(services).find((p) => p.name === `${prefix}light-0.fits`)!;
    const calOf = (prefix: string): ProductView => calibrated().find((c) => c.rawId === light(prefix).id)!;
    const [bias1, bias2] = masters(services, 'bias');
    const [dark1, dark2] = masters(services, 'dark');
    expect(calOf('n1-').masters).toEqual({ bias: bias1!.id, dark: dark1!.id, flat: flat1!.id });
    expect(calOf('n2-').masters).toEqual({ bias: bias2!.id, dark: dark2!.id, flat: flat2!.id });
    const cal1 = calOf('n1-').id;
    const cal2 = calOf('n2-').id;
    expect(tasksOf(services, 'calib-master')).toHaveLength(6);
    expect(tasksOf(services, 'calibrate')).toHaveLength(2);

    // a bias of night 2 imported later: night 2's master bias is made again, night 2's light recalibrated; night 1 untouched
    await importPaths(services, [biasFrame(join(tmp.dir, 'late'), 'n2-bias-late.fits', '2026-11-21T17:10:00')], { batchId: 'late bias' });
    await until('night 2 recalibrated', () => calibrated().length === 2 && calibrated().some((c) => c.rawId === light('n2-').id && c.id !== cal2 && c.status === 'extracted'), 240_000);
    await idle();
    const masterTasks = tasksOf(services, 'calib-master');
    expect(masterTasks).toHaveLength(7);
    expect(JSON.parse(masterTasks.map((t) => t.payload).find((p) => JSON.parse(p).type === 'bias' && JSON.parse(p).frameIds.length === 4)!)).toMatchObject({ night: '2026-11-21' });
    const biases = masters(services, 'bias');
    expect(biases).toHaveLength(3);
    const bias2b = biases[2]!;
    expect(bias2b.name).toContain('night 2026-11-21');
    expect(bias2b.id).toBeGreaterThan(bias2!.id);
    expect(tasksOf(services, 'calibrate')).toHaveLength(3);
    expect(calOf('n1-').id).toBe(cal1);
    expect(calOf('n1-').masters).toEqual({ bias: bias1!.id, dark: dark1!.id, flat: flat1!.id });
    expect(calOf('n2-').masters).toEqual({ bias: bias2b.id, dark: dark2!.id, flat: flat2!.id });
    expect(services.calibration.plan()).toEqual([]);
  }, 600_000);
});
