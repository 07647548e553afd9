import type { TaskErrorInfo } from '../../../shared/task-error.js';
import type { FileRef } from './file-ref.js';

/** One attempt of a pool task, as handed to a runner. */
export interface DispatchJob {
  taskId: number;
  /** 1-based attempt number (part of the broker job id). */
  attempt: number;
  workerKind: string;
  input: unknown;
  /** The input files (see PoolWork.files): the broker runner makes their bytes reachable. */
  files?: readonly FileRef[];
  priority: number;
  timeLimitMs: number | null;
}

/** Where an attempt runs: `local`, or a worker's host name and id. */
export interface RanOn {
  host: string;
  workerId: string | null;
}

/** How a runner reports back to the task service. Each call may come more than once. */
export interface RunnerEvents {
  started(taskId: number, ranOn: RanOn): void;
  progress(taskId: number, fraction: number, stage: string): void;
  succeeded(taskId: number, result: unknown, ranOn: RanOn | null): void;
  failed(taskId: number, error: TaskErrorInfo): void;
  /** The broker became unreachable (true) or reachable again (false). */
  brokerDown?(down: boolean): void;
  /** The broker lost the job of this task (e.g. Redis restarted empty): dispatch it again. */
  lost?(taskId: number): void;
  /** A dispatched attempt came back unstarted (the queue was paused): queue it again, uncounted. */
  recalled?(taskId: number): void;
  /** Unfinished broker tasks with their job ids (the database's view), for reconciliation. */
  pending(): Array<{ taskId: number; jobId: string | null }>;
}

/** A way to run pool tasks: the local Piscina pool or a BullMQ queue. */
export interface TaskRunner {
  readonly name: 'local' | 'broker';
  /** How many attempts it accepts at once (the service keeps the rest queued in SQLite, by priority). */
  readonly capacity: number;
  /** Starts an attempt. Must not throw for task errors: report them through `failed`. */
  dispatch(job: DispatchJob): Promise<{ jobId: string | null }>;
  /** Takes back attempts handed over but not started (pausing); they come back through `recalled`. */
  recallWaiting?(): void;
  /** Starts the threads that run this process's share of the work ahead of it (see LocalRunner.prestart). */
  prestart?(): void;
  /**
   * The reports delivered so far are written (`true`), or were lost with a failed transaction
   * (`false`). The broker runner removes the jobs of recorded results only then, in one batch.
   */
  reportsRecorded?(ok: boolean): void;
  /** Stops an attempt if it runs or waits here. */
  cancel(taskId: number, jobId: string | null): Promise<void>;
  /** Brings the runner up; the broker runner reconciles the given unfinished tasks. */
  start(pending: ReadonlyArray<{ taskId: number; jobId: string | null }>): Promise<void>;
  close(): Promise<void>;
}
