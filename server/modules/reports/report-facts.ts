import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from 'kysely';
import type { Database } from '../../platform/db/schema.ts';
import type { Executor } from '../../platform/db/database.ts';
import { dialectOf } from '../../platform/db/dialect.ts';
import { DONE_STATUSES, OPEN_STATUSES, minutesBetween } from './report-scope.ts';

/**
 * `ticket_report_facts`: what the summary needs of each ticket's history (first response,
 * replies, first resolution, reopened, escalated, latest rating), one row per ticket. Counting
 * them per ticket at read time cost about eight look-ups for every ticket of the period (seconds
 * at a million tickets); the row is recomputed from the same look-ups whenever the ticket has an
 * event (report-facts.subscriber.ts), by the migration for existing tickets and by the bulk
 * loader. SLA clocks and breaches are not in it: they are written by a subscriber and a timer
 * job without an event of their own, so the summary joins the clocks and looks the breaches up.
 */
const COLUMNS = ['ticket_id', 'first_response_at', 'agent_replies', 'first_done_at', 'reopened', 'escalated', 'rating', 'first_response_minutes', 'resolution_minutes'] as const;

/**
 * The facts of the tickets `which` picks (all when left out), computed from messages, history and
 * ratings; the two times in whole minutes as well, so the summary reads them without parsing
 * timestamps (report-summary.ts).
 */
export function computedFacts(db: Executor, which?: (eb: ExpressionBuilder<Database, 'tickets'>) => Expression<SqlBool>) {
  const dialect = dialectOf(db);
  const history = historyFacts(db);
  return db
    .selectFrom((which ? history.where(which) : history).as('h'))
    .select([
      'h.ticket_id',
      'h.first_response_at',
      'h.agent_replies',
      'h.first_done_at',
      'h.reopened',
      'h.escalated',
      'h.rating',
      minutesBetween(dialect, 'h.created_at', 'h.first_response_at').as('first_response_minutes'),
      minutesBetween(dialect, 'h.created_at', 'h.first_done_at').as('resolution_minutes'),
    ]);
}

function historyFacts(db: Executor) {
  return db.selectFrom('tickets').select((eb) => [
    'tickets.id as ticket_id',
    'tickets.created_at',
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
function agentReplies(eb: ExpressionBuilder<Database, 'tickets'>) {
  return eb
    .selectFrom('messages as m')
    .whereRef('m.ticket_id', '=', 'tickets.id')
    .where('m.internal', '=', 0)
    .where('m.automatic', '=', 0)
    .whereRef('m.author_id', '<>', 'tickets.requester_id')
    .where((e) => e.exists(e.selectFrom('users as u').select('u.id').whereRef('u.id', '=', 'm.author_id').where('u.role', 'in', ['agent', 'admin'])));
}

/** Recomputes the facts of some tickets (delete and insert: the same on both databases). */
export async function refreshReportFacts(db: Executor, ticketIds: number[]): Promise<void> {
  if (ticketIds.length === 0) return;
  await db.deleteFrom('ticket_report_facts').where('ticket_id', 'in', ticketIds).execute();
  await db
    .insertInto('ticket_report_facts')
    .columns(COLUMNS)
    .expression(computedFacts(db, (eb) => eb('tickets.id', 'in', ticketIds)))
    .execute();
}

/** The facts of tickets just created (nothing happened to them yet); kept where a row exists. */
export async function insertEmptyReportFacts(db: Executor, ticketIds: number[]): Promise<void> {
  if (ticketIds.length === 0) return;
  await db
    .insertInto('ticket_report_facts')
    .values(ticketIds.map((ticketId) => ({ ticket_id: ticketId, first_response_at: null, agent_replies: 0, first_done_at: null, reopened: 0, escalated: 0, rating: null })))
    .onConflict((oc) => oc.column('ticket_id').doNothing())
    .execute();
}

/**
 * Recomputes the facts of the tickets with ids from `first` to `last`, in one statement per
 * 50,000 tickets (the migration's backfill and the bulk loader).
 */
export async function refreshReportFactsBetween(db: Executor | Kysely<any>, first: number, last: number): Promise<void> {
  const typed = db as Executor;
  for (let from = first; from <= last; from += 50_000) {
    const to = Math.min(last, from + 49_999);
    await typed.deleteFrom('ticket_report_facts').where('ticket_id', '>=', from).where('ticket_id', '<=', to).execute();
    await typed
      .insertInto('ticket_report_facts')
      .columns(COLUMNS)
      .expression(computedFacts(typed, (eb) => eb.and([eb('tickets.id', '>=', from), eb('tickets.id', '<=', to)])))
      .execute();
  }
}

/** Tickets whose stored facts differ from their history (none, when the subscriber kept up): a check for tests and operators. */
export async function staleReportFacts(db: Executor): Promise<number[]> {
  const [stored, computed] = await Promise.all([db.selectFrom('ticket_report_facts').select(COLUMNS).execute(), computedFacts(db).execute()]);
  const key = (r: Record<string, unknown>) => COLUMNS.map((c) => (r[c] === null ? 'null' : String(r[c]))).join('|');
  const byId = new Map(stored.map((r) => [r.ticket_id, key(r)]));
  return computed.filter((r) => byId.get(r.ticket_id) !== key(r)).map((r) => r.ticket_id);
}

/** Computes the facts of every ticket (the migration, a restore of a backup made before the table existed). */
export async function refillReportFacts(db: Executor | Kysely<any>): Promise<void> {
  // Planned without statistics (a database loaded in bulk and not analysed yet), PostgreSQL walks
  // every ticket's status changes through the wrong index; ANALYZE only samples each table.
  if (dialectOf(db) === 'postgres') await sql`ANALYZE tickets, messages, ticket_events, satisfaction_ratings`.execute(db);
  const range = await sql<{ first: number | null; last: number | null }>`select min(id) as first, max(id) as last from tickets`.execute(db);
  const { first, last } = range.rows[0] ?? { first: null, last: null };
  if (first !== null && last !== null) await refreshReportFactsBetween(db, Number(first), Number(last));
}
