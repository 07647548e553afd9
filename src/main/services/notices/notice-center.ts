import type { NoticeView } from '../../../shared/domain.js';
import type { EventBus } from '../events.js';

/**
 * Where every notice goes: kept in a short history (the `notices:list` channel), pushed to the
 * windows as the `notice` event, and handed to each registered sink (the desktop's native
 * notifications adapter).
 */
export class NoticeCenter {
  readonly #events: EventBus;
  readonly #recent: NoticeView[] = [];
  readonly #sinks = new Set<(notice: NoticeView) => void>();

  constructor(events: EventBus, readonly capacity = 100) {
    this.#events = events;
  }

  publish(notice: NoticeView): void {
    this.#recent.push(notice);
    if (this.#recent.length > this.capacity) this.#recent.shift();
    this.#events.emit('notice', notice);
    for (const sink of this.#sinks) sink(notice);
  }

  /** Newest last. */
  recent(): NoticeView[] {
    return [...this.#recent];
  }

  addSink(sink: (notice: NoticeView) => void): () => void {
    this.#sinks.add(sink);
    return () => this.#sinks.delete(sink);
  }
}
