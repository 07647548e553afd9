/**
 * The Piscina worker entry: runs one task of a registered kind. Failures come back as a value
 * (`{ ok: false, error }`) rather than a throw, so their code survives the thread boundary;
 * only a dying thread (process.exit, out of memory, termination) rejects the pool's promise.
 */
import type { MessagePort } from 'node:worker_threads';
import { TaskError, type TaskErrorInfo, toTaskErrorInfo } from './errors.js';
import { workerKinds } from './kinds/index.js';

export interface PoolTaskMessage {
  kind: string;
  input: unknown;
  /** Receives `{ fraction, stage }` progress messages. */
  port?: MessagePort;
}

export type PoolTaskResult = { ok: true; value: unknown } | { ok: false; error: TaskErrorInfo };

export interface ProgressMessage {
  fraction: number;
  stage: string;
}

export default async function runTask(message: PoolTaskMessage): Promise<PoolTaskResult> {
  const port = message.port;
  // First message: the task has a thread (the pool may hold a task queued for a moment).
  port?.postMessage({ fraction: 0, stage: 'started' } satisfies ProgressMessage);
  try {
    const kind = workerKinds.get(message.kind);
    if (!kind) throw new TaskError('unknown_kind', `no worker for task kind "${message.kind}"`);
    const parsed = kind.input.safeParse(message.input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new TaskError('invalid_argument', `${message.kind}: malformed payload: ${issue?.message ?? 'invalid'}${issue?.path.length ? ` at ${issue.path.join('.')}` : ''}`);
    }
    let last = 0;
    let lastStage = '';
    const value = await kind.run(parsed.data, {
      progress(fraction, stage) {
        if (!port) return;
        const now = Date.now();
        if (stage === lastStage && now - last < 100) return;
        last = now;
        lastStage = stage;
        port.postMessage({ fraction: Math.min(1, Math.max(0, fraction)), stage } satisfies ProgressMessage);
      },
    });
    return { ok: true, value };
  } catch (err) {
    return { ok: false, error: toTaskErrorInfo(err) };
  } finally {
    port?.close();
  }
}
