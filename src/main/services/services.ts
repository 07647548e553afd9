import { mkdirSync } from 'node:fs';
import { type Clock, systemClock } from './clock.js';
import { type Db, openDb } from './db/open.js';
import { EventBus } from './events.js';
import { type Logger, silentLogger } from './logger.js';
import { type DataPaths, dataPaths } from './paths.js';
import { SettingsService } from './settings/settings-service.js';

/** Everything the handlers and commands call, built once per process from its dependencies. */
export interface Services {
  paths: DataPaths;
  db: Db;
  clock: Clock;
  logger: Logger;
  events: EventBus;
  settings: SettingsService;
  version: string;
  close(): Promise<void>;
}

export interface ServicesOptions {
  dataDir: string;
  clock?: Clock;
  logger?: Logger;
  version?: string;
}

/** Opens the library at `dataDir` (creating it), migrating its database. */
export function createServices(options: ServicesOptions): Services {
  const paths = dataPaths(options.dataDir);
  for (const dir of [paths.root, paths.files, paths.tmp]) mkdirSync(dir, { recursive: true });
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const db = openDb(paths.db);
  const events = new EventBus();
  const settings = new SettingsService({ db, clock, logger, events });
  let closed = false;
  return {
    paths,
    db,
    clock,
    logger,
    events,
    settings,
    version: options.version ?? '0.1.0',
    async close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}
