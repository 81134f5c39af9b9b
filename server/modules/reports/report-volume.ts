import { sql } from 'kysely';
import type { Actor } from '../auth/auth.queries.ts';
import type { Executor } from '../../platform/db/database.ts';
import { withoutJit } from '../../platform/db/without-jit.ts';
import { localBuckets, type LocalPeriod } from '../../platform/local-days.ts';
import { IS_RESOLUTION, reportTickets, seesEveryTicket, type ReportFilters } from './report-scope.ts';
import { resolutionsBetween } from './report-summary.ts';
import type { VolumeDimension, VolumeRowDto } from '../../../shared/contracts/reports.ts';

type Language = 'de' | 'en';

const NONE_LABEL: Record<Language, string> = { de: '(keine)', en: '(none)' };
const CHANNEL_LABEL: Record<Language, Record<string, string>> = {
  de: { web: 'Web', email: 'E-Mail', api: 'API' },
  en: { web: 'Web', email: 'E-mail', api: 'API' },
};

/**
 * Tickets created and resolved, per local day, week or month of the period (every bucket, also
 * the empty ones) or per category, group, organisation or channel (those with tickets).
 */
export async function reportVolume(db: Executor, actor: Actor, period: LocalPeriod, filters: ReportFilters, by: VolumeDimension, language: Language): Promise<VolumeRowDto[]> {
  if (by === 'day' || by === 'week' || by === 'month') return volumeOverTime(db, actor, period, filters, by);
  const column = by === 'category' ? 'tickets.category_id' : by === 'group' ? 'tickets.group_id' : by === 'organisation' ? 'tickets.organisation_id' : 'tickets.channel';
  const [created, resolved] = await Promise.all([
    withoutJit(db, (trx) =>
      trx
        .selectFrom('tickets')
        .select([sql<string | number | null>`${sql.ref(column)}`.as('k'), sql<number>`count(*)`.as('n')])
        .where('tickets.created_at', '>=', period.start)
        .where('tickets.created_at', '<', period.end)
        .where(reportTickets(actor, filters))
        .groupBy(column)
        .execute(),
    ),
    withoutJit(db, (trx) =>
      resolutionsBetween(trx, actor, period.start, period.end, filters)
        .select([sql<string | number | null>`${sql.ref(column)}`.as('k'), sql<number>`count(distinct e.ticket_id)`.as('n')])
        .groupBy(column)
        .execute(),
    ),
  ]);
  const rows = new Map<string, { created: number; resolved: number }>();
  const slot = (k: string | number | null) => {
    const key = k === null ? 'none' : String(k);
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { created: 0, resolved: 0 }));
    return row;
  };
  for (const r of created) slot(r.k).created += Number(r.n);
  for (const r of resolved) slot(r.k).resolved += Number(r.n);
  const labels = await labelsOf(db, by, [...rows.keys()].filter((k) => k !== 'none').map(Number), language);
  return [...rows.entries()]
    .map(([key, c]) => ({ key, label: key === 'none' ? NONE_LABEL[language] : by === 'channel' ? (CHANNEL_LABEL[language][key] ?? key) : (labels.get(Number(key)) ?? key), ...c }))
    .sort((a, b) => b.created - a.created || b.resolved - a.resolved || a.label.localeCompare(b.label));
}

async function labelsOf(db: Executor, by: 'category' | 'group' | 'organisation' | 'channel', ids: number[], language: Language): Promise<Map<number, string>> {
  if (ids.length === 0 || by === 'channel') return new Map();
  if (by === 'category') {
    const rows = await db.selectFrom('categories').select(['id', 'name', 'name_en']).where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id, language === 'en' && r.name_en ? r.name_en : r.name]));
  }
  const rows = await db
    .selectFrom(by === 'group' ? 'groups' : 'organisations')
    .select(['id', 'name'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * One statement per series: the buckets (local day, week or month starts as UTC instants) are a
 * VALUES list joined to the tickets by range, so each bucket is one range of the created_at
 * index, and the time zone's offsets and daylight-saving days are right on both databases.
 */
async function volumeOverTime(db: Executor, actor: Actor, period: LocalPeriod, filters: ReportFilters, by: 'day' | 'week' | 'month'): Promise<VolumeRowDto[]> {
  const buckets = localBuckets(period, by);
  const values = sql<{ column1: string; column2: string; column3: string }>`(values ${sql.join(buckets.map((b) => sql`(${b.key}, ${b.start}, ${b.end})`))})`.as('b');
  const createdPerBucket = (trx: Executor) =>
    trx
      .selectFrom(values)
      .innerJoin('tickets', (join) => join.onRef('tickets.created_at', '>=', 'b.column2').onRef('tickets.created_at', '<', 'b.column3'))
      .select(['b.column1 as k', sql<number>`count(*)`.as('n')])
      .where(reportTickets(actor, filters))
      .groupBy('b.column1')
      .execute();
  // A count per bucket in a subquery, so each bucket is one range of the index on ticket_events
  // (field, created_at); joined by range, PostgreSQL walked every status change of the period and
  // compared it with every bucket (a year by month at 1,000,000 tickets: 12 million comparisons, 4 s).
  const resolvedPerBucket = (trx: Executor) =>
    trx
      .selectFrom(values)
      .select((eb) => {
        const changesToDone = eb.selectFrom('ticket_events as e').whereRef('e.created_at', '>=', 'b.column2').whereRef('e.created_at', '<', 'b.column3').where(IS_RESOLUTION);
        // Where the scope is every ticket, the tickets need not be looked up (as in the summary's resolvedIn).
        const scoped = seesEveryTicket(actor, filters) ? changesToDone : changesToDone.innerJoin('tickets', 'tickets.id', 'e.ticket_id').where(reportTickets(actor, filters));
        return ['b.column1 as k', scoped.select(sql<number>`count(distinct e.ticket_id)`.as('n')).as('n')];
      })
      .execute();
  const [created, resolved] = await Promise.all([withoutJit(db, createdPerBucket), withoutJit(db, resolvedPerBucket)]);
  const createdBy = new Map(created.map((r) => [r.k, Number(r.n)]));
  const resolvedBy = new Map(resolved.map((r) => [r.k, Number(r.n)]));
  return buckets.map((b) => ({ key: b.key, label: b.key, created: createdBy.get(b.key) ?? 0, resolved: resolvedBy.get(b.key) ?? 0 }));
}
