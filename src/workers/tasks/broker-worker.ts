/**
 * A BullMQ worker that hands each job's compute to a local {@link TaskPool}. The desktop app
 * runs one (so a laptop with Redis works alone), and `nightshift worker` runs one on any
 * machine. Jobs name their input file by path, size and hash: a worker uses the path when the
 * file there has the right bytes, otherwise it fetches the bytes stored in Redis.
 */
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { isAbsolute, relative } from 'node:path';
import { type Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { downloadBlob } from './blob-store.js';
import { TaskError, toTaskErrorInfo } from './errors.js';
import { type FileRef, fileMatches } from './file-ref.js';
import { type JobProgress, type JobResult, QUEUE_NAME, cancelKey, parseJobData } from './job.js';
import type { PoolRun, TaskPool } from './pool.js';
import { closeRedis, connectRedis } from './redis.js';

export interface BrokerWorkerOptions {
  url: string;
  /** BullMQ key prefix (default `bull`). */
  prefix?: string;
  pool: TaskPool;
  /** Jobs at once (default: the pool's threads). */
  concurrency?: number;
  /** Where fetched files are kept. */
  cacheDir: string;
  /** Files under this folder are trusted by size (a library's content-addressed store). */
  trustedRoot?: string;
  /** Ignore local paths and always fetch through Redis (tests of machines that share no disk). */
  ignorePaths?: boolean;
  /** Lock duration (ms): a worker silent this long is presumed dead and its job retried. */
  lockMs?: number;
  /** Shown as `ranOn`. */
  host?: string;
  onLog?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export interface BrokerWorker {
  readonly workerId: string;
  close(force?: boolean): Promise<void>;
}

function under(root: string | undefined, path: string): boolean {
  if (!root) return false;
  const rel = relative(root, path);
  return !rel.startsWith('..') && !isAbsolute(rel);
}

export async function startBrokerWorker(options: BrokerWorkerOptions): Promise<BrokerWorker> {
  const host = options.host ?? hostname();
  const workerId = `${host}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  const prefix = options.prefix ?? 'bull';
  const log = options.onLog ?? (() => {});
  const commands: Redis = connectRedis(options.url, { name: 'nightshift-worker-cmd' });
  /** Jobs being processed here: their pool task once started, and whether they were told to stop. */
  const running = new Map<string, { run: PoolRun | null; stop: string | null }>();
  let closing = false;

  async function resolveFile(ref: FileRef, uploaded: boolean): Promise<string> {
    if (!options.ignorePaths && existsSync(ref.path)) {
      const trusted = under(options.trustedRoot, ref.path);
      if (await fileMatches(ref, { verifyHash: !trusted })) return ref.path;
    }
    const cached = `${options.cacheDir}/${ref.sha256}`;
    if (existsSync(cached) && (await fileMatches({ ...ref, path: cached }, { verifyHash: true }))) return cached;
    if (!uploaded) throw new TaskError('not_found', `${ref.path} is not readable on ${host} and its bytes were not uploaded (broker.sharedFilesystem is on)`);
    return downloadBlob(commands, prefix, ref, options.cacheDir);
  }

  function reportProgress(job: Job, fraction: number, stage: string): void {
    const p: JobProgress = { fraction, stage, host, workerId };
    job.updateProgress(p as unknown as object).catch(() => {});
  }

  async function processJob(job: Job): Promise<JobResult> {
    const parsed = parseJobData(job.data);
    if (!parsed.ok) return { ok: false, error: { code: 'invalid_argument', message: parsed.message, retryable: false }, host, workerId };
    const data = parsed.data;
    const entry: { run: PoolRun | null; stop: string | null } = { run: null, stop: null };
    running.set(job.id!, entry);
    // Say where the job runs once it has run a moment (a quick job reports it with its result).
    const startedReport = setTimeout(reportProgress, 150, job, 0, 'started');
    try {
      let input = data.input;
      if (data.file) {
        const path = await resolveFile(data.file, data.uploaded);
        input = { ...(input as Record<string, unknown>), file: { ...data.file, path } };
      }
      if (entry.stop) throw new TaskError('cancelled', 'the task was cancelled');
      // The pool's task handle stops it: no AbortController per job.
      entry.run = options.pool.start(data.kind, input, { timeLimitMs: data.timeLimitMs, onProgress: (fraction, stage) => reportProgress(job, fraction, stage) });
      const value = await entry.run.result;
      return { ok: true, value, host, workerId };
    } catch (err) {
      // Shutting down is not the task's fault: fail the job so the app runs the task again.
      if (closing) throw new Error(`worker ${workerId} shut down while running the task`);
      const info = toTaskErrorInfo(err);
      return { ok: false, error: info, host, workerId };
    } finally {
      clearTimeout(startedReport);
      running.delete(job.id!);
    }
  }

  const stop = (entry: { run: PoolRun | null; stop: string | null }, reason: string) => {
    entry.stop ??= reason;
    entry.run?.abort('cancelled');
  };

  const connection = connectRedis(options.url, { name: 'nightshift-worker' });
  const worker = new Worker(QUEUE_NAME, processJob, {
    connection,
    prefix,
    concurrency: options.concurrency ?? options.pool.threads,
    lockDuration: options.lockMs ?? 30_000,
    stalledInterval: options.lockMs ?? 30_000,
    maxStalledCount: 5,
    autorun: true,
  });
  worker.on('error', (err) => log('warn', `worker: ${err.message}`));

  // Cancellation requests: the app sets a key per job; running jobs poll for it.
  const poll = setInterval(() => {
    for (const [jobId, entry] of running) {
      commands.exists(cancelKey(prefix, jobId)).then(
        (n) => {
          if (n === 1) stop(entry, 'cancelled');
        },
        () => {},
      );
    }
  }, 500);
  poll.unref();

  await worker.waitUntilReady();
  log('info', `worker ${workerId} serving ${QUEUE_NAME} (concurrency ${options.concurrency ?? options.pool.threads})`);
  return {
    workerId,
    async close(force = false) {
      closing = true;
      clearInterval(poll);
      if (force) for (const entry of running.values()) stop(entry, 'closing');
      await worker.close(force).catch(() => {});
      await closeRedis(commands);
      await closeRedis(connection);
    },
  };
}

export { toTaskErrorInfo, TaskError };
