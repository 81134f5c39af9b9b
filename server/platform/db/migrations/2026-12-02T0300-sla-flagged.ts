import { type Kysely, sql } from 'kysely';

/**
 * The SLA queues ("at risk", "breached") and their counts read only the running clocks that
 * were warned or breached, a few among all open tickets; tested ticket by ticket (EXISTS), each
 * walked every open ticket. This partial index holds just those clocks. The queue's query
 * (modules/tickets/sla-queues.ts) repeats the condition word for word with literal values, as
 * SQLite uses a partial index only for a query that names each term of its condition. At
 * 100,000 tickets with 14,174 running clocks (152 at risk, 73 breached), SQLite, p50 through
 * the API: "at risk" 5.0–6.3 → 2.4–2.7 ms, "breached" 4.1–5.6 → 1.4–1.7, the home screen's
 * counts 9.9–12.3 → 4.5–5.0.
 */
const FLAGGED =
  'stopped_at IS NULL AND (first_response_warned = 1 OR first_response_breached = 1 OR resolution_warned = 1 OR resolution_breached = 1 OR next_response_warned = 1 OR next_response_breached = 1)';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX ticket_sla_flagged ON ticket_sla (ticket_id) WHERE ${sql.raw(FLAGGED)}`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('ticket_sla_flagged').execute();
}
