import { randomUUID } from 'node:crypto';
import type { Db, Executor } from '../db/database.ts';
import { nowIso } from '../db/database.ts';
import { prepared } from '../db/prepared.ts';
import { backoffMs } from '../backoff.ts';
import { type EventPosition, type EventRow, newestEvent } from './event-reading.ts';

/** The dispatcher's writes and reads of the subscribers' rows (event_subscriptions): leases, cursors, retries. */

/** A subscriber's lease: while a process holds it, only that process moves the cursor (dispatcher.ts). */
export interface Lease {
  token: string;
  /** When it expires (ms since the epoch). */
  until: number;
}

/**
 * Takes the subscriber's lease when it is free or expired (or renews the one held under
 * `heldToken`), unless the subscriber waits for a retry; returns the cursor as stored.
 */
export async function claimLease(db: Db, name: string, lockSeconds: number, heldToken: string | undefined): Promise<{ lease: Lease; cursor: EventPosition; attempts: number } | undefined> {
  const token = heldToken ?? randomUUID();
  const now = nowIso();
  const until = Date.now() + lockSeconds * 1000;
  const claimed = await db
    .updateTable('event_subscriptions')
    .set({ locked_until: new Date(until).toISOString(), lock_token: token })
    .where('name', '=', name)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now), ...(heldToken ? [eb('lock_token', '=', heldToken)] : [])]))
    .where((eb) => eb.or([eb('retry_at', 'is', null), eb('retry_at', '<=', now)]))
    .returning(['last_tx_id', 'last_event_id', 'attempts'])
    .executeTakeFirst();
  if (!claimed) return undefined;
  return { lease: { token, until }, cursor: { tx: claimed.last_tx_id, id: claimed.last_event_id }, attempts: claimed.attempts };
}

/** Gives the lease back, if it is still this one. */
export async function releaseLease(db: Db, name: string, token: string): Promise<void> {
  await db.updateTable('event_subscriptions').set({ locked_until: null, lock_token: null }).where('name', '=', name).where('lock_token', '=', token).execute();
}

/** Moves the cursor past `row`; false when the lease is no longer this one (another process carries on). */
export async function advanceCursor(db: Executor, name: string, token: string, row: EventRow): Promise<boolean> {
  const result = await advanceStatement.run(db, { name, token, txId: row.tx_id, eventId: row.id, now: nowIso() });
  return Number(result.numAffectedRows) === 1;
}

const advanceStatement = prepared((db, p: { name: string; token: string; txId: number; eventId: number; now: string }) =>
  db
    .updateTable('event_subscriptions')
    .set({ last_tx_id: p.txId, last_event_id: p.eventId, attempts: 0, retry_at: null, last_error: null, updated_at: p.now })
    .where('name', '=', p.name)
    .where('lock_token', '=', p.token),
);

/**
 * Moves the cursor forward to `row` and nothing else (a retry scheduled meanwhile stays), only under
 * this lease and never backwards: a transaction of this subscriber may have moved it further.
 */
export async function moveCursorForward(db: Executor, name: string, token: string, row: EventRow): Promise<void> {
  await forwardStatement.run(db, { name, token, txId: row.tx_id, eventId: row.id, now: nowIso() });
}

const forwardStatement = prepared((db, p: { name: string; token: string; txId: number; eventId: number; now: string }) =>
  db
    .updateTable('event_subscriptions')
    .set({ last_tx_id: p.txId, last_event_id: p.eventId, updated_at: p.now })
    .where('name', '=', p.name)
    .where('lock_token', '=', p.token)
    .where((eb) => eb.or([eb('last_tx_id', '<', p.txId), eb.and([eb('last_tx_id', '=', p.txId), eb('last_event_id', '<', p.eventId)])])),
);

/** Records that the subscriber gave up on an event after its last attempt (admins: event failures). */
export async function parkEvent(db: Db, name: string, row: EventRow, attempts: number, message: string): Promise<void> {
  await db.insertInto('event_failures').values({ subscriber: name, event_id: row.id, attempts, error: message, created_at: nowIso() }).execute();
}

/** Sets when the subscriber tries the failed event again, under its lease. */
export async function scheduleRetry(db: Db, name: string, token: string, row: EventRow, attempt: number, retryAt: string, message: string): Promise<void> {
  await db
    .updateTable('event_subscriptions')
    .set({ attempts: attempt, retry_at: retryAt, last_error: `event ${row.id}: ${message}`, updated_at: nowIso() })
    .where('name', '=', name)
    .where('lock_token', '=', token)
    .execute();
}

/** Of `names`, the subscribers whose cursor is behind the newest committed event (not counting those waiting for a retry). */
export async function subscribersBehind(db: Db, names: string[]): Promise<string[]> {
  // The newest committed event, whether or not an older running transaction still holds it back.
  const head = await newestEvent(db);
  if (!head || names.length === 0) return [];
  const now = nowIso();
  const rows = await db.selectFrom('event_subscriptions').select(['name', 'last_tx_id', 'last_event_id', 'retry_at']).where('name', 'in', names).execute();
  return rows
    .filter((r) => !(r.retry_at && r.retry_at > now))
    .filter((r) => r.last_tx_id < head.tx || (r.last_tx_id === head.tx && r.last_event_id < head.id))
    .map((r) => r.name);
}

/**
 * A handler failed on `row`: schedules its retry with back-off, or after the last attempt parks
 * the event in event_failures and moves the cursor past it (`advance`, under the lease).
 */
export async function retryOrPark(
  on: { db: Db; maxAttempts: number; backoffBaseMs: number; log?: { warn(details: object, message: string): void; error(details: object, message: string): void } },
  name: string,
  token: string,
  row: EventRow,
  attempt: number,
  error: unknown,
  advance: () => Promise<void>,
): Promise<void> {
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 4000);
  if (attempt >= on.maxAttempts) {
    await parkEvent(on.db, name, row, attempt, message);
    await advance();
    on.log?.error({ subscriber: name, eventId: row.id, type: row.type, err: message }, 'event subscriber gave up on an event');
    return;
  }
  const retryAt = new Date(Date.now() + backoffMs(attempt, on.backoffBaseMs)).toISOString();
  await scheduleRetry(on.db, name, token, row, attempt, retryAt, message);
  on.log?.warn({ subscriber: name, eventId: row.id, type: row.type, err: message, retryAt }, 'event subscriber failed; will retry');
}
