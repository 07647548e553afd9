import { TaskError, toTaskErrorInfo } from '../../../../shared/task-error.js';
import type { WarmUpLevel } from '../kinds/worker-types.js';
import { type PoolRun, TaskPool, type TaskPoolOptions } from './pool.js';
import type { DispatchJob, RanOn, RunnerEvents, TaskRunner } from '../runner.js';

const LOCAL: RanOn = Object.freeze({ host: 'local', workerId: null });
/** What every local dispatch returns (no job id): one settled promise, not one per task. */
const RESOLVED_LOCAL: Promise<{ jobId: null }> = Promise.resolve({ jobId: null });
/**
 * The pool's options, with `warmUp` a switch: the threads warm up as they start, `quick` when
 * the first task starts them, `thorough` when {@link LocalRunner.prestart} does.
 */
export type LocalPoolOptions = Omit<TaskPoolOptions, 'warmUp'> & { threads: number; warmUp?: boolean };

/**
 * The default runner: a Piscina pool in this process. The pool starts on the first task, so a
 * library opened only to list things starts no threads, or earlier through {@link prestart}.
 */
export class LocalRunner implements TaskRunner {
  readonly name = 'local' as const;
  readonly capacity: number;
  readonly #events: RunnerEvents;
  readonly #poolOptions: LocalPoolOptions;
  #pool: TaskPool | null = null;
  /** Attempts handed to the pool and not settled. */
  readonly #running = new Map<number, PoolRun>();
  readonly #recalled = new Set<number>();

  constructor(events: RunnerEvents, poolOptions: LocalPoolOptions) {
    this.#events = events;
    this.#poolOptions = poolOptions;
    // Tasks wait in the pool's own queue (by priority, so later urgent work still goes first),
    // so a thread never idles while this thread records results; the rest stays queued in
    // SQLite. The service refills by halves: claims of many rows, one statement each.
    this.capacity = Math.max(128, poolOptions.threads * 32);
  }

  /** The pool (started on demand); the app's own BullMQ worker shares it. */
  pool(): TaskPool {
    return (this.#pool ??= this.#newPool('quick'));
  }

  /**
   * Starts the pool's threads ahead of any task (the app, idle after launch), so that they
   * have started and warmed up (thoroughly) by the time work comes. Does nothing when the pool
   * is already running.
   */
  prestart(): void {
    this.#pool ??= this.#newPool('thorough');
  }

  #newPool(level: WarmUpLevel): TaskPool {
    const { warmUp, ...options } = this.#poolOptions;
    return new TaskPool({ ...options, warmUp: warmUp === true ? level : undefined });
  }

  async start(): Promise<void> {}

  dispatch(job: DispatchJob): Promise<{ jobId: null }> {
    const id = job.taskId;
    const events = this.#events;
    const run = this.pool().start(job.workerKind, job.input, {
      timeLimitMs: job.timeLimitMs,
      priority: job.priority,
      onStart: () => events.started(id, LOCAL),
      onProgress: (fraction, stage) => events.progress(id, fraction, stage),
    });
    this.#running.set(id, run);
    run.result.then(
      (result) => {
        this.#running.delete(id);
        events.succeeded(id, result, LOCAL);
      },
      (err: unknown) => {
        this.#running.delete(id);
        if (this.#recalled.delete(id)) events.recalled?.(id);
        else events.failed(id, err instanceof TaskError ? err.toInfo() : toTaskErrorInfo(err));
      },
    );
    return RESOLVED_LOCAL;
  }

  /** Takes back the tasks handed to the pool that have not started (pausing the queue). */
  recallWaiting(): void {
    for (const [id, run] of this.#running) {
      if (run.started) continue;
      this.#recalled.add(id);
      run.abort('recalled');
    }
  }

  async cancel(taskId: number): Promise<void> {
    this.#running.get(taskId)?.abort('cancelled');
  }

  async close(): Promise<void> {
    for (const run of this.#running.values()) run.abort('cancelled');
    await this.#pool?.close();
    this.#pool = null;
  }
}
