/**
 * The local compute pool: Piscina threads running `pool-worker`, one task per thread. Tasks
 * wait here, in a priority queue, and are handed to Piscina only when a thread is idle, so the
 * main thread knows when each one starts (no message from the thread is needed for that) and
 * work the user asked for overtakes work already waiting. Progress comes back over each
 * thread's parent port, tagged with a per-task token (no channel per task); cancellation and
 * time limits abort the task, which terminates its thread (Piscina starts a replacement). A
 * thread that throws, exits or runs out of memory fails only its own task.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { TaskError, type TaskErrorInfo } from '../../../../shared/task-error.js';
import type { WarmUpLevel } from '../kinds/worker-types.js';
import { type Prioritized, PriorityQueue } from './priority-queue.js';
import { PROGRESS_KEY, type PoolTaskMessage, type PoolTaskResult, type PoolWorkerData, type ProgressMessage } from './protocol.js';

export interface TaskPoolOptions {
  /** Worker threads (default: cores − 1, at least 1). */
  threads?: number;
  /** Worker entry; default: `pool-worker` next to this module (built JS or TS through tsx). */
  workerFile?: string;
  /** Old-generation heap limit of each thread (MB); a thread over it fails its task with `out_of_memory`. */
  maxOldGenerationSizeMb?: number;
  /** Environment of the threads (default: a copy of this process's). */
  env?: Record<string, string>;
  /**
   * Each thread, as it starts, runs the kinds' warm-ups at this level (extractions of synthetic
   * fields) before it takes a task, so that the first tasks run compiled code: `quick` when
   * work is waiting for the threads, `thorough` when they start ahead of it (see
   * {@link WarmUpLevel}; figures in the README, from bench/extract-pool.ts). A thread that
   * replaces a terminated one warms up at the same level. Off by default (tests start many
   * short-lived pools).
   */
  warmUp?: WarmUpLevel;
  /** Called with pool-level errors (a thread failing with no task). */
  onError?: (err: Error) => void;
}

export interface RunOptions {
  signal?: AbortSignal;
  /** Cancels the task with `timed_out` after this many milliseconds of running (counted from its start on a thread). */
  timeLimitMs?: number | null;
  /** Among tasks waiting for a thread, higher goes first (default 0); equal priorities keep their order. */
  priority?: number;
  /** The task was handed to an idle thread and starts now. */
  onStart?: () => void;
  onProgress?: (fraction: number, stage: string) => void;
  /** Input files this machine has at another path than their references name, by sha256 (see PoolTaskMessage.files). */
  files?: Record<string, string>;
}

/** A task given to the pool: its result, and a way to stop it. */
export interface PoolRun {
  /** Resolves with the task's value; rejects with a {@link TaskError}. */
  readonly result: Promise<unknown>;
  /** True once the task was handed to a thread. */
  readonly started: boolean;
  /**
   * Stops the task: a waiting one leaves the queue, a running one has its thread terminated.
   * It then fails with `timed_out` for the reason `'timed_out'`, else with `cancelled`.
   */
  abort(reason?: string): void;
}

/**
 * Where the worker entry is: built JS beside this file or in out/workers (from the bundles in
 * out/cli/ and out/main/), else the TS source, src/workers/pool-worker.ts.
 */
export function defaultWorkerFile(): { file: string; execArgv: string[] } {
  const candidates = [
    new URL('./pool-worker.js', import.meta.url),
    new URL('../workers/pool-worker.js', import.meta.url), // bundled CLI: out/cli/main.js; the app: out/main/index.js
    new URL('../../workers/pool-worker.js', import.meta.url),
  ];
  for (const url of candidates) {
    const file = fileURLToPath(url);
    if (existsSync(file)) return { file, execArgv: [] };
  }
  const ts = fileURLToPath(new URL('../../../../workers/pool-worker.ts', import.meta.url));
  if (existsSync(ts)) return { file: ts, execArgv: ['--import', 'tsx'] };
  throw new Error('pool-worker entry not found (run "npm run build")');
}

/**
 * One task of the pool. It is also the abort signal Piscina listens to while the task runs
 * (Piscina accepts any object with `addEventListener`/`removeEventListener`): one object per
 * task instead of an AbortController and its listeners.
 */
class PoolTask implements Prioritized, PoolRun {
  seq = 0;
  dequeued = false;
  started = false;
  settled = false;
  /** For Piscina: true once aborted. */
  aborted = false;
  /** For Piscina and the error: why it was aborted. */
  reason: string | undefined = undefined;
  /** Progress token (0: none wanted). */
  token = 0;
  timer: NodeJS.Timeout | undefined = undefined;
  /** Piscina's abort listener while the task is in Piscina. */
  #listener: (() => void) | null = null;
  /** Unhooks the caller's signal. */
  unlink: (() => void) | null = null;
  readonly result: Promise<unknown>;
  resolve!: (value: unknown) => void;
  reject!: (err: TaskError) => void;

  constructor(
    readonly pool: TaskPool,
    readonly kind: string,
    readonly input: unknown,
    readonly priority: number,
    readonly options: RunOptions,
  ) {
    this.result = new Promise<unknown>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  addEventListener(_name: 'abort', listener: () => void): void {
    this.#listener = listener;
  }

  removeEventListener(): void {
    this.#listener = null;
  }

  abort(reason = 'cancelled'): void {
    if (this.aborted || this.settled) return;
    this.aborted = true;
    this.reason = reason;
    if (this.started) this.#listener?.();
    else this.pool.dropWaiting(this);
  }
}

export class TaskPool {
  readonly threads: number;
  readonly #pool: Piscina<PoolTaskMessage, PoolTaskResult>;
  #closed = false;
  readonly #waiting = new PriorityQueue<PoolTask>();
  /** Tasks in the pool that want their thread's messages (progress, start of a time limit), by token. */
  readonly #listening = new Map<number, PoolTask>();
  #nextToken = 1;

  constructor(options: TaskPoolOptions = {}) {
    this.threads = options.threads ?? Math.max(1, availableParallelism() - 1);
    const entry = options.workerFile
      ? { file: options.workerFile, execArgv: options.workerFile.endsWith('.ts') ? ['--import', 'tsx'] : [] }
      : defaultWorkerFile();
    this.#pool = new Piscina<PoolTaskMessage, PoolTaskResult>({
      filename: entry.file,
      execArgv: entry.execArgv,
      minThreads: this.threads,
      maxThreads: this.threads,
      concurrentTasksPerWorker: 1,
      idleTimeout: 60_000,
      env: options.env ?? (process.env as Record<string, string>),
      workerData: { warmUp: options.warmUp } satisfies PoolWorkerData,
      resourceLimits: { maxOldGenerationSizeMb: options.maxOldGenerationSizeMb ?? 2048 },
    });
    this.#pool.on('error', (err: Error) => options.onError?.(err));
    // A thread that replaces a terminated one is ready: hand it a waiting task. (Piscina tells
    // before it counts the thread as ready, hence the microtask.)
    this.#pool.on('workerCreate', () => queueMicrotask(() => this.#fill()));
    this.#pool.on('message', (m: unknown) => {
      if (typeof m !== 'object' || m === null || !(PROGRESS_KEY in m)) return;
      const message = m as ProgressMessage;
      // A message for a task already settled is dropped.
      const task = this.#listening.get(message[PROGRESS_KEY]);
      if (!task) return;
      if (message.started) {
        const limit = task.options.timeLimitMs;
        if (limit && !task.timer) task.timer = setTimeout(() => task.abort('timed_out'), limit);
        return;
      }
      task.options.onProgress?.(message.fraction, message.stage);
    });
  }

  /** Tasks waiting for a free thread. */
  get queueSize(): number {
    return this.#waiting.size + this.#pool.queueSize;
  }

  /** Runs one task; resolves with its result or throws a {@link TaskError}. */
  run(kind: string, input: unknown, options: RunOptions = {}): Promise<unknown> {
    return this.start(kind, input, options).result;
  }

  /** Queues one task and returns its handle (abort it with `abort`, or through `options.signal`). */
  start(kind: string, input: unknown, options: RunOptions = {}): PoolRun {
    const task = new PoolTask(this, kind, input, options.priority ?? 0, options);
    if (this.#closed) {
      task.settled = true;
      task.reject(new TaskError('cancelled', 'the pool is closed'));
      return task;
    }
    const signal = options.signal;
    if (signal) {
      if (signal.aborted) {
        task.settled = true;
        task.reject(new TaskError('cancelled', 'the task was cancelled'));
        return task;
      }
      const relay = () => task.abort(signal.reason === 'timed_out' ? 'timed_out' : 'cancelled');
      signal.addEventListener('abort', relay, { once: true });
      task.unlink = () => signal.removeEventListener('abort', relay);
    }
    this.#waiting.push(task);
    this.#fill();
    return task;
  }

  /** Called by a waiting task that was aborted. */
  dropWaiting(task: PoolTask): void {
    if (!this.#waiting.remove(task)) return;
    this.#settle(task, this.#abortError(task));
  }

  /** Hands waiting tasks to idle threads, highest priority first. */
  #fill(): void {
    if (this.#closed) return;
    while (this.#waiting.size > 0 && this.#pool.idleThreads > 0) this.#handOff(this.#waiting.shift()!);
  }

  #handOff(task: PoolTask): void {
    task.started = true;
    const { onProgress, timeLimitMs, onStart } = task.options;
    const message: PoolTaskMessage = { kind: task.kind, input: task.input };
    if (task.options.files) message.files = task.options.files;
    if (onProgress || timeLimitMs) {
      task.token = this.#nextToken++;
      this.#listening.set(task.token, task);
      message.progress = task.token;
      // The time limit counts from the thread's own start of the task.
      if (timeLimitMs) message.announce = true;
    }
    this.#pool.run(message, { signal: task }).then(
      (result) => {
        if (result.ok) this.#settle(task, null, result.value);
        else this.#settle(task, new TaskError(result.error.code, result.error.message, result.error.retryable));
      },
      (err: unknown) => this.#settle(task, this.#classify(err, task)),
    );
    onStart?.();
  }

  #settle(task: PoolTask, error: TaskError | null, value?: unknown): void {
    if (task.settled) return;
    task.settled = true;
    if (task.timer) clearTimeout(task.timer);
    if (task.token) this.#listening.delete(task.token);
    task.unlink?.();
    if (error) task.reject(error);
    else task.resolve(value);
    // Its thread is free (or being replaced): the next waiting task goes.
    if (task.started) this.#fill();
  }

  /** The error of an aborted task: over its time limit, or cancelled. */
  #abortError(task: PoolTask): TaskError {
    if (task.reason === 'timed_out') return new TaskError('timed_out', `the task ran longer than its time limit of ${task.options.timeLimitMs ?? '?'} ms and was stopped`);
    return new TaskError('cancelled', 'the task was cancelled');
  }

  #classify(err: unknown, task: PoolTask): TaskError {
    if (err instanceof TaskError) return err;
    const e = err as Error & { code?: string };
    if (task.aborted) return this.#abortError(task);
    if (e?.code === 'ERR_WORKER_OUT_OF_MEMORY') return new TaskError('out_of_memory', `the worker ran out of memory: ${e.message}`);
    if (typeof e?.message === 'string' && e.message.startsWith('worker exited with code')) {
      return new TaskError('worker_exited', `the worker thread stopped (${e.message})`, true);
    }
    if (this.#closed) return new TaskError('cancelled', 'the pool was closed while the task ran', true);
    return new TaskError('worker_crashed', `the worker thread failed: ${e?.message ?? String(err)}`, true);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (let task = this.#waiting.shift(); task; task = this.#waiting.shift()) this.#settle(task, new TaskError('cancelled', 'the pool was closed before the task ran', true));
    await this.#pool.destroy();
  }
}

export type { TaskErrorInfo };
