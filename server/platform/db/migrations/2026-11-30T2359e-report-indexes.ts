import type { Kysely } from 'kysely';

/**
 * Indexes for the reports (modules/reports), which would otherwise walk whole tables at a
 * million tickets:
 * - status changes to resolved or closed in a period: ticket_events (field, created_at, …);
 * - the backlog at the end of a period: open tickets created before it, tickets (status,
 *   created_at), counted from the index alone; and tickets done only after it, by resolved_at
 *   or (never resolved) closed_at.
 */
const INDEXES: Array<[string, string, string[]]> = [
  // Covering: a period's changes to resolved or closed are counted from the index alone.
  ['ticket_events_field_time', 'ticket_events', ['field', 'created_at', 'new_value', 'old_value', 'ticket_id']],
  ['tickets_status_created', 'tickets', ['status', 'created_at']],
  ['tickets_resolved_at', 'tickets', ['resolved_at']],
  ['tickets_closed_at', 'tickets', ['closed_at']],
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, table, columns] of INDEXES) await db.schema.createIndex(name).on(table).columns(columns).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of INDEXES) await db.schema.dropIndex(name).execute();
}
