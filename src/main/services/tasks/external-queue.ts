/**
 * Tasks that other processes queue in the same library (`nightshift import --no-wait` or
 * `targets add` while the app or `nightshift host` runs): the task service learns of its own
 * writes as it makes them, not of theirs. SQLite's `PRAGMA data_version` changes on a
 * connection whenever another connection has committed; read every `intervalMs` (one cheap
 * statement, no file access beyond the shared memory), and when it has changed, one indexed
 * look for a queued task that nobody has claimed. `onQueued` is called when there is one.
 */
import type { TaskStore } from './task-store.js';

/** How often the data version is read [ms]. */
export const EXTERNAL_POLL_MS = 1000;

/** Stops watching. */
export type StopWatching = () => void;

export function watchExternalQueue(
  store: Pick<TaskStore, 'dataVersion' | 'hasUnclaimedQueued'>,
  onQueued: () => void,
  intervalMs = EXTERNAL_POLL_MS,
): StopWatching {
  let last = store.dataVersion();
  const timer = setInterval(() => {
    try {
      const now = store.dataVersion();
      if (now === last) return;
      last = now;
      if (store.hasUnclaimedQueued()) onQueued();
    } catch {
      // the database is closing (or busy for a moment): the next tick tries again
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
