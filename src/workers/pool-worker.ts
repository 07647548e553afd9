/**
 * The Piscina worker entry: runs one task of a registered kind. Failures come back as a value
 * (`{ ok: false, error }`) rather than a throw, so their code survives the thread boundary;
 * only a dying thread (process.exit, out of memory, termination) rejects the pool's promise.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { issueText } from '../shared/errors.js';
import { TaskError, toTaskErrorInfo } from '../shared/task-error.js';
import { warmUpKinds, workerKinds } from '../main/services/tasks/kinds/worker-registry.js';
import { PROGRESS_KEY, type PoolTaskMessage, type PoolTaskResult, type PoolWorkerData, type ProgressMessage } from '../main/services/tasks/pool/protocol.js';

// before this module finishes loading, so the pool hands this thread no task until it is done
const level = (workerData as PoolWorkerData | undefined)?.warmUp;
if (level === 'quick' || level === 'thorough') warmUpKinds(level);

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
    const files = message.files;
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
      file: (ref) => files?.[ref.sha256] ?? ref.path,
    });
    return { ok: true, value };
  } catch (err) {
    return { ok: false, error: toTaskErrorInfo(err) };
  }
}
