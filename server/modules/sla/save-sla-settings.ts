import type { Transaction } from 'kysely';
import { nowIso } from '../../platform/db/database.ts';
import type { Database } from '../../platform/db/schema.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import type { CreateCalendarBody, CreateSlaPolicyBody, UpdateCalendarBody, UpdateSlaPolicyBody } from '../../../shared/contracts/sla.ts';
import { isTimeZone } from './business-clock.ts';
import { holidayRegionProblem } from './holidays.ts';
import { type CalendarRow, fullWeek, loadCalendar, loadPolicy, type PolicyRow } from './sla.queries.ts';

type Trx = Transaction<Database>;

/** What the schema cannot check: the time zone and the holiday region must exist. */
function checkCalendar(input: UpdateCalendarBody): void {
  if (input.timeZone !== undefined && !isTimeZone(input.timeZone)) {
    throw invalid(`"${input.timeZone}" is not a time zone; use a name such as Europe/Berlin.`, { timeZone: 'Unknown time zone.' });
  }
  if (input.holidays) {
    const problem = holidayRegionProblem(input.holidays.country, input.holidays.state);
    if (problem) throw invalid(problem, { holidays: problem });
  }
}

export async function createCalendar(trx: Trx, input: CreateCalendarBody): Promise<CalendarRow> {
  checkCalendar(input);
  const now = nowIso();
  return trx
    .insertInto('sla_calendars')
    .values({
      name: input.name,
      time_zone: input.timeZone,
      hours: JSON.stringify(fullWeek(input.hours)),
      holiday_country: input.holidays?.country ?? null,
      holiday_state: input.holidays?.state ?? null,
      closed_dates: JSON.stringify([...new Set(input.closedDates ?? [])].sort()),
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateCalendar(trx: Trx, id: number, input: UpdateCalendarBody): Promise<CalendarRow> {
  await loadCalendar(trx, id);
  checkCalendar(input);
  await trx
    .updateTable('sla_calendars')
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.timeZone !== undefined ? { time_zone: input.timeZone } : {}),
      ...(input.hours !== undefined ? { hours: JSON.stringify(fullWeek(input.hours)) } : {}),
      ...(input.holidays !== undefined ? { holiday_country: input.holidays?.country ?? null, holiday_state: input.holidays?.state ?? null } : {}),
      ...(input.closedDates !== undefined ? { closed_dates: JSON.stringify([...new Set(input.closedDates)].sort()) } : {}),
      updated_at: nowIso(),
    })
    .where('id', '=', id)
    .execute();
  // Due times already computed stay; tickets pick up the change with their next event.
  return loadCalendar(trx, id);
}

/** 409 while a policy counts in this calendar. */
export async function deleteCalendar(trx: Trx, id: number): Promise<void> {
  const calendar = await loadCalendar(trx, id);
  const users = await trx.selectFrom('sla_policies').select('name').where('calendar_id', '=', id).orderBy('position').execute();
  if (users.length > 0) {
    throw new AppError(
      'conflict',
      `The calendar "${calendar.name}" is used by the SLA ${users.length === 1 ? 'policy' : 'policies'} ${users.map((u) => `"${u.name}"`).join(', ')}; give them another calendar first.`,
    );
  }
  await trx.deleteFrom('sla_calendars').where('id', '=', id).execute();
}

async function checkCalendarExists(trx: Trx, calendarId: number): Promise<void> {
  const found = await trx.selectFrom('sla_calendars').select('id').where('id', '=', calendarId).executeTakeFirst();
  if (!found) throw invalid(`Calendar ${calendarId} does not exist; create the calendar first.`, { calendarId: 'Unknown calendar.' });
}

function checkTargets(firstResponseMinutes: number, resolutionMinutes: number): void {
  if (resolutionMinutes < firstResponseMinutes) {
    throw invalid('The resolution time cannot be shorter than the first-response time.', { resolutionMinutes: 'Shorter than the first response.' });
  }
}

/** A new policy is tried last. */
export async function createPolicy(trx: Trx, input: CreateSlaPolicyBody): Promise<PolicyRow> {
  await checkCalendarExists(trx, input.calendarId);
  checkTargets(input.firstResponseMinutes, input.resolutionMinutes);
  const last = await trx
    .selectFrom('sla_policies')
    .select((eb) => eb.fn.max('position').as('max'))
    .executeTakeFirst();
  const now = nowIso();
  return trx
    .insertInto('sla_policies')
    .values({
      name: input.name,
      calendar_id: input.calendarId,
      position: Number(last?.max ?? 0) + 1,
      conditions: JSON.stringify(input.conditions ?? {}),
      first_response_minutes: input.firstResponseMinutes,
      next_response_minutes: input.nextResponseMinutes ?? null,
      resolution_minutes: input.resolutionMinutes,
      warning_percent: input.warningPercent ?? 80,
      breach_escalate: input.onBreach?.escalate ? 1 : 0,
      breach_raise_priority: input.onBreach?.raisePriority ? 1 : 0,
      breach_notify_supervisors: input.onBreach?.notifySupervisors === false ? 0 : 1,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updatePolicy(trx: Trx, id: number, input: UpdateSlaPolicyBody): Promise<PolicyRow> {
  const before = await loadPolicy(trx, id);
  if (input.calendarId !== undefined) await checkCalendarExists(trx, input.calendarId);
  checkTargets(input.firstResponseMinutes ?? before.first_response_minutes, input.resolutionMinutes ?? before.resolution_minutes);
  await trx
    .updateTable('sla_policies')
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.calendarId !== undefined ? { calendar_id: input.calendarId } : {}),
      ...(input.conditions !== undefined ? { conditions: JSON.stringify(input.conditions) } : {}),
      ...(input.firstResponseMinutes !== undefined ? { first_response_minutes: input.firstResponseMinutes } : {}),
      ...(input.nextResponseMinutes !== undefined ? { next_response_minutes: input.nextResponseMinutes } : {}),
      ...(input.resolutionMinutes !== undefined ? { resolution_minutes: input.resolutionMinutes } : {}),
      ...(input.warningPercent !== undefined ? { warning_percent: input.warningPercent } : {}),
      ...(input.onBreach !== undefined
        ? {
            breach_escalate: input.onBreach.escalate ? 1 : 0,
            breach_raise_priority: input.onBreach.raisePriority ? 1 : 0,
            breach_notify_supervisors: input.onBreach.notifySupervisors === false ? 0 : 1,
          }
        : {}),
      updated_at: nowIso(),
    })
    .where('id', '=', id)
    .execute();
  if (input.position !== undefined) await movePolicy(trx, id, input.position);
  return loadPolicy(trx, id);
}

/** Puts the policy at a 1-based place in the order and numbers all policies 1…n again. */
async function movePolicy(trx: Trx, id: number, position: number): Promise<void> {
  const ids = (await trx.selectFrom('sla_policies').select('id').orderBy('position').orderBy('id').execute()).map((r) => r.id).filter((other) => other !== id);
  ids.splice(Math.min(position, ids.length + 1) - 1, 0, id);
  for (const [index, policyId] of ids.entries())
    await trx
      .updateTable('sla_policies')
      .set({ position: index + 1 })
      .where('id', '=', policyId)
      .execute();
}

/** The policy's ticket clocks go with it; those tickets get the next matching policy with their next event. */
export async function deletePolicy(trx: Trx, id: number): Promise<void> {
  await loadPolicy(trx, id);
  await trx.deleteFrom('ticket_sla').where('policy_id', '=', id).execute();
  await trx.deleteFrom('sla_policies').where('id', '=', id).execute();
}
