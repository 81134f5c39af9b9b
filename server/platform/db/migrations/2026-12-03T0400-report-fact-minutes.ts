import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.ts';

/**
 * ticket_report_facts keeps each ticket's first response and resolution time in whole minutes
 * (modules/reports/report-facts.ts), so the summary no longer works them out from two timestamps
 * per ticket and figure: on PostgreSQL, where times are text, parsing them took about 2 s of a
 * year's summary at 1,000,000 tickets. Filled here for the existing rows. On PostgreSQL the
 * columns are computed while ALTER TABLE writes the table anew (no dead copy of every row, as an
 * UPDATE leaves), through a function because ALTER's expression takes no subquery; it is
 * dropped afterwards.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'sqlite') {
    await sql`ALTER TABLE ticket_report_facts ADD COLUMN first_response_minutes integer`.execute(db);
    await sql`ALTER TABLE ticket_report_facts ADD COLUMN resolution_minutes integer`.execute(db);
    // A frozen copy of minutesBetween (modules/reports/report-scope.ts) as it was when this was written.
    const minutes = (at: string) =>
      sql`(SELECT cast(round((julianday(${sql.ref(at)}) - julianday(t.created_at)) * 86400000) as integer) / 60000 FROM tickets t WHERE t.id = ticket_report_facts.ticket_id)`;
    await sql`UPDATE ticket_report_facts SET first_response_minutes = ${minutes('first_response_at')}, resolution_minutes = ${minutes('first_done_at')}
      WHERE first_response_at IS NOT NULL OR first_done_at IS NOT NULL`.execute(db);
    return;
  }
  await sql`CREATE FUNCTION report_minutes_since_created(ticket integer, later text) RETURNS integer LANGUAGE sql STABLE AS
    'SELECT floor(extract(epoch from (cast(later as timestamptz) - cast(created_at as timestamptz))) / 60)::integer FROM tickets WHERE id = ticket'`.execute(db);
  await sql`ALTER TABLE ticket_report_facts ADD COLUMN first_response_minutes text, ADD COLUMN resolution_minutes text`.execute(db);
  await sql`ALTER TABLE ticket_report_facts
    ALTER COLUMN first_response_minutes TYPE integer USING CASE WHEN first_response_at IS NULL THEN NULL ELSE report_minutes_since_created(ticket_id, first_response_at) END,
    ALTER COLUMN resolution_minutes TYPE integer USING CASE WHEN first_done_at IS NULL THEN NULL ELSE report_minutes_since_created(ticket_id, first_done_at) END`.execute(db);
  await sql`DROP FUNCTION report_minutes_since_created(integer, text)`.execute(db);
  await sql`ANALYZE ticket_report_facts`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE ticket_report_facts DROP COLUMN first_response_minutes`.execute(db);
  await sql`ALTER TABLE ticket_report_facts DROP COLUMN resolution_minutes`.execute(db);
}
