import { hostname } from 'node:os';
import type { TaskStore } from './task-store.js';

/** This process, as the owner of the local tasks it runs: `host:pid`. */
export const PROCESS_OWNER = `${hostname()}:${process.pid}`;

/**
 * Whether the owner of a claimed task (`host:pid`) is another process of this machine that is
 * still alive; false for this process, another machine, or a malformed owner.
 */
export function ownerAlive(owner: string | null): boolean {
  if (!owner) return false;
  const [host, pid] = owner.split(':');
  if (host !== hostname() || !pid) return false;
  const n = Number(pid);
  if (!Number.isInteger(n) || n === process.pid) return false;
  try {
    process.kill(n, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Attempts a process left running or claimed and that process no longer exists (an earlier
 * run that crashed): back to the queue, the attempt not counted. Returns their ids.
 */
export function requeueOrphans(store: Pick<TaskStore, 'maybeInterrupted' | 'requeueInterrupted'>, now: string): number[] {
  const ids: number[] = [];
  for (const r of store.maybeInterrupted()) {
    if (ownerAlive(r.owner)) continue;
    store.requeueInterrupted(r.id, now);
    ids.push(r.id);
  }
  return ids;
}
