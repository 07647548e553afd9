import type { NoticeView } from '../../../shared/domain.js';
import type { Clock } from '../clock.js';
import type { BatchCounts, FinishedTask, TaskQueries } from '../tasks/task-queries.js';

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
  /**
   * An import that has not said it ended after this long without a file (ms) counts as ended
   * (the page that uploaded it was closed mid-drop). Default 10 minutes.
   */
  importIdleMs?: number;
}

/**
 * What the shells tell the notices about an import (one drop, one `products:import` call, one
 * `nightshift import`): its batch is the user's batch, and its summary waits until the import
 * has ended, however early its first extractions end.
 */
export interface ImportBatches {
  /** An import into `batchId` begins, or goes on (each uploaded file of a drop says so again). */
  beginImport(batchId: string): void;
  /** What the import did with some of its files (counted in the summary's body). */
  recordImport(batchId: string, summary: { imported: ReadonlyArray<{ created: boolean }>; errors: readonly unknown[] }): void;
  /** The import has handed over its last file; the summary comes when its tasks have ended. */
  endImport(batchId: string): void;
}

/** An import under way or ended: when a file last arrived, and what became of its files. */
interface ImportState {
  lastSeen: number;
  ended: boolean;
  created: number;
  known: number;
  refused: number;
}

/** Words for a kind's finished tasks in a summary ("22 of 22 extracted"). */
const DONE_WORD: Readonly<Record<string, string>> = { extract: 'extracted', photometry: 'measured' };

/** The kinds a summary names whether they end well or not: {@link summaryTitle}'s and {@link calibrationLine}'s. */
export const SUMMARY_KINDS: ReadonlySet<string> = new Set([...Object.keys(DONE_WORD), 'calib-master', 'calibrate']);

/**
 * The rule that keeps notifications useful: one notice when a batch finishes (how many
 * succeeded and failed), one for each of its first few failures (each opens the failed
 * product), and nothing per success. 200 files make at most 1 + maxFailureNotices notices.
 * A task outside any batch is announced only when it fails, under the same cap per minute.
 *
 * A batch is what the user made: the tasks of one import (its extractions; `import-…`,
 * `upload-…`) or of one target CSV import (its photometry). While an import is under way
 * ({@link ImportBatches}) its summary waits, so that a drop of 50 files ends with one
 * "22 of 22 extracted", not with a summary of the first task. The photometry that extractions
 * cause later is not in the batch (it belongs to the targets, and says so only if it fails).
 */
export class BatchNotices implements ImportBatches {
  readonly #o: Required<BatchNoticesOptions>;
  // What has been announced, remembered for the last MEMORY tasks and batches only.
  readonly #seen = new Set<number>();
  readonly #failuresShown = new Map<string, number>();
  readonly #announced = new Set<string>();
  readonly #imports = new Map<string, ImportState>();
  #looseFailures: number[] = [];

  constructor(options: BatchNoticesOptions) {
    this.#o = { maxFailureNotices: 3, importIdleMs: 10 * 60_000, ...options };
  }

  beginImport(batchId: string): void {
    const state = this.#import(batchId);
    state.lastSeen = this.#o.clock.now();
    state.ended = false;
  }

  recordImport(batchId: string, summary: { imported: ReadonlyArray<{ created: boolean }>; errors: readonly unknown[] }): void {
    const state = this.#import(batchId);
    state.lastSeen = this.#o.clock.now();
    for (const file of summary.imported) {
      if (file.created) state.created++;
      else state.known++;
    }
    state.refused += summary.errors.length;
  }

  endImport(batchId: string): void {
    const state = this.#imports.get(batchId);
    if (!state || state.ended) return;
    state.ended = true;
    this.#maybeSummarise(batchId);
  }

  #import(batchId: string): ImportState {
    let state = this.#imports.get(batchId);
    if (!state) {
      state = { lastSeen: this.#o.clock.now(), ended: false, created: 0, known: 0, refused: 0 };
      this.#imports.set(batchId, state);
      if (this.#imports.size > MEMORY) this.#imports.delete(this.#imports.keys().next().value!);
    }
    return state;
  }

  /** True while the batch's import may still add tasks. */
  #importing(batchId: string): boolean {
    const state = this.#imports.get(batchId);
    return state !== undefined && !state.ended && this.#o.clock.now() - state.lastSeen < this.#o.importIdleMs;
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
    if (this.#announced.has(batch) || this.#importing(batch)) return;
    const counts = this.#o.tasks.batchCounts(batch);
    if (counts.length === 0 || counts.some((c) => c.open > 0)) return;
    remember(this.#announced, batch);
    const state = this.#imports.get(batch);
    this.#imports.delete(batch);
    const work = calibrationLine(counts);
    const body = state ? [filesLine(state), work].filter((p) => p !== '').join('; ') : work || 'Open the task list for details';
    this.#emit({ title: summaryTitle(counts), body, target: { kind: 'tasks' } });
  }

  #emit(notice: Omit<NoticeView, 'at'>): void {
    if (!this.#o.enabled()) return;
    this.#o.sink({ ...notice, at: new Date(this.#o.clock.now()).toISOString() });
  }
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Nouns (one, several) for the failures of kinds without a word of their own ("1 calibration failed"). */
const NOUN: Readonly<Record<string, readonly [string, string]>> = {
  calibrate: ['calibration', 'calibrations'],
  'calib-master': ['master', 'masters'],
  solve: ['plate solve', 'plate solves'],
};

/**
 * "22 of 22 extracted", "20 of 22 extracted, 2 failed", "1 of 2 measured, 1 cancelled": the
 * kinds with a word of their own, then the failures and cancellations of the others, which
 * would otherwise go unsaid ("7 of 7 extracted; 1 calibration failed": a raw night's eighth
 * light was never calibrated, so never extracted); with no such kind, every task ("3 of 3
 * tasks done"). A raw night's lights are counted by their calibrated frames' extractions.
 */
export function summaryTitle(counts: readonly BatchCounts[]): string {
  const named = counts.filter((c) => DONE_WORD[c.kind] !== undefined);
  if (named.length > 0) {
    const others = counts.filter((c) => DONE_WORD[c.kind] === undefined).flatMap((c) => {
      const [one, many] = NOUN[c.kind] ?? [`${c.kind} task`, `${c.kind} tasks`];
      const parts: string[] = [];
      if (c.failed > 0) parts.push(`${c.failed} ${c.failed === 1 ? one : many} failed`);
      if (c.cancelled > 0) parts.push(`${c.cancelled} ${c.cancelled === 1 ? one : many} cancelled`);
      return parts;
    });
    return [...named.map((c) => countLine(c, DONE_WORD[c.kind]!)), ...others].join('; ');
  }
  const all = { ok: 0, total: 0, failed: 0, cancelled: 0 };
  for (const c of counts) {
    all.ok += c.ok;
    all.total += c.total;
    all.failed += c.failed;
    all.cancelled += c.cancelled;
  }
  return countLine(all, `task${all.total === 1 ? '' : 's'} done`);
}

function countLine(c: Pick<BatchCounts, 'ok' | 'total' | 'failed' | 'cancelled'>, word: string): string {
  const parts = [`${c.ok} of ${c.total} ${word}`];
  if (c.failed > 0) parts.push(`${c.failed} failed`);
  if (c.cancelled > 0) parts.push(`${c.cancelled} cancelled`);
  return parts.join(', ');
}

/**
 * The calibration a batch did, for the summary's body: "5 masters made, 8 lights calibrated"
 * ("7 of 8 lights calibrated" when some did not end well); '' when it did none.
 */
export function calibrationLine(counts: readonly BatchCounts[]): string {
  const parts: string[] = [];
  const line = (c: BatchCounts | undefined, noun: string, done: string) => {
    if (c) parts.push(`${c.ok === c.total ? '' : `${c.ok} of `}${c.total} ${noun}${c.total === 1 ? '' : 's'} ${done}`);
  };
  line(counts.find((c) => c.kind === 'calib-master'), 'master', 'made');
  line(counts.find((c) => c.kind === 'calibrate'), 'light', 'calibrated');
  return parts.join(', ');
}

/** "50 files: 22 new, 28 already in the library, 2 refused". */
function filesLine(s: ImportState): string {
  const files = s.created + s.known + s.refused;
  const parts = [`${s.created} new`];
  if (s.known > 0) parts.push(`${s.known} already in the library`);
  if (s.refused > 0) parts.push(`${s.refused} refused`);
  return `${files} file${files === 1 ? '' : 's'}: ${parts.join(', ')}`;
}
