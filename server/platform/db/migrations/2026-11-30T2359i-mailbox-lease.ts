import type { Kysely } from 'kysely';

/**
 * With several mail processes, each polled every mailbox: the same messages were fetched twice
 * and two processes moved the same message (one of them failing). A lease per mailbox lets one
 * process poll it; another takes over when the lease runs out (modules/mail/mailbox-lease.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('mailboxes').addColumn('poll_owner', 'text').execute();
  await db.schema.alterTable('mailboxes').addColumn('poll_lease_until', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('mailboxes').dropColumn('poll_lease_until').execute();
  await db.schema.alterTable('mailboxes').dropColumn('poll_owner').execute();
}
