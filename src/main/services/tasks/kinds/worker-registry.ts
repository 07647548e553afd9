/**
 * Every kind a pool thread can run: the worker halves (run.ts) of the kind folders, and nothing
 * of their main-side halves, so the thread entry (src/workers/pool-worker.ts) loads no database
 * or service code. Adding a compute kind adds its run.ts here (and its index.ts to index.ts).
 */
import { calibMasterWorker } from './calib-master/run.js';
import { calibrateWorker } from './calibrate/run.js';
import { debugWorker } from './debug/run.js';
import { extractWorker } from './extract/run.js';
import { noopWorker } from './noop/run.js';
import { photometryWorker } from './photometry/run.js';
import { solveWorker } from './solve/run.js';
import { thumbnailWorker } from './thumbnail/run.js';
import type { WarmUpLevel, WorkerKind } from './worker-types.js';

export const workerKinds: ReadonlyMap<string, WorkerKind> = new Map(
  ([extractWorker, noopWorker, debugWorker, photometryWorker, thumbnailWorker, calibMasterWorker, calibrateWorker, solveWorker] as WorkerKind[]).map((k) => [k.name, k]),
);

/** Runs the warm-up of every kind that has one; returns how many ran without throwing. */
export function warmUpKinds(level: WarmUpLevel): number {
  let ok = 0;
  for (const kind of workerKinds.values()) {
    if (!kind.warmUp) continue;
    try {
      kind.warmUp(level);
      ok++;
    } catch {
      // whatever the warm-up meets says nothing about real tasks, which report their own errors
    }
  }
  return ok;
}
