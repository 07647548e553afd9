/**
 * The one place with SQL on the `tasks` table (issue 16: one owner for each table), with the
 * read-only queries of task-query-store.ts that it inherits. The task service writes rows
 * through it; other features read through `TaskQueries`, the read-only part the service hands
 * out (`TaskService.queries`). Times are ISO 8601 strings (UTC), as the rows store them; ids
 * are `tasks.id`.
 */
import type { Statement } from 'better-sqlite3';
import type { TaskStatus, TaskView } from '../../../shared/domain.js';
import type { Db } from '../db/open.js';
import { TaskQueryStore } from './task-query-store.js';
import { TASK_VIEW_COLUMNS, type TaskFilter, type TaskRow, viewOfColumns } from './task-rows.js';

/** What dispatching a queued row needs of it. */
export type DueRow = Pick<TaskRow, 'id' | 'kind' | 'payload' | 'priority' | 'attempts' | 'time_limit_ms'>;

/** A new row's columns (the rest start empty: no attempt, no progress, no error). */
export type NewTaskRow = Pick<
  TaskRow,
  'kind' | 'payload' | 'status' | 'priority' | 'max_attempts' | 'product_id' | 'batch_id' | 'time_limit_ms' | 'run_after' | 'runner' | 'created_at'
>;

/** Where an attempt ran (null fields leave the row's value as it is). */
export interface RanOnColumns {
  host: string | null;
  workerId: string | null;
}

/**
 * SQL on `tasks`: the rows the task service writes and reads, and (inherited from
 * {@link TaskQueryStore}) the read-only queries other features ask.
 */
export class TaskStore extends TaskQueryStore {
  readonly #db: Db;
  #txRunner: ((fn: () => unknown) => unknown) | null = null;
  #viewsStmt: Statement | null = null;
  #versionStmt: Statement | null = null;
  #unclaimedStmt: Statement | null = null;

  constructor(db: Db) {
    super(db);
    this.#db = db;
  }

  /**
   * Runs `fn` in a transaction (a savepoint inside one). One wrapper made once: better-sqlite3
   * builds a new function, with properties, for every `db.transaction(...)` call.
   */
  tx<T>(fn: () => T): T {
    this.#txRunner ??= this.#db.transaction((f: () => unknown) => f());
    return this.#txRunner(fn) as T;
  }

  // ------------------------------------------------------------------ rows

  row(id: number): TaskRow | undefined {
    return this.sql('SELECT * FROM tasks WHERE id = ?').get(id) as TaskRow | undefined;
  }

  /** Tasks newest first, filtered by status, kind and product (at most `limit`, default 1000). */
  list(filter: TaskFilter = {}): TaskRow[] {
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
    return this.#db.prepare(sql).all(...params) as TaskRow[];
  }

  /** Id and status of these ids (any order). */
  statuses(ids: readonly number[]): Array<{ id: number; status: TaskStatus }> {
    if (ids.length === 0) return [];
    return this.sql('SELECT id, status FROM tasks WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ids)) as Array<{
      id: number;
      status: TaskStatus;
    }>;
  }

  /** Views of these ids, in their order (ids without a row left out); one statement, rows read as arrays. */
  views(ids: readonly number[]): TaskView[] {
    if (ids.length === 0) return [];
    this.#viewsStmt ??= this.#db.prepare(`SELECT ${TASK_VIEW_COLUMNS} FROM tasks WHERE id IN (SELECT value FROM json_each(?))`).raw(true);
    const byId = new Map<number, TaskView>();
    for (const columns of this.#viewsStmt.all(JSON.stringify(ids)) as unknown[][]) byId.set(columns[0] as number, viewOfColumns(columns));
    const views: TaskView[] = [];
    for (const id of ids) {
      const view = byId.get(id);
      if (view) views.push(view);
    }
    return views;
  }

  /** Writes a new row; returns its id. */
  insert(row: NewTaskRow): number {
    const info = this.sql(
      `INSERT INTO tasks (kind, payload, status, priority, max_attempts, product_id, batch_id, time_limit_ms, run_after, runner, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(row.kind, row.payload, row.status, row.priority, row.max_attempts, row.product_id, row.batch_id, row.time_limit_ms, row.run_after, row.runner,
      row.created_at, row.created_at);
    return Number(info.lastInsertRowid);
  }

  /** A failed or cancelled task queued again, with a fresh count of attempts, on `runner`. */
  requeueForRetry(id: number, runner: TaskRow['runner'], now: string): void {
    this.sql(
      `UPDATE tasks SET status = 'queued', attempts = 0, progress = 0, stage = NULL, error_code = NULL, error_message = NULL, run_after = NULL,
         job_id = NULL, owner = NULL, started_at = NULL, finished_at = NULL, result_ref = NULL, runner = ?, updated_at = ? WHERE id = ?`,
    ).run(runner, now, id);
  }

  /** Deletes finished rows that finished before `cutoff`; returns how many. */
  deleteFinishedBefore(cutoff: string): number {
    return this.sql("DELETE FROM tasks WHERE status IN ('succeeded', 'failed', 'cancelled') AND finished_at IS NOT NULL AND finished_at < ?").run(cutoff)
      .changes;
  }

  // ------------------------------------------------------------------ start, recovery, close

  /** At start: pool tasks an earlier run left waiting for its broker are queued again. */
  requeueWaiting(): void {
    this.sql("UPDATE tasks SET status = 'queued', stage = NULL WHERE runner != 'inline' AND status = 'waiting'").run();
  }

  /** Undispatched pool tasks follow the runner now in use. */
  moveUndispatchedTo(runner: 'local' | 'broker'): void {
    this.sql("UPDATE tasks SET runner = ? WHERE runner != 'inline' AND runner != ? AND status IN ('queued', 'waiting') AND job_id IS NULL").run(runner, runner);
  }

  /**
   * Broker tasks not finished that have a job (`includePending`: also those whose job is being
   * added, job id 'pending').
   */
  brokerJobs(includePending: boolean): Array<{ id: number; job_id: string }> {
    return this.sql(
      includePending
        ? "SELECT id, job_id FROM tasks WHERE runner = 'broker' AND status IN ('queued', 'waiting', 'running') AND job_id IS NOT NULL"
        : "SELECT id, job_id FROM tasks WHERE runner = 'broker' AND status IN ('queued', 'waiting', 'running') AND job_id IS NOT NULL AND job_id != 'pending'",
    ).all() as Array<{ id: number; job_id: string }>;
  }

  /** Attempts a process may have left unfinished: local ones running or claimed, broker ones being added. */
  maybeInterrupted(): Array<{ id: number; owner: string | null }> {
    return this.sql(
      `SELECT id, owner FROM tasks WHERE (runner IN ('local', 'inline') AND (status = 'running' OR (status = 'queued' AND job_id = 'local')))
           OR (runner = 'broker' AND status IN ('queued', 'waiting') AND job_id = 'pending')`,
    ).all() as Array<{ id: number; owner: string | null }>;
  }

  /** An interrupted attempt back to the queue, not counted. */
  requeueInterrupted(id: number, now: string): void {
    this.sql(
      "UPDATE tasks SET status = 'queued', job_id = NULL, attempts = MAX(attempts - 1, 0), owner = NULL, stage = 'interrupted', updated_at = ? WHERE id = ? AND (status = 'running' OR (status IN ('queued', 'waiting') AND job_id IN ('local', 'pending')))",
    ).run(now, id);
  }

  /** At close: the local and inline attempts of `owner` back to the queue, not counted. */
  requeueOwnedBy(owner: string, now: string): void {
    this.sql(
      "UPDATE tasks SET status = 'queued', job_id = NULL, attempts = MAX(attempts - 1, 0), owner = NULL, stage = 'interrupted', updated_at = ? WHERE runner IN ('local', 'inline') AND owner = ? AND (status = 'running' OR (status = 'queued' AND job_id = 'local'))",
    ).run(now, owner);
  }

  // ------------------------------------------------------------------ claiming

  /** Inline tasks due at `now`, highest priority first, then oldest; at most `limit`. */
  dueInline(now: string, limit: number): TaskRow[] {
    return this.sql(
      "SELECT * FROM tasks WHERE status = 'queued' AND runner = 'inline' AND (run_after IS NULL OR run_after <= ?) ORDER BY priority DESC, id LIMIT ?",
    ).all(now, limit) as TaskRow[];
  }

  /**
   * Claims up to `limit` due pool tasks of `runner`, highest priority first (one statement,
   * atomic against other processes): the attempt is counted, the row stays `queued` with
   * `jobId` ('local', or 'pending' for the broker) and `stage`. Rows in no set order.
   */
  claimDue(runner: 'local' | 'broker', owner: string, now: string, stage: string, jobId: string, limit: number): DueRow[] {
    return this.sql(
      `UPDATE tasks SET attempts = attempts + 1, owner = ?, updated_at = ?, heartbeat_at = ?, progress = 0, stage = ?, job_id = ?
           WHERE id IN (SELECT id FROM tasks WHERE status = 'queued' AND runner = ? AND job_id IS NULL AND (run_after IS NULL OR run_after <= ?) ORDER BY priority DESC, id LIMIT ?)
           RETURNING id, kind, payload, priority, attempts, time_limit_ms`,
    ).all(owner, now, now, stage, jobId, runner, now, limit) as DueRow[];
  }

  /** Claims a queued inline task for `owner`, running from `now`; false if it was not queued. */
  claimInline(id: number, owner: string, now: string): boolean {
    return (
      this.sql(
        "UPDATE tasks SET status = 'running', attempts = attempts + 1, owner = ?, ran_on = 'local', started_at = ?, heartbeat_at = ?, progress = 0, stage = 'starting', updated_at = ? WHERE id = ? AND status = 'queued'",
      ).run(owner, now, now, now, id).changes > 0
    );
  }

  /** A claim undone because the broker went away while adding the job: the task waits for it. */
  unclaimForBroker(id: number, now: string): void {
    this.sql(
      "UPDATE tasks SET job_id = NULL, attempts = MAX(attempts - 1, 0), status = 'waiting', stage = 'broker unreachable', updated_at = ? WHERE id = ? AND status IN ('queued', 'waiting')",
    ).run(now, id);
  }

  /** A claimed local task handed back by the pool before it started: queued again, not counted. */
  recall(id: number, now: string): void {
    this.sql(
      "UPDATE tasks SET status = 'queued', job_id = NULL, owner = NULL, attempts = MAX(attempts - 1, 0), stage = NULL, started_at = NULL, updated_at = ? WHERE id = ? AND status IN ('queued', 'running') AND job_id = 'local'",
    ).run(now, id);
  }

  /** The earliest `run_after` of an unclaimed queued task, or null. */
  nextRunAfter(): string | null {
    return (this.sql("SELECT MIN(run_after) AS at FROM tasks WHERE status = 'queued' AND run_after IS NOT NULL AND job_id IS NULL").get() as { at: string | null })
      .at;
  }

  /** Broker job ids of dispatched attempts ([task id, job id]) written over their 'pending'. */
  recordJobIds(pairs: ReadonlyArray<readonly [number, string]>, now: string): void {
    this.sql(
      "UPDATE tasks SET job_id = j.value ->> 1, updated_at = ? FROM json_each(?) AS j WHERE tasks.id = j.value ->> 0 AND tasks.job_id = 'pending'",
    ).run(now, JSON.stringify(pairs));
  }

  // ------------------------------------------------------------------ runner reports

  /**
   * A started report: the row is `running` on `ranOn` (`started_at` kept if it was running).
   * Only for a row not finished with a job; `skipSame`: not if it already runs there. Returns
   * whether the row changed.
   */
  markStarted(id: number, ranOn: RanOnColumns, now: string, skipSame: boolean): boolean {
    const info = skipSame
      ? this.sql(
          `UPDATE tasks SET status = 'running', ran_on = ?, worker_id = ?, started_at = CASE WHEN status = 'running' THEN COALESCE(started_at, ?) ELSE ? END,
             heartbeat_at = ?, stage = CASE WHEN status = 'running' THEN stage ELSE 'started' END, updated_at = ?
           WHERE id = ? AND status IN ('queued', 'waiting', 'running') AND job_id IS NOT NULL AND NOT (status = 'running' AND ran_on IS ? AND worker_id IS ?)`,
        ).run(ranOn.host, ranOn.workerId, now, now, now, now, id, ranOn.host, ranOn.workerId)
      : this.sql(
          `UPDATE tasks SET status = 'running', ran_on = ?, worker_id = ?, started_at = CASE WHEN status = 'running' THEN COALESCE(started_at, ?) ELSE ? END,
           heartbeat_at = ?, stage = CASE WHEN status = 'running' THEN stage ELSE 'started' END, updated_at = ? WHERE id = ? AND status IN ('queued', 'waiting', 'running') AND job_id IS NOT NULL`,
        ).run(ranOn.host, ranOn.workerId, now, now, now, now, id);
    return info.changes > 0;
  }

  /** Progress (0..1) and stage of a task not finished; returns whether the row changed. */
  progress(id: number, fraction: number, stage: string, now: string): boolean {
    return (
      this.sql("UPDATE tasks SET progress = ?, stage = ?, heartbeat_at = ?, updated_at = ? WHERE id = ? AND status IN ('running', 'queued', 'waiting')").run(
        fraction,
        stage,
        now,
        now,
        id,
      ).changes > 0
    );
  }

  /** Success of these tasks (those not finished), with no stored result, ran on `ranOn`. */
  succeedMany(ids: readonly number[], ranOn: RanOnColumns, now: string): void {
    this.sql(
      `UPDATE tasks SET status = 'succeeded', progress = 1, stage = 'done', result_ref = NULL, error_code = NULL, error_message = NULL,
         finished_at = ?, started_at = COALESCE(started_at, ?), updated_at = ?, ran_on = COALESCE(?, ran_on), worker_id = COALESCE(?, worker_id)
       WHERE id IN (SELECT value FROM json_each(?)) AND status NOT IN ('succeeded', 'failed', 'cancelled')`,
    ).run(now, now, now, ranOn.host, ranOn.workerId, JSON.stringify(ids));
  }

  /** Success of one task, with a reference to its stored result (the caller checked it was not finished). */
  succeed(id: number, resultRef: string | null, ranOn: RanOnColumns, now: string): void {
    this.sql(
      `UPDATE tasks SET status = 'succeeded', progress = 1, stage = 'done', result_ref = ?, error_code = NULL, error_message = NULL,
           finished_at = ?, started_at = COALESCE(started_at, ?), updated_at = ?, ran_on = COALESCE(?, ran_on), worker_id = COALESCE(?, worker_id) WHERE id = ?`,
    ).run(resultRef, now, now, now, ranOn.host, ranOn.workerId, id);
  }

  /** A failed attempt to be tried again at `runAfter` (the error kept for the user to see). */
  scheduleRetry(id: number, runAfter: string, stage: string, error: { code: string; message: string }, now: string): void {
    this.sql(
      `UPDATE tasks SET status = 'queued', job_id = NULL, owner = NULL, run_after = ?, stage = ?, error_code = ?, error_message = ?, updated_at = ?
           WHERE id = ? AND status NOT IN ('succeeded', 'failed', 'cancelled')`,
    ).run(runAfter, stage, error.code, error.message, now, id);
  }

  /** A task not finished ends `failed` or `cancelled` with `error`; returns whether it changed. */
  finish(id: number, status: 'failed' | 'cancelled', error: { code: string; message: string }, now: string): boolean {
    return (
      this.sql(
        "UPDATE tasks SET status = ?, error_code = ?, error_message = ?, finished_at = ?, updated_at = ? WHERE id = ? AND status NOT IN ('succeeded', 'failed', 'cancelled')",
      ).run(status, error.code, error.message, now, now, id).changes > 0
    );
  }

  /** Broker tasks the broker's going down (`down`) or coming back changes: queued and running, or waiting. */
  brokerAffected(down: boolean): number[] {
    return (
      this.sql(`SELECT id FROM tasks WHERE runner = 'broker' AND status IN (${down ? "'queued', 'running'" : "'waiting'"})`).all() as Array<{ id: number }>
    ).map((r) => r.id);
  }

  /** The broker went down (broker tasks queued or running wait) or came back (waiting ones are queued). */
  brokerDown(down: boolean, now: string): void {
    if (down) {
      this.sql("UPDATE tasks SET status = 'waiting', stage = 'broker unreachable', updated_at = ? WHERE runner = 'broker' AND status IN ('queued', 'running')").run(now);
    } else {
      this.sql("UPDATE tasks SET status = 'queued', stage = NULL, updated_at = ? WHERE runner = 'broker' AND status = 'waiting'").run(now);
    }
  }

  /** A job the broker lost: its task queued again, the attempt not counted; returns whether it changed. */
  requeueLost(id: number, now: string): boolean {
    return (
      this.sql(
        "UPDATE tasks SET job_id = NULL, attempts = MAX(attempts - 1, 0), status = 'queued', stage = 'requeued (broker lost the job)', updated_at = ? WHERE id = ? AND status IN ('queued', 'waiting', 'running')",
      ).run(now, id).changes > 0
    );
  }

  /** The unfinished tasks (queued, waiting, running) of these products (`data_products.id`), by id: what removing them cancels. */
  openOfProducts(productIds: readonly number[]): Array<Pick<TaskRow, 'id' | 'status' | 'runner' | 'job_id'>> {
    return this.sql(
      `SELECT id, status, runner, job_id FROM tasks WHERE product_id IN (SELECT value FROM json_each(?))
         AND status NOT IN ('succeeded', 'failed', 'cancelled') ORDER BY id`,
    ).all(JSON.stringify(productIds)) as Array<Pick<TaskRow, 'id' | 'status' | 'runner' | 'job_id'>>;
  }

  // ------------------------------------------------------------------ other processes

  /** SQLite's `PRAGMA data_version`: changes whenever another connection has committed. */
  dataVersion(): number {
    this.#versionStmt ??= this.#db.prepare('PRAGMA data_version').pluck();
    return this.#versionStmt.get() as number;
  }

  /** Whether a queued task waits that no runner has claimed (one indexed look). */
  hasUnclaimedQueued(): boolean {
    this.#unclaimedStmt ??= this.#db.prepare("SELECT 1 FROM tasks WHERE status = 'queued' AND job_id IS NULL LIMIT 1").pluck();
    return this.#unclaimedStmt.get() !== undefined;
  }
}
