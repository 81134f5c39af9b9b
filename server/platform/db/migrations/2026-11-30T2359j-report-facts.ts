import type { Kysely } from 'kysely';
import { refillReportFacts } from '../../../modules/reports/report-facts.ts';

/**
 * ticket_report_facts (modules/reports/report-facts.ts): one row of report facts per ticket,
 * filled here for the existing tickets in statements of 50,000 tickets each.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ticket_report_facts')
    .addColumn('ticket_id', 'integer', (c) => c.primaryKey().references('tickets.id').onDelete('cascade'))
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
