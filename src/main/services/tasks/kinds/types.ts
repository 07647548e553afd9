import type { z } from 'zod';
import type { FileRef } from '../../../../workers/tasks/file-ref.js';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db/open.js';
import type { EventBus } from '../../events.js';
import type { Logger } from '../../logger.js';
import type { MailService } from '../../mail/mail-service.js';
import type { DataPaths } from '../../paths.js';
import type { SettingsService } from '../../settings/settings-service.js';
import type { TaskRow } from '../task-rows.js';

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

/** Work handed to a runner (local pool or broker): never pixels, a file reference at most. */
export interface PoolWork {
  /** The worker kind (see src/workers/tasks/kinds). */
  workerKind: string;
  input: unknown;
  /** The input file, when there is one: the broker runner makes its bytes reachable. */
  file?: FileRef;
}

export interface KindDefaults {
  priority: number;
  maxAttempts: number;
  /** Milliseconds, or null for no limit. */
  timeLimitMs: number | null;
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
}

/** Compute that runs in the pool (locally or through the broker). */
export interface PoolKind<P> extends KindBase<P> {
  execution: 'pool';
  /** Builds the worker's input from the payload (looks up files, settings). Throws TaskError. */
  prepare(ctx: KindContext, payload: P): PoolWork;
}

/** I/O that runs in the main process (e-mail): no thread, still a tracked task. */
export interface InlineKind<P> extends KindBase<P> {
  execution: 'inline';
  run(ctx: KindContext, payload: P, run: { signal: AbortSignal; progress(fraction: number, stage: string): void }): Promise<unknown>;
}

export type TaskKind<P = unknown> = PoolKind<P> | InlineKind<P>;

export function defineKind<P>(kind: TaskKind<P>): TaskKind<P> {
  return kind;
}
