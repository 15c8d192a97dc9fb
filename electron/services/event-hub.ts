/**
 * The core's event channel inside the worker: services and the core publish, the transport
 * subscribes (the worker posts every event to the relaying thread). Listeners run
 * synchronously, so an event published inside a transaction leaves at once; a listener that
 * throws never breaks the publisher (the commit it reports has happened).
 */
import type { CoreEvent, CoreEventListener } from '../../shared/api/events.js';

export class EventHub {
  private readonly listeners = new Set<CoreEventListener>();

  publish(event: CoreEvent): void {
    for (const l of [...this.listeners]) {
      try {
        l(event);
      } catch (e) {
        console.error('[spilno] event listener failed:', e);
      }
    }
  }

  subscribe(listener: CoreEventListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
}
