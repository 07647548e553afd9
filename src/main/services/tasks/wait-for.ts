import type { TaskStatus, TaskView } from '../../../shared/domain.js';
import type { TaskChanges } from './task-changes.js';
import type { TaskStore } from './task-store.js';

const FINISHED: readonly TaskStatus[] = ['succeeded', 'failed', 'cancelled'];

/** Whether a task in this status has finished (succeeded, failed or cancelled). */
export const isFinished = (s: TaskStatus): boolean => FINISHED.includes(s);

/** How often `onChange` hears of changes at most (ms), and how often rows other processes change are read (ms). */
const REPORT_MS = 200;
const POLL_MS = 1000;

/**
 * Resolves when every given task has finished (a row that vanished, pruned, counts as
 * finished) with their views in the order of `ids`; `onChange` sees them on the way, at most
 * every {@link REPORT_MS}. Told of this process's changes a turn after they are written;
 * changes by other processes are polled.
 */
export function waitForTasks(
  store: Pick<TaskStore, 'statuses' | 'views'>,
  changes: TaskChanges,
  ids: readonly number[],
  onChange?: (tasks: TaskView[]) => void,
): Promise<TaskView[]> {
  return new Promise((resolve) => {
    const pending = new Set(ids);
    let lastReport = 0;
    let reportTimer: NodeJS.Timeout | null = null;
    const report = () => {
      reportTimer = null;
      lastReport = Date.now();
      onChange?.(store.views(ids));
    };
    /** `maybeFinished`: the ids whose status to read (all of `changed` unless told which may have finished). */
    const check = (changed: readonly number[], maybeFinished: readonly number[] = changed) => {
      const wanted = maybeFinished.filter((id) => pending.has(id));
      if (wanted.length > 0) {
        const rows = store.statuses(wanted);
        for (const row of rows) if (isFinished(row.status)) pending.delete(row.id);
        // Rows that vanished (pruned) count as finished.
        const found = new Set(rows.map((r) => r.id));
        for (const id of wanted) if (!found.has(id)) pending.delete(id);
      }
      if (pending.size === 0) {
        off();
        clearInterval(poll);
        if (reportTimer) clearTimeout(reportTimer);
        // `tasks:changed` for these changes goes out before waitFor resolves (as when waitFor
        // listened to it), so the app's own listeners (target matching) have seen them.
        if (changes.unannounced) changes.flush();
        const views = store.views(ids);
        onChange?.(views);
        resolve(views);
        return;
      }
      if (onChange && !reportTimer) reportTimer = setTimeout(report, Math.max(0, REPORT_MS - (Date.now() - lastReport)));
    };
    // Told of this process's changes as soon as they are written (not at the 50 ms cadence
    // of `tasks:changed`, which is for windows).
    const off = changes.watch((changed, finished) => check(changed, finished));
    // Rows may also change under another process (a second import): poll now and then.
    const poll = setInterval(() => check([...pending]), POLL_MS);
    check(ids);
  });
}
