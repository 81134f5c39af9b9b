import type { Subscriber } from '../../platform/events/dispatcher.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { StoredEvent } from '../../platform/events/domain-events.ts';
import { enqueue } from '../../platform/jobs/queue.ts';
import { asTicketEvent } from '../tickets/ticket-events.ts';
import { PENDING_REMINDER_JOB } from './fire-pending-reminder.ts';

const payloadOf = (ticketId: number, dueAt: string) => ({ ticketId, dueAt });

/**
 * Keeps one timer job per pending reminder: a reminder set or moved enqueues a job for its time;
 * the queued job of the time it replaces (or of a cleared reminder) is deleted. Stale jobs would
 * find nothing anyway (fire-pending-reminder.ts re-reads the ticket); deleting them keeps the
 * queue to what will happen.
 */
async function scheduleReminder(db: Executor, ticketId: number, change: { from: string | null; to: string | null }): Promise<void> {
  if (change.from !== null)
    await db
      .deleteFrom('jobs')
      .where('kind', '=', PENDING_REMINDER_JOB)
      .where('status', '=', 'queued')
      .where('payload', '=', JSON.stringify(payloadOf(ticketId, change.from)))
      .execute();
  if (change.to !== null) await enqueue(db, PENDING_REMINDER_JOB, payloadOf(ticketId, change.to), { runAt: change.to });
}

/** The change of the pending reminder an event carries, if any. */
function reminderChange(stored: StoredEvent): { from: string | null; to: string | null } | undefined {
  const event = asTicketEvent(stored);
  if (event.type !== 'ticket.changed' && event.type !== 'message.added') return undefined;
  return event.payload.changes.find((c) => c.field === 'pendingUntil');
}

/** Registered in ops/event-subscribers.ts. */
export function pendingRemindersSubscriber(): Subscriber {
  return {
    name: 'pending-reminders',
    events: ['ticket.changed', 'message.added'],
    startAt: 'now',
    handle: async (stored, { db }) => {
      const change = reminderChange(stored);
      if (change && stored.aggregateId !== null) await scheduleReminder(db, stored.aggregateId, change);
    },
    // Most changes and replies leave the reminder alone: no transaction for them.
    nothingToDo: async (events) => events.every((event) => reminderChange(event) === undefined || event.aggregateId === null),
  };
}
