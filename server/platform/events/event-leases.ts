import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.ts';
import { nowIso } from '../db/database.ts';
import type { EventPosition } from './event-reading.ts';

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
