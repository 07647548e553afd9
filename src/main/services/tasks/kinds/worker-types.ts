import type { z } from 'zod';
import type { FileRef } from '../file-ref.js';

/**
 * How much a starting thread warms up. `quick`: work is waiting for the thread, so little (one
 * run on a small field: V8 optimises the per-pixel loops). `thorough`: the thread was started
 * ahead of any work (the app idle after launch), so several runs, until V8 has also optimised
 * the functions called once per image, which one run leaves unoptimised.
 */
export type WarmUpLevel = 'quick' | 'thorough';

/** What a handler gets besides its input. */
export interface WorkerContext {
  /** Reports progress: `fraction` of the whole task in 0..1, and a short stage label. */
  progress(fraction: number, stage: string): void;
  /**
   * Where one of the task's input files (a reference in its input, which its kind's `files`
   * declared) can be read on this machine: the path the reference names, or where a broker
   * worker put the bytes it fetched. The caller still checks size (and the file may be gone).
   */
  file(ref: FileRef): string;
}

/**
 * The worker half of a task kind (its folder's run.ts): validates its input (jobs may come from
 * anywhere through a broker) and computes a JSON-able result. Runs in a pool thread, maybe on
 * another machine: no database, no network, no main-side service.
 */
export interface WorkerKind<I = unknown, O = unknown> {
  name: string;
  input: z.ZodType<I>;
  run(input: I, ctx: WorkerContext): O | Promise<O>;
  /**
   * Runs the kind's code on synthetic data, for a thread that has just started (when the pool
   * asks for it): V8 then compiles that code before the first real task instead of during it.
   * Results are discarded; a throw is ignored. See {@link WarmUpLevel}.
   */
  warmUp?(level: WarmUpLevel): void;
}

export function defineWorkerKind<I, O>(kind: WorkerKind<I, O>): WorkerKind<I, O> {
  return kind;
}
