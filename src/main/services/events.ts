import { EventEmitter } from 'node:events';
import type { EventName, EventPayload } from '../../shared/contract.js';

/** The services' outbox: the Electron shell and the host forward every event to their windows. */
export class EventBus {
  readonly #emitter = new EventEmitter();

  constructor() {
    this.#emitter.setMaxListeners(100);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    this.#emitter.emit('event', event, payload);
  }

  /** Listens to every event; returns the unsubscribe function. */
  onAny(listener: (event: EventName, payload: unknown) => void): () => void {
    this.#emitter.on('event', listener);
    return () => this.#emitter.off('event', listener);
  }
}
