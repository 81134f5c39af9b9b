import { type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Actor } from '../auth/auth.queries.ts';
import type { Database } from '../../platform/db/schema.ts';
import type { Dialect } from '../../platform/db/database.ts';
import { visibleTickets } from '../tickets/tickets.policy.ts';

export interface ReportFilters {
  groupId?: number | undefined;
  categoryId?: number | undefined;
  organisationId?: number | undefined;
}

export const OPEN_STATUSES = ['new', 'open', 'pending'];
export const DONE_STATUSES = ['resolved', 'closed'];

/** A history entry (`ticket_events as e`) that moved a ticket from an open status to resolved or closed: a resolution. */
export const IS_RESOLUTION = sql<SqlBool>`e.field = 'status' and e.new_value in (${sql.join(DONE_STATUSES)}) and e.old_value in (${sql.join(OPEN_STATUSES)})`;

/**
 * The tickets a report counts: those the caller may see (agents: their groups and what they
 * follow; admins: all), narrowed by the filters on the ticket's current group, category and
 * organisation. Scoping lives in the query, so no figure counts a ticket the caller cannot open.
 */
export function reportTickets(actor: Actor, filters: ReportFilters) {
  return (eb: ExpressionBuilder<Database, 'tickets'>): Expression<SqlBool> => {
    const parts: Expression<SqlBool>[] = [visibleTickets(actor)(eb)];
    if (filters.groupId !== undefined) parts.push(eb('tickets.group_id', '=', filters.groupId));
    if (filters.categoryId !== undefined) parts.push(eb('tickets.category_id', '=', filters.categoryId));
    if (filters.organisationId !== undefined) parts.push(eb('tickets.organisation_id', '=', filters.organisationId));
    return eb.and(parts);
  };
}

/**
 * Whether `reportTickets` is every ticket (an admin without filters): then no query need look the
 * tickets up. Any filter set counts, so a filter added to ReportFilters later cannot be skipped here.
 */
export function seesEveryTicket(actor: Actor, filters: ReportFilters): boolean {
  return actor.role === 'admin' && Object.values(filters).every((value) => value === undefined);
}

/** Whole minutes from one ISO UTC time to a later one (truncated), or null when either is null. */
export function minutesBetween(dialect: Dialect, from: RawBuilder<unknown> | string, to: RawBuilder<unknown> | string): RawBuilder<number | null> {
  const a = typeof from === 'string' ? sql.ref(from) : from;
  const b = typeof to === 'string' ? sql.ref(to) : to;
  // Rounded to milliseconds first: julianday's floating point would turn 60 s into 59.999… s.
  if (dialect === 'sqlite') return sql<number | null>`(cast(round((julianday(${b}) - julianday(${a})) * 86400000) as integer) / 60000)`;
  return sql<number | null>`floor(extract(epoch from (cast(${b} as timestamptz) - cast(${a} as timestamptz))) / 60)::integer`;
}

/** Nearest-rank percentile (the smallest value with at least p of all values at or below it) from a histogram. */
export function percentileOf(histogram: Array<{ value: number; count: number }>, p: number): number | null {
  const sorted = [...histogram].sort((x, y) => x.value - y.value);
  const total = sorted.reduce((n, h) => n + h.count, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const h of sorted) {
    seen += h.count;
    if (seen >= rank) return h.value;
  }
  return sorted.at(-1)?.value ?? null;
}

/** A share rounded to three places, or null where there is nothing to count. */
export function rate(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 1000) / 1000 : null;
}
