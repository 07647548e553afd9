import { mkdirSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { type Clock, systemClock } from './clock.js';
import { type Db, openDb } from './db/open.js';
import { guardAgainstLostDatabase } from './db/empty-guard.js';
import { EventBus } from './events.js';
import { type Logger, silentLogger } from './logger.js';
import { type DataPaths, dataPaths } from './paths.js';
import { SettingsService } from './settings/settings-service.js';
import type { Settings } from '../../shared/settings.js';
import { LibraryService } from './library/library-service.js';
import { productNames } from './library/product-queries.js';
import { ensureExtraction } from './library/import-paths.js';
import { productExists } from './library/product-status.js';
import { removeProducts } from './library/remove-products.js';
import { MailService } from './mail/mail-service.js';
import { type RunnerFactoryOptions, runnerFactory } from './tasks/create-runner.js';
import { TaskService } from './tasks/task-service.js';
import { BatchNotices } from './notices/batch-notices.js';
import { IMPORT_IDLE_MS, OpenImports, type ImportTimers } from './library/open-imports.js';
import type { EndedTask } from './tasks/task-queries.js';
import { NoticeCenter } from './notices/notice-center.js';
import { SecretStore, type SecretCipher } from './secrets.js';
import { FollowUpRunner } from './tasks/follow-ups.js';
import { CalibrationPlanner } from './calibration/planner.js';
import { taskKinds } from './tasks/kinds/index.js';
import { TargetAutomation } from './target-automation.js';
import { TargetService } from './targets/index.js';
import { ThumbnailService } from './thumbnails/thumbnails.js';

/** Everything the handlers and commands call, built once per process from its dependencies. */
export interface Services {
  paths: DataPaths;
  db: Db;
  clock: Clock;
  logger: Logger;
  events: EventBus;
  settings: SettingsService;
  /** The file store: imports and products. */
  library: LibraryService;
  /** Background tasks; call `tasks.start()` in a process that should run them (app, host, import). */
  tasks: TaskService;
  /** Notices for the user (batch summaries, failures); shells add their native sink. */
  notices: NoticeCenter;
  /**
   * The imports under way (`importPaths` tells it when they begin and end): their notices, and
   * their ends, which plan their calibration (an import never ended is ended by the service).
   */
  imports: OpenImports;
  /** Passwords (SMTP), kept out of the settings. */
  secrets: SecretStore;
  /** Targets, their images and light curves. */
  targets: TargetService;
  /** Matching products to targets and queueing their photometry (`measure` queues one by hand). */
  targetAutomation: TargetAutomation;
  /** Product thumbnails, rendered on a thread of their own. */
  thumbnails: ThumbnailService;
  /** Calibration of raw frames: masters to make, lights to calibrate (issue 17). */
  calibration: CalibrationPlanner;
  version: string;
  close(): Promise<void>;
}

export interface ServicesOptions {
  dataDir: string;
  clock?: Clock;
  logger?: Logger;
  version?: string;
  /** Task runner options (threads, memory limit, broker locks); default from the settings. */
  tasks?: Omit<RunnerFactoryOptions, 'settings' | 'logger' | 'paths'> & { backoffBaseMs?: number };
  /** Electron's safeStorage in the app; plain (file mode 0600) elsewhere. */
  secretCipher?: SecretCipher;
  /** How the file store writes (default: `fs`); tests inject a disk that fills up. */
  storage?: { createWriteStream?: (path: string) => Writable };
  /** When an import never ended is ended by the service (library/open-imports.ts); tests pass fake timers. */
  imports?: { idleMs?: number; timers?: ImportTimers };
}

/** Opens the library at `dataDir` (creating it), migrating its database. */
export function createServices(options: ServicesOptions): Services {
  const paths = dataPaths(options.dataDir);
  guardAgainstLostDatabase(paths);
  for (const dir of [paths.root, paths.files, paths.tmp]) mkdirSync(dir, { recursive: true });
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const db = openDb(paths.db);
  const events = new EventBus();
  const settings = new SettingsService({ db, clock, logger, events });
  const secrets = new SecretStore(paths.root, options.secretCipher);
  const mail = new MailService({ password: () => secrets.get('smtp.password') ?? process.env.NIGHTSHIFT_SMTP_PASSWORD ?? null });
  const library = new LibraryService({
    db, clock, logger, events, paths, createWriteStream: options.storage?.createWriteStream,
    maxImageMb: () => settings.get().images.maxImageMb,
    typeMap: () => settings.get().calibration.typeMap,
  });
  const kinds = taskKinds();
  // `tasks` is made next; the runner asks it only once tasks finish.
  const followUps: FollowUpRunner = new FollowUpRunner({ ended: (ids, names): EndedTask[] => tasks.queries.endedOfKinds(ids, names), logger, kinds });
  const tasks: TaskService = new TaskService({
    kinds,
    followUps,
    db,
    clock,
    logger,
    events,
    settings,
    paths,
    mail,
    backoffBaseMs: options.tasks?.backoffBaseMs,
    brokerUrl: options.tasks?.brokerUrl,
    createRunner: runnerFactory({ ...options.tasks, settings, logger, paths }),
  });
  const notices = new NoticeCenter(events);
  const batchNotices = new BatchNotices({
    tasks: tasks.queries,
    productNames: (ids) => productNames(db, ids),
    clock,
    sink: (notice) => notices.publish(notice),
    enabled: () => settings.get().notifications.enabled,
    // the service ends an idle import itself (OpenImports, which plans its calibration first):
    // the notices' own idle rule is only the fallback, later
    importIdleMs: 2 * (options.imports?.idleMs ?? IMPORT_IDLE_MS),
  });
  const stopNotices = events.onAny((event, payload) => {
    if (event === 'tasks:changed') batchNotices.onTasksChanged((payload as { ids: number[] }).ids);
  });
  const calibration: CalibrationPlanner = new CalibrationPlanner({
    db, clock, events, logger, settings, tasks,
    remove: (ids) => removeProducts({ db, events, logger, paths, tasks }, ids),
    held: (): ReadonlySet<number> => imports.held(),
  });
  const imports: OpenImports = new OpenImports({ db, clock, logger, notices: batchNotices, plan: (batchId): number[] => calibration.plan({ batchId }), ...options.imports });
  // Changed frame type words re-type the products not typed by hand (planner.reclassify); any
  // other change of *Settings → Calibration* (tolerances, dark scaling, on) plans again.
  let calibJson = JSON.stringify(settings.get().calibration);
  const stopCalibSettings = events.onAny((event, payload) => {
    if (event !== 'settings:changed') return;
    const next = (payload as Settings).calibration;
    const before = JSON.parse(calibJson) as Settings['calibration'];
    calibJson = JSON.stringify(next);
    if (calibJson === JSON.stringify(before)) return;
    try {
      const retyped = JSON.stringify(next.typeMap) !== JSON.stringify(before.typeMap) ? calibration.reclassify() : [];
      if (retyped.length === 0) calibration.plan();
    } catch (err) {
      logger.warn(`calibration after a settings change failed: ${(err as Error).message}`);
    }
  });
  const targetAutomation = new TargetAutomation({ db, events, logger, settings, tasks, skip: (id) => calibration.holdsBack(id) });
  const targets = new TargetService({ db, clock, logger, root: paths.root, onChange: (change) => targetAutomation.onChange(change) });
  targetAutomation.targets = targets;
  followUps.handlers = {
    measureTargetsOn: (productIds) => targetAutomation.measureTargetsOn(productIds),
    // In the transaction that ends the master or calibrated frame's task (a throw there is
    // caught by the task service, which plans again after the transaction); after it otherwise.
    calibrationChanged: (batchId) => calibration.plan({ batchId }),
    extract: (products) => {
      for (const { productId, batchId } of products) if (productExists(db, productId)) ensureExtraction(db, tasks, productId, { batchId });
    },
  };
  const thumbnails = new ThumbnailService({ db, paths, maxImageMb: () => settings.get().images.maxImageMb });
  let closed = false;
  return {
    paths,
    db,
    clock,
    logger,
    events,
    settings,
    library,
    tasks,
    notices,
    imports,
    secrets,
    targets,
    targetAutomation,
    thumbnails,
    calibration,
    version: options.version ?? '0.1.0',
    async close() {
      if (closed) return;
      closed = true;
      targetAutomation.close();
      imports.close();
      followUps.close();
      await tasks.close();
      await thumbnails.close();
      stopNotices();
      stopCalibSettings();
      db.close();
    },
  };
}
