import { silentLogger } from '../../src/main/services/logger.js';
import { createServices, type Services } from '../../src/main/services/services.js';
import { tempDir } from './tmp.js';

/** Services on a temporary library; `done()` closes them and removes the folder. */
export function testServices(): { services: Services; dir: string; done: () => Promise<void> } {
  const { dir, cleanup } = tempDir();
  const services = createServices({ dataDir: dir, logger: silentLogger });
  return {
    services,
    dir,
    done: async () => {
      await services.close();
      cleanup();
    },
  };
}
