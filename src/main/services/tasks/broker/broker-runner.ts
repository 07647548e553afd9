/**
 * The broker runner: pool tasks become BullMQ jobs on the configured Redis. Jobs carry the
 * task id and a file reference; unless the lab shares its filesystem, the file's bytes are
 * stored in Redis under their hash first. This process also runs a BullMQ worker on its own
 * pool (a laptop with Redis works alone). Progress and results come back through
 * QueueEvents, and a reconciliation (at start, on every reconnection, and every few seconds)
 * picks up whatever the events missed: results that finished while the app was closed, and
 * jobs Redis lost.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { deleteBlob, uploadBlob } from './blob-store.js';
import { type BrokerWorker, startBrokerWorker } from './broker-worker.js';
import { TaskError, isTaskErrorInfo } from '../../../../shared/task-error.js';
import { type JobData, type JobProgress, type JobResult, QUEUE_NAME, cancelKey, jobIdFor, taskIdOfJob } from './job.js';
import type { TaskPool } from '../pool/pool.js';
import { closeRedis, connectRedis } from './redis.js';
import type { Logger } from '../../logger.js';
import type { DispatchJob, RunnerEvents, TaskRunner } from '../runner.js';

export interface BrokerRunnerOptions {
  url: string;
  prefix?: string;
  sharedFilesystem: boolean;
  /** The local pool, for this process's own worker (started on demand). */
  pool: () => TaskPool;
  /** Run a worker in this process (default true). */
  ownWorker?: boolean;
  ownConcurrency: number;
  /** The library's file store (trusted by the own worker) and a cache for fetched files. */
  filesDir: string;
  cacheDir: string;
  lockMs?: number;
  logger: Logger;
  /** Called last by close() (closes the shared local pool). */
  onClose?: () => Promise<void>;
}

const RECONCILE_MS = 5_000;
/** How long start() waits for Redis before going on with it down (tasks wait), ms. */
const START_WAIT_MS = 3_000;
/** How long close() waits for each BullMQ part before dropping its connection, ms. */
const CLOSE_WAIT_MS = 1_500;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export class BrokerRunner implements TaskRunner {
  readonly name = 'broker' as const;
  readonly capacity = 10_000;
  readonly #events: RunnerEvents;
  readonly #o: BrokerRunnerOptions;
  readonly #prefix: string;
  #redis: Redis | null = null;
  #queue: Queue | null = null;
  #queueEvents: QueueEvents | null = null;
  #eventsRedis: Redis | null = null;
  #queueRedis: Redis | null = null;
  #worker: BrokerWorker | null = null;
  #connected = false;
  #reconciling = false;
  #timer: NodeJS.Timeout | null = null;
  #closed = false;
  /** Aborted by close(): gives up this process's worker if it is still waiting for Redis. */
  readonly #stopping = new AbortController();
  /** Connections that warned since Redis was last ready (one line each, not one per retry). */
  readonly #warned = new Set<string>();
  /** When each dispatched job was last heard of (dispatch, progress); the periodic sweep skips recent ones. */
  readonly #lastSeen = new Map<number, number>();

  constructor(events: RunnerEvents, options: BrokerRunnerOptions) {
    this.#events = events;
    this.#o = options;
    this.#prefix = options.prefix ?? 'bull';
  }

  get connected(): boolean {
    return this.#connected;
  }

  async start(): Promise<void> {
    const log = this.#o.logger;
    this.#redis = connectRedis(this.#o.url, { name: 'nightshift-app' });
    // Adds, removals and state reads of many tasks at once: one write per turn of the event loop.
    this.#queueRedis = connectRedis(this.#o.url, { name: 'nightshift-app-queue', autoPipeline: true });
    this.#eventsRedis = connectRedis(this.#o.url, { name: 'nightshift-app-events' });
    this.#queue = new Queue(QUEUE_NAME, { connection: this.#queueRedis, prefix: this.#prefix });
    this.#queue.on('error', (err: Error) => this.#warn('queue', err));
    this.#queueEvents = new QueueEvents(QUEUE_NAME, { connection: this.#eventsRedis, prefix: this.#prefix });
    this.#queueEvents.on('error', (err: Error) => this.#warn('events', err));
    this.#queueEvents.on('progress', ({ jobId, data }) => this.#onProgress(jobId, data));
    this.#queueEvents.on('completed', ({ jobId, returnvalue }) => void this.#onCompleted(jobId, returnvalue as unknown));
    this.#queueEvents.on('failed', ({ jobId, failedReason }) => this.#onFailed(jobId, failedReason));

    this.#redis.on('ready', () => {
      this.#warned.clear();
      if (!this.#connected) {
        this.#connected = true;
        this.#events.brokerDown?.(false);
      }
      void this.#reconcile(true);
    });
    this.#redis.on('close', () => {
      if (this.#connected && !this.#closed) {
        this.#connected = false;
        this.#events.brokerDown?.(true);
      }
    });
    // Wait briefly for the first connection: if Redis is down, tasks wait rather than fail.
    await Promise.race([new Promise<void>((resolve) => this.#redis!.once('ready', () => resolve())), delay(START_WAIT_MS)]);
    if (!this.#connected) this.#events.brokerDown?.(true);
    if (this.#o.ownWorker !== false) {
      // Started in the background when Redis is down (it starts once Redis answers); waited
      // for a moment only, and given up when the runner closes first.
      const starting = startBrokerWorker({
        url: this.#o.url,
        prefix: this.#prefix,
        pool: this.#o.pool(),
        concurrency: this.#o.ownConcurrency,
        cacheDir: this.#o.cacheDir,
        trustedRoot: this.#o.filesDir,
        lockMs: this.#o.lockMs,
        host: 'local',
        signal: this.#stopping.signal,
        onLog: (level, m) => log[level](m),
      }).then(
        (worker) => {
          this.#worker = worker;
          if (this.#closed) void worker.close(true);
        },
        (err: unknown) => {
          if (!this.#closed) log.warn(`could not start this process's broker worker: ${(err as Error).message}`);
        },
      );
      if (this.#connected) await Promise.race([starting, delay(START_WAIT_MS)]);
    }
    // Not waited for when Redis is down: the events connect (and the reconciliation catches
    // up) once it is back.
    if (this.#connected) await Promise.race([this.#queueEvents.waitUntilReady().catch(() => {}), delay(START_WAIT_MS)]);
    this.#timer = setInterval(() => void this.#reconcile(false), RECONCILE_MS);
    this.#timer.unref();
  }

  async dispatch(job: DispatchJob): Promise<{ jobId: string }> {
    if (!this.#connected || !this.#queue || !this.#redis) throw new TaskError('unavailable', 'the broker is unreachable', true);
    const jobId = jobIdFor(job.taskId, job.attempt);
    let uploaded = false;
    try {
      const files = job.files ?? [];
      if (files.length > 0 && !this.#o.sharedFilesystem) {
        // One at a time (a target's images may be many), each once; bytes already stored only
        // have their expiry renewed.
        const shas = new Set<string>();
        for (const file of files) {
          if (shas.has(file.sha256)) continue;
          await uploadBlob(this.#redis, this.#prefix, file);
          shas.add(file.sha256);
        }
        uploaded = true;
        this.#blobs.set(jobId, [...shas]);
      }
      const data: JobData = { taskId: job.taskId, attempt: job.attempt, kind: job.workerKind, input: job.input, files: [...files], uploaded, timeLimitMs: job.timeLimitMs };
      await withTimeout(
        this.#queue.add('task', data, {
          jobId,
          // BullMQ: 1 is the highest priority; ours: higher first.
          priority: Math.max(1, Math.min(2_000_000, 1000 - job.priority)),
          attempts: 1,
          removeOnComplete: { age: 7 * 24 * 3600 },
          removeOnFail: { age: 7 * 24 * 3600 },
        }),
        10_000,
      );
    } catch (err) {
      if (err instanceof TaskError && err.code !== 'unavailable') throw err;
      throw new TaskError('unavailable', `the broker is unreachable: ${(err as Error).message}`, true);
    }
    this.#lastSeen.set(job.taskId, Date.now());
    return { jobId };
  }

  async cancel(_taskId: number, jobId: string | null): Promise<void> {
    if (!jobId || !this.#queue || !this.#redis || !this.#connected) return;
    const job = await this.#queue.getJob(jobId);
    if (!job) return;
    const state = await job.getState();
    if (state === 'active') await this.#redis.set(cancelKey(this.#prefix, jobId), '1', 'EX', 3600);
    else {
      await job.remove().catch(() => {});
      this.#releaseBlobs([jobId]);
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#stopping.abort();
    if (this.#timer) clearInterval(this.#timer);
    // Each step bounded: with Redis gone, BullMQ's closes can wait for ever.
    await this.#worker?.close(true);
    await Promise.race([this.#queueEvents?.close().catch(() => {}), delay(CLOSE_WAIT_MS)]);
    await Promise.race([this.#queue?.close().catch(() => {}), delay(CLOSE_WAIT_MS)]);
    for (const r of [this.#redis, this.#queueRedis, this.#eventsRedis]) if (r) await closeRedis(r);
    await this.#o.onClose?.();
  }

  #warn(source: string, err: Error): void {
    if (this.#closed) return;
    if (!this.#connected) {
      if (this.#warned.has(source)) return;
      this.#warned.add(source);
    }
    this.#o.logger.warn(`broker ${source}: ${err.message}`);
  }

  // ------------------------------------------------------------ events from Redis

  #onProgress(jobId: string, data: unknown): void {
    const taskId = taskIdOfJob(jobId);
    if (taskId === null || typeof data !== 'object' || data === null) return;
    const p = data as Partial<JobProgress>;
    this.#lastSeen.set(taskId, Date.now());
    if (typeof p.host === 'string' && p.stage === 'started') this.#events.started(taskId, { host: p.host, workerId: p.workerId ?? null });
    else if (typeof p.fraction === 'number' && typeof p.stage === 'string') {
      if (typeof p.host === 'string') this.#events.started(taskId, { host: p.host, workerId: p.workerId ?? null });
      this.#events.progress(taskId, p.fraction, p.stage);
    }
  }

  async #onCompleted(jobId: string, returnvalue: unknown): Promise<void> {
    const taskId = taskIdOfJob(jobId);
    if (taskId === null) return;
    let result = returnvalue;
    if (typeof result === 'string') {
      try {
        result = JSON.parse(result);
      } catch {
        // leave as is: reported malformed below
      }
    }
    this.#lastSeen.delete(taskId);
    const r = result as Partial<JobResult> | null;
    const ranOn = r && typeof r.host === 'string' ? { host: r.host, workerId: typeof r.workerId === 'string' ? r.workerId : null } : null;
    if (r?.ok === true) this.#events.succeeded(taskId, r.value, ranOn);
    else if (r?.ok === false && isTaskErrorInfo(r.error)) this.#events.failed(taskId, r.error);
    else this.#events.failed(taskId, { code: 'internal', message: `job ${jobId} returned a malformed result`, retryable: false });
    // Once the service has written it, the job's record is no longer needed (until then it is
    // what a restart would ingest the result from).
    this.#delivered.push(jobId);
  }

  /** Jobs whose results were delivered and await the service's commit before removal. */
  #delivered: string[] = [];

  reportsRecorded(ok: boolean): void {
    const jobs = this.#delivered;
    if (jobs.length === 0) return;
    this.#delivered = [];
    // Not written: keep the jobs; the reconciliation delivers their results again.
    if (!ok || !this.#queue) return;
    // Removed together: the queue connection sends them in one write. Task jobs never have
    // children (no flows), so Redis need not look for any.
    for (const jobId of jobs) void this.#queue.remove(jobId, { removeChildren: false }).catch(() => {});
    this.#releaseBlobs(jobs);
  }

  /**
   * Files uploaded for jobs, by job id (their sha256s), until the job's end is recorded: then their
   * bytes leave Redis, unless another job still here needs the same file. (Jobs this process
   * no longer knows of, after a crash, leave theirs to the expiry.)
   */
  readonly #blobs = new Map<string, readonly string[]>();

  #releaseBlobs(jobIds: readonly string[]): void {
    const redis = this.#queueRedis;
    const ended = new Set<string>();
    for (const jobId of jobIds) {
      const shas = this.#blobs.get(jobId);
      if (shas === undefined) continue;
      this.#blobs.delete(jobId);
      for (const sha of shas) ended.add(sha);
    }
    for (const shas of this.#blobs.values()) for (const sha of shas) ended.delete(sha);
    if (!redis || !this.#connected) return;
    for (const sha of ended) void deleteBlob(redis, this.#prefix, sha).catch((err: unknown) => this.#o.logger.warn(`broker: could not delete a file's bytes: ${(err as Error).message}`));
  }

  #onFailed(jobId: string, failedReason: string): void {
    const taskId = taskIdOfJob(jobId);
    if (taskId === null) return;
    this.#events.failed(taskId, { code: 'worker_crashed', message: `the worker failed: ${failedReason}`, retryable: true });
    this.#delivered.push(jobId);
  }

  /**
   * Brings the rows in line with Redis: finished jobs are ingested, lost ones dispatched again.
   * `full` (start, reconnection) checks every unfinished task; the periodic sweep only those
   * not heard of for a while (events cover the rest).
   */
  async #reconcile(full: boolean): Promise<void> {
    if (this.#reconciling || !this.#connected || !this.#queue || this.#closed) return;
    this.#reconciling = true;
    try {
      const now = Date.now();
      for (const { taskId, jobId } of this.#events.pending()) {
        if (!this.#connected || this.#closed) return;
        if (!jobId || jobId === 'pending') continue;
        if (!full && now - (this.#lastSeen.get(taskId) ?? 0) < 2 * RECONCILE_MS) continue;
        this.#lastSeen.set(taskId, now);
        // State first, then the job: a job read while active and completed a moment later
        // would carry no return value yet.
        const state = await this.#queue.getJobState(jobId);
        const job = await this.#queue.getJob(jobId);
        if (!job || state === 'unknown') {
          // Gone: removed after being ingested (the row is then finished), or lost by Redis.
          if (this.#events.pending().some((p) => p.taskId === taskId)) this.#events.lost?.(taskId);
          continue;
        }
        const data = job.data as Partial<JobData> | undefined;
        if (data?.uploaded === true && Array.isArray(data.files)) {
          const shas = data.files.map((f) => f?.sha256).filter((s): s is string => typeof s === 'string');
          if (shas.length > 0) this.#blobs.set(jobId, [...new Set(shas)]);
        }
        if (state === 'completed') await this.#onCompleted(jobId, job.returnvalue);
        else if (state === 'failed') this.#onFailed(jobId, job.failedReason);
        else if (state === 'active' && typeof job.progress === 'object' && job.progress !== null) this.#onProgress(jobId, job.progress);
      }
    } catch (err) {
      this.#o.logger.warn(`broker reconciliation: ${(err as Error).message}`);
    } finally {
      this.#reconciling = false;
    }
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** Where a worker keeps files fetched from the broker. */
export function brokerCacheDir(tmp: string): string {
  return join(tmp, 'broker-cache');
}

export const BROKER_HOST = hostname();
