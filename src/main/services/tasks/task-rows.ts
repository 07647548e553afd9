import type { TaskStatus, TaskView } from '../../../shared/domain.js';

/** A `tasks` row as SQLite returns it. */
export interface TaskRow {
  id: number;
  kind: string;
  payload: string;
  status: TaskStatus;
  priority: number;
  attempts: number;
  max_attempts: number;
  progress: number;
  stage: string | null;
  error_code: string | null;
  error_message: string | null;
  ran_on: string | null;
  worker_id: string | null;
  result_ref: string | null;
  product_id: number | null;
  batch_id: string | null;
  time_limit_ms: number | null;
  run_after: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  updated_at: string;
  /** 0002 */
  runner: 'local' | 'broker' | 'inline';
  owner: string | null;
  job_id: string | null;
  heartbeat_at: string | null;
}

export function toTaskView(row: TaskRow): TaskView {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    priority: row.priority,
    progress: row.progress,
    stage: row.stage,
    error: row.error_code ? { code: row.error_code, message: row.error_message ?? '' } : null,
    ranOn: row.ran_on,
    productId: row.product_id,
    targetId: targetIdOf(row.kind, row.payload),
    batchId: row.batch_id,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    outcome: outcomeOf(row.kind, row.status, row.result_ref),
  };
}

/**
 * A succeeded task's answer ({@link TaskView.outcome}): a `solve` task's result reference is
 * `solution:<product id>:<solved or the reason it was not>` (kinds/solve/service.ts).
 */
export function outcomeOf(kind: string, status: TaskStatus, resultRef: string | null): string | null {
  if (kind !== 'solve' || status !== 'succeeded' || !resultRef?.startsWith('solution:')) return null;
  return resultRef.slice(resultRef.lastIndexOf(':') + 1) || null;
}

/** The target id in a `photometry` task's payload (`{ targetId }`); null for other kinds or a payload without one. */
export function targetIdOf(kind: string, payload: string): number | null {
  if (kind !== 'photometry') return null;
  try {
    const id = (JSON.parse(payload) as { targetId?: unknown }).targetId;
    return typeof id === 'number' && Number.isInteger(id) ? id : null;
  } catch {
    return null;
  }
}

/** The columns a {@link TaskView} needs, in the order {@link viewOfColumns} reads them. */
export const TASK_VIEW_COLUMNS =
  "id, kind, status, attempts, max_attempts, priority, progress, stage, error_code, error_message, ran_on, product_id, batch_id, created_at, started_at, finished_at, CASE WHEN kind = 'photometry' AND json_valid(payload) THEN json_extract(payload, '$.targetId') END, result_ref";

/**
 * A task view from one row of `SELECT ${TASK_VIEW_COLUMNS}` read in raw mode (an array): for
 * reading many rows at once, much cheaper than row objects of every column.
 */
export function viewOfColumns(c: readonly unknown[]): TaskView {
  const errorCode = c[8] as string | null;
  return {
    id: c[0] as number,
    kind: c[1] as string,
    status: c[2] as TaskStatus,
    attempts: c[3] as number,
    maxAttempts: c[4] as number,
    priority: c[5] as number,
    progress: c[6] as number,
    stage: c[7] as string | null,
    error: errorCode ? { code: errorCode, message: (c[9] as string | null) ?? '' } : null,
    ranOn: c[10] as string | null,
    productId: c[11] as number | null,
    targetId: typeof c[16] === 'number' && Number.isInteger(c[16]) ? c[16] : null,
    batchId: c[12] as string | null,
    createdAt: c[13] as string,
    startedAt: c[14] as string | null,
    finishedAt: c[15] as string | null,
    outcome: outcomeOf(c[1] as string, c[2] as TaskStatus, c[17] as string | null),
  };
}

export interface TaskFilter {
  status?: readonly TaskStatus[];
  kind?: string;
  productId?: number;
  limit?: number;
}
