import { AsyncLocalStorage } from 'node:async_hooks';
import { EventEmitter } from 'node:events';
import { sql } from 'kysely';
import { type Executor, nowIso } from '../db/database.ts';
import { dialectOf } from '../db/dialect.ts';

/**
 * Domain events: what a command did, stated in the transaction of the change (outbox). The
 * platform stores and delivers them; the modules define their types and payloads.
 */
export interface NewDomainEvent {
  type: string;
  /** The ticket (or other aggregate) the event is about. */
  aggregateId: number | null;
  actorId: number | null;
  payload: unknown;
}

export interface StoredEvent<Type extends string = string, Payload = unknown> {
  id: number;
  type: Type;
  aggregateId: number | null;
  actorId: number | null;
  payload: Payload;
  occurredAt: string;
  /** What caused the change, when a reaction to an earlier event made it (see `recordingCause`); else null. */
  cause?: unknown;
}

/** PostgreSQL channel that wakes the dispatchers of every process when events were committed. */
export const DOMAIN_EVENT_CHANNEL = 'anlauf_domain_events';

const causes = new AsyncLocalStorage<unknown>();

/**
 * Runs `work` so that every event it records carries `cause` (stored as JSON beside the
 * payload). A subscriber that changes things in reaction to an event — a trigger setting fields
 * through the ticket commands — says so here without the commands knowing, and can recognise
 * the events it caused itself when they come back to it.
 */
export function recordingCause<T>(cause: unknown, work: () => Promise<T>): Promise<T> {
  return causes.run(cause, work);
}

const recorded = new EventEmitter();
recorded.setMaxListeners(0);

/**
 * Appends events inside the caller's transaction: they exist exactly when the change does.
 * On PostgreSQL each carries its transaction id (see the dispatcher) and a NOTIFY, which
 * PostgreSQL delivers only at commit.
 */
export async function recordEvents(db: Executor, events: NewDomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  const pg = dialectOf(db) === 'postgres';
  const now = nowIso();
  const cause = causes.getStore();
  const rows = events.map((e) => ({
    type: e.type,
    aggregate_id: e.aggregateId,
    actor_id: e.actorId,
    payload: JSON.stringify(e.payload),
    created_at: now,
    ...(cause === undefined ? {} : { cause: JSON.stringify(cause) }),
    ...(pg ? { tx_id: sql<number>`pg_current_xact_id()::text::bigint` } : {}),
  }));
  if (pg) {
    // One round trip: the insert runs as a data-modifying WITH part of the NOTIFY's statement.
    await db
      .with('recorded', (qb) => qb.insertInto('domain_events').values(rows))
      .selectNoFrom(sql<string>`pg_notify(${DOMAIN_EVENT_CHANNEL}, '')`.as('notified'))
      .execute();
  } else {
    await db.insertInto('domain_events').values(rows).execute();
  }
  // In this process: wake the dispatcher (its queries wait behind this transaction on SQLite).
  setImmediate(() => recorded.emit('recorded'));
}

/** Calls `listener` whenever this process recorded events; returns how to stop. */
export function onEventsRecorded(listener: () => void): () => void {
  recorded.on('recorded', listener);
  return () => recorded.off('recorded', listener);
}
