import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { startBrokerWorker } from '../../main/services/tasks/broker/broker-worker.js';
import { TaskPool } from '../../main/services/tasks/pool/pool.js';
import { stderrLogger } from '../../main/services/logger.js';
import { CliError } from '../cli-error.js';
import { intOption } from '../options.js';
import { requireBroker } from '../require-broker.js';
import { onStopSignal } from '../stop-signal.js';
import { exitQuietlyOnEpipe } from './epipe.js';

interface WorkerOptions {
  broker: string;
  concurrency?: number;
  cache?: string;
  lockMs?: number;
  prefix?: string;
  ignorePaths?: boolean;
  memoryMb?: number;
}

/**
 * `nightshift worker --broker URL`: takes tasks from the broker and computes them on this
 * machine's threads until SIGINT/SIGTERM. Files not readable here come through Redis.
 */
export function register(program: Command): void {
  program
    .command('worker')
    .description('process tasks from a Redis broker on this machine')
    .requiredOption('--broker <url>', 'the Redis broker (redis:// or rediss://, may carry a password)')
    .option('--concurrency <n>', 'tasks at once (default: cores − 1, at least 1)', intOption(1, 256))
    .option('--cache <dir>', 'where files fetched from the broker are kept (default: a folder in the system temp)')
    .option('--memory-mb <n>', 'heap limit of each worker thread in MB', intOption(64, 65536))
    .addOption(program.createOption('--lock-ms <n>', 'job lock duration (a worker silent this long is presumed dead)').argParser(intOption(500, 600_000)).hideHelp())
    .addOption(program.createOption('--prefix <p>', 'BullMQ key prefix').hideHelp())
    .addOption(program.createOption('--ignore-paths', 'always fetch files through the broker (tests)').hideHelp())
    .action(async (opts: WorkerOptions) => {
      exitQuietlyOnEpipe();
      // A broker that cannot be used is one line and exit 2, not a silent retry for ever.
      await requireBroker(opts.broker);
      const logger = stderrLogger('nightshift-worker');
      const pool = new TaskPool({ threads: opts.concurrency, maxOldGenerationSizeMb: opts.memoryMb, warmUp: 'thorough', onError: (err) => logger.error(`pool: ${err.message}`) });
      // From here a signal ends the worker within a few seconds, even while the broker is gone.
      const stopping = new AbortController();
      let signal = false;
      const stopped = new Promise<void>((resolve) => {
        onStopSignal(() => {
          signal = true;
          stopping.abort();
          resolve();
        });
      });
      let worker;
      try {
        worker = await startBrokerWorker({
          url: opts.broker,
          prefix: opts.prefix,
          pool,
          concurrency: opts.concurrency ?? pool.threads,
          cacheDir: opts.cache ?? join(tmpdir(), 'nightshift-worker-cache'),
          lockMs: opts.lockMs,
          ignorePaths: opts.ignorePaths,
          signal: stopping.signal,
          onLog: (level, m) => logger[level](m),
        });
      } catch (err) {
        await pool.close();
        if (signal) return;
        throw new CliError(`the broker: ${err instanceof Error ? err.message : String(err)}`);
      }
      process.stdout.write(`worker ${worker.workerId} ready\n`);
      await stopped;
      logger.info('stopping: running tasks go back to the queue');
      await worker.close(true);
      await pool.close();
    });
}
