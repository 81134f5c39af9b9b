import type { Id, Defaulted } from './column-types.ts';

/** The domain-event outbox and its subscribers (platform/events). */

/** What happened, written by a command in the transaction of the change (see platform/events). */
export interface DomainEventsTable {
  id: Id;
  type: string;
  /** The ticket (or other aggregate) the event is about. */
  aggregate_id: number | null;
  actor_id: number | null;
  /** JSON. */
  payload: string;
  /** PostgreSQL's transaction id of the writer; 0 on SQLite. */
  tx_id: Defaulted<number>;
  created_at: string;
  /** JSON: what caused the change when a reaction to an earlier event made it (platform/events `recordingCause`). */
  cause: Defaulted<string | null>;
}

/** How far each subscriber has read the domain events, and its retry state. */
export interface EventSubscriptionsTable {
  name: string;
  last_tx_id: Defaulted<number>;
  last_event_id: Defaulted<number>;
  attempts: Defaulted<number>;
  retry_at: string | null;
  last_error: string | null;
  locked_until: string | null;
  lock_token: string | null;
  updated_at: string;
}

/** Events a subscriber gave up on after its retries: visible to admins, never silently lost. */
export interface EventFailuresTable {
  id: Id;
  subscriber: string;
  event_id: number;
  attempts: number;
  error: string;
  created_at: string;
}
