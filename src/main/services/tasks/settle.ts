import type { TaskView } from '../../../shared/domain.js';
import type { TaskService } from './task-service.js';

/** One turn of the event loop: what listeners do a turn after a change (target matching queues photometry) is done. */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Resolves when the tasks `first` and every task `more()` names are finished, `more()` asked
 * again after each round, a turn after the last change, so that tasks caused by those that
 * finished (photometry after an extraction) are waited for too. `more` returns ids in any
 * order, known or not; an id whose row is gone counts as finished. `onChange` hears the views
 * of every task waited for so far, on each change. Returns them, in the order first seen.
 */
export async function waitForWork(
  tasks: TaskService,
  first: readonly number[],
  more: () => readonly number[],
  onChange?: (views: TaskView[]) => void,
): Promise<TaskView[]> {
  const ids = [...new Set(first)];
  const known = new Set(ids);
  for (;;) {
    const views = await tasks.waitFor(ids, onChange);
    await turn();
    let added = false;
    for (const id of more()) {
      if (known.has(id)) continue;
      known.add(id);
      ids.push(id);
      added = true;
    }
    if (!added) return views;
  }
}
