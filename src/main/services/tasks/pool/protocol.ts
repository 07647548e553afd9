/**
 * What the pool (main thread, pool.ts) and its threads (src/workers/pool-worker.ts) say to each
 * other. Worker-safe: types and one constant, nothing else.
 */
import type { TaskErrorInfo } from '../../../../shared/task-error.js';
import type { WarmUpLevel } from '../kinds/worker-types.js';

/** What the pool tells its threads when it starts them (Piscina's `workerData`). */
export interface PoolWorkerData {
  /** Run every kind's warm-up at this level before taking tasks (see WorkerKind.warmUp). */
  warmUp?: WarmUpLevel;
}

export interface PoolTaskMessage {
  kind: string;
  input: unknown;
  /**
   * Where this machine has the task's input files, by content hash (sha256 → path), when a
   * runner fetched them (a broker worker without the library's disk). A file not listed is read
   * at the path its reference names (see WorkerContext.file).
   */
  files?: Record<string, string>;
  /**
   * When set, `{ [PROGRESS_KEY]: progress, fraction, stage }` messages go to the pool over the
   * thread's parent port (Piscina's `message` event): one channel per thread, none per task.
   */
  progress?: number;
  /** With `progress`: first say `{ [PROGRESS_KEY]: progress, started: true }` (a time limit counts from then). */
  announce?: boolean;
}

/** The key that marks a progress message on the parent port; its value is the task's progress token. */
export const PROGRESS_KEY = '__nightshiftProgress';

export type PoolTaskResult = { ok: true; value: unknown } | { ok: false; error: TaskErrorInfo };

export interface ProgressMessage {
  [PROGRESS_KEY]: number;
  fraction: number;
  stage: string;
  /** The thread has started the task (asked for with `announce`). */
  started?: true;
}
