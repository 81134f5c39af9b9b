import type { Kysely } from 'kysely';

/**
 * A pending ticket may carry a reminder (`pending_until`, ISO 8601 UTC): when it passes, the
 * ticket returns to open (modules/tickets/pending-reminder.job.ts). The channel column stays
 * free text; the new channels `phone` and `walk_in` (agents opening tickets for callers) need
 * no schema change.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tickets').addColumn('pending_until', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tickets').dropColumn('pending_until').execute();
}
