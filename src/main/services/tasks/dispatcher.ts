/**
 * Dispatching: the pump that fills the runner's free slots with the due queued tasks, highest
 * priority first (claimed in one statement, atomic against other processes), runs inline kinds
 * in this process, and wakes itself when a delayed or backed-off task comes due. It keeps at
 * most the runner's capacity of attempts dispatched, so priorities are decided here, when a
 * slot frees.
 */
import { TaskError, toTaskErrorInfo, type TaskErrorInfo } from '../../../shared/task-error.js';
import { type Clock, isoNow } from '../clock.js';
import type { Logger } from '../logger.js';
import type { KindContext, TaskKind } from './kinds/index.js';
import { PROCESS_OWNER } from './process-owner.js';
import type { RanOn, TaskRunner } from './runner.js';
import type { TaskChanges } from './task-changes.js';
import { existingRow, parsePayload } from './task-payload.js';
import type { TaskRow } from './task-rows.js';
import type { DueRow, TaskStore } from './task-store.js';

/** What dispatching needs of the task service. */
export interface DispatchHost {
  store: TaskStore;
  clock: Clock;
  logger: Logger;
  kinds: ReadonlyMap<string, TaskKind>;
  ctx: KindContext;
  changes: TaskChanges;
  /** Inline tasks (e-mail) running at once (default 4). */
  inlineConcurrency?: number;
  started(): boolean;
  closed(): boolean;
  paused(): boolean;
  runner(): TaskRunner | null;
  /** Whether the broker was last reported unreachable (nothing is claimed for it then). */
  brokerDown(): boolean;
  /** A broker job id to write with the next drain of the result inbox. */
  jobId(taskId: number, jobId: string): void;
  succeeded(id: number, result: unknown, ranOn: RanOn | null): void;
  failed(id: number, error: TaskErrorInfo): void;
  progress(id: number, fraction: number, stage: string): void;
}

export class Dispatcher {
  readonly #host: DispatchHost;
  /** Pool tasks dispatched by this process and not yet reported finished, with their kind (null: not known here). */
  readonly inFlight = new Map<number, TaskKind | null>();
  /** Inline tasks running in this process, by id. */
  readonly inline = new Map<number, AbortController>();
  #pumping = false;
  #pumpAgain = false;
  #timer: NodeJS.Timeout | null = null;
  #immediate: NodeJS.Immediate | null = null;
  /** False once a query found no inline task due; set again when one may be (saves a scan per dispatch). */
  #inlineMaybe = true;
  /**
   * False once the pump's query found fewer due pool tasks than free slots; set again by whatever
   * queues one (enqueue, retry, requeue, a timer), and at least every second for rows other
   * processes may have written. Saves a scan of the queue per finished task.
   */
  #poolMaybe = true;
  #poolCheckedAt = 0;
  /**
   * Something was queued (or requeued) since the last scan: dispatch at once, so a task the user
   * asked for reaches the pool's priority queue now. Otherwise (slots freed by finished tasks)
   * the pump refills only once half the runner's capacity is free, a batch per query and claim.
   */
  #poolFresh = true;
  /** False once no queued task has a run_after; set again by a delay or a backoff. */
  #delayedMaybe = true;

  constructor(host: DispatchHost) {
    this.#host = host;
  }

  /** Whether the pump is running (it claims for the slots it finds free itself). */
  get pumping(): boolean {
    return this.#pumping;
  }

  /** A pool task was queued or requeued: the next pump looks for it at once. */
  poolMaybe(): void {
    this.#poolMaybe = this.#poolFresh = true;
  }

  /** An inline task was queued or requeued. */
  inlineMaybe(): void {
    this.#inlineMaybe = true;
  }

  /** A queued task may wait for its `run_after` (a delay or a backoff). */
  delayedMaybe(): void {
    this.#delayedMaybe = true;
  }

  /** Stops the pump's timers (at close). */
  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#immediate) clearImmediate(this.#immediate);
  }

  /** Runs the pump as soon as the current event is handled, or after `delay` ms (then every due check is made again). */
  schedule(delay = 0): void {
    if (!this.#host.started() || this.#host.closed()) return;
    if (delay === 0) {
      // As soon as the current event is handled (a finished task frees a slot: fill it now).
      if (this.#immediate) return;
      this.#immediate = setImmediate(() => {
        this.#immediate = null;
        void this.#pump();
      });
      return;
    }
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#inlineMaybe = true;
      this.#poolMaybe = this.#poolFresh = true;
      void this.#pump();
    }, delay);
  }

  async #pump(): Promise<void> {
    if (this.#pumping) {
      this.#pumpAgain = true;
      return;
    }
    this.#pumping = true;
    try {
      do {
        this.#pumpAgain = false;
        await this.#pumpOnce();
      } while (this.#pumpAgain && !this.#host.closed());
    } catch (err) {
      this.#host.logger.error('task dispatch failed', { error: err instanceof Error ? err.stack : String(err) });
    } finally {
      this.#pumping = false;
    }
    this.#scheduleDelayed();
  }

  async #pumpOnce(): Promise<void> {
    const runner = this.#host.runner();
    if (!runner || this.#host.closed() || this.#host.paused()) return;
    const now = isoNow(this.#host.clock);
    // Inline kinds: a few at a time, in this process.
    const inlineFree = (this.#host.inlineConcurrency ?? 4) - this.inline.size;
    if (inlineFree > 0 && this.#inlineMaybe) {
      const rows = this.#host.store.dueInline(now, inlineFree);
      // Nothing inline is due: skip the query until one is queued, retried or comes due.
      if (rows.length === 0) this.#inlineMaybe = false;
      for (const row of rows) this.#runInline(row);
    }
    await this.dispatchAll(runner, this.claimDue(runner));
  }

  /**
   * Claims the due pool tasks that fit in the runner, highest priority first (none while the
   * broker is down, or while nothing new can be due). Runs in the pump, and in the transaction
   * that records results (one commit for both); the rows are dispatched after the commit.
   */
  claimDue(runner: TaskRunner): DueRow[] {
    if (this.#host.closed() || this.#host.paused() || (runner.name === 'broker' && this.#host.brokerDown())) return [];
    const free = runner.capacity - this.inFlight.size;
    if (free <= 0) return [];
    const nowMs = Date.now();
    if (!this.#poolMaybe && nowMs - this.#poolCheckedAt < 1000) return [];
    if (!this.#poolFresh && this.inFlight.size > runner.capacity / 2 && nowMs - this.#poolCheckedAt < 1000) return [];
    this.#poolCheckedAt = nowMs;
    this.#poolFresh = false;
    // Select and claim in one statement (atomic against other processes). Claimed rows stay
    // `queued` (job_id 'local' or 'pending' for the broker) until a worker starts them; the
    // attempt is counted now. RETURNING gives the rows in no set order: sorted here.
    const local = runner.name === 'local';
    const now = isoNow(this.#host.clock);
    const claimed = this.#host.store
      .claimDue(runner.name, PROCESS_OWNER, now, local ? 'waiting for a thread' : 'queued on broker', local ? 'local' : 'pending', free)
      .sort((x, y) => y.priority - x.priority || x.id - y.id);
    // Fewer than asked for: nothing else is due until something queues one.
    this.#poolMaybe = claimed.length >= free;
    // Counted as in flight from now on (a claim in the results' transaction and the pump's
    // never exceed the capacity together).
    for (const row of claimed) this.inFlight.set(row.id, this.#host.kinds.get(row.kind) ?? null);
    return claimed;
  }

  /**
   * Hands claimed rows to the runner, in order. Every dispatch starts at once (the local pool
   * queues them by priority; broker adds go out together, one network write).
   */
  async dispatchAll(runner: TaskRunner, rows: readonly DueRow[]): Promise<void> {
    if (rows.length === 0) return;
    await Promise.all(rows.map((row) => this.#dispatch(runner, row)));
  }

  /** Hands a claimed row (attempts already counted) to the runner. */
  async #dispatch(runner: TaskRunner, row: DueRow): Promise<void> {
    const kind = this.#host.kinds.get(row.kind);
    const local = runner.name === 'local';
    this.#host.changes.changed(row.id);
    try {
      if (!kind || kind.execution !== 'pool') throw new TaskError('unknown_kind', `no task kind "${row.kind}" is registered here`);
      const payload = parsePayload(kind, row);
      const work = kind.prepare(this.#host.ctx, payload);
      const { jobId } = await runner.dispatch({
        taskId: row.id,
        attempt: row.attempts,
        workerKind: work.workerKind,
        input: work.input,
        files: work.files,
        priority: row.priority,
        timeLimitMs: row.time_limit_ms,
      });
      if (!local && jobId !== null) {
        // Written with the other reports of the next drain (one statement for all); until then
        // the row says 'pending', which a restart handles (the job id is deterministic).
        this.#host.jobId(row.id, jobId);
      }
    } catch (err) {
      const info = toTaskErrorInfo(err);
      if (!local && info.code === 'unavailable') {
        // The broker went away while adding: undo the claim, wait for it to return.
        this.#host.store.unclaimForBroker(row.id, isoNow(this.#host.clock));
        this.inFlight.delete(row.id);
        this.#poolMaybe = this.#poolFresh = true;
        this.#host.changes.changed(row.id);
        return;
      }
      this.#host.failed(row.id, info);
    }
  }

  #runInline(row: TaskRow): void {
    const kind = this.#host.kinds.get(row.kind);
    const now = isoNow(this.#host.clock);
    if (!this.#host.store.claimInline(row.id, PROCESS_OWNER, now)) return;
    const controller = new AbortController();
    this.inline.set(row.id, controller);
    this.#host.changes.changed(row.id);
    let timer: NodeJS.Timeout | undefined;
    const run = async () => {
      if (!kind || kind.execution !== 'inline') throw new TaskError('unknown_kind', `no task kind "${row.kind}" is registered here`);
      const payload = parsePayload(kind, existingRow(this.#host.store, row.id));
      kind.onStarted?.(this.#host.ctx, existingRow(this.#host.store, row.id), payload);
      if (row.time_limit_ms) timer = setTimeout(() => controller.abort('timed_out'), row.time_limit_ms);
      return kind.run(this.#host.ctx, payload, { signal: controller.signal, progress: (f, s) => this.#host.progress(row.id, f, s) });
    };
    run()
      .then(
        (result) => {
          if (controller.signal.aborted) throw new TaskError(controller.signal.reason === 'timed_out' ? 'timed_out' : 'cancelled', 'stopped');
          this.#host.succeeded(row.id, result, null);
        },
        (err: unknown) => {
          if (controller.signal.reason === 'timed_out') {
            throw new TaskError('timed_out', `the task ran longer than its time limit of ${row.time_limit_ms} ms and was stopped`);
          }
          if (controller.signal.reason === 'closing') return;
          throw err;
        },
      )
      .catch((err: unknown) => this.#host.failed(row.id, toTaskErrorInfo(err)))
      .finally(() => {
        if (timer) clearTimeout(timer);
        this.inline.delete(row.id);
        this.schedule();
      });
  }

  /** Wakes the pump when the next delayed (or backed-off) task becomes due. */
  #scheduleDelayed(): void {
    if (this.#host.closed() || this.#timer || !this.#delayedMaybe) return;
    const next = this.#host.store.nextRunAfter();
    if (!next) {
      this.#delayedMaybe = false;
      return;
    }
    const wait = Math.max(0, Date.parse(next) - this.#host.clock.now());
    this.schedule(Math.min(wait + 5, 2_147_000_000));
  }
}
