import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from '../../platform/db/database.ts';

/** Names this process as a mailbox's poller. */
export const POLLER_ID = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/**
 * Takes or renews the lease on a mailbox for `ms`: true while this poller may poll it. Free,
 * expired or already ours are taken in one statement, so two processes never both win.
 */
export async function takeMailboxLease(db: Db, mailboxId: number, owner: string, ms: number, now = new Date()): Promise<boolean> {
  const result = await db
    .updateTable('mailboxes')
    .set({ poll_owner: owner, poll_lease_until: new Date(now.getTime() + ms).toISOString() })
    .where('id', '=', mailboxId)
    .where((eb) => eb.or([eb('poll_owner', 'is', null), eb('poll_owner', '=', owner), eb('poll_lease_until', '<', now.toISOString())]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Gives the lease back (on stop), so another process need not wait for it to run out. */
export async function releaseMailboxLease(db: Db, mailboxId: number, owner: string): Promise<void> {
  await db.updateTable('mailboxes').set({ poll_owner: null, poll_lease_until: null }).where('id', '=', mailboxId).where('poll_owner', '=', owner).execute();
}
