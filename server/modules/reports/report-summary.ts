import { sql } from 'kysely';
import type { Actor } from '../auth/auth.queries.ts';
import type { Executor } from '../../platform/db/database.ts';
import { dialectOf } from '../../platform/db/dialect.ts';
import { withoutJit } from '../../platform/db/without-jit.ts';
import type { LocalPeriod } from '../../platform/local-days.ts';
import { DONE_STATUSES, IS_RESOLUTION, OPEN_STATUSES, percentileOf, rate, reportTickets, seesEveryTicket, type ReportFilters } from './report-scope.ts';
import type { ReportSummaryDto } from '../../../shared/contracts/reports.ts';

/**
 * The key figures of a period (definitions in ARCHITECTURE.md, "Reports"). Everything is
 * counted in the database: the tickets created in the period become one row each with their
 * facts (a materialised CTE joining `ticket_report_facts`, kept per ticket by a subscriber), and
 * one statement sums them up; response and resolution times come back as histograms of whole minutes, so the
 * percentiles need no row per ticket on the way out.
 */
export async function reportSummary(db: Executor, actor: Actor, period: LocalPeriod, filters: ReportFilters): Promise<ReportSummaryDto> {
  const dialect = dialectOf(db);
  const scope = reportTickets(actor, filters);

  // The period's tickets in scope, each joined to its facts by key (left: a ticket whose
  // subscriber has not run yet still counts as created) and to its SLA clock, if any (a join: a
  // look-up per ticket cost about a second of a year's summary at 1,000,000 tickets on
  // PostgreSQL); breaches are looked up only for tickets with a clock (see report-facts.ts).
  const cohort = db
    .selectFrom('tickets')
    .leftJoin('ticket_report_facts as f', 'f.ticket_id', 'tickets.id')
    .leftJoin('ticket_sla as s', 's.ticket_id', 'tickets.id')
    .where('tickets.created_at', '>=', period.start)
    .where('tickets.created_at', '<', period.end)
    .where(scope)
    .select((eb) => [
      'f.first_response_minutes as fr',
      'f.resolution_minutes as res',
      sql<number>`coalesce(f.agent_replies, 0)`.as('replies'),
      sql<number>`coalesce(f.reopened, 0)`.as('reopened'),
      sql<number>`coalesce(f.escalated, 0)`.as('escalated'),
      // 0: no clock; 1: a clock and no breach; 2: breached.
      sql<number>`case when s.ticket_id is null then 0 when ${eb.exists(eb.selectFrom('sla_breaches as b').select('b.id').whereRef('b.ticket_id', '=', 'tickets.id'))} then 2 else 1 end`.as('sla'),
      'f.rating as rating',
    ]);

  // Three passes over the cohort: one row of totals, then the two histograms (one pass per
  // figure, eleven in all, took about as long as building the cohort; PostgreSQL, a year of 340,000 tickets).
  const sums: Array<[string, string]> = [
    ['resolvedCohort', 'sum(case when res is not null then 1 else 0 end)'],
    ['fcr', 'sum(case when res is not null and replies = 1 and reopened = 0 then 1 else 0 end)'],
    ['reopened', 'sum(case when res is not null and reopened = 1 then 1 else 0 end)'],
    ['escalated', 'sum(escalated)'],
    ['sla', 'sum(case when sla > 0 then 1 else 0 end)'],
    ['slaKept', 'sum(case when sla = 1 then 1 else 0 end)'],
    ['ratings', 'count(rating)'],
    ['ratingSum', 'sum(rating)'],
  ];
  const histogram = (figure: 'fr' | 'res') =>
    sql`select ${sql.lit(figure)} as k, ${sql.ref(figure)} as m, count(*) as n, ${sql.join(sums.map(() => sql`null`))} from cohort where ${sql.ref(figure)} is not null group by ${sql.ref(figure)}`;
  const statement = sql<Record<string, string | number | null> & { k: string; m: number | null; n: number }>`
    with cohort as ${dialect === 'postgres' ? sql`materialized` : sql``} ${cohort}
    select 'totals' as k, null as m, count(*) as n, ${sql.join(sums.map(([name, expression]) => sql`coalesce(${sql.raw(expression)}, 0) as ${sql.ref(name)}`))} from cohort
    union all ${histogram('fr')}
    union all ${histogram('res')}`;
  const { rows } = await withoutJit(db, (trx) => statement.execute(trx));

  const totals = new Map<string, number>();
  const histograms = { fr: [] as Array<{ value: number; count: number }>, res: [] as Array<{ value: number; count: number }> };
  for (const row of rows) {
    if (row.k === 'fr' || row.k === 'res') histograms[row.k].push({ value: Number(row.m), count: Number(row.n) });
    else {
      totals.set('created', Number(row.n));
      for (const [name] of sums) totals.set(name, Number(row[name]));
    }
  }
  const n = (k: string) => totals.get(k) ?? 0;
  const [resolved, backlog] = await Promise.all([resolvedIn(db, actor, period.start, period.end, filters), backlogAt(db, actor, period.end, filters)]);
  return {
    created: n('created'),
    resolved,
    backlog,
    firstResponseMinutes: { median: percentileOf(histograms.fr, 0.5), p90: percentileOf(histograms.fr, 0.9) },
    resolutionMinutes: { median: percentileOf(histograms.res, 0.5), p90: percentileOf(histograms.res, 0.9) },
    firstContactResolutionRate: rate(n('fcr'), n('resolvedCohort')),
    escalationRate: rate(n('escalated'), n('created')),
    reopenRate: rate(n('reopened'), n('resolvedCohort')),
    slaCompliance: rate(n('slaKept'), n('sla')),
    csat: { average: n('ratings') > 0 ? Math.round((n('ratingSum') / n('ratings')) * 100) / 100 : null, count: n('ratings') },
  };
}

/** Status changes from an open status to resolved or closed between two instants (the index on ticket_events (field, created_at)). */
function changesToDone(db: Executor, start: string, end: string) {
  return db.selectFrom('ticket_events as e').where('e.created_at', '>=', start).where('e.created_at', '<', end).where(IS_RESOLUTION);
}

/** The status changes of `changesToDone`, joined to the tickets in scope. */
export function resolutionsBetween(db: Executor, actor: Actor, start: string, end: string, filters: ReportFilters) {
  return changesToDone(db, start, end).innerJoin('tickets', 'tickets.id', 'e.ticket_id').where(reportTickets(actor, filters));
}

async function resolvedIn(db: Executor, actor: Actor, start: string, end: string, filters: ReportFilters): Promise<number> {
  // Where the scope is every ticket, the tickets need not be looked up (a year at a million tickets: 900,000 look-ups).
  const row = await withoutJit(db, (trx) => {
    const changes = seesEveryTicket(actor, filters) ? changesToDone(trx, start, end) : resolutionsBetween(trx, actor, start, end, filters);
    return changes.select(sql<number>`count(distinct e.ticket_id)`.as('n')).executeTakeFirst();
  });
  return Number(row?.n ?? 0);
}

/**
 * Tickets created before `end` that were not done at `end`: still open now, or done only after
 * it (judged by when they were last resolved or, never resolved, closed; a ticket resolved
 * before `end`, reopened and resolved again after it counts as not done).
 */
async function backlogAt(db: Executor, actor: Actor, end: string, filters: ReportFilters): Promise<number> {
  const scope = reportTickets(actor, filters);
  const open = db
    .selectFrom('tickets')
    .select(sql<number>`count(*)`.as('n'))
    .where('tickets.status', 'in', OPEN_STATUSES)
    .where('tickets.created_at', '<', end)
    .where(scope);
  // Two statements, so each is one range of its index (resolved_at, or closed_at of tickets closed without being resolved).
  const resolvedLater = db
    .selectFrom('tickets')
    .select(sql<number>`count(*)`.as('n'))
    .where('tickets.resolved_at', '>=', end)
    .where('tickets.status', 'in', DONE_STATUSES)
    .where('tickets.created_at', '<', end)
    .where(scope);
  const closedLater = db
    .selectFrom('tickets')
    .select(sql<number>`count(*)`.as('n'))
    .where('tickets.closed_at', '>=', end)
    .where('tickets.resolved_at', 'is', null)
    .where('tickets.status', 'in', DONE_STATUSES)
    .where('tickets.created_at', '<', end)
    .where(scope);
  const rows = await open.unionAll(resolvedLater).unionAll(closedLater).execute();
  return rows.reduce((sum, r) => sum + Number(r.n), 0);
}
