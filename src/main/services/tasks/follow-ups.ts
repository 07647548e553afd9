/**
 * Runs the follow-ups the kinds declare (kinds/types.ts, FollowUps): when tasks end, those
 * whose kind declares follow-ups cause the work declared for that end (success; or success and
 * failure), once per task, after the transaction that recorded them. The work itself belongs to
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
  /** Look at the library's calibration again (see FollowUps.calibrationChanged). */
  calibrationChanged?(): void;
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
    let calibration = false;
    const extract = new Map<number, string | null>();
    for (const row of rows) {
      if (this.#handled.has(row.id)) continue;
      this.#handled.add(row.id);
      const kind = this.#deps.kinds.get(row.kind);
      if (!kind?.followUps) continue;
      let payload: unknown;
      try {
        payload = JSON.parse(row.payload);
      } catch {
        continue;
      }
      const parsed = kind.payload.safeParse(payload);
      if (!parsed.success) continue;
      const measure = row.status === 'succeeded' ? kind.followUps.measureTargetsOn?.(parsed.data) : undefined;
      if (measure !== undefined && measure !== null) products.add(measure);
      const extractOf = kind.followUps.extractAfter?.(parsed.data);
      if (extractOf !== undefined && extractOf !== null) extract.set(extractOf, row.batchId);
      if (row.status === 'succeeded' && kind.followUps.calibrationChanged?.(parsed.data) === true) calibration = true;
    }
    if (extract.size > 0) handlers.extract([...extract].map(([productId, batchId]) => ({ productId, batchId })));
    if (products.size > 0) handlers.measureTargetsOn([...products]);
    if (calibration) handlers.calibrationChanged?.();
  }
}
