/**
 * A user trial's drop of 2 new images, one of them without a WCS: its extraction follows its
 * solve, so the batch is not done when the solve ends. The batch notice comes once, after both
 * extractions, and counts 2 of 2 (it said "1 of 1 extracted": the extraction was queued a turn
 * after the solve's end was recorded, and the batch looked done in between).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../src/main/services/logger.js';
import { importPaths } from '../../../../src/main/services/library/import-paths.js';
import { createServices, type Services } from '../../../../src/main/services/services.js';
import type { NoticeView } from '../../../../src/shared/domain.js';
import { writeStarFits } from '../../../helpers/star-fits.js';
import { tempDir } from '../../../helpers/tmp.js';
import { until } from '../../../helpers/until.js';
import { indexFolder, writeUnsolvedField } from '../../../helpers/unsolved-field.js';

let services: Services;
let tmp: ReturnType<typeof tempDir>;

beforeAll(async () => {
  tmp = tempDir('ns-batch-solve-');
  services = createServices({ dataDir: join(tmp.dir, 'lib'), logger: silentLogger, tasks: { threads: 1 } });
  services.settings.set({ solve: { indexDirs: [indexFolder(join(tmp.dir, 'index'))], timeLimitS: 30 } });
  await services.tasks.start();
});

afterAll(async () => {
  await services.close();
  tmp.cleanup();
});

describe('the batch notice of a drop with an image to solve', () => {
  it('comes once, after both extractions, counting 2 of 2', async () => {
    const shown: NoticeView[] = [];
    services.notices.addSink((n) => shown.push(n));
    const solved = writeUnsolvedField(join(tmp.dir, 'unsolved.fits'), { seed: 7 }).path;
    const withWcs = writeStarFits(join(tmp.dir, 'wcs.fits'), { seed: 8, size: 128, stars: 10 });
    const summary = await importPaths(services, [withWcs, solved], { batchId: 'drop-solve' });
    expect(summary.imported.map((i) => services.tasks.get(i.taskId!).kind).sort()).toEqual(['extract', 'solve']);
    const solveTask = summary.imported.map((i) => services.tasks.get(i.taskId!)).find((t) => t.kind === 'solve')!;
    await services.tasks.waitFor([solveTask.id]);
    // the first moment the solve's end can be seen: its extraction is due already, in the batch
    const counts = services.tasks.queries.batchCounts('drop-solve');
    expect(counts.find((c) => c.kind === 'extract')).toMatchObject({ total: 2 });
    expect(counts.some((c) => c.open > 0)).toBe(true);
    await until('both images extracted', () =>
      summary.imported.every((i) => services.tasks.list({ productId: i.productId, kind: 'extract' }).some((t) => t.status === 'succeeded')),
    );
    await until('the batch notice', () => shown.length > 0);
    expect(shown.map((n) => n.title)).toEqual(['2 of 2 extracted']);
  }, 120_000);
});
