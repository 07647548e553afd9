/**
 * What runners report about attempts, written to the task rows: started, progress, success
 * (with the kind's `ingest`), failure (a retry after a backoff, or the end with the kind's
 * `onEnded`), a broker going down or coming back, a job the broker lost. Every write is
 * guarded: a row already finished is left alone (each task ends exactly once).
 */
import { isNoSpaceError } from '../../../shared/errors.js';
import { toTaskErrorInfo, type TaskErrorInfo } from '../../../shared/task-error.js';
import { type Clock, isoNow } from '../clock.js';
import type { Db } from '../db/open.js';
import type { EventBus } from '../events.js';
import type { Logger } from '../logger.js';
import { runnerInfo } from '../runner-info.js';
import type { SettingsService } from '../settings/settings-service.js';
import { backoffMs } from './backoff.js';
import type { KindContext, TaskKind } from './kinds/index.js';
import type { InboxResult } from './result-inbox.js';
import type { RanOn } from './runner.js';
import type { TaskChanges } from './task-changes.js';
import { existingRow, parsePayload } from './task-payload.js';
import type { TaskRow } from './task-rows.js';
import type { TaskStore } from './task-store.js';
import { isFinished } from './wait-for.js';

/** What recording outcomes needs of the task service. */
export interface OutcomeHost {
  db: Db;
  store: TaskStore;
  clock: Clock;
  logger: Logger;
  events: EventBus;
  settings: SettingsService;
  kinds: ReadonlyMap<string, TaskKind>;
  ctx: KindContext;
  changes: TaskChanges;
  /** Pool tasks dispatched by this process and not yet finished, with their kind (null: not known here). */
  inFlight: Map<number, TaskKind | null>;
  /** Base of the exponential backoff between attempts (ms). */
  backoffBaseMs?: number;
  /** A pool task may be due (queued again): the next pump looks. */
  poolMaybe(): void;
  /** A queued task may wait for its `run_after`. */
  delayedMaybe(): void;
  /** Asks the pump to run, after `delay` ms. */
  schedule(delay?: number): void;
}

/** Progress is written at most this often per task (ms), save the last. */
const PROGRESS_MS = 200;

export class TaskOutcomes {
  readonly #host: OutcomeHost;
  readonly #progressWritten = new Map<number, number>();
  readonly #writeFailures = new Set<string>();
  #brokerDown = false;

  constructor(host: OutcomeHost) {
    this.#host = host;
  }

  /** Whether the broker was last reported unreachable. */
  get brokerDown(): boolean {
    return this.#brokerDown;
  }

  /** An attempt started on `ranOn` (its kind's `onStarted` hook runs once, when the row becomes running). */
  started(id: number, ranOn: RanOn): void {
    const h = this.#host;
    const known = h.inFlight.get(id);
    if (known && !known.onStarted) {
      // No hook to call: one guarded update, no read (same conditions as below).
      if (h.store.markStarted(id, ranOn, isoNow(h.clock), true)) h.changes.changed(id);
      return;
    }
    const row = h.store.row(id);
    if (!row || isFinished(row.status) || (row.status === 'running' && row.ran_on === ranOn.host && row.worker_id === ranOn.workerId)) return;
    const changed = h.store.markStarted(id, ranOn, isoNow(h.clock), false);
    if (changed && row.status !== 'running') {
      const kind = h.kinds.get(row.kind);
      if (kind) {
        try {
          kind.onStarted?.(h.ctx, existingRow(h.store, id), parsePayload(kind, row));
        } catch {
          // a malformed payload fails when the result comes back
        }
      }
    }
    h.changes.changed(id);
  }

  /** Progress (0..1, clamped) and stage (at most 100 characters), written at most every {@link PROGRESS_MS} save the last. */
  progress(id: number, fraction: number, stage: string): void {
    const h = this.#host;
    const now = h.clock.now();
    const last = this.#progressWritten.get(id) ?? 0;
    if (now - last < PROGRESS_MS && fraction < 1) return;
    this.#progressWritten.set(id, now);
    const iso = new Date(now).toISOString();
    let changed: boolean;
    try {
      changed = h.store.progress(id, Math.min(1, Math.max(0, fraction)), stage.slice(0, 100), iso);
    } catch (err) {
      // Progress is not worth a crash (a full disk refuses this write first: it is the most
      // frequent); the task's end is written, or reported, as usual.
      this.writeFailed('progress', err);
      return;
    }
    if (changed) h.changes.changed(id);
  }

  /** Logs a write the database refused (a full disk, a locked file), once per kind of write until one succeeds again. */
  writeFailed(what: string, err: unknown): void {
    if (this.#writeFailures.has(what)) return;
    this.#writeFailures.add(what);
    this.#host.logger.error(`could not record task ${what}`, { error: err instanceof Error ? err.message : String(err) });
    setTimeout(() => this.#writeFailures.delete(what), 60_000).unref();
  }

  /**
   * Results of one drain. Those of kinds with nothing to store (known here) are one guarded
   * update per place they ran on (exactly once: a finished row is left alone); the others go
   * through {@link succeeded}.
   */
  recordResults(results: readonly InboxResult[]): void {
    const h = this.#host;
    let groups: Map<string, { ranOn: RanOn | null; ids: number[] }> | null = null;
    const batched = new Set<number>();
    for (const { id, result, ranOn } of results) {
      // The same result twice in one batch: the first counts.
      if (batched.has(id)) continue;
      const known = h.inFlight.get(id);
      if (!known || known.ingest) {
        this.succeeded(id, result, ranOn);
        continue;
      }
      h.inFlight.delete(id);
      this.#progressWritten.delete(id);
      batched.add(id);
      groups ??= new Map();
      const key = ranOn ? `${ranOn.host}\n${ranOn.workerId ?? ''}` : '';
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { ranOn, ids: [] }));
      group.ids.push(id);
    }
    if (!groups) return;
    const now = isoNow(h.clock);
    for (const { ranOn, ids } of groups.values()) {
      h.db.transaction(() => {
        h.store.succeedMany(ids, { host: ranOn?.host ?? null, workerId: ranOn?.workerId ?? null }, now);
        this.#queueFollowUps(ids);
      })();
      // Listeners read the rows: an id whose row was already finished changes nothing for them.
      h.changes.finished(...ids);
    }
  }

  /**
   * A success read back and stored (an inline task, a kind that ingests its result, or an
   * attempt this process did not dispatch); pool results with nothing to store are recorded
   * by {@link recordResults}.
   */
  succeeded(id: number, result: unknown, ranOn: RanOn | null): void {
    const h = this.#host;
    h.inFlight.delete(id);
    this.#progressWritten.delete(id);
    const db = h.db;
    let failure: TaskErrorInfo | null = null;
    db.transaction(() => {
      const row = h.store.row(id);
      // Exactly once: a result for a task already finished (delivered twice, or cancelled) is dropped.
      if (!row || isFinished(row.status)) return;
      const kind = h.kinds.get(row.kind);
      let ref: string | null = null;
      try {
        // Its own savepoint: a result that fails half-way through storing leaves nothing behind.
        if (kind?.ingest) {
          const ingest = kind.ingest;
          ref = db.transaction(() => ingest(h.ctx, row, parsePayload(kind, row), result))();
        }
      } catch (err) {
        // Out of space, SQLite may have rolled back the whole transaction: the caller handles it.
        if (isNoSpaceError(err)) throw err;
        failure = toTaskErrorInfo(err);
        return;
      }
      const now = isoNow(h.clock);
      h.store.succeed(id, ref, { host: ranOn?.host ?? null, workerId: ranOn?.workerId ?? null }, now);
      this.#queueFollowUps([id]);
    })();
    if (failure) this.failed(id, failure);
    else h.changes.finished(id);
  }

  /**
   * Inside the transaction that ends these tasks: the follow-ups due on their end are queued in
   * it (task-changes.ts `ending`), in a savepoint of their own. If that fails (other than out of
   * space) the end is kept and they are queued after the commit, as before.
   */
  #queueFollowUps(ids: readonly number[]): void {
    const h = this.#host;
    try {
      h.db.transaction(() => h.changes.ending(...ids))();
    } catch (err) {
      if (isNoSpaceError(err)) throw err;
      h.logger.warn(`follow-ups of tasks ${ids.join(', ')} are queued after their end: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** A failed attempt: retried after a backoff if the error is retryable and attempts are left, else the task fails. */
  failed(id: number, error: TaskErrorInfo): void {
    try {
      this.#recordFailure(id, error);
    } catch (err) {
      // Called from promise handlers and runner events: a write the database refuses must not
      // end the process. The row stays as it was; the next start requeues it.
      this.writeFailed('failures', err);
    }
  }

  #recordFailure(id: number, error: TaskErrorInfo): void {
    const h = this.#host;
    h.inFlight.delete(id);
    this.#progressWritten.delete(id);
    const row = h.store.row(id);
    if (!row || isFinished(row.status)) return;
    if (error.retryable && row.attempts < row.max_attempts) {
      const delay = backoffMs(row.attempts, h.backoffBaseMs);
      h.delayedMaybe();
      h.poolMaybe();
      const now = h.clock.now();
      h.store.scheduleRetry(id, new Date(now + delay).toISOString(), `retry in ${Math.round(delay / 1000)} s`, error, new Date(now).toISOString());
      h.changes.changed(id);
      h.schedule(delay);
      return;
    }
    this.finish(row, 'failed', error);
  }

  /** Ends a task `failed` or `cancelled` (unless it has finished) and runs its kind's `onEnded` hook. */
  finish(row: TaskRow, status: 'failed' | 'cancelled', error: TaskErrorInfo): void {
    const h = this.#host;
    const db = h.db;
    const write = (hooks: boolean) =>
      db.transaction(() => {
        const now = isoNow(h.clock);
        const changed = h.store.finish(row.id, status, { code: error.code, message: error.message.slice(0, 2000) }, now);
        if (!changed || !hooks) return;
        this.#queueFollowUps([row.id]);
        const kind = h.kinds.get(row.kind);
        if (!kind?.onEnded) return;
        try {
          kind.onEnded(h.ctx, existingRow(h.store, row.id), parsePayload(kind, row), status);
        } catch (err) {
          // SQLite may have rolled the transaction back: see below.
          if (isNoSpaceError(err)) throw err;
          // a malformed payload has nothing to update
        }
      })();
    try {
      write(true);
    } catch (err) {
      // Out of space: the task's own row at least says why (its kind's hook is left out).
      if (!isNoSpaceError(err)) throw err;
      write(false);
    }
    h.changes.finished(row.id);
  }

  /** The broker became unreachable (its tasks wait) or reachable again (they are queued); announced as `runner:changed`. */
  brokerChanged(down: boolean): void {
    const h = this.#host;
    if (down === this.#brokerDown) return;
    this.#brokerDown = down;
    const now = isoNow(h.clock);
    const ids = h.store.brokerAffected(down);
    h.store.brokerDown(down, now);
    if (down) {
      h.logger.warn('the broker is unreachable; broker tasks are waiting');
    } else {
      // Back to queued; the runner's reconciliation moves the active ones to running again.
      h.logger.info('the broker is reachable again');
    }
    h.poolMaybe();
    h.changes.changed(...ids);
    h.events.emit('runner:changed', runnerInfo(h.settings.get(), !down));
    if (!down) h.schedule();
  }

  /** The broker lost a task's job: the task is queued again, the attempt not counted. */
  lost(id: number): void {
    const h = this.#host;
    h.inFlight.delete(id);
    if (h.store.requeueLost(id, isoNow(h.clock))) {
      h.poolMaybe();
      h.changes.changed(id);
      h.schedule();
    }
  }
}
