import type { NoticeView } from '../../../shared/domain.js';
import type { Clock } from '../clock.js';
import type { FinishedTask, TaskQueries } from '../tasks/task-queries.js';

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

/** How many task ids and batch ids are remembered as already announced. */
const MEMORY = 10_000;

/** Adds to a set that forgets its oldest entries past MEMORY. */
function remember<T>(set: Set<T>, value: T): void {
  set.add(value);
  if (set.size > MEMORY) set.delete(set.values().next().value!);
}

/** A finished task with the name of its product (null: none, or deleted). */
type Row = FinishedTask & { name: string | null };

export interface BatchNoticesOptions {
  /** The task service's queries (`TaskService.queries`). */
  tasks: Pick<TaskQueries, 'finishedAmong' | 'batchCounts'>;
  /** Names of those of the product ids that exist (the library's `productNames`). */
  productNames: (ids: readonly number[]) => ReadonlyMap<number, string>;
  clock: Clock;
  /** Where notices go: the native notifications adapter, or the host's recorder. */
  sink: (notice: NoticeView) => void;
  /** The user's setting; nothing is shown while it is false. */
  enabled: () => boolean;
  /** At most this many individual failure notices per batch; the summary counts the rest. */
  maxFailureNotices?: number;
}

/**
 * The rule that keeps notifications useful: one notice when a batch finishes (how many
 * succeeded and failed), one for each of its first few failures (each opens the failed
 * product), and nothing per success. 200 files make at most 1 + maxFailureNotices notices.
 * A task outside any batch is announced only when it fails, under the same cap per minute.
 */
export class BatchNotices {
  readonly #o: Required<BatchNoticesOptions>;
  // What has been announced, remembered for the last MEMORY tasks and batches only.
  readonly #seen = new Set<number>();
  readonly #failuresShown = new Map<string, number>();
  readonly #announced = new Set<string>();
  #looseFailures: number[] = [];

  constructor(options: BatchNoticesOptions) {
    this.#o = { maxFailureNotices: 3, ...options };
  }

  /** Feed the ids from a `tasks:changed` event. */
  onTasksChanged(ids: readonly number[]): void {
    if (ids.length === 0) return;
    const rows = this.#rows(ids);
    const batches = new Set<string>();
    for (const row of rows) {
      if (!TERMINAL.has(row.status) || this.#seen.has(row.id)) continue;
      remember(this.#seen, row.id);
      if (row.batchId) batches.add(row.batchId);
      if (row.status === 'failed') this.#failure(row);
    }
    for (const batch of batches) this.#maybeSummarise(batch);
  }

  #rows(ids: readonly number[]): Row[] {
    const tasks = this.#o.tasks.finishedAmong(ids);
    const products = tasks.flatMap((t) => (t.productId === null ? [] : [t.productId]));
    const names = products.length > 0 ? this.#o.productNames(products) : new Map<number, string>();
    return tasks.map((t) => ({ ...t, name: t.productId === null ? null : (names.get(t.productId) ?? null) }));
  }

  #failure(row: Row): void {
    const max = this.#o.maxFailureNotices;
    if (row.batchId) {
      const shown = this.#failuresShown.get(row.batchId) ?? 0;
      if (shown >= max) return;
      this.#failuresShown.set(row.batchId, shown + 1);
      if (this.#failuresShown.size > MEMORY) this.#failuresShown.delete(this.#failuresShown.keys().next().value!);
    } else {
      const now = this.#o.clock.now();
      this.#looseFailures = this.#looseFailures.filter((t) => now - t < 60_000);
      if (this.#looseFailures.length >= max) return;
      this.#looseFailures.push(now);
    }
    const what = row.name ?? `task ${row.id}`;
    this.#emit({
      title: `${row.kind === 'extract' ? 'Extraction' : capitalise(row.kind)} failed: ${what}`,
      body: row.errorMessage ?? 'no reason given',
      target: row.productId !== null ? { kind: 'product', id: row.productId } : { kind: 'task', id: row.id },
    });
  }

  #maybeSummarise(batch: string): void {
    if (this.#announced.has(batch)) return;
    const counts = this.#o.tasks.batchCounts(batch);
    if (counts.open > 0) return;
    remember(this.#announced, batch);
    const parts = [`${counts.ok} succeeded`];
    if (counts.failed > 0) parts.push(`${counts.failed} failed`);
    if (counts.cancelled > 0) parts.push(`${counts.cancelled} cancelled`);
    this.#emit({
      title: `Batch finished: ${counts.total} task${counts.total === 1 ? '' : 's'}`,
      body: parts.join(', '),
      target: { kind: 'tasks' },
    });
  }

  #emit(notice: Omit<NoticeView, 'at'>): void {
    if (!this.#o.enabled()) return;
    this.#o.sink({ ...notice, at: new Date(this.#o.clock.now()).toISOString() });
  }
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
