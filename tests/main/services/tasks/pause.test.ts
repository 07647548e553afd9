import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../src/main/services/logger.js';
import { createServices, type Services } from '../../../../src/main/services/services.js';
import { writeStarFits } from '../../../helpers/star-fits.js';
import { tempDir } from '../../../helpers/tmp.js';

let services: Services;
let dir: string;
let cleanup: () => void;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  services = createServices({ dataDir: join(dir, 'lib'), logger: silentLogger, tasks: { threads: 1 } });
  await services.tasks.start();
});
afterAll(async () => {
  await services.close();
  cleanup();
});

describe('pausing the queue', () => {
  it('starts nothing while paused, and runs what waited once resumed', async () => {
    const seen: boolean[] = [];
    services.events.onAny((event, payload) => {
      if (event === 'queue:changed') seen.push((payload as { paused: boolean }).paused);
    });
    services.tasks.setPaused(true);
    const { product } = await services.library.importFile(writeStarFits(join(dir, 'p.fits'), { seed: 9 }));
    const task = services.tasks.enqueue('extract', { productId: product.id });
    await new Promise((r) => setTimeout(r, 600));
    expect(services.tasks.get(task.id).status).toBe('queued');
    services.tasks.setPaused(false);
    const [done] = await services.tasks.waitFor([task.id]);
    expect(done!.status).toBe('succeeded');
    expect(seen).toEqual([true, false]);
  });
});
