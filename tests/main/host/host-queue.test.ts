/**
 * `nightshift host` (as the desktop app) takes the tasks another process queues in its
 * library — here this test process, importing a file without running tasks itself, as
 * `nightshift import --no-wait` does in a terminal. Before, such a task stayed `queued` until
 * the host's queue was paused and resumed.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPaths } from '../../../src/main/services/library/import-paths.js';
import { silentLogger } from '../../../src/main/services/logger.js';
import { createServices } from '../../../src/main/services/services.js';
import { startHostProcess } from '../../helpers/host-process.js';
import { writeStarFits } from '../../helpers/star-fits.js';
import { tempDir } from '../../helpers/tmp.js';
import { until } from '../../helpers/until.js';

let tmp: ReturnType<typeof tempDir>;
let host: Awaited<ReturnType<typeof startHostProcess>>;

beforeAll(async () => {
  tmp = tempDir();
  host = await startHostProcess(join(tmp.dir, 'lib'));
}, 60_000);

afterAll(async () => {
  await host.stop();
  tmp.cleanup();
});

describe('nightshift host and another process', () => {
  it('runs an extraction another process queued in its library', async () => {
    const file = join(tmp.dir, 'a.fits');
    writeStarFits(file, { seed: 5 });
    const services = createServices({ dataDir: join(tmp.dir, 'lib'), logger: silentLogger });
    try {
      // queued here, never started here: this process runs no task
      const summary = await importPaths(services, [file], { extract: true });
      const taskId = summary.imported[0]!.taskId!;
      const row = await until('the host to finish the extraction', () => {
        const r = services.db.prepare('SELECT status, owner FROM tasks WHERE id = ?').get(taskId) as { status: string; owner: string | null };
        return r.status === 'succeeded' || r.status === 'failed' ? r : null;
      });
      expect(row.status).toBe('succeeded');
      expect(row.owner).toMatch(new RegExp(`:${host.child.pid}$`));
      const product = services.db.prepare('SELECT status, source_count FROM data_products').get() as { status: string; source_count: number };
      expect(product).toMatchObject({ status: 'extracted' });
      expect(product.source_count).toBeGreaterThan(0);
    } finally {
      await services.close();
    }
  }, 90_000);
});
