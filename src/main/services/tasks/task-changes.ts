/**
 * Who hears that tasks changed: windows through the `tasks:changed` event (ids batched into one
 * event per 50 ms: progress can be frequent), and {@link TaskService.waitFor} through watchers
 * told a turn after each change (with the ids that may have finished), without the 50 ms wait.
 */
import type { EventBus } from '../events.js';

/** A watcher: ids changed by this process, and those of them that may have finished. */
export type ChangeWatcher = (changed: readonly number[], finished: readonly number[]) => void;

/** How long `tasks:changed` ids are gathered before the event goes out (ms). */
const FLUSH_MS = 50;

export class TaskChanges {
  readonly #events: EventBus;
  readonly #closed: () => boolean;
  readonly #onFinished: (ids: readonly number[]) => void;
  readonly #onEnding: (ids: readonly number[]) => void;
  readonly #changed = new Set<number>();
  #flushTimer: NodeJS.Timeout | null = null;
  readonly #watchers = new Set<ChangeWatcher>();
  readonly #watched: number[] = [];
  readonly #watchedFinished: number[] = [];
  #watchImmediate: NodeJS.Immediate | null = null;

  /**
   * `closed`: true once the service is closed (the database may be closed too: watchers are not
   * run then). `onFinished`: hears the ids of every change that may have finished tasks (the
   * kinds' follow-ups, tasks/follow-ups.ts). `onEnding`: hears, inside the transaction that
   * ends them, the ids of tasks that may have ended (the follow-ups queued in it).
   */
  constructor(
    events: EventBus,
    closed: () => boolean,
    onFinished: (ids: readonly number[]) => void = () => {},
    onEnding: (ids: readonly number[]) => void = () => {},
  ) {
    this.#events = events;
    this.#closed = closed;
    this.#onFinished = onFinished;
    this.#onEnding = onEnding;
  }

  /**
   * Inside the transaction that ends these tasks, before {@link finished}: the follow-ups due
   * on their end are queued in that transaction (throws what they throw).
   */
  ending(...ids: number[]): void {
    if (!this.#closed()) this.#onEnding(ids);
  }

  /** These tasks changed. */
  changed(...ids: number[]): void {
    for (const id of ids) this.#changed.add(id);
    if (this.#watchers.size > 0) {
      for (const id of ids) this.#watched.push(id);
      this.#notifyWatchers();
    }
    if (this.#flushTimer) return;
    this.#flushTimer = setTimeout(() => this.flush(), FLUSH_MS);
  }

  /** Like {@link changed}, for changes that may have finished these tasks (what `waitFor` waits for). */
  finished(...ids: number[]): void {
    if (this.#watchers.size > 0) for (const id of ids) this.#watchedFinished.push(id);
    this.changed(...ids);
    if (!this.#closed()) this.#onFinished(ids);
  }

  /** Adds a watcher; returns the function that removes it. */
  watch(watcher: ChangeWatcher): () => void {
    this.#watchers.add(watcher);
    return () => this.#watchers.delete(watcher);
  }

  /** Whether ids wait for the next `tasks:changed`. */
  get unannounced(): boolean {
    return this.#changed.size > 0;
  }

  /** Sends the gathered ids as `tasks:changed` now (nothing if none). */
  flush(): void {
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    this.#flushTimer = null;
    if (this.#changed.size === 0) return;
    const ids = [...this.#changed];
    this.#changed.clear();
    this.#events.emit('tasks:changed', { ids });
  }

  /** At close, while the database is still open: the watchers hear the last changes, then `tasks:changed` goes out. */
  close(): void {
    if (this.#watchImmediate) {
      clearImmediate(this.#watchImmediate);
      this.#watchImmediate = null;
      this.#runWatchers();
    }
    this.flush();
  }

  #notifyWatchers(): void {
    // After the current event (and the transaction it may be in) is done.
    this.#watchImmediate ??= setImmediate(() => {
      this.#watchImmediate = null;
      // Closed (the database may be closed too): close() told them already.
      if (!this.#closed()) this.#runWatchers();
    });
  }

  #runWatchers(): void {
    const changed = this.#watched.splice(0);
    const finished = this.#watchedFinished.splice(0);
    for (const watcher of [...this.#watchers]) watcher(changed, finished);
  }
}
