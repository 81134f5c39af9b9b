import type { Kysely } from 'kysely';
import { refillReportFacts } from '../../../modules/reports/report-facts.ts';

/**
 * ticket_report_facts (modules/reports/report-facts.ts): one row of report facts per ticket,
 * filled here for the existing tickets in statements of 50,000 tickets each. No foreign key to
 * tickets (which are never deleted): writing a row would take a share lock on its ticket inside
 * the event dispatcher's transaction, and a merge locking two tickets for update could then wait
 * for the dispatcher while the dispatcher waits for it (a deadlock seen under load).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ticket_report_facts')
    .addColumn('ticket_id', 'integer', (c) => c.primaryKey())
    .addColumn('first_response_at', 'text')
    .addColumn('agent_replies', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('first_done_at', 'text')
    .addColumn('reopened', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('escalated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rating', 'integer')
    .execute();
  await refillReportFacts(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('ticket_report_facts').execute();
}
