import { calibMasterKind } from './calib-master/index.js';
import { calibrateKind } from './calibrate/index.js';
import { debugKind } from './debug/index.js';
import { extractKind } from './extract/index.js';
import { noopKind } from './noop/index.js';
import { notifyEmailKind } from './notify-email/index.js';
import { photometryKind } from './photometry/index.js';
import { solveKind } from './solve/index.js';
import type { TaskKind } from './types.js';

/**
 * Every task kind the service accepts, registered in one place. A kind is a folder (schema.ts,
 * service.ts, run.ts, index.ts); a compute kind's worker half (run.ts) is also listed in
 * worker-registry.ts, which the pool threads load.
 */
export function taskKinds(env: NodeJS.ProcessEnv = process.env): ReadonlyMap<string, TaskKind> {
  const kinds = [extractKind, notifyEmailKind, noopKind, photometryKind, calibMasterKind, calibrateKind, solveKind] as TaskKind[];
  if (env.NIGHTSHIFT_DEBUG_TASKS === '1') kinds.push(debugKind as TaskKind);
  return new Map(kinds.map((k) => [k.name, k]));
}

export type { TaskKind, KindContext, PoolWork } from './types.js';
