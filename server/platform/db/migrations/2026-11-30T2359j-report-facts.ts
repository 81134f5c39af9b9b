import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.ts';

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
  await fill(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('ticket_report_facts').execute();
}

/*
 * A frozen copy of modules/reports/report-facts.ts as it was when this migration was written:
 * a migration must not change with later code (and the platform layer imports no module).
 */
const OPEN_STATUSES = ['new', 'open', 'pending'];
const DONE_STATUSES = ['resolved', 'closed'];
const COLUMNS = ['ticket_id', 'first_response_at', 'agent_replies', 'first_done_at', 'reopened', 'escalated', 'rating'] as const;

function computedFacts(db: Kysely<any>) {
  return db.selectFrom('tickets').select((eb) => [
    'tickets.id as ticket_id',
    agentReplies(eb)
      .select((e) => e.fn.min('m.created_at').as('at'))
      .as('first_response_at'),
    agentReplies(eb)
      .select((e) => e.fn.countAll<number>().as('n'))
      .as('agent_replies'),
    eb
      .selectFrom('ticket_events as e')
      .select((e) => e.fn.min('e.created_at').as('at'))
      .whereRef('e.ticket_id', '=', 'tickets.id')
      .where('e.field', '=', 'status')
      .where('e.new_value', 'in', DONE_STATUSES)
      .as('first_done_at'),
    sql<number>`case when ${eb.exists(
      eb
        .selectFrom('ticket_events as e')
        .select('e.id')
        .whereRef('e.ticket_id', '=', 'tickets.id')
        .where('e.field', '=', 'status')
        .where('e.old_value', 'in', DONE_STATUSES)
        .where('e.new_value', 'in', OPEN_STATUSES),
    )} then 1 else 0 end`.as('reopened'),
    sql<number>`case when ${eb.exists(eb.selectFrom('ticket_events as e').select('e.id').whereRef('e.ticket_id', '=', 'tickets.id').where('e.kind', '=', 'escalated'))} then 1 else 0 end`.as(
      'escalated',
    ),
    eb.selectFrom('satisfaction_ratings as r').select('r.rating').whereRef('r.ticket_id', '=', 'tickets.id').orderBy('r.resolution_at', 'desc').orderBy('r.id', 'desc').limit(1).as('rating'),
  ]);
}

/**
 * A ticket's public messages by agents (not the requester's own, not automatic answers). The
 * author's role is checked per message, so the database walks the ticket's messages by its
 * index instead of all messages of every agent.
 */
function agentReplies(eb: ExpressionBuilder<any, 'tickets'>) {
  return eb
    .selectFrom('messages as m')
    .whereRef('m.ticket_id', '=', 'tickets.id')
    .where('m.internal', '=', 0)
    .where('m.automatic', '=', 0)
    .whereRef('m.author_id', '<>', 'tickets.requester_id')
    .where((e) => e.exists(e.selectFrom('users as u').select('u.id').whereRef('u.id', '=', 'm.author_id').where('u.role', 'in', ['agent', 'admin'])));
}

/** Fills the facts of every ticket, 50,000 tickets per statement. */
async function fill(db: Kysely<any>): Promise<void> {
  // Planned without statistics (a database loaded in bulk and not analysed yet), PostgreSQL walks
  // every ticket's status changes through the wrong index; ANALYZE only samples each table.
  if (dialectOf(db) === 'postgres') await sql`ANALYZE tickets, messages, ticket_events, satisfaction_ratings`.execute(db);
  const range = await sql<{ first: number | null; last: number | null }>`select min(id) as first, max(id) as last from tickets`.execute(db);
  const { first, last } = range.rows[0] ?? { first: null, last: null };
  if (first === null || last === null) return;
  for (let from = Number(first); from <= Number(last); from += 50_000) {
    const to = Math.min(Number(last), from + 49_999);
    await db
      .insertInto('ticket_report_facts')
      .columns(COLUMNS)
      .expression(computedFacts(db).where('tickets.id', '>=', from).where('tickets.id', '<=', to))
      .execute();
  }
}
