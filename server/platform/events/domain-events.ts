import { AsyncLocalStorage } from 'node:async_hooks';
import { EventEmitter } from 'node:events';
import { type Insertable, sql } from 'kysely';
import { type Executor, nowIso } from '../db/database.ts';
import { dialectOf } from '../db/dialect.ts';
import { prepared } from '../db/prepared.ts';
import { sendWrite } from '../db/send-write.ts';
import type { DomainEventsTable } from '../db/schema.ts';

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
  const now = nowIso();
  const cause = causes.getStore();
  const rows = events.map((e) => ({
    type: e.type,
    aggregate_id: e.aggregateId,
    actor_id: e.actorId,
    payload: JSON.stringify(e.payload),
    created_at: now,
    cause: cause === undefined ? null : JSON.stringify(cause),
  }));
  // One event (the common case) as a prepared statement; a list makes a statement per count.
  // Sent without waiting for the answer (send-write.ts): nothing in the transaction reads it.
  if (rows.length === 1) await insertEvent.send(db, rows[0]!);
  else await sendWrite(db, insertEvents(db, rows).compile());
  // In this process: wake the dispatcher (its queries wait behind this transaction on SQLite).
  setImmediate(() => recorded.emit('recorded'));
}

/** Calls `listener` whenever this process recorded events; returns how to stop. */
export function onEventsRecorded(listener: () => void): () => void {
  recorded.on('recorded', listener);
  return () => recorded.off('recorded', listener);
}

type EventInsert = Pick<Insertable<DomainEventsTable>, 'type' | 'aggregate_id' | 'actor_id' | 'payload' | 'created_at' | 'cause'>;

/**
 * On PostgreSQL each row takes its transaction's id, and the insert runs as a data-modifying
 * WITH part of the NOTIFY's statement (one round trip).
 */
function insertEvents(db: Executor, rows: EventInsert[]) {
  if (dialectOf(db) === 'sqlite') return db.insertInto('domain_events').values(rows);
  const withTx = rows.map((row) => ({ ...row, tx_id: sql<number>`pg_current_xact_id()::text::bigint` }));
  return db.with('recorded', (qb) => qb.insertInto('domain_events').values(withTx)).selectNoFrom(sql<string>`pg_notify(${DOMAIN_EVENT_CHANNEL}, '')`.as('notified'));
}

const insertEvent = prepared<EventInsert, unknown>((db, p) =>
  insertEvents(db, [{ type: p.type, aggregate_id: p.aggregate_id, actor_id: p.actor_id, payload: p.payload, created_at: p.created_at, cause: p.cause }]),
);
