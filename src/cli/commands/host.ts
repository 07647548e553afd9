import { join } from 'node:path';
import type { Command } from 'commander';
import { createDispatch } from '../../main/api/dispatch.js';
import { startHost } from '../../main/host/server.js';
import { FIRST_SCREENFUL_CALL, LIBRARY_LIST_INPUT } from '../../shared/first-screenful.js';
import { dataVersion } from '../../main/services/db/data-version.js';
import { stderrLogger } from '../../main/services/logger.js';
import { createServices } from '../../main/services/services.js';
import { productFilePath } from '../../main/services/library/product-file.js';
import { endImportBatch, importPaths } from '../../main/services/library/import-paths.js';
import { PRESTART_AFTER_MS } from '../../main/services/tasks/task-service.js';
import { appRoot } from '../app-root.js';
import { CliError } from '../cli-error.js';
import { intOption, resolveDataDir, withDataOption } from '../options.js';
import { stopSignal } from '../stop-signal.js';

/**
 * `nightshift host`: serves the UI to a browser on 127.0.0.1 and runs the library's background
 * tasks. The first line of stdout is the URL with this launch's token; the process runs until
 * SIGINT/SIGTERM, then lets running tasks stop cleanly. `NIGHTSHIFT_HOST_TOKEN` (at least 24
 * URL-safe characters) fixes the token, so that with a fixed `--port` a page left open
 * reconnects after the host is started again.
 */
export function register(program: Command): void {
  withDataOption(program.command('host'))
    .description('serve the Nightshift UI to a web browser on this computer')
    .option('--port <n>', 'port on 127.0.0.1 (0 picks a free one)', intOption(0, 65535), 0)
    .action(async (opts: { data?: string; port: number }) => {
      const token = process.env.NIGHTSHIFT_HOST_TOKEN;
      if (token !== undefined && !/^[A-Za-z0-9_-]{24,}$/.test(token)) {
        throw new CliError('NIGHTSHIFT_HOST_TOKEN must be at least 24 characters of A-Z a-z 0-9 _ -');
      }
      const logger = stderrLogger('nightshift-host');
      const services = createServices({ dataDir: resolveDataDir(opts), logger, tasks: { warmUp: true } });
      const dispatch = createDispatch({ services, shell: 'host' }, logger);
      let host;
      try {
        host = await startHost({
          dispatch,
          events: services.events,
          logger,
          rendererDir: join(appRoot(), 'out', 'renderer'),
          port: opts.port,
          // the library's first rows come with the page
          pageCall: FIRST_SCREENFUL_CALL,
          // the library's whole list kept while the database is unchanged, made as the host starts
          answers: { channels: ['library:list'], version: dataVersion(services.db), warm: { channel: 'library:list', input: LIBRARY_LIST_INPUT } },
          ...(token !== undefined ? { token } : {}),
          files: (kind, id) =>
            kind === 'thumb' ? services.thumbnails.path(id) : productFilePath(services.db, services.paths, id),
          upload: {
            tmpDir: services.paths.tmp,
            importFile: (path, batch) =>
              importPaths(services, [path], { extract: services.settings.get().extraction.onImport, batchId: `upload-${batch}`, more: true }),
            endBatch: (batch) => void endImportBatch(services, `upload-${batch}`),
          },
        });
        await services.tasks.start();
        // a drop an earlier run never ended (stopped mid-drop) is ended now: its calibration is planned
        services.imports.endAbandoned();
        // the threads start and warm up now, not with the first upload
        services.tasks.prestart(PRESTART_AFTER_MS);
        // once the start-up's own writes are done (they would make it stale at once)
        await host.warm();
      } catch (err) {
        await services.close();
        throw new CliError(err instanceof Error ? err.message : String(err));
      }
      process.stdout.write(`${host.url}\n`);
      logger.info(`serving library ${services.paths.root}`);
      // Ends within a few seconds of the signal, whatever the clean-up waits for.
      await stopSignal();
      await host.close();
      await services.close();
    });
}
