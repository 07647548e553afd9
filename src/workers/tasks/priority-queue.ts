import { Piscina, type TaskQueue } from 'piscina';

type QueuedTask = Parameters<TaskQueue['push']>[0];

/** The priority a task was run with (`pool.run({ ..., [Piscina.queueOptionsSymbol]: { priority } })`). */
function priorityOf(task: QueuedTask): number {
  const options = task[Piscina.queueOptionsSymbol as unknown as keyof QueuedTask] as { priority?: number } | null;
  return typeof options?.priority === 'number' ? options.priority : 0;
}

/**
 * Piscina's waiting tasks, highest priority first and first-in first-out within a priority,
 * so work the user asked for now overtakes a bulk import already handed to the pool.
 */
export class PriorityTaskQueue implements TaskQueue {
  readonly #items: Array<{ task: QueuedTask; priority: number; seq: number }> = [];
  #seq = 0;

  get size(): number {
    return this.#items.length;
  }

  push(task: QueuedTask): void {
    const item = { task, priority: priorityOf(task), seq: this.#seq++ };
    // Binary search for the first item that should come after this one.
    let lo = 0;
    let hi = this.#items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const other = this.#items[mid]!;
      if (other.priority > item.priority || (other.priority === item.priority && other.seq < item.seq)) lo = mid + 1;
      else hi = mid;
    }
    this.#items.splice(lo, 0, item);
  }

  unshift(task: QueuedTask): void {
    this.#items.unshift({ task, priority: Number.POSITIVE_INFINITY, seq: -1 });
  }

  shift(): QueuedTask | null {
    return this.#items.shift()?.task ?? null;
  }

  remove(task: QueuedTask): void {
    const i = this.#items.findIndex((x) => x.task === task);
    if (i >= 0) this.#items.splice(i, 1);
  }
}
