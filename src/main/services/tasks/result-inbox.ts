/**
 * Runner reports waiting to be written: applied together, in one transaction, a few
 * milliseconds (broker: 10 ms) after the first arrives, so a busy runner's results share a
 * commit (and the results of kinds with nothing to store share one statement). The slots the
 * results free are claimed again in the same commit.
 */
import { isNoSpaceError } from '../../../shared/errors.js';
import { toTaskErrorInfo, type TaskErrorInfo } from '../../../shared/task-error.js';
import { type Clock, isoNow } from '../clock.js';
import type { Logger } from '../logger.js';
import type { RanOn, TaskRunner } from './runner.js';
import type { DueRow, TaskStore } from './task-store.js';

/** How long local runner reports wait for company before they are written (ms). */
const INBOX_MS = 5;
/** The same for broker reports, which come over the network a few at a time (ms). */
const BROKER_INBOX_MS = 10;

/** A success as the runner reported it. */
export interface InboxResult {
  id: number;
  result: unknown;
  ranOn: RanOn | null;
}

/** What the inbox needs of the task service. */
export interface InboxHost {
  store: TaskStore;
  clock: Clock;
  logger: Logger;
  closed(): boolean;
  runner(): TaskRunner | null;
  /** Pool tasks dispatched by this process and not yet finished. */
  inFlight(): number;
  /** Whether the pump is claiming now (then it refills the slots itself). */
  pumping(): boolean;
  /** Records results (inside the drain's transaction). */
  recordResults(results: readonly InboxResult[]): void;
  /** Claims the due tasks that fit in the runner (inside the drain's transaction). */
  claimDue(runner: TaskRunner): DueRow[];
  /** Hands claimed rows to the runner (after the commit). */
  dispatchAll(runner: TaskRunner, rows: readonly DueRow[]): Promise<void>;
  /** Asks the pump to run. */
  schedule(): void;
  /** Logs a write the database refused. */
  writeFailed(what: string, err: unknown): void;
  /** Records a task's failure. */
  failed(id: number, error: TaskErrorInfo): void;
}

export class ResultInbox {
  readonly #host: InboxHost;
  readonly #reports: Array<() => void> = [];
  /** Broker job ids of dispatched attempts waiting to be written: [task id, job id]. */
  readonly #jobIds: Array<[number, string]> = [];
  /** Successes waiting to be written, in the order they came. */
  readonly #results: InboxResult[] = [];
  #timer: NodeJS.Timeout | null = null;
  #drainNow: NodeJS.Immediate | null = null;
  /** Tasks whose success waits in the inbox. */
  readonly #resultPending = new Set<number>();

  constructor(host: InboxHost) {
    this.#host = host;
  }

  /** Whether anything waits to be written. */
  get hasWork(): boolean {
    return this.#reports.length > 0 || this.#results.length > 0 || this.#jobIds.length > 0;
  }

  /** Whether the task's success waits here. */
  resultPending(id: number): boolean {
    return this.#resultPending.has(id);
  }

  /** A report (started, failed, recalled) to apply with the next drain; nothing once closed. */
  deliver(apply: () => void): void {
    if (this.#host.closed()) return;
    this.#reports.push(apply);
    this.#arm();
  }

  /** A success to record with the next drain; nothing once closed. */
  deliverResult(id: number, result: unknown, ranOn: RanOn | null): void {
    if (this.#host.closed()) return;
    this.#resultPending.add(id);
    this.#results.push({ id, result, ranOn });
    // Half the local pool's capacity done, or nothing else dispatched is still out: record
    // them (and refill) now rather than let the pool run dry while the timer waits.
    const runner = this.#host.runner();
    if (runner?.name === 'local' && (this.#results.length >= runner.capacity / 2 || this.#resultPending.size >= this.#host.inFlight())) {
      this.#drainNow ??= setImmediate(() => {
        this.#drainNow = null;
        this.drain();
      });
    }
    this.#arm();
  }

  /** A broker job id to write over the row's 'pending' with the next drain. */
  jobId(taskId: number, jobId: string): void {
    this.#jobIds.push([taskId, jobId]);
    this.#arm();
  }

  /** Cancels a drain asked for at once (at close). */
  stopImmediate(): void {
    if (this.#drainNow) clearImmediate(this.#drainNow);
  }

  #arm(): void {
    // Either way well under the 50 ms batching of `tasks:changed`, so nobody sees the wait.
    this.#timer ??= setTimeout(() => this.drain(), this.#host.runner()?.name === 'broker' ? BROKER_INBOX_MS : INBOX_MS);
  }

  /** Writes what waits, in one transaction, claims the freed slots, and dispatches them after the commit. */
  drain(): void {
    const host = this.#host;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#drainNow) clearImmediate(this.#drainNow);
    this.#drainNow = null;
    if (host.closed()) {
      this.#reports.length = 0;
      this.#results.length = 0;
      this.#jobIds.length = 0;
      this.#resultPending.clear();
      return;
    }
    const batch = this.#reports.splice(0);
    const results = this.#results.splice(0);
    const jobIds = this.#jobIds.splice(0);
    const runner = host.runner();
    let claimed: DueRow[] = [];
    try {
      host.store.tx(() => {
        if (jobIds.length > 0) host.store.recordJobIds(jobIds, isoNow(host.clock));
        // Reports first (a started report checks whether its result waits here), then results.
        for (const apply of batch) apply();
        this.#resultPending.clear();
        host.recordResults(results);
        // Slots freed by these results are refilled in the same commit.
        if (runner && !host.pumping()) {
          try {
            claimed = host.claimDue(runner);
          } catch (err) {
            host.logger.error('claiming due tasks failed', { error: err instanceof Error ? err.stack : String(err) });
          }
        }
      });
      runner?.reportsRecorded?.(true);
    } catch (err) {
      claimed = [];
      runner?.reportsRecorded?.(false);
      host.logger.error('recording task results failed', { error: err instanceof Error ? err.stack : String(err) });
      if (isNoSpaceError(err)) this.#recordOneByOne(batch, jobIds, results, err);
    } finally {
      this.#resultPending.clear();
    }
    if (runner && claimed.length > 0) void host.dispatchAll(runner, claimed);
    host.schedule();
  }

  /**
   * After a drain the database refused for want of space (SQLite may roll back the whole
   * transaction): its reports again, each on its own, and each result on its own, so that only
   * the results that do not fit fail, with `no_space` (a small update, which a full database
   * usually still takes), instead of every task of the batch staying `running`.
   */
  #recordOneByOne(batch: ReadonlyArray<() => void>, jobIds: ReadonlyArray<[number, string]>, results: readonly InboxResult[], cause: unknown): void {
    const host = this.#host;
    const attempt = (what: string, fn: () => void): boolean => {
      try {
        host.store.tx(fn);
        return true;
      } catch (err) {
        host.writeFailed(what, err);
        return false;
      }
    };
    if (jobIds.length > 0) this.#jobIds.push(...jobIds);
    for (const apply of batch) attempt('reports', apply);
    for (const r of results) {
      if (!attempt('results', () => host.recordResults([r]))) host.failed(r.id, toTaskErrorInfo(cause));
    }
    this.#arm();
  }
}
