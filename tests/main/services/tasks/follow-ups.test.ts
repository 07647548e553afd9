/**
 * Follow-ups declared as data on a kind (extract: "after success, measure the targets on the
 * image") run once per succeeded task, through the handler of the service that owns the work,
 * and never for a task that failed or a kind that declares none.
 */
import { rmSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../src/main/services/logger.js';
import { createServices, type Services } from '../../../../src/main/services/services.js';
import { FollowUpRunner } from '../../../../src/main/services/tasks/follow-ups.js';
import { taskKinds } from '../../../../src/main/services/tasks/kinds/index.js';
import { writeStarFits } from '../../../helpers/star-fits.js';
import { tempDir } from '../../../helpers/tmp.js';

let services: Services;
let tmp: ReturnType<typeof tempDir>;

beforeAll(async () => {
  tmp = tempDir();
  services = createServices({ dataDir: join(tmp.dir, 'lib'), logger: silentLogger, tasks: { threads: 1 } });
  await services.tasks.start();
});

afterAll(async () => {
  await services.close();
  tmp.cleanup();
});

const nextTurn = () => new Promise((r) => setImmediate(r));

describe('FollowUpRunner', () => {
  it("measures the targets on an extracted image once per succeeded extract task, and for nothing else", async () => {
    expect([...taskKinds().values()].filter((k) => k.followUps?.measureTargetsOn).map((k) => k.name)).toEqual(['extract']);
    expect([...taskKinds().values()].filter((k) => k.followUps?.extractAfter).map((k) => k.name)).toEqual(['solve']);
    // the calibration kinds' follow-up asks the calibration planner to look again
    expect([...taskKinds().values()].filter((k) => k.followUps?.calibrationChanged).map((k) => k.name)).toEqual(['calib-master', 'calibrate']);
    expect([...taskKinds().values()].filter((k) => k.followUps).map((k) => k.name)).toEqual(['extract', 'calib-master', 'calibrate', 'solve']);
    const { product } = await services.library.importFile(writeStarFits(join(tmp.dir, 'a.fits'), { seed: 5, size: 128, stars: 10 }));
    const ok = services.tasks.enqueue('extract', { productId: product.id });
    const noop = services.tasks.enqueue('noop', {});
    // an image whose stored file is gone: its extraction fails
    const { product: lost } = await services.library.importFile(writeStarFits(join(tmp.dir, 'b.fits'), { seed: 6, size: 128, stars: 10 }));
    const { store_path } = services.db.prepare('SELECT store_path FROM data_products WHERE id = ?').get(lost.id) as { store_path: string };
    rmSync(isAbsolute(store_path) ? store_path : join(services.paths.root, store_path));
    const failed = services.tasks.enqueue('extract', { productId: lost.id });
    const done = await services.tasks.waitFor([ok.id, noop.id, failed.id]);
    expect(done.map((t) => t.status)).toEqual(['succeeded', 'succeeded', 'failed']);

    const calls: number[][] = [];
    const followUps = new FollowUpRunner({ ended: (ids, kinds) => services.tasks.queries.endedOfKinds(ids, kinds), logger: silentLogger, kinds: taskKinds(), handlers: { measureTargetsOn: (ids) => calls.push([...ids]), extract: () => {} } });
    followUps.finished([ok.id, noop.id, failed.id]);
    expect(calls).toEqual([]); // after the current event (and its transaction)
    await nextTurn();
    expect(calls).toEqual([[product.id]]);
    // reported finished again (a result delivered twice, another event): once per task
    followUps.finished([ok.id]);
    await nextTurn();
    expect(calls).toEqual([[product.id]]);

    // a second extraction of the image is a new task: measured again
    const again = services.tasks.enqueue('extract', { productId: product.id });
    await services.tasks.waitFor([again.id]);
    followUps.finished([again.id]);
    await nextTurn();
    expect(calls).toEqual([[product.id], [product.id]]);
    followUps.close();
  });
});
