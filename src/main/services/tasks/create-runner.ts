import type { Logger } from '../logger.js';
import type { DataPaths } from '../paths.js';
import { BrokerRunner, brokerCacheDir } from './broker/broker-runner.js';
import { poolThreads } from '../runner-info.js';
import type { SettingsService } from '../settings/settings-service.js';
import { LocalRunner } from './pool/local-runner.js';
import type { RunnerEvents, TaskRunner } from './runner.js';

export interface RunnerFactoryOptions {
  settings: SettingsService;
  logger: Logger;
  paths: DataPaths;
  /** Overrides the thread count of the settings (tests, benchmarks). */
  threads?: number;
  /** Old-generation heap limit per pool thread (MB). */
  maxOldGenerationSizeMb?: number;
  /** The pool threads' entry (benchmarks run the built one from sources); default: see TaskPool. */
  workerFile?: string;
  /** Pool threads warm up as they start (TaskPoolOptions.warmUp): the app, `host` and `import` ask for it. */
  warmUp?: boolean;
  /** Overrides the settings' broker URL for this process (`nightshift import --broker URL`); null forces the local pool. */
  brokerUrl?: string | null;
  /** Extra options of the broker runner (tests: short locks). */
  broker?: { lockMs?: number; prefix?: string; ownWorker?: boolean };
}

/** The runner the settings select: the local pool, or BullMQ when `broker.url` is set. */
export function runnerFactory(options: RunnerFactoryOptions): (events: RunnerEvents) => TaskRunner {
  return (events) => {
    const settings = options.settings.get();
    const threads = options.threads ?? poolThreads(settings);
    const local = new LocalRunner(events, {
      threads,
      maxOldGenerationSizeMb: options.maxOldGenerationSizeMb,
      workerFile: options.workerFile,
      warmUp: options.warmUp,
      onError: (err) => options.logger.error('task pool error', { error: err.message }),
    });
    const url = options.brokerUrl === undefined ? settings.broker.url : options.brokerUrl;
    if (!url) return local;
    return new BrokerRunner(events, {
      url,
      prefix: options.broker?.prefix,
      sharedFilesystem: settings.broker.sharedFilesystem,
      pool: () => local.pool(),
      ownWorker: options.broker?.ownWorker,
      ownConcurrency: threads,
      filesDir: options.paths.files,
      cacheDir: brokerCacheDir(options.paths.tmp),
      lockMs: options.broker?.lockMs,
      logger: options.logger,
      onClose: () => local.close(),
    });
  };
}
