import { EventEmitter } from 'node:events';

/**
 * Live events for browsers (Server-Sent Events). In one process an EventEmitter carries them;
 * across several web processes on PostgreSQL they are relayed with LISTEN/NOTIFY
 * (see pg-relay.ts), so every process sees every event.
 */
export interface LiveEvent {
  type: 'ticket.created' | 'ticket.updated' | 'message.created' | 'presence';
  ticketId: number;
  /** Group of the ticket: subscribers filter by what they may see. */
  groupId: number;
  requesterId: number;
  organisationId: number | null;
  /** Agents who follow the ticket outside their groups (they escalated it): they may read it too. */
  followerIds?: number[];
  /** Set when only agents may receive the event (internal notes, presence). */
  agentsOnly: boolean;
  actorId: number | null;
  data?: Record<string, unknown>;
}

export class EventBus {
  private readonly emitter = new EventEmitter();
  private relay: ((event: LiveEvent) => void) | undefined;

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  /** Publishes to this process and, when a relay is set, to the others. */
  publish(event: LiveEvent): void {
    if (this.relay) this.relay(event);
    else this.deliver(event);
  }

  /** Called by the relay for events that arrive from any process (this one included). */
  deliver(event: LiveEvent): void {
    this.emitter.emit('event', event);
  }

  /** Sets (or, with undefined, removes) the relay that carries events to every process. */
  setRelay(relay: ((event: LiveEvent) => void) | undefined): void {
    this.relay = relay;
  }

  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
