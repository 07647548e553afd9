import { debugKind, noopKind } from './debug.js';
import { extractKind } from './extract.js';
import { notifyEmailKind } from './notify-email.js';
import { photometryKind } from './photometry.js';
import type { TaskKind } from './types.js';

/**
 * Every task kind the service accepts, registered in one place. A compute kind has a worker
 * half in src/workers/tasks/kinds/ (listed there too); an inline kind is this module alone.
 */
export function taskKinds(env: NodeJS.ProcessEnv = process.env): ReadonlyMap<string, TaskKind> {
  const kinds = [extractKind, notifyEmailKind, noopKind, photometryKind] as TaskKind[];
  if (env.NIGHTSHIFT_DEBUG_TASKS === '1') kinds.push(debugKind as TaskKind);
  return new Map(kinds.map((k) => [k.name, k]));
}

export type { TaskKind, KindContext, PoolWork } from './types.js';
