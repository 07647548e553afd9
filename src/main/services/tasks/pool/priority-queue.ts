/**
 * A binary heap of waiting items: highest priority first, first in first out within a
 * priority. Removal is lazy (an item marked removed is skipped when it comes up), so removing
 * a cancelled item costs O(1).
 */
export interface Prioritized {
  /** Higher goes first. */
  readonly priority: number;
  /** Insertion order, set by the queue. */
  seq: number;
  /** True once taken out of the queue (removed or shifted). */
  dequeued: boolean;
}

export class PriorityQueue<T extends Prioritized> {
  readonly #heap: T[] = [];
  #seq = 0;
  #size = 0;

  /** Items waiting (removed ones excluded). */
  get size(): number {
    return this.#size;
  }

  push(item: T): void {
    item.seq = this.#seq++;
    item.dequeued = false;
    const heap = this.#heap;
    heap.push(item);
    this.#size++;
    // Sift up.
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >>> 1;
      if (!before(item, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = item;
  }

  /** The first waiting item, taken out; null when none waits. */
  shift(): T | null {
    while (this.#heap.length > 0) {
      const top = this.#pop();
      if (top.dequeued) continue;
      top.dequeued = true;
      this.#size--;
      return top;
    }
    return null;
  }

  /** Takes an item out wherever it is; false if it was not waiting. */
  remove(item: T): boolean {
    if (item.dequeued) return false;
    item.dequeued = true;
    this.#size--;
    // Drop the removed ones at once when they make up most of the heap.
    if (this.#heap.length > 64 && this.#size < this.#heap.length / 4) this.#compact();
    return true;
  }

  /** Every waiting item, in no particular order. */
  items(): T[] {
    return this.#heap.filter((x) => !x.dequeued);
  }

  #pop(): T {
    const heap = this.#heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      // Sift down.
      let i = 0;
      const n = heap.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const child = r < n && before(heap[r]!, heap[l]!) ? r : l;
        if (!before(heap[child]!, last)) break;
        heap[i] = heap[child]!;
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }

  #compact(): void {
    const keep = this.#heap.filter((x) => !x.dequeued).sort((a, b) => (before(a, b) ? -1 : 1));
    this.#heap.length = 0;
    // A sorted array is a valid heap.
    for (const x of keep) this.#heap.push(x);
  }
}

function before(a: Prioritized, b: Prioritized): boolean {
  return a.priority > b.priority || (a.priority === b.priority && a.seq < b.seq);
}
