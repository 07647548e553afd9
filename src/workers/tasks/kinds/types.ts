import type { z } from 'zod';

/** What a handler gets besides its input. */
export interface WorkerContext {
  /** Reports progress: `fraction` of the whole task in 0..1, and a short stage label. */
  progress(fraction: number, stage: string): void;
}

/**
 * The worker half of a task kind: validates its input (jobs may come from anywhere through a
 * broker) and computes a JSON-able result. Runs in a pool thread: no database, no network.
 */
export interface WorkerKind<I = unknown, O = unknown> {
  name: string;
  input: z.ZodType<I>;
  run(input: I, ctx: WorkerContext): O | Promise<O>;
  /**
   * Runs the kind's code once on synthetic data, for a thread that has just started (when the
   * pool asks for it): V8 then compiles that code before the first real task instead of during
   * it. Results are discarded; a throw is ignored.
   */
  warmUp?(): void;
}

export function defineWorkerKind<I, O>(kind: WorkerKind<I, O>): WorkerKind<I, O> {
  return kind;
}
