import type { TaskStatus, TaskView } from '../../../shared/domain.js';
import type { Db } from '../db/open.js';

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
  };
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
  "id, kind, status, attempts, max_attempts, priority, progress, stage, error_code, error_message, ran_on, product_id, batch_id, created_at, started_at, finished_at, CASE WHEN kind = 'photometry' AND json_valid(payload) THEN json_extract(payload, '$.targetId') END";

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
  };
}

export interface TaskFilter {
  status?: readonly TaskStatus[];
  kind?: string;
  productId?: number;
  limit?: number;
}

const byId = new WeakMap<Db, ReturnType<Db['prepare']>>();

export function getTaskRow(db: Db, id: number): TaskRow | undefined {
  let st = byId.get(db);
  if (!st) {
    st = db.prepare('SELECT * FROM tasks WHERE id = ?');
    byId.set(db, st);
  }
  return st.get(id) as TaskRow | undefined;
}

/** Tasks newest first, filtered by status, kind and product. */
export function listTaskRows(db: Db, filter: TaskFilter = {}): TaskRow[] {
  const where: string[] = [];
  const params: Array<string | number> = [];
  if (filter.status && filter.status.length > 0) {
    where.push(`status IN (${filter.status.map(() => '?').join(', ')})`);
    params.push(...filter.status);
  }
  if (filter.kind !== undefined) {
    where.push('kind = ?');
    params.push(filter.kind);
  }
  if (filter.productId !== undefined) {
    where.push('product_id = ?');
    params.push(filter.productId);
  }
  const sql = `SELECT * FROM tasks ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
  params.push(filter.limit ?? 1000);
  return db.prepare(sql).all(...params) as TaskRow[];
}
