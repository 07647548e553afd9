/**
 * The local compute pool: Piscina threads running `pool-worker`. One task per thread; progress
 * comes back over each thread's parent port, tagged with a per-task token (no channel per task); cancellation and time limits abort the task, which
 * terminates its thread (Piscina starts a replacement). A thread that throws, exits or runs
 * out of memory fails only its own task.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { TaskError, type TaskErrorInfo } from './errors.js';
import { PriorityTaskQueue } from './priority-queue.js';
import { PROGRESS_KEY, type PoolTaskMessage, type PoolTaskResult, type ProgressMessage } from './pool-worker.js';

export interface TaskPoolOptions {
  /** Worker threads (default: cores − 1, at least 1). */
  threads?: number;
  /** Worker entry; default: `pool-worker` next to this module (built JS or TS through tsx). */
  workerFile?: string;
  /** Old-generation heap limit of each thread (MB); a thread over it fails its task with `out_of_memory`. */
  maxOldGenerationSizeMb?: number;
  /** Environment of the threads (default: a copy of this process's). */
  env?: Record<string, string>;
  /** Called with pool-level errors (a thread failing with no task). */
  onError?: (err: Error) => void;
}

export interface RunOptions {
  signal?: AbortSignal;
  /** Cancels the task with `timed_out` after this many milliseconds of running (counted from its start on a thread). */
  timeLimitMs?: number | null;
  /** Among tasks waiting for a thread, higher goes first (default 0). */
  priority?: number;
  /** The task got a thread and starts. */
  onStart?: () => void;
  onProgress?: (fraction: number, stage: string) => void;
}

/** Where the worker entry is: built JS beside this file or in out/workers/tasks, else the TS source. */
export function defaultWorkerFile(): { file: string; execArgv: string[] } {
  const candidates = [
    new URL('./pool-worker.js', import.meta.url),
    new URL('../workers/tasks/pool-worker.js', import.meta.url), // bundled CLI: out/cli/main.js
    new URL('../../workers/tasks/pool-worker.js', import.meta.url),
  ];
  for (const url of candidates) {
    const file = fileURLToPath(url);
    if (existsSync(file)) return { file, execArgv: [] };
  }
  const ts = fileURLToPath(new URL('./pool-worker.ts', import.meta.url));
  if (existsSync(ts)) return { file: ts, execArgv: ['--import', 'tsx'] };
  throw new Error('pool-worker entry not found (run "npm run build")');
}

export class TaskPool {
  readonly threads: number;
  readonly #pool: Piscina<PoolTaskMessage, PoolTaskResult>;
  #closed = false;
  /** Progress listeners of the tasks in the pool, by token. */
  readonly #listeners = new Map<number, (m: ProgressMessage) => void>();
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
      taskQueue: new PriorityTaskQueue(),
      idleTimeout: 60_000,
      env: options.env ?? (process.env as Record<string, string>),
      resourceLimits: { maxOldGenerationSizeMb: options.maxOldGenerationSizeMb ?? 2048 },
    });
    this.#pool.on('error', (err: Error) => options.onError?.(err));
    this.#pool.on('message', (m: unknown) => {
      if (typeof m !== 'object' || m === null || !(PROGRESS_KEY in m)) return;
      const message = m as ProgressMessage;
      // A message for a task already settled is dropped.
      this.#listeners.get(message[PROGRESS_KEY])?.(message);
    });
  }

  /** Tasks waiting for a free thread. */
  get queueSize(): number {
    return this.#pool.queueSize;
  }

  /** Runs one task; resolves with its result or throws a {@link TaskError}. */
  async run(kind: string, input: unknown, options: RunOptions = {}): Promise<unknown> {
    if (this.#closed) throw new TaskError('cancelled', 'the pool is closed');
    // Our own controller only when a time limit may abort; otherwise the caller's signal as is.
    const controller = options.timeLimitMs ? new AbortController() : null;
    const relay = () => controller?.abort(options.signal?.reason ?? 'cancelled');
    if (controller) {
      if (options.signal?.aborted) relay();
      options.signal?.addEventListener('abort', relay, { once: true });
    }
    const signal = controller?.signal ?? options.signal;
    let timer: NodeJS.Timeout | undefined;
    const token = this.#nextToken++;
    this.#listeners.set(token, (m) => {
      if (m.stage === 'started' && m.fraction === 0) {
        if (controller && !timer && options.timeLimitMs) timer = setTimeout(() => controller.abort('timed_out'), options.timeLimitMs);
        options.onStart?.();
        return;
      }
      options.onProgress?.(m.fraction, m.stage);
    });
    try {
      const message: PoolTaskMessage & { [Piscina.queueOptionsSymbol]: { priority: number } } = {
        kind,
        input,
        progress: token,
        [Piscina.queueOptionsSymbol]: { priority: options.priority ?? 0 },
      };
      const result = await this.#pool.run(message, signal ? { signal } : {});
      if (result.ok) return result.value;
      throw new TaskError(result.error.code, result.error.message, result.error.retryable);
    } catch (err) {
      throw this.#classify(err, signal, options.timeLimitMs ?? null);
    } finally {
      if (timer) clearTimeout(timer);
      if (controller) options.signal?.removeEventListener('abort', relay);
      this.#listeners.delete(token);
    }
  }

  #classify(err: unknown, signal: AbortSignal | undefined, timeLimitMs: number | null): TaskError {
    if (err instanceof TaskError) return err;
    const e = err as Error & { code?: string };
    if (signal?.aborted) {
      if (signal.reason === 'timed_out') return new TaskError('timed_out', `the task ran longer than its time limit of ${timeLimitMs} ms and was stopped`);
      return new TaskError('cancelled', 'the task was cancelled');
    }
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
    await this.#pool.destroy();
  }
}

export type { TaskErrorInfo };
