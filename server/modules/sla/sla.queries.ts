import type { Selectable } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { SlaCalendarsTable, SlaPoliciesTable } from '../../platform/db/schema.ts';
import { notFound } from '../../platform/errors.ts';
import type { CalendarDto, SlaConditions, SlaPolicyDto, WeekdayKey } from '../../../shared/contracts/sla.ts';
import { WEEKDAY_KEYS } from '../../../shared/contracts/sla.ts';
import type { BusinessCalendar, WeeklyHours } from './business-clock.ts';
import { closedDays } from './holidays.ts';

export type CalendarRow = Selectable<SlaCalendarsTable>;
export type PolicyRow = Selectable<SlaPoliciesTable>;

/** Exactly the calendar fields that leave the server. */
export function presentCalendar(row: CalendarRow): CalendarDto {
  return {
    id: row.id,
    name: row.name,
    timeZone: row.time_zone,
    hours: JSON.parse(row.hours) as Record<WeekdayKey, Array<[string, string]>>,
    holidays: row.holiday_country ? { country: row.holiday_country, state: row.holiday_state } : null,
    closedDates: JSON.parse(row.closed_dates) as string[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function presentPolicy(row: PolicyRow): SlaPolicyDto {
  return {
    id: row.id,
    name: row.name,
    calendarId: row.calendar_id,
    position: row.position,
    conditions: JSON.parse(row.conditions) as SlaConditions,
    firstResponseMinutes: row.first_response_minutes,
    nextResponseMinutes: row.next_response_minutes,
    resolutionMinutes: row.resolution_minutes,
    warningPercent: row.warning_percent,
    onBreach: { escalate: row.breach_escalate === 1, raisePriority: row.breach_raise_priority === 1, notifySupervisors: row.breach_notify_supervisors === 1 },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Stored hours with every weekday present (missing days are closed). */
export function fullWeek(hours: Partial<Record<WeekdayKey, Array<[string, string]> | undefined>>): Record<WeekdayKey, Array<[string, string]>> {
  return Object.fromEntries(WEEKDAY_KEYS.map((d) => [d, hours[d] ?? []])) as Record<WeekdayKey, Array<[string, string]>>;
}

/** The calendar as the business clock reads it. */
export function businessCalendar(row: CalendarRow): BusinessCalendar {
  return {
    timeZone: row.time_zone,
    hours: JSON.parse(row.hours) as WeeklyHours,
    closedOn: closedDays(row.holiday_country ? { country: row.holiday_country, state: row.holiday_state } : null, JSON.parse(row.closed_dates) as string[]),
  };
}

export async function loadCalendar(db: Executor, id: number): Promise<CalendarRow> {
  const row = await db.selectFrom('sla_calendars').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(`Calendar ${id}`);
  return row;
}

export async function loadPolicy(db: Executor, id: number): Promise<PolicyRow> {
  const row = await db.selectFrom('sla_policies').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(`SLA policy ${id}`);
  return row;
}

/** Every policy in the order they are tried. */
export function listPolicies(db: Executor): Promise<PolicyRow[]> {
  return db.selectFrom('sla_policies').selectAll().orderBy('position').orderBy('id').execute();
}

/** What a policy's conditions look at. */
export interface TicketFacts {
  priority: string;
  categoryId: number | null;
  organisationId: number | null;
  /** internal: the requester belongs to an internal organisation (an employee); external otherwise. */
  requesterKind: 'internal' | 'external';
}

/** What the clock needs of a ticket: its start and status, and the facts its policy is chosen by. */
export interface ClockTicket {
  id: number;
  createdAt: string;
  status: string;
  facts: TicketFacts;
}

/** The tickets of `ids` that exist, with their organisation's kind, in one read. */
export async function clockTickets(db: Executor, ids: number[]): Promise<Map<number, ClockTicket>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('tickets')
    .leftJoin('organisations', 'organisations.id', 'tickets.organisation_id')
    .select(['tickets.id', 'tickets.created_at', 'tickets.status', 'tickets.priority', 'tickets.category_id', 'organisations.id as organisation_id', 'organisations.kind'])
    .where('tickets.id', 'in', ids)
    .execute();
  return new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        createdAt: row.created_at,
        status: row.status,
        facts: { priority: row.priority, categoryId: row.category_id, organisationId: row.organisation_id, requesterKind: row.kind === 'internal' ? 'internal' : 'external' },
      },
    ]),
  );
}

/** True when every condition list the policy has contains the ticket's value. */
export function policyMatches(conditions: SlaConditions, ticket: TicketFacts): boolean {
  if (conditions.priority && !conditions.priority.includes(ticket.priority as never)) return false;
  if (conditions.categoryId && (ticket.categoryId === null || !conditions.categoryId.includes(ticket.categoryId))) return false;
  if (conditions.organisationId && (ticket.organisationId === null || !conditions.organisationId.includes(ticket.organisationId))) return false;
  if (conditions.requesterKind && !conditions.requesterKind.includes(ticket.requesterKind)) return false;
  return true;
}

/** The first policy (in order) whose conditions match the ticket. */
export function policyFor(ticket: TicketFacts, policies: PolicyRow[]): PolicyRow | undefined {
  return policies.find((p) => policyMatches(JSON.parse(p.conditions) as SlaConditions, ticket));
}
