/**
 * A BullMQ worker that hands each job's compute to a local {@link TaskPool}. The desktop app
 * runs one (so a laptop with Redis works alone), and `nightshift worker` runs one on any
 * machine. Jobs name their input files by path, size and hash: a worker uses the path when the
 * file there has the right bytes, otherwise it fetches the bytes stored in Redis, and tells the
 * pool thread where each one is (WorkerContext.file).
 */
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { isAbsolute, relative } from 'node:path';
import { type Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { downloadBlob } from './blob-store.js';
import { TaskError, toTaskErrorInfo } from '../../../../shared/task-error.js';
import { type FileRef, fileMatches } from '../file-ref.js';
import { type JobProgress, type JobResult, QUEUE_NAME, cancelKey, parseJobData } from './job.js';
import type { PoolRun, TaskPool } from '../pool/pool.js';
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
  /**
   * Lock duration (ms, default {@link LOCK_MS}): a worker silent this long is presumed dead and
   * its job given to another; stalled jobs are looked for every half of it.
   */
  lockMs?: number;
  /** Aborting it gives up a start still waiting for Redis (the promise rejects). */
  signal?: AbortSignal;
  /** Shown as `ranOn`. */
  host?: string;
  onLog?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

/**
 * The default job lock (ms). BullMQ renews it every half; a job whose worker died is found by
 * the stalled-job check (every half as well) once its lock has expired, so it runs again
 * within 1.5 × this (12 s; BullMQ's defaults, 30 s and 30 s, took up to a minute).
 */
export const LOCK_MS = 8000;

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
      // Each input file where this machine has it: the job's path, or fetched through Redis.
      let files: Record<string, string> | undefined;
      for (const ref of data.files) {
        if (files?.[ref.sha256] !== undefined) continue;
        const path = await resolveFile(ref, data.uploaded);
        if (entry.stop) break;
        (files ??= {})[ref.sha256] = path;
      }
      if (entry.stop) throw new TaskError('cancelled', 'the task was cancelled');
      // The pool's task handle stops it: no AbortController per job.
      entry.run = options.pool.start(data.kind, data.input, { timeLimitMs: data.timeLimitMs, files, onProgress: (fraction, stage) => reportProgress(job, fraction, stage) });
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
  const lockMs = options.lockMs ?? LOCK_MS;
  const worker = new Worker(QUEUE_NAME, processJob, {
    connection,
    prefix,
    concurrency: options.concurrency ?? options.pool.threads,
    lockDuration: lockMs,
    stalledInterval: Math.max(250, Math.round(lockMs / 2)),
    maxStalledCount: 5,
    autorun: true,
  });
  // One line when the broker goes away and one when it is back, not one per reconnection.
  let lost = false;
  worker.on('error', (err) => {
    if (connection.status === 'ready') return log('warn', `worker: ${err.message}`);
    if (lost) return;
    lost = true;
    log('warn', `worker: lost the broker (${err.message}); retrying until it is back`);
  });
  connection.on('ready', () => {
    if (!lost) return;
    lost = false;
    log('info', 'worker: the broker is back');
  });

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

  const closeAll = async (force = false) => {
    closing = true;
    clearInterval(poll);
    if (force) for (const entry of running.values()) stop(entry, 'closing');
    // A broker that is gone never answers: do not wait for it.
    await withTimeout(worker.close(force), CLOSE_MS).catch(() => {});
    await closeRedis(commands);
    await closeRedis(connection);
  };
  try {
    await abortable(worker.waitUntilReady(), options.signal);
  } catch (err) {
    await closeAll(true);
    throw err;
  }
  log('info', `worker ${workerId} serving ${QUEUE_NAME} (concurrency ${options.concurrency ?? options.pool.threads})`);
  return {
    workerId,
    close: closeAll,
  };
}

/** How long closing waits for BullMQ before dropping the connections (ms). */
const CLOSE_MS = 2000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]).finally(() => clearTimeout(timer));
}

function abortable<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(new Error('stopped before the broker answered'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('stopped before the broker answered'));
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export { toTaskErrorInfo, TaskError };
