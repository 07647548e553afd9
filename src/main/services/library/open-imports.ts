/**
 * The imports under way, and their ends (issue 17). An import into a batch (a drop of files, a
 * `products:import` call) ends when its caller says so ({@link OpenImports.endImport}); at
 * its end the calibration its frames need is planned, in its batch, and then its notice may
 * come. An import whose caller never says so — the page closed or its connection dropped
 * mid-drop, the process stopped — is ended by the service itself: after `idleMs` with no new
 * file, or, if the process stopped, at the next start ({@link OpenImports.endAbandoned}: the
 * imports under way are kept in the `import_batches` table).
 *
 * While an import is under way its products are held from calibration planning
 * ({@link OpenImports.held}): masters are made once from all the drop's frames, not first
 * from the few that came first (when another task's end asks for a plan mid-drop).
 */
import type { Clock } from '../clock.js';
import { isoNow } from '../clock.js';
import type { Db } from '../db/open.js';
import { prepared } from '../db/prepared.js';
import type { Logger } from '../logger.js';
import type { ImportBatches } from '../notices/batch-notices.js';
import { ownerAlive, PROCESS_OWNER } from '../tasks/process-owner.js';

/** Timers, as the service uses them (tests pass fake ones: no waiting). */
export interface ImportTimers {
  /** Calls `fn` once after `ms` milliseconds; the handle is for {@link clear}. */
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const systemTimers: ImportTimers = {
  set: (fn, ms) => setTimeout(fn, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** How long an import may go without a new file before the service ends it (ms): 10 minutes. */
export const IMPORT_IDLE_MS = 10 * 60_000;

export interface OpenImportsOptions {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** What the notices hear of imports (BatchNotices): told of an end after its calibration is planned. */
  notices: ImportBatches;
  /** Plans the library's calibration into this batch (CalibrationPlanner.plan); returns the tasks queued. */
  plan: (batchId: string) => number[];
  /** An import with no new file for this long is ended (ms; default {@link IMPORT_IDLE_MS}). */
  idleMs?: number;
  timers?: ImportTimers;
}

interface OpenImport {
  /** Products imported so far (held from planning until the end). */
  products: Set<number>;
  timer: unknown;
}

export class OpenImports implements ImportBatches {
  readonly #o: Required<OpenImportsOptions>;
  readonly #open = new Map<string, OpenImport>();
  #closed = false;

  constructor(options: OpenImportsOptions) {
    this.#o = { idleMs: IMPORT_IDLE_MS, timers: systemTimers, ...options };
  }

  beginImport(batchId: string): void {
    if (this.#closed) return;
    const now = isoNow(this.#o.clock);
    prepared(this.#o.db, 'INSERT INTO import_batches (id, owner, begun_at, last_file_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, last_file_at = excluded.last_file_at').run(batchId, PROCESS_OWNER, now, now);
    if (!this.#open.has(batchId)) this.#open.set(batchId, { products: new Set(), timer: null });
    this.#arm(batchId);
    this.#o.notices.beginImport(batchId);
  }

  /** A file of the import is in the library (its product is held from planning until the end). */
  fileImported(batchId: string, productId: number): void {
    const open = this.#open.get(batchId);
    if (!open) return;
    open.products.add(productId);
    this.#arm(batchId);
  }

  recordImport(batchId: string, summary: { imported: ReadonlyArray<{ created: boolean }>; errors: readonly unknown[] }): void {
    if (this.#open.has(batchId)) {
      prepared(this.#o.db, 'UPDATE import_batches SET last_file_at = ? WHERE id = ?').run(isoNow(this.#o.clock), batchId);
      this.#arm(batchId);
    }
    this.#o.notices.recordImport(batchId, summary);
  }

  endImport(batchId: string): void {
    this.end(batchId);
  }

  /**
   * Ends an import: its products are no longer held, the calibration the library needs is
   * planned into its batch, then its notice may come. Returns the tasks the plan queued (a
   * failed plan is logged: the next one does its work).
   */
  end(batchId: string): number[] {
    if (this.#closed) return [];
    const open = this.#open.get(batchId);
    if (open) this.#o.timers.clear(open.timer);
    this.#open.delete(batchId);
    prepared(this.#o.db, 'DELETE FROM import_batches WHERE id = ?').run(batchId);
    let queued: number[] = [];
    try {
      queued = this.#o.plan(batchId);
    } catch (err) {
      this.#o.logger.warn(`calibration planning at the end of import ${batchId} failed: ${(err as Error).message}`);
    }
    this.#o.notices.endImport(batchId);
    return queued;
  }

  /**
   * At start: ends the imports an earlier run left under way (the process stopped mid-drop),
   * those of processes still running excepted. Returns the batch ids ended (a failure is
   * logged: the next start tries again).
   */
  endAbandoned(): string[] {
    const ended: string[] = [];
    try {
      const rows = prepared(this.#o.db, 'SELECT id, owner FROM import_batches ORDER BY begun_at, id').all() as Array<{ id: string; owner: string }>;
      for (const row of rows) {
        if (this.#open.has(row.id) || ownerAlive(row.owner)) continue;
        this.#o.logger.info('an import left under way is ended', { batch: row.id });
        this.end(row.id);
        ended.push(row.id);
      }
    } catch (err) {
      this.#o.logger.warn(`ending the imports left under way failed: ${(err as Error).message}`);
    }
    return ended;
  }

  /** The products of the imports under way (calibration planning leaves them until their import ends). */
  held(): ReadonlySet<number> {
    const all = new Set<number>();
    for (const open of this.#open.values()) for (const id of open.products) all.add(id);
    return all;
  }

  /** Stops the idle timers; the imports under way stay recorded and are ended at the next start. */
  close(): void {
    this.#closed = true;
    for (const open of this.#open.values()) this.#o.timers.clear(open.timer);
    this.#open.clear();
  }

  /** (Re)starts the import's idle timer: ended after `idleMs` with no new file. */
  #arm(batchId: string): void {
    const open = this.#open.get(batchId);
    if (!open) return;
    this.#o.timers.clear(open.timer);
    open.timer = this.#o.timers.set(() => {
      if (this.#open.get(batchId) !== open) return;
      this.#o.logger.info(`import ${batchId} had no new file for ${Math.round(this.#o.idleMs / 1000)} s: ended`);
      this.end(batchId);
    }, this.#o.idleMs);
  }
}
