import { z } from 'zod';
import type { Db } from '../../platform/db/database.ts';
import { dialectOf } from '../../platform/db/dialect.ts';
import type { JobHandler } from '../../platform/jobs/runner.ts';
import type { JobRegistrar } from '../../platform/worker-role.ts';
import { updateTicket } from '../tickets/update-ticket.ts';
import { systemActor } from '../users/system-actor.ts';
import { PENDING_REMINDER_REASON } from '../../../shared/enums.ts';

/** The timer job of a pending ticket's reminder (enqueued by pending-reminders.subscriber.ts). */
export const PENDING_REMINDER_JOB = 'tickets.pending_reminder';
export const pendingReminderPayload = z.object({ ticketId: z.number().int().positive(), dueAt: z.string() });

/** The user the reminder acts as (users/system-actor.ts): the history names it. */
export const REMINDER_ACTOR = { email: 'reminder@anlauf.invalid', name: 'Reminder' } as const;

/**
 * Returns a pending ticket whose reminder has passed at `now` to open, through `updateTicket`
 * (which also clears the reminder), with the reason the notifications and the history show. A
 * stale timer — the reminder moved or was cleared, the ticket left pending — finds nothing. The
 * ticket row is read under lock (PostgreSQL) and the change is version-checked, so two timers of
 * one ticket, or two workers, reopen it once.
 */
export async function firePendingReminder(db: Db, ticketId: number, now: Date): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    let query = trx.selectFrom('tickets').select(['status', 'pending_until', 'version']).where('id', '=', ticketId);
    if (dialectOf(trx) === 'postgres') query = query.forUpdate();
    const ticket = await query.executeTakeFirst();
    if (!ticket || ticket.status !== 'pending' || ticket.pending_until === null || ticket.pending_until > now.toISOString()) return false;
    const actor = await systemActor(trx, REMINDER_ACTOR);
    await updateTicket(trx, actor, ticketId, { version: ticket.version, status: 'open' }, 'api', { reason: PENDING_REMINDER_REASON });
    return true;
  });
}

/** The job handler; `now` is injectable for tests (the worker uses the real clock). */
export function pendingReminderHandler(now: () => Date = () => new Date()): JobHandler {
  return async (payload, { db }) => {
    await firePendingReminder(db, pendingReminderPayload.parse(payload).ticketId, now());
  };
}

export const registerPendingReminderJobs: JobRegistrar = (runner) => {
  runner.register(PENDING_REMINDER_JOB, pendingReminderHandler());
};
