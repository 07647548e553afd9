import type { z } from 'zod';
import { TaskError } from '../../../../shared/task-error.js';
import type { FileRef } from '../file-ref.js';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db/open.js';
import type { EventBus } from '../../events.js';
import type { Logger } from '../../logger.js';
import type { MailService } from '../../mail/mail-service.js';
import type { DataPaths } from '../../paths.js';
import type { SettingsService } from '../../settings/settings-service.js';
import type { TaskRow } from '../task-rows.js';
import type { WorkerKind } from './worker-types.js';

/** What a kind's service half may use. */
export interface KindContext {
  db: Db;
  clock: Clock;
  logger: Logger;
  events: EventBus;
  settings: SettingsService;
  paths: DataPaths;
  mail: MailService;
}

/** Work handed to a runner (local pool or broker): never pixels, file references at most. */
export interface PoolWork {
  /** The worker kind: the name of the kind's worker half (run.ts), set by {@link definePoolKind}. */
  workerKind: string;
  input: unknown;
  /**
   * The input files the worker reads (each also referenced from `input`): a runner makes each
   * readable where the kind runs (the broker runner stores its bytes in Redis unless the lab
   * shares its disk; see WorkerContext.file).
   */
  files: readonly FileRef[];
}

export interface KindDefaults {
  priority: number;
  maxAttempts: number;
  /** Milliseconds, or null for no limit. */
  timeLimitMs: number | null;
}

/**
 * Work a kind's task causes when it ends, declared as data on the kind rather than as a listener
 * on UI events: each entry names what to do and for what, and tasks/follow-ups.ts runs it once
 * the end is committed (the service that owns that work does it: see FollowUpHandlers). Each
 * entry says on which ends it runs.
 */
export interface FollowUps<P> {
  /**
   * On success: measure the targets on this data product: it is matched to the targets on its
   * footprint again (its catalogue now exists) and each target it is linked to gets a
   * `photometry` task. Null: nothing to measure.
   */
  measureTargetsOn?(payload: P): number | null;
  /**
   * On success: the library's calibration changed (a master or calibrated frame was stored): the
   * calibration planner looks again for masters to make, lights to calibrate and calibrated
   * frames to solve or extract, in the transaction that records the end; what it queues joins
   * the task's batch (the drop's notice counts the calibrated lights' extractions). True: ask it.
   */
  calibrationChanged?(payload: P): boolean;
  /**
   * On success or failure (not on cancel): extract this data product, in the task's batch,
   * unless it has a catalog or an extraction under way (the `solve` kind: a solved image is
   * extracted with RA/Dec, an unsolved one still gets its pixel catalog). Null: nothing.
   */
  extractAfter?(payload: P): number | null;
}

interface KindBase<P> {
  name: string;
  /** The payload as stored in the task row (validated at enqueue and again before running). */
  payload: z.ZodType<P>;
  defaults: KindDefaults;
  /** The data product a task concerns, if any (filters and the product's status). */
  productOf?(payload: P): number | null;
  /** Called in the enqueue transaction (e.g. mark the product `queued`). */
  onQueued?(ctx: KindContext, task: TaskRow, payload: P): void;
  /** Called when an attempt starts running. */
  onStarted?(ctx: KindContext, task: TaskRow, payload: P): void;
  /**
   * Stores a result, inside the transaction that marks the task succeeded; must be idempotent
   * (a result delivered twice is stored once). Returns the result reference for the row.
   */
  ingest?(ctx: KindContext, task: TaskRow, payload: P, result: unknown): string | null;
  /** Called (in a transaction) when the task ends failed or cancelled. */
  onEnded?(ctx: KindContext, task: TaskRow, payload: P, status: 'failed' | 'cancelled'): void;
  /** What a success causes (see {@link FollowUps}). */
  followUps?: FollowUps<P>;
}

/** Compute that runs in the pool (locally or through the broker). */
export interface PoolKind<P> extends KindBase<P> {
  execution: 'pool';
  /** The worker half (run.ts) the jobs run: it must be in worker-registry.ts too. */
  worker: WorkerKind<never, unknown>;
  /** Builds the worker's input from the payload (looks up files, settings). Throws TaskError. */
  prepare(ctx: KindContext, payload: P): PoolWork;
}

/** I/O that runs in the main process (e-mail): no thread, still a tracked task. */
export interface InlineKind<P> extends KindBase<P> {
  execution: 'inline';
  run(ctx: KindContext, payload: P, run: { signal: AbortSignal; progress(fraction: number, stage: string): void }): Promise<unknown>;
}

export type TaskKind<P = unknown> = PoolKind<P> | InlineKind<P>;

/** An inline kind (its folder's index.ts). */
export function defineKind<P>(kind: InlineKind<P>): TaskKind<P> {
  return kind;
}

/**
 * The main-side hooks of a pool kind (its folder's service.ts): `P` the payload, `I` the
 * worker's input, `R` the result as its output check returns it.
 */
export interface PoolHooks<P, I, R> extends Omit<KindBase<P>, 'name' | 'payload' | 'ingest' | 'defaults'> {
  /** Builds the worker's input from the payload (looks up files, settings). Throws TaskError. */
  prepare(ctx: KindContext, payload: P): I;
  /** The input files `input` references (one image, a target's images); default none. */
  files?(input: I): readonly FileRef[];
  /** Stores the checked result (see {@link KindBase.ingest}). */
  ingest?(ctx: KindContext, task: TaskRow, payload: P, output: R): string | null;
}

/** A pool kind as its folder declares it: both halves, joined by import. */
export interface PoolKindSpec<P, I, R> extends PoolHooks<P, I, R> {
  name: string;
  payload: z.ZodType<P>;
  defaults: KindDefaults;
  /** The worker half (run.ts): its name is the job's kind, its input schema the input's type. */
  worker: WorkerKind<I, unknown>;
  /**
   * Checks a result as a worker returned it (maybe on another machine, through JSON) before it
   * is stored; throws TaskError `internal` naming what is wrong.
   */
  output(result: unknown): R;
}

/**
 * A pool kind for the task service from its folder's parts: the worker's kind is the name of
 * the imported worker half (no string to keep in step), the result is checked by `output`
 * before `ingest` sees it, and the input files are listed with the input.
 */
export function definePoolKind<P, I, R>(spec: PoolKindSpec<P, I, R>): TaskKind<P> {
  const { worker, output, files, prepare, ingest, ...rest } = spec;
  return {
    ...rest,
    execution: 'pool',
    worker: worker as WorkerKind<never, unknown>,
    prepare(ctx, payload) {
      const input = prepare(ctx, payload);
      return { workerKind: worker.name, input, files: files?.(input) ?? [] };
    },
    ingest: ingest ? (ctx, task, payload, result) => ingest(ctx, task, payload, output(result)) : undefined,
  };
}

/** An output check from a zod schema (for results small enough to parse; see extract's for a large one). */
export function outputOf<S extends z.ZodTypeAny>(kind: string, schema: S): (result: unknown) => z.output<S> {
  return (result) => {
    const parsed = schema.safeParse(result);
    if (!parsed.success) throw new TaskError('internal', `${kind} returned a malformed result: ${parsed.error.issues[0]?.message}`);
    return parsed.data as z.output<S>;
  };
}
