/**
 * Issue 17's raw night imported as one batch (one folder, or one drop): its masters, its
 * calibrated lights and their extractions all belong to the batch, so its notice comes once,
 * after the last calibrated light is extracted, and counts the calibrated lights ("8 of 8
 * extracted"). It came after the master bias ("1 of 1 tasks done"): the masters and lights
 * planned after it, and the calibrated lights' extractions, were queued outside the batch.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPaths } from '../../../../src/main/services/library/import-paths.js';
import { listProductRows, toProductView } from '../../../../src/main/services/library/product-rows.js';
import { silentLogger } from '../../../../src/main/services/logger.js';
import { createServices, type Services } from '../../../../src/main/services/services.js';
import type { NoticeView } from '../../../../src/shared/domain.js';
import { writeRawNight } from '../../../helpers/raw-night.js';
import { tempDir } from '../../../helpers/tmp.js';
import { until } from '../../../helpers/until.js';

let services: Services;
let tmp: ReturnType<typeof tempDir>;
beforeAll(async () => {
  tmp = tempDir('ns-batch-night-');
  services = createServices({ dataDir: join(tmp.dir, 'lib'), logger: silentLogger, tasks: { threads: 2 } });
  await services.tasks.start();
});
afterAll(async () => {
  await services.close();
  tmp.cleanup();
});

describe('the batch notice of a raw night', () => {
  it('comes once, after every calibrated light is extracted, counting 8 of 8', async () => {
    const night = join(tmp.dir, 'night');
    // 3 bias, 3 darks at each of 2 exposures, 3 flats in each of R and V, 8 lights
    writeRawNight(night, { bias: 3, darks: 3, flats: 3 });
    const extractedCalibrated = () =>
      listProductRows(services.db).map(toProductView).filter((p) => p.kind === 'calibrated' && p.status === 'extracted').length;
    const shown: Array<NoticeView & { extractedThen: number }> = [];
    services.notices.addSink((n) => shown.push({ ...n, extractedThen: extractedCalibrated() }));

    const summary = await importPaths(services, [night], { batchId: 'night' });
    expect(summary.imported).toHaveLength(3 + 6 + 6 + 8);
    await until('eight calibrated lights extracted', () => extractedCalibrated() === 8, 240_000);
    await until('idle', () => services.tasks.queries.openIds().length === 0, 120_000);
    await until('the batch notice', () => shown.length > 0, 10_000);

    const counts = services.tasks.queries.batchCounts('night');
    const byKind = Object.fromEntries(counts.map((c) => [c.kind, c.total]));
    expect(byKind).toEqual({ 'calib-master': 5, calibrate: 8, extract: 8 });
    expect(shown.map((n) => n.title)).toEqual(['8 of 8 extracted']);
    expect(shown[0]!.extractedThen).toBe(8);
    expect(shown[0]!.body).toBe('23 files: 23 new; 5 masters made, 8 lights calibrated');
  }, 360_000);
});
