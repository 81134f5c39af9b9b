import type { Kysely } from 'kysely';

/**
 * Reports count status changes to resolved or closed per period (modules/reports): without
 * this index every report walked the whole history. (field, created_at) serves the range of
 * status changes of a period on both databases.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('ticket_events_field_time').on('ticket_events').columns(['field', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('ticket_events_field_time').execute();
}
