import type { TaskView } from '../../../shared/domain.js';
import { AppError } from '../../../shared/errors.js';
import { type Clock, isoNow } from '../clock.js';
import type { Db } from '../db/open.js';
import type { EventBus } from '../events.js';
import type { Logger } from '../logger.js';
import { MailService } from '../mail/mail-service.js';
import type { DataPaths } from '../paths.js';
import type { SettingsService } from '../settings/settings-service.js';
import { type StopWatching, watchExternalQueue } from './external-queue.js';
import { type KindContext, type TaskKind, taskKinds } from './kinds/index.js';
import type { RunnerEvents, TaskRunner } from './runner.js';
import { runnerEvents } from './runner-events.js';
import { type TaskFilter, type TaskRow, toTaskView } from './task-rows.js';
import type { TaskQueries } from './task-queries.js';
import { TaskStore } from './task-store.js';
import { PROCESS_OWNER, requeueOrphans } from './process-owner.js';
import { TaskChanges } from './task-changes.js';
import { Dispatcher } from './dispatcher.js';
import { ResultInbox } from './result-inbox.js';
import { TaskOutcomes } from './task-outcomes.js';
import { existingRow, parsePayload } from './task-payload.js';
import { isFinished, waitForTasks } from './wait-for.js';
import { type EnqueueOptions, writeTasks } from './task-enqueue.js';

export type { EnqueueOptions } from './task-enqueue.js';

export interface TaskServiceDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  events: EventBus;
  settings: SettingsService;
  paths: DataPaths;
  /** Sends e-mail for notify-email tasks (default: nodemailer with NIGHTSHIFT_SMTP_PASSWORD). */
  mail?: MailService;
  kinds?: ReadonlyMap<string, TaskKind>;
  /** Base of the exponential backoff between attempts (ms). */
  backoffBaseMs?: number;
  /** Overrides the settings' broker URL (undefined = use the settings; null = local pool). */
  brokerUrl?: string | null;
  /** Builds the runner the settings select (local pool or broker). */
  createRunner: (events: RunnerEvents) => TaskRunner;
  /** Inline tasks (e-mail) running at once. */
  inlineConcurrency?: number;
  /** Runs the follow-ups the kinds declare when tasks finish (tasks/follow-ups.ts). */
  followUps?: { finished(ids: readonly number[]): void; ending?(ids: readonly number[]): void };
}

export { PROCESS_OWNER } from './process-owner.js';

/**
 * How long after launch the app (desktop, `host`) starts its pool threads (see
 * {@link TaskService.prestart}): once its window is up, so that their start and warm-up do not
 * compete with it for the cores.
 */
export const PRESTART_AFTER_MS = 2000;

/**
 * One service for every task kind. SQLite is the source of truth: a task's row is written
 * before its work is dispatched, every change of state goes through a row update, and a
 * restart picks up whatever was left. The service keeps at most the runner's capacity of
 * attempts dispatched, so priorities are decided here, when a slot frees.
 */
export class TaskService {
  readonly #deps: TaskServiceDeps;
  readonly #store: TaskStore;
  readonly #kinds: ReadonlyMap<string, TaskKind>;
  readonly #ctx: KindContext;
  #runner: TaskRunner | null = null;
  #started = false;
  #closed = false;
  #paused = false;
  #pruneTimer: NodeJS.Timeout | null = null;
  #prestartTimer: NodeJS.Timeout | null = null;
  readonly #dispatcher: Dispatcher;
  readonly #changes: TaskChanges;
  readonly #inbox: ResultInbox;
  readonly #outcomes: TaskOutcomes;
  /** Stops watching for tasks other processes queue (see external-queue.ts). */
  #stopExternal: StopWatching | null = null;

  constructor(deps: TaskServiceDeps) {
    this.#deps = deps;
    this.#kinds = deps.kinds ?? taskKinds();
    this.#ctx = { db: deps.db, clock: deps.clock, logger: deps.logger, events: deps.events, settings: deps.settings, paths: deps.paths, mail: deps.mail ?? new MailService() };
    this.#store = new TaskStore(deps.db);
    this.#changes = new TaskChanges(deps.events, () => this.#closed, (ids) => deps.followUps?.finished(ids), (ids) => deps.followUps?.ending?.(ids));
    this.#dispatcher = new Dispatcher({
      store: this.#store,
      clock: deps.clock,
      logger: deps.logger,
      kinds: this.#kinds,
      ctx: this.#ctx,
      changes: this.#changes,
      inlineConcurrency: deps.inlineConcurrency,
      started: () => this.#started,
      closed: () => this.#closed,
      paused: () => this.#paused,
      runner: () => this.#runner,
      brokerDown: () => this.#outcomes.brokerDown,
      jobId: (taskId, jobId) => this.#inbox.jobId(taskId, jobId),
      succeeded: (id, result, ranOn) => this.#outcomes.succeeded(id, result, ranOn),
      failed: (id, error) => this.#outcomes.failed(id, error),
      progress: (id, fraction, stage) => this.#outcomes.progress(id, fraction, stage),
    });
    this.#outcomes = new TaskOutcomes({
      db: deps.db,
      store: this.#store,
      clock: deps.clock,
      logger: deps.logger,
      events: deps.events,
      settings: deps.settings,
      kinds: this.#kinds,
      ctx: this.#ctx,
      changes: this.#changes,
      inFlight: this.#dispatcher.inFlight,
      backoffBaseMs: deps.backoffBaseMs,
      poolMaybe: () => this.#dispatcher.poolMaybe(),
      delayedMaybe: () => this.#dispatcher.delayedMaybe(),
      schedule: (delay) => this.#dispatcher.schedule(delay),
    });
    this.#inbox = new ResultInbox({
      store: this.#store,
      clock: deps.clock,
      logger: deps.logger,
      closed: () => this.#closed,
      runner: () => this.#runner,
      inFlight: () => this.#dispatcher.inFlight.size,
      pumping: () => this.#dispatcher.pumping,
      recordResults: (results) => this.#outcomes.recordResults(results),
      claimDue: (runner) => this.#dispatcher.claimDue(runner),
      dispatchAll: (runner, rows) => this.#dispatcher.dispatchAll(runner, rows),
      schedule: () => this.#dispatcher.schedule(),
      writeFailed: (what, err) => this.#outcomes.writeFailed(what, err),
      failed: (id, error) => this.#outcomes.failed(id, error),
    });
  }

  /** Registered kind names. */
  kinds(): string[] {
    return [...this.#kinds.keys()];
  }

  /** The runner in use (null before start). */
  get runnerName(): 'local' | 'broker' | null {
    return this.#runner?.name ?? null;
  }

  get brokerReachable(): boolean {
    return !this.#outcomes.brokerDown;
  }

  /** The active runner (e.g. the local pool the app's own broker worker shares). */
  runner(): TaskRunner | null {
    return this.#runner;
  }

  /** Read-only questions about tasks, for other features (the `tasks` table is this service's alone). */
  get queries(): TaskQueries {
    return this.#store;
  }

  // ---------------------------------------------------------------- public API

  /** Writes a queued task; it runs when a slot is free, by priority then age. */
  enqueue(kindName: string, payload: unknown, options: EnqueueOptions = {}): TaskView {
    return this.enqueueMany([{ kind: kindName, payload, options }])[0]!;
  }

  /**
   * Writes many queued tasks in one transaction (all or none: a malformed one writes nothing).
   * Same rows and events as calling {@link enqueue} for each, with one commit.
   */
  enqueueMany(tasks: ReadonlyArray<{ kind: string; payload: unknown; options?: EnqueueOptions }>): TaskView[] {
    if (tasks.length === 0) return [];
    const written = writeTasks(
      { store: this.#store, kinds: this.#kinds, ctx: this.#ctx, now: this.#deps.clock.now(), poolRunner: this.#poolRunnerName(), brokerDown: this.#outcomes.brokerDown },
      tasks,
    );
    for (const t of written) {
      if (t.runner === 'inline') this.#dispatcher.inlineMaybe();
      else this.#dispatcher.poolMaybe();
      if (t.runAfter) this.#dispatcher.delayedMaybe();
    }
    this.#changes.changed(...written.map((t) => t.row.id));
    this.#dispatcher.schedule();
    return written.map((t) => toTaskView(t.row));
  }

  get(id: number): TaskView {
    const row = this.#store.row(id);
    if (!row) throw new AppError('not_found', `task ${id} does not exist`);
    return toTaskView(row);
  }

  list(filter: TaskFilter = {}): TaskView[] {
    return this.#store.list(filter).map(toTaskView);
  }

  /** Cancels a task that has not finished (a running one is stopped). */
  async cancel(id: number): Promise<TaskView> {
    const row = existingRow(this.#store, id);
    if (isFinished(row.status)) return toTaskView(row);
    this.#outcomes.finish(row, 'cancelled', { code: 'cancelled', message: 'cancelled by the user', retryable: false });
    await this.#stop(row);
    this.#dispatcher.schedule();
    return this.get(id);
  }

  /** Stops the work of a task whose row says `cancelled` (an inline run, a pool thread or a broker job). */
  async #stop(row: Pick<TaskRow, 'id' | 'status' | 'runner' | 'job_id'>): Promise<void> {
    this.#dispatcher.inline.get(row.id)?.abort('cancelled');
    if (row.runner !== 'inline' && this.#runner && (row.status === 'running' || row.job_id)) {
      await this.#runner.cancel(row.id, row.job_id).catch((err: unknown) => this.#deps.logger.warn('cancel failed', { id: row.id, error: String(err) }));
    }
    this.#dispatcher.inFlight.delete(row.id);
  }

  /** The unfinished tasks of these products (what removing them cancels), by id. */
  openOfProducts(productIds: readonly number[]): number[] {
    return this.#store.openOfProducts(productIds).map((r) => r.id);
  }

  /**
   * Cancels the unfinished tasks of products being removed: their rows now, inside the caller's
   * transaction (no kind hooks: the products are going); the step it returns, run after the
   * commit, stops those running and announces the change.
   */
  cancelOfProducts(productIds: readonly number[]): () => Promise<void> {
    const now = isoNow(this.#deps.clock);
    const ended = this.#store.openOfProducts(productIds).filter((r) => this.#store.finish(r.id, 'cancelled', { code: 'cancelled', message: 'its image was removed from the library' }, now));
    return async () => {
      for (const r of ended) await this.#stop(r);
      if (ended.length > 0) this.#changes.finished(...ended.map((r) => r.id));
      this.#dispatcher.schedule();
    };
  }

  /** Queues a failed or cancelled task again, with a fresh count of attempts. */
  retry(id: number): TaskView {
    const row = existingRow(this.#store, id);
    if (row.status !== 'failed' && row.status !== 'cancelled') throw new AppError('conflict', `task ${id} is ${row.status}; only failed or cancelled tasks can be retried`);
    const kind = this.#kinds.get(row.kind);
    const now = isoNow(this.#deps.clock);
    this.#store.tx(() => {
      this.#store.requeueForRetry(id, row.runner === 'inline' ? 'inline' : this.#poolRunnerName(), now);
      if (kind) kind.onQueued?.(this.#ctx, existingRow(this.#store, id), parsePayload(kind, row));
    });
    this.#dispatcher.inlineMaybe();
    this.#dispatcher.poolMaybe();
    this.#changes.changed(id);
    this.#dispatcher.schedule();
    return this.get(id);
  }

  /** Deletes finished task records older than the retention setting; returns how many. */
  prune(): number {
    const days = this.#deps.settings.get().retention.taskDays;
    const cutoff = new Date(this.#deps.clock.now() - days * 86_400_000).toISOString();
    return this.#store.deleteFinishedBefore(cutoff);
  }

  /**
   * Starts dispatching: recovers the attempts a crashed process left `running`, prunes old
   * records, brings the runner up (the broker runner reconciles its jobs) and fills it.
   */
  async start(): Promise<void> {
    if (this.#started || this.#closed) return;
    this.#started = true;
    this.#recover();
    this.prune();
    this.#pruneTimer = setInterval(() => this.prune(), 3_600_000);
    this.#pruneTimer.unref();
    this.#runner = this.#deps.createRunner(
      runnerEvents({ inbox: this.#inbox, outcomes: this.#outcomes, dispatcher: this.#dispatcher, store: this.#store, changes: this.#changes, clock: this.#deps.clock, closed: () => this.#closed }),
    );
    const runnerName = this.#runner.name;
    // Tasks an earlier run left waiting for its broker are queued again (they wait again if
    // the broker is still down): else nothing would ever take them.
    this.#store.requeueWaiting();
    // Undispatched pool tasks follow the runner the settings now select.
    this.#store.moveUndispatchedTo(runnerName);
    const pending = this.#store.brokerJobs(true);
    for (const p of pending) this.#dispatcher.inFlight.set(p.id, null);
    await this.#runner.start(pending.map((p) => ({ taskId: p.id, jobId: p.job_id })));
    // Rows other processes queue: dispatched within a second or so, as if queued here.
    if (this.#closed) return;
    this.#stopExternal = watchExternalQueue(this.#store, () => {
      this.#dispatcher.inlineMaybe();
      this.#dispatcher.poolMaybe();
      this.#dispatcher.delayedMaybe();
      this.#dispatcher.schedule();
    });
    this.#dispatcher.schedule();
  }

  /**
   * Starts the local pool's threads ahead of any task, `afterMs` from now, unless they are
   * running by then: the app asks for this at launch, after its window is up, so the threads
   * have started and compiled the extractor (their thorough warm-up) by the time the first
   * folder is dropped. Nothing happens before {@link start}, after {@link close}, or with the
   * broker runner (whose own worker starts the pool with the runner).
   */
  prestart(afterMs = 0): void {
    if (this.#prestartTimer) clearTimeout(this.#prestartTimer);
    this.#prestartTimer = null;
    const go = (): void => {
      this.#prestartTimer = null;
      if (!this.#closed) this.#runner?.prestart?.();
    };
    if (afterMs <= 0) go();
    else {
      this.#prestartTimer = setTimeout(go, afterMs);
      this.#prestartTimer.unref();
    }
  }

  /** True while the queue is paused: nothing new starts; running tasks finish. */
  get paused(): boolean {
    return this.#paused;
  }

  /** Pauses or resumes the queue (the tray's "Pause"); announced as `queue:changed`. */
  setPaused(paused: boolean): void {
    if (this.#paused === paused) return;
    this.#paused = paused;
    // Tasks handed to the pool but not started go back to the queue: nothing new starts.
    if (paused) this.#runner?.recallWaiting?.();
    this.#deps.events.emit('queue:changed', { paused });
    if (!paused) this.#dispatcher.schedule();
  }

  /** Stops dispatching; running local attempts are stopped and will run again at the next start. */
  async close(): Promise<void> {
    if (this.#closed) return;
    // Reports already received (results waiting for their shared commit) are recorded first.
    if (this.#inbox.hasWork) this.#inbox.drain();
    this.#closed = true;
    this.#dispatcher.stop();
    this.#inbox.stopImmediate();
    if (this.#pruneTimer) clearInterval(this.#pruneTimer);
    if (this.#prestartTimer) clearTimeout(this.#prestartTimer);
    this.#stopExternal?.();
    for (const c of this.#dispatcher.inline.values()) c.abort('closing');
    const runner = this.#runner;
    this.#runner = null;
    // Local attempts cut short by closing are requeued (not counted) rather than failed.
    const now = isoNow(this.#deps.clock);
    this.#store.requeueOwnedBy(PROCESS_OWNER, now);
    await runner?.close();
    // The last changes reach waitFor now, while the database is still open.
    this.#changes.close();
  }

  /**
   * Resolves when every given task has finished; `onChange` sees each change on the way.
   * Used by the command line to wait for an import.
   */
  waitFor(ids: readonly number[], onChange?: (tasks: TaskView[]) => void): Promise<TaskView[]> {
    return waitForTasks(this.#store, this.#changes, ids, onChange);
  }

  // ---------------------------------------------------------------- dispatching

  #poolRunnerName(): 'local' | 'broker' {
    if (this.#runner) return this.#runner.name;
    const url = this.#deps.brokerUrl === undefined ? this.#deps.settings.get().broker.url : this.#deps.brokerUrl;
    return url ? 'broker' : 'local';
  }

  /** Attempts left `running` by a process that no longer exists go back to the queue. */
  #recover(): void {
    const ids = requeueOrphans(this.#store, isoNow(this.#deps.clock));
    if (ids.length > 0) {
      this.#deps.logger.info(`requeued ${ids.length} task(s) interrupted by a previous run`);
      this.#changes.changed(...ids);
    }
  }
}
