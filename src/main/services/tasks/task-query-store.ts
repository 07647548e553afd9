/**
 * The read-only questions other features ask about tasks ({@link TaskQueries}), in SQL on
 * `tasks`, and the statement cache the task store shares (TaskStore extends this class).
 * Times are ISO 8601 strings (UTC), as the rows store them; ids are `tasks.id`.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open.js';
import type { BatchCounts, EndedTask, FinishedTask, TaskQueries } from './task-queries.js';

/** A batch's tasks by kind and state (TaskQueries.batchCounts); index `tasks_by_batch` finds them. */
export const BATCH_COUNTS_SQL = `SELECT kind, count(*) AS total,
                sum(status = 'succeeded') AS ok,
                sum(status = 'failed') AS failed,
                sum(status = 'cancelled') AS cancelled,
                sum(status IN ('queued', 'waiting', 'running')) AS open
         FROM tasks WHERE batch_id = ? GROUP BY kind ORDER BY min(id)`;

/** Read-only SQL on `tasks`; statements are prepared once and kept (preparing costs more than running). */
export class TaskQueryStore implements TaskQueries {
  readonly #db: Db;
  readonly #statements = new Map<string, Statement>();

  constructor(db: Db) {
    this.#db = db;
  }

  /** The statement for `text`, prepared once and kept (at most 200 kept). */
  protected sql(text: string): Statement {
    let st = this.#statements.get(text);
    if (!st) {
      st = this.#db.prepare(text);
      if (this.#statements.size < 200) this.#statements.set(text, st);
    }
    return st;
  }

  queueCounts(): { running: number; queued: number } {
    const row = this.sql("SELECT sum(status = 'running') AS running, sum(status IN ('queued', 'waiting')) AS queued FROM tasks").get() as {
      running: number | null;
      queued: number | null;
    };
    return { running: row.running ?? 0, queued: row.queued ?? 0 };
  }

  openIds(): number[] {
    return (this.sql("SELECT id FROM tasks WHERE status IN ('queued', 'waiting', 'running') ORDER BY id").all() as Array<{ id: number }>).map((r) => r.id);
  }

  undispatched(ids: readonly number[]): number[] {
    const st = this.sql('SELECT status, job_id FROM tasks WHERE id = ?');
    return ids.filter((id) => {
      const row = st.get(id) as { status: string; job_id: string | null } | undefined;
      return row !== undefined && (row.status === 'queued' || row.status === 'waiting') && (row.job_id === null || row.job_id === 'pending');
    });
  }

  unclaimedPhotometryOf(targetId: number): number | undefined {
    const row = this.sql(
      "SELECT id FROM tasks WHERE kind = 'photometry' AND status IN ('queued', 'waiting') AND job_id IS NULL AND json_extract(payload, '$.targetId') = ? ORDER BY id LIMIT 1",
    ).get(targetId) as { id: number } | undefined;
    return row?.id;
  }

  queuedPhotometryOf(targetId: number): number[] {
    return (
      this.sql("SELECT id FROM tasks WHERE kind = 'photometry' AND status IN ('queued', 'waiting') AND json_extract(payload, '$.targetId') = ?").all(
        targetId,
      ) as Array<{ id: number }>
    ).map((r) => r.id);
  }

  openTaskOf(kind: string, productId: number): number | undefined {
    const row = this.sql(
      "SELECT id FROM tasks WHERE kind = ? AND product_id = ? AND status IN ('queued', 'waiting', 'running') ORDER BY id DESC LIMIT 1",
    ).get(kind, productId) as { id: number } | undefined;
    return row?.id;
  }

  openOfKinds(kinds: readonly string[]): Array<{ id: number; kind: string; payload: string }> {
    return this.sql(
      "SELECT id, kind, payload FROM tasks WHERE kind IN (SELECT value FROM json_each(?)) AND status IN ('queued', 'waiting', 'running') ORDER BY id",
    ).all(JSON.stringify(kinds)) as Array<{ id: number; kind: string; payload: string }>;
  }

  endedOfKinds(ids: readonly number[], kinds: readonly string[]): EndedTask[] {
    return this.sql(
      `SELECT id, kind, status, payload, batch_id AS batchId FROM tasks WHERE id IN (SELECT value FROM json_each(?)) AND status IN ('succeeded', 'failed')
         AND kind IN (SELECT value FROM json_each(?)) ORDER BY id`,
    ).all(JSON.stringify(ids), JSON.stringify(kinds)) as EndedTask[];
  }

  finishedAmong(ids: readonly number[]): FinishedTask[] {
    return (
      this.sql(
        `SELECT id, kind, status, batch_id, product_id, error_message FROM tasks
         WHERE id IN (SELECT value FROM json_each(?)) AND status IN ('succeeded', 'failed', 'cancelled') ORDER BY id`,
      ).all(JSON.stringify(ids)) as Array<{
        id: number;
        kind: string;
        status: FinishedTask['status'];
        batch_id: string | null;
        product_id: number | null;
        error_message: string | null;
      }>
    ).map((r) => ({ id: r.id, kind: r.kind, status: r.status, batchId: r.batch_id, productId: r.product_id, errorMessage: r.error_message }));
  }

  batchCounts(batchId: string): BatchCounts[] {
    return this.sql(BATCH_COUNTS_SQL).all(batchId) as BatchCounts[];
  }
}
