import { TaskError, toTaskErrorInfo } from '../../../workers/tasks/errors.js';
import { TaskPool, type TaskPoolOptions } from '../../../workers/tasks/pool.js';
import type { DispatchJob, RunnerEvents, TaskRunner } from './runner.js';

/**
 * The default runner: a Piscina pool in this process. The pool starts on the first task, so a
 * library opened only to list things starts no threads.
 */
export class LocalRunner implements TaskRunner {
  readonly name = 'local' as const;
  readonly capacity: number;
  readonly #events: RunnerEvents;
  readonly #poolOptions: TaskPoolOptions;
  #pool: TaskPool | null = null;
  readonly #running = new Map<number, AbortController>();
  readonly #started = new Set<number>();
  readonly #recalled = new Set<number>();

  constructor(events: RunnerEvents, poolOptions: TaskPoolOptions & { threads: number }) {
    this.#events = events;
    this.#poolOptions = poolOptions;
    // A few tasks wait in the pool (in priority order), so a thread never idles while this
    // thread records the previous result; the rest stays queued in SQLite, by priority.
    this.capacity = Math.max(32, poolOptions.threads * 16);
  }

  /** The pool (started on demand); the app's own BullMQ worker shares it. */
  pool(): TaskPool {
    this.#pool ??= new TaskPool(this.#poolOptions);
    return this.#pool;
  }

  async start(): Promise<void> {}

  async dispatch(job: DispatchJob): Promise<{ jobId: null }> {
    const controller = new AbortController();
    this.#running.set(job.taskId, controller);
    this.pool()
      .run(job.workerKind, job.input, {
        signal: controller.signal,
        timeLimitMs: job.timeLimitMs,
        priority: job.priority,
        onStart: () => {
          this.#started.add(job.taskId);
          this.#events.started(job.taskId, { host: 'local', workerId: null });
        },
        onProgress: (fraction, stage) => this.#events.progress(job.taskId, fraction, stage),
      })
      .then(
        (result) => this.#events.succeeded(job.taskId, result, { host: 'local', workerId: null }),
        (err: unknown) => {
          if (this.#recalled.delete(job.taskId)) this.#events.recalled?.(job.taskId);
          else this.#events.failed(job.taskId, err instanceof TaskError ? err.toInfo() : toTaskErrorInfo(err));
        },
      )
      .finally(() => {
        this.#running.delete(job.taskId);
        this.#started.delete(job.taskId);
      });
    return { jobId: null };
  }

  /** Takes back the tasks handed to the pool that have not started (pausing the queue). */
  recallWaiting(): void {
    for (const [id, controller] of this.#running) {
      if (this.#started.has(id)) continue;
      this.#recalled.add(id);
      controller.abort('recalled');
    }
  }

  async cancel(taskId: number): Promise<void> {
    this.#running.get(taskId)?.abort('cancelled');
  }

  async close(): Promise<void> {
    for (const c of this.#running.values()) c.abort('cancelled');
    await this.#pool?.close();
    this.#pool = null;
  }
}
