/**
 * Runs the follow-ups the kinds declare (kinds/types.ts, FollowUps): when tasks finish, those
 * that succeeded and whose kind declares follow-ups cause the work declared, once per task,
 * after the transaction that recorded them. The work itself belongs to the services that own
 * it (targets: measuring), passed in as {@link FollowUpHandlers}.
 */
import type { Logger } from '../logger.js';
import type { TaskKind } from './kinds/types.js';

/** The work follow-ups ask for, done by the service that owns it. */
export interface FollowUpHandlers {
  /** Measure the targets on these data products (see FollowUps.measureTargetsOn). */
  measureTargetsOn(productIds: readonly number[]): void;
  /** Look at the library's calibration again (see FollowUps.calibrationChanged). */
  calibrationChanged?(): void;
}

export interface FollowUpDeps {
  /** The tasks of `ids` that succeeded and are of one of `kinds` (TaskQueries.succeededOfKinds). */
  succeeded(ids: readonly number[], kinds: readonly string[]): Array<{ id: number; kind: string; payload: string }>;
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
    const rows = this.#deps.succeeded(ids, this.#kindNames);
    const products = new Set<number>();
    let calibration = false;
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
      const productId = kind.followUps.measureTargetsOn?.(parsed.data);
      if (productId !== undefined && productId !== null) products.add(productId);
      if (kind.followUps.calibrationChanged?.(parsed.data) === true) calibration = true;
    }
    if (products.size > 0) handlers.measureTargetsOn([...products]);
    if (calibration) handlers.calibrationChanged?.();
  }
}
