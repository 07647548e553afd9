/**
 * Keeps targets, images and light curves in step without anyone asking: a product is matched
 * to the targets on its footprint when it is imported and again when its extraction succeeds;
 * a target is matched to the images when it is created or moved (TargetService does that); and
 * whenever a target gains or loses an extracted image, a `photometry` task measures it — one
 * queued task per target at most, so a batch of forty images costs about one run per target
 * (plus one for the catalogues that arrive after a run was handed to a thread and read its input).
 */
import type { TaskView } from '../../shared/domain.js';
import type { Db } from './db/open.js';
import type { EventBus } from './events.js';
import { hasWcs, isExtractedWithWcs } from './library/product-queries.js';
import type { Logger } from './logger.js';
import type { SettingsService } from './settings/settings-service.js';
import { type TargetChange, type TargetService, withExtractedImage } from './targets/index.js';
import type { TaskService } from './tasks/task-service.js';

export interface TargetAutomationDeps {
  db: Db;
  events: EventBus;
  logger: Logger;
  settings: SettingsService;
  tasks: TaskService;
  /**
   * Products kept from target matching (calibration frames, masters, raw lights whose
   * calibrated frame is matched instead: CalibrationPlanner.holdsBack); default none.
   */
  skip?: (productId: number) => boolean;
  /** Set after construction: the service's `onChange` calls back into this object. */
  targets?: TargetService;
}

export class TargetAutomation {
  readonly #deps: TargetAutomationDeps;
  readonly #seenProducts = new Set<number>();
  #batchId: string | null = null;
  #closed = false;
  readonly #off: () => void;
  readonly #measuredListeners = new Set<(tasks: readonly TaskView[]) => void>();

  constructor(deps: TargetAutomationDeps) {
    this.#deps = deps;
    this.#off = deps.events.onAny((event, payload) => {
      if (event === 'products:changed') this.#later(() => this.#onProducts((payload as { ids: number[] }).ids));
    });
  }

  set targets(t: TargetService) {
    this.#deps.targets = t;
  }

  /** TargetService's `onChange`: forwards a `targets:changed` event and measures what needs it. */
  onChange(change: TargetChange): void {
    const ids = change.kind === 'targets' ? change.ids : change.targetIds;
    if (ids.length > 0) this.#deps.events.emit('targets:changed', { ids });
    if (change.kind !== 'links' || change.targetIds.length === 0) return;
    if (!this.#extractedAmong(change.productIds)) return;
    // Only targets that have an extracted image to measure (a CSV import of thousands of targets
    // reports them all in one change).
    this.measureMany(withExtractedImage(this.#deps.db, change.targetIds), { batchId: this.#batchId });
  }

  /** Runs `fn` with every photometry task it causes in one batch (a CSV import, one new target). */
  inBatch<T>(batchId: string, fn: () => T): T {
    const before = this.#batchId;
    this.#batchId = batchId;
    try {
      return fn();
    } finally {
      this.#batchId = before;
    }
  }

  /**
   * Queues a `photometry` task for a target unless one is already queued and not yet handed to
   * a runner (a running one, or a queued one claimed for a thread or the broker, has read the
   * images when it was claimed, maybe before the latest arrived, so it does not count). Returns
   * the queued task (new or existing), or null when automatic photometry is off and `force` is
   * not set.
   */
  measure(targetId: number, options: { batchId?: string | null; force?: boolean; priority?: number } = {}): TaskView | null {
    return this.measureMany([targetId], options)[0] ?? null;
  }

  /**
   * {@link measure} for many targets (a CSV import): the new tasks are written together, in one
   * transaction. Returns the tasks in the order of `targetIds` (none when automatic photometry
   * is off and `force` is not set).
   */
  measureMany(targetIds: readonly number[], options: { batchId?: string | null; force?: boolean; priority?: number } = {}): TaskView[] {
    if (targetIds.length === 0 || (!options.force && !this.#deps.settings.get().photometry.auto)) return [];
    const queries = this.#deps.tasks.queries;
    const out: Array<TaskView | number> = [];
    const fresh: number[] = [];
    const freshAt = new Map<number, number>();
    for (const targetId of targetIds) {
      const at = freshAt.get(targetId);
      if (at !== undefined) {
        out.push(at); // listed twice: one task
        continue;
      }
      const queued = queries.unclaimedPhotometryOf(targetId);
      if (queued !== undefined) out.push(this.#deps.tasks.get(queued));
      else {
        freshAt.set(targetId, fresh.length);
        out.push(fresh.length);
        fresh.push(targetId);
      }
    }
    const created = this.#deps.tasks.enqueueMany(
      fresh.map((targetId) => ({ kind: 'photometry', payload: { targetId }, options: { batchId: options.batchId ?? null, priority: options.priority } })),
    );
    const tasks = out.map((t) => (typeof t === 'number' ? created[t]! : t));
    if (tasks.length > 0) for (const listener of this.#measuredListeners) listener(tasks);
    return tasks;
  }

  /**
   * Calls `listener` with the photometry tasks every {@link measureMany} queues or finds
   * queued (the work an import or an extraction causes: `nightshift import` waits for it).
   * Returns the function that removes the listener.
   */
  onMeasured(listener: (tasks: readonly TaskView[]) => void): () => void {
    this.#measuredListeners.add(listener);
    return () => this.#measuredListeners.delete(listener);
  }

  close(): void {
    this.#closed = true;
    this.#off();
  }

  #later(fn: () => void): void {
    // Events are often emitted inside a transaction (a task's ingest): act after it.
    setImmediate(() => {
      if (this.#closed) return;
      try {
        fn();
      } catch (err) {
        this.#deps.logger.warn(`target matching failed: ${(err as Error).message}`);
      }
    });
  }

  #extractedAmong(productIds: readonly number[]): boolean {
    if (productIds.length === 0) return false;
    return productIds.some((id) => isExtractedWithWcs(this.#deps.db, id));
  }

  /** A product seen for the first time (imported): match it to the targets on its footprint. */
  #onProducts(ids: readonly number[]): void {
    const targets = this.#deps.targets;
    if (!targets) return;
    for (const id of ids) {
      if (this.#seenProducts.has(id)) continue;
      this.#seenProducts.add(id);
      if (hasWcs(this.#deps.db, id) && !this.#deps.skip?.(id)) targets.matchProduct(id);
    }
  }

  /**
   * The `extract` kind's follow-up (FollowUpHandlers.measureTargetsOn): an extraction succeeded,
   * so match each product with a WCS again; its links then queue the photometry.
   */
  measureTargetsOn(productIds: readonly number[]): void {
    const targets = this.#deps.targets;
    if (this.#closed || !targets) return;
    for (const id of productIds) {
      this.#seenProducts.add(id);
      if (hasWcs(this.#deps.db, id) && !this.#deps.skip?.(id)) targets.matchProduct(id);
    }
  }
}
