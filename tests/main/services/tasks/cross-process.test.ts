/**
 * A running task service (the app's, `nightshift host`'s) takes the tasks another process
 * queues in the same library: `nightshift import --no-wait` in a terminal while the app is
 * open. The service learns of them from SQLite's data version (external-queue.ts), not
 * because anything else happens in its own process.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../src/main/services/logger.js';
import { createServices, type Services } from '../../../../src/main/services/services.js';
import { watchExternalQueue } from '../../../../src/main/services/tasks/external-queue.js';
import { TaskStore } from '../../../../src/main/services/tasks/task-store.js';
import { runCli } from '../../../helpers/cli.js';
import { writeStarFits } from '../../../helpers/star-fits.js';
import { tempDir } from '../../../helpers/tmp.js';
import { until } from '../../../helpers/until.js';

let tmp: ReturnType<typeof tempDir>;
let lib: string;
let services: Services;

beforeAll(async () => {
  tmp = tempDir();
  lib = join(tmp.dir, 'lib');
  services = createServices({ dataDir: lib, logger: silentLogger, tasks: { threads: 1 } });
  await services.tasks.start();
});

afterAll(async () => {
  await services.close();
  tmp.cleanup();
});

describe('tasks queued by another process', () => {
  it('are run by a started service without anything else happening in its process', async () => {
    const file = join(tmp.dir, 'a.fits');
    writeStarFits(file, { seed: 3 });
    const queued = await runCli(['import', '--data', lib, '--no-wait', file]);
    expect(queued.stdout).toContain('queued 1 extraction task(s)');
    const task = await until('the extraction to finish', () => {
      const row = services.db.prepare("SELECT status, owner FROM tasks WHERE kind = 'extract'").get() as { status: string; owner: string | null } | undefined;
      return row && row.status !== 'queued' && row.status !== 'running' ? row : null;
    });
    expect(task.status).toBe('succeeded');
    const product = services.db.prepare('SELECT status, source_count FROM data_products').get() as { status: string; source_count: number };
    expect(product.status).toBe('extracted');
    expect(product.source_count).toBeGreaterThan(0);
  }, 90_000);

  it('are noticed through the data version: only another connection\'s commit that leaves a task queued counts', async () => {
    // a library of its own, where no service runs tasks: two connections, as two processes have
    const dir = join(tmp.dir, 'lib2');
    const mine = createServices({ dataDir: dir, logger: silentLogger });
    const other = createServices({ dataDir: dir, logger: silentLogger });
    const seen: string[] = [];
    let stage = 'start';
    const stop = watchExternalQueue(new TaskStore(mine.db), () => seen.push(stage), 10);
    const ticks = async (): Promise<void> => {
      // a few of the watcher's periods: what it would have noticed, it has noticed
      for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 20));
    };
    try {
      stage = 'own write';
      mine.tasks.enqueue('noop', { n: 1 });
      await ticks();
      stage = 'other commit, nothing queued';
      mine.db.prepare("UPDATE tasks SET status = 'cancelled'").run();
      other.db.prepare('UPDATE tasks SET updated_at = updated_at').run();
      await ticks();
      stage = 'other queues';
      other.tasks.enqueue('noop', { n: 2 });
      await until('the watcher to see the queued task', () => seen.length > 0);
      expect(seen).toEqual(['other queues']);
    } finally {
      stop();
      await other.close();
      await mine.close();
    }
  });
});
