/**
 * Writing new tasks: each payload checked against its kind's schema, the row's columns from the
 * caller's options and the kind's defaults, then the rows inserted together (all or none). The
 * task service calls it from `enqueue`/`enqueueMany` and then wakes its dispatcher.
 */
import type { TaskStatus } from '../../../shared/domain.js';
import { AppError, issueText } from '../../../shared/errors.js';
import type { KindContext, TaskKind } from './kinds/index.js';
import type { TaskRow } from './task-rows.js';
import type { TaskStore } from './task-store.js';
import { existingRow } from './task-payload.js';

export interface EnqueueOptions {
  /** Higher runs first (work the user asked for now: 10; bulk imports: 0). */
  priority?: number;
  /** Attempts before giving up on retryable errors (≥ 1). */
  maxAttempts?: number;
  /** Milliseconds of running before the task is stopped with `timed_out`; null = none. */
  timeLimitMs?: number | null;
  /** Do not start before this many milliseconds. */
  delayMs?: number;
  batchId?: string | null;
}

/** A task to write: its kind's name, its payload (checked here) and options. */
export interface NewTask {
  kind: string;
  payload: unknown;
  options?: EnqueueOptions;
}

/** What writing tasks needs: the store, the kinds, their hooks' context and the runner to queue for. */
export interface EnqueueContext {
  store: TaskStore;
  kinds: ReadonlyMap<string, TaskKind>;
  ctx: KindContext;
  /** Now, in ms since the epoch. */
  now: number;
  /** The runner pool tasks are queued for. */
  poolRunner: 'local' | 'broker';
  /** Broker tasks are written `waiting` while the broker is unreachable. */
  brokerDown: boolean;
}

/** A written task: its row (as its kind's `onQueued` hook left it) and where it was queued. */
export interface WrittenTask {
  row: TaskRow;
  runner: TaskRow['runner'];
  /** When a delayed task may start (ISO 8601), or null. */
  runAfter: string | null;
}

/**
 * Writes `tasks` as queued rows in one transaction; nothing is written if one is malformed
 * (`invalid_argument`: unknown kind, payload not matching its schema, maxAttempts not 1..100).
 */
export function writeTasks(c: EnqueueContext, tasks: readonly NewTask[]): WrittenTask[] {
  const { now, kinds } = c;
  const iso = new Date(now).toISOString();
  // Validate everything first: nothing is written if one is malformed.
  const prepared = tasks.map(({ kind: kindName, payload, options = {} }) => {
    const kind = kinds.get(kindName);
    if (!kind) throw new AppError('invalid_argument', `unknown task kind "${kindName}" (known: ${[...kinds.keys()].join(', ')})`);
    const parsed = kind.payload.safeParse(payload);
    if (!parsed.success) {
      throw new AppError('invalid_argument', `${kindName}: malformed payload: ${issueText(parsed.error)}`);
    }
    const maxAttempts = options.maxAttempts ?? kind.defaults.maxAttempts;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 100) throw new AppError('invalid_argument', 'maxAttempts must be 1..100');
    const runAfter = options.delayMs && options.delayMs > 0 ? new Date(now + options.delayMs).toISOString() : null;
    const runner: TaskRow['runner'] = kind.execution === 'inline' ? 'inline' : c.poolRunner;
    const status: TaskStatus = runner === 'broker' && c.brokerDown ? 'waiting' : 'queued';
    return { kindName, kind, data: parsed.data, options, maxAttempts, runAfter, runner, status };
  });
  // No RETURNING *: the new row is known here, save for its id (reading all its columns back
  // costs as much as the insert). A kind with an onQueued hook may change it: read that one.
  const insertAll = () =>
    prepared.map((t): TaskRow => {
      const row: TaskRow = {
        id: 0, kind: t.kindName, payload: JSON.stringify(t.data), status: t.status, priority: t.options.priority ?? t.kind.defaults.priority,
        attempts: 0, max_attempts: t.maxAttempts, progress: 0, stage: null, error_code: null, error_message: null, ran_on: null, worker_id: null,
        result_ref: null, product_id: t.kind.productOf?.(t.data) ?? null, batch_id: t.options.batchId ?? null,
        time_limit_ms: t.options.timeLimitMs === undefined ? t.kind.defaults.timeLimitMs : t.options.timeLimitMs, run_after: t.runAfter,
        created_at: iso, started_at: null, finished_at: null, updated_at: iso, runner: t.runner, owner: null, job_id: null, heartbeat_at: null,
      };
      row.id = c.store.insert(row);
      if (t.kind.onQueued) {
        t.kind.onQueued(c.ctx, row, t.data);
        // The hook may have changed the row.
        return existingRow(c.store, row.id);
      }
      return row;
    });
  // One row and no hook: the INSERT is a transaction by itself (no BEGIN/COMMIT statements).
  const rows = prepared.length === 1 && !prepared[0]!.kind.onQueued ? insertAll() : c.store.tx(insertAll);
  return rows.map((row, i) => ({ row, runner: prepared[i]!.runner, runAfter: prepared[i]!.runAfter }));
}
