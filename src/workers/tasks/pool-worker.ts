/**
 * The Piscina worker entry: runs one task of a registered kind. Failures come back as a value
 * (`{ ok: false, error }`) rather than a throw, so their code survives the thread boundary;
 * only a dying thread (process.exit, out of memory, termination) rejects the pool's promise.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { issueText } from '../../shared/errors.js';
import { TaskError, type TaskErrorInfo, toTaskErrorInfo } from './errors.js';
import { workerKinds } from './kinds/index.js';
import type { WarmUpLevel } from './kinds/types.js';

/** What the pool tells its threads when it starts them (Piscina's `workerData`). */
export interface PoolWorkerData {
  /** Run every kind's warm-up at this level before taking tasks (see WorkerKind.warmUp). */
  warmUp?: WarmUpLevel;
}

/** Runs the warm-up of every kind that has one; returns how many ran without throwing. */
export function warmUpKinds(level: WarmUpLevel): number {
  let ok = 0;
  for (const kind of workerKinds.values()) {
    if (!kind.warmUp) continue;
    try {
      kind.warmUp(level);
      ok++;
    } catch {
      // whatever the warm-up meets says nothing about real tasks, which report their own errors
    }
  }
  return ok;
}

// before this module finishes loading, so the pool hands this thread no task until it is done
const level = (workerData as PoolWorkerData | undefined)?.warmUp;
if (level === 'quick' || level === 'thorough') warmUpKinds(level);

export interface PoolTaskMessage {
  kind: string;
  input: unknown;
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

export default async function runTask(message: PoolTaskMessage): Promise<PoolTaskResult> {
  const token = message.progress;
  const post = token === undefined || !parentPort ? null : parentPort;
  // The pool knows when it hands a task over; it asks to hear the start only to time a limit.
  if (message.announce) post?.postMessage({ [PROGRESS_KEY]: token!, fraction: 0, stage: 'started', started: true } satisfies ProgressMessage);
  try {
    const kind = workerKinds.get(message.kind);
    if (!kind) throw new TaskError('unknown_kind', `no worker for task kind "${message.kind}"`);
    const parsed = kind.input.safeParse(message.input);
    if (!parsed.success) {
      throw new TaskError('invalid_argument', `${message.kind}: malformed payload: ${issueText(parsed.error)}`);
    }
    let last = 0;
    let lastStage = '';
    const value = await kind.run(parsed.data, {
      progress(fraction, stage) {
        if (!post) return;
        const now = Date.now();
        if (stage === lastStage && now - last < 100) return;
        last = now;
        lastStage = stage;
        post.postMessage({ [PROGRESS_KEY]: token!, fraction: Math.min(1, Math.max(0, fraction)), stage } satisfies ProgressMessage);
      },
    });
    return { ok: true, value };
  } catch (err) {
    return { ok: false, error: toTaskErrorInfo(err) };
  }
}
