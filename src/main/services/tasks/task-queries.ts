/**
 * The read-only questions other features ask about tasks (issue 16: the `tasks` table is the
 * task service's alone). TaskQueryStore (task-query-store.ts, which TaskStore extends) answers
 * them; the service hands them out as `TaskService.queries`.
 */

/** A finished task, as the batch notices need it. */
export interface FinishedTask {
  id: number;
  kind: string;
  status: 'succeeded' | 'failed' | 'cancelled';
  batchId: string | null;
  productId: number | null;
  errorMessage: string | null;
}

/** A task that succeeded or failed, as follow-ups need it (its stored payload is JSON). */
export interface EndedTask {
  id: number;
  kind: string;
  status: 'succeeded' | 'failed';
  payload: string;
  batchId: string | null;
}

/** The tasks of one kind in one batch by state (`open`: queued, waiting or running). */
export interface BatchCounts {
  kind: string;
  total: number;
  ok: number;
  failed: number;
  cancelled: number;
  open: number;
}

/**
 * Read-only questions other features ask about tasks (the tray, the command line, target
 * automation, notices, imports). Every id is a `tasks.id`; "queued" counts `waiting` (for the
 * broker) too where said.
 */
export interface TaskQueries {
  /** Tasks running, and queued or waiting, for the tray. */
  queueCounts(): { running: number; queued: number };
  /** Ids of the tasks not finished (queued, waiting, running), ascending. */
  openIds(): number[];
  /**
   * Those of `ids` still waiting to be handed to a runner: queued or waiting, with no job yet
   * (or a broker job being added). Unknown ids are left out. In the order of `ids`.
   */
  undispatched(ids: readonly number[]): number[];
  /**
   * The oldest `photometry` task of the target that is queued or waiting and not yet claimed by
   * a runner (a claimed one has read its images already), or undefined.
   */
  unclaimedPhotometryOf(targetId: number): number | undefined;
  /** Every `photometry` task of the target that is queued or waiting (claimed or not), by id. */
  queuedPhotometryOf(targetId: number): number[];
  /** The newest task of this kind (`extract`, `solve`) of the product that has not finished, or undefined. */
  openTaskOf(kind: string, productId: number): number | undefined;
  /** Those of `ids` that succeeded or failed (not cancelled) and are of one of `kinds`, by id. */
  endedOfKinds(ids: readonly number[], kinds: readonly string[]): EndedTask[];
  /** The tasks of one of `kinds` that have not finished (queued, waiting, running), with their stored payload (JSON), by id. */
  openOfKinds(kinds: readonly string[]): Array<{ id: number; kind: string; payload: string }>;
  /** Those of `ids` that have finished, by id. */
  finishedAmong(ids: readonly number[]): FinishedTask[];
  /** The tasks of a batch by kind and state, one entry per kind present (by the kind's first task). */
  batchCounts(batchId: string): BatchCounts[];
}
