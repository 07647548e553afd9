/**
 * Runs the follow-ups the kinds declare (kinds/types.ts, FollowUps): when tasks end, those
 * whose kind declares follow-ups cause the work declared for that end (success; or success and
 * failure), once per task. Extractions (`extractAfter`) and the calibration planning a stored
 * master or calibrated frame asks for (`calibrationChanged`: the next masters, the lights to
 * calibrate, the calibrated frames' solves and extractions) are queued inside the transaction
 * that records the end ({@link FollowUpRunner.ending}), in the task's batch: the batch is never
 * seen done while work it caused is due, and a crash loses or repeats neither. Measuring runs
 * after that transaction ({@link FollowUpRunner.finished}). The work itself belongs to
 * the services that own it (targets: measuring; library: extracting), passed in as
 * {@link FollowUpHandlers}.
 */
import type { Logger } from '../logger.js';
import type { TaskKind } from './kinds/types.js';
import type { EndedTask } from './task-queries.js';

/** The work follow-ups ask for, done by the service that owns it. */
export interface FollowUpHandlers {
  /** Measure the targets on these data products (see FollowUps.measureTargetsOn). */
  measureTargetsOn(productIds: readonly number[]): void;
  /**
   * Look at the library's calibration again (see FollowUps.calibrationChanged); what it queues
   * joins `batchId` (the batch of the task whose end asked; null: none).
   */
  calibrationChanged?(batchId: string | null): void;
  /** Extract these data products, each in its batch (see FollowUps.extractAfter). */
  extract(products: ReadonlyArray<{ productId: number; batchId: string | null }>): void;
}

export interface FollowUpDeps {
  /** The tasks of `ids` that succeeded or failed and are of one of `kinds` (TaskQueries.endedOfKinds). */
  ended(ids: readonly number[], kinds: readonly string[]): EndedTask[];
  logger: Logger;
  kinds: ReadonlyMap<string, TaskKind>;
  /** Set later when the handlers' service is made after the task service. */
  handlers?: FollowUpHandlers;
}

export class FollowUpRunner {
  readonly #deps: FollowUpDeps;
  /** Kinds that declare follow-ups. */
  readonly #kindNames: readonly string[];
  readonly #handled = new Set<number>();
  /** Tasks whose extraction was queued in the transaction that ended them. */
  readonly #extracted = new Set<number>();
  /** Tasks whose calibration planning ran in the transaction that ended them. */
  readonly #planned = new Set<number>();
  #pending: number[] = [];
  #immediate: NodeJS.Immediate | null = null;
  #closed = false;

  constructor(deps: FollowUpDeps) {
    this.#deps = deps;
    this.#kindNames = [...deps.kinds.values()].filter((k) => k.followUps).map((k) => k.name);
  }

  set handlers(h: FollowUpHandlers) {
    this.#deps.handlers = h;
  }

  /**
   * Inside the transaction that ends these tasks (any status; synchronous): queues the
   * extractions their kinds ask for after that end, and runs the calibration planning the
   * successes ask for (once per batch among them: a plan looks at the whole library), each in
   * the task's batch, in the same transaction. Throws what the handlers throw (the caller
   * decides whether the end is kept without them: then {@link finished} does them after the
   * transaction, as for any task not seen here).
   */
  ending(ids: readonly number[]): void {
    const handlers = this.#deps.handlers;
    if (this.#closed || !handlers || ids.length === 0 || this.#kindNames.length === 0) return;
    const extract = new Map<number, { productId: number; batchId: string | null }>();
    /** Tasks asking for calibration planning, by batch (the first task of each batch plans). */
    const plan = new Map<string | null, number[]>();
    for (const row of this.#deps.ended(ids, this.#kindNames)) {
      const found = this.#parse(row);
      if (!found) continue;
      const productId = found.kind.followUps.extractAfter?.(found.data);
      if (productId !== undefined && productId !== null) extract.set(row.id, { productId, batchId: row.batchId });
      if (row.status === 'succeeded' && handlers.calibrationChanged && found.kind.followUps.calibrationChanged?.(found.data) === true) {
        plan.set(row.batchId, [...(plan.get(row.batchId) ?? []), row.id]);
      }
    }
    if (extract.size > 0) handlers.extract([...extract.values()]);
    for (const batchId of plan.keys()) handlers.calibrationChanged?.(batchId);
    for (const id of extract.keys()) remember(this.#extracted, id);
    for (const id of [...plan.values()].flat()) remember(this.#planned, id);
  }

  /** Tasks that finished (any status): their follow-ups run after the current event. */
  finished(ids: readonly number[]): void {
    if (this.#closed || ids.length === 0 || this.#kindNames.length === 0) return;
    for (const id of ids) this.#pending.push(id);
    this.#immediate ??= setImmediate(() => {
      this.#immediate = null;
      try {
        this.#run(this.#pending.splice(0));
      } catch (err) {
        this.#deps.logger.warn(`task follow-ups failed: ${(err as Error).message}`);
      }
    });
  }

  close(): void {
    this.#closed = true;
    if (this.#immediate) clearImmediate(this.#immediate);
    this.#immediate = null;
  }

  #run(ids: readonly number[]): void {
    const handlers = this.#deps.handlers;
    if (this.#closed || !handlers) return;
    const rows = this.#deps.ended(ids, this.#kindNames);
    const products = new Set<number>();
    /** Batches whose calibration planning is due (the tasks asking were not planned for in their ending). */
    const calibration = new Set<string | null>();
    const extract = new Map<number, string | null>();
    for (const row of rows) {
      if (this.#handled.has(row.id)) continue;
      this.#handled.add(row.id);
      const found = this.#parse(row);
      if (!found) continue;
      const { kind, data } = found;
      const measure = row.status === 'succeeded' ? kind.followUps.measureTargetsOn?.(data) : undefined;
      if (measure !== undefined && measure !== null) products.add(measure);
      // queued already in the transaction that ended it (unless that failed)
      const extractOf = this.#extracted.has(row.id) ? undefined : kind.followUps.extractAfter?.(data);
      if (extractOf !== undefined && extractOf !== null) extract.set(extractOf, row.batchId);
      if (row.status === 'succeeded' && !this.#planned.has(row.id) && kind.followUps.calibrationChanged?.(data) === true) calibration.add(row.batchId);
    }
    if (extract.size > 0) handlers.extract([...extract].map(([productId, batchId]) => ({ productId, batchId })));
    if (products.size > 0) handlers.measureTargetsOn([...products]);
    for (const batchId of calibration) {
      try {
        handlers.calibrationChanged?.(batchId);
      } catch (err) {
        this.#deps.logger.warn(`calibration planning failed: ${(err as Error).message}`);
      }
    }
  }

  /** The row's kind, if it declares follow-ups, and its payload (null: none, or malformed). */
  #parse(row: EndedTask): { kind: TaskKind & { followUps: NonNullable<TaskKind['followUps']> }; data: unknown } | null {
    const kind = this.#deps.kinds.get(row.kind);
    if (!kind?.followUps) return null;
    let payload: unknown;
    try {
      payload = JSON.parse(row.payload);
    } catch {
      return null;
    }
    const parsed = kind.payload.safeParse(payload);
    return parsed.success ? { kind: kind as TaskKind & { followUps: NonNullable<TaskKind['followUps']> }, data: parsed.data } : null;
  }
}

/** How many task ids are remembered as having had their extraction queued. */
const MEMORY = 10_000;

function remember(set: Set<number>, id: number): void {
  set.add(id);
  if (set.size > MEMORY) set.delete(set.values().next().value!);
}
