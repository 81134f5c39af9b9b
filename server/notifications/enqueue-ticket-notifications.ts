import type { Executor } from '../db/database.ts';
import { enqueue } from '../jobs/queue.ts';

export const NOTIFY_TICKET_JOB = 'notify.ticket';

/** A field change as the history records it. */
export interface ChangeEntry {
  field?: string | undefined;
  oldValue?: string | null | undefined;
  newValue?: string | null | undefined;
}

export type TicketNotificationEvent =
  | { event: 'created'; ticketId: number; actorId: number }
  | { event: 'message'; ticketId: number; actorId: number; messageId: number; internal: boolean; changes?: ChangeEntry[] }
  | { event: 'updated'; ticketId: number; actorId: number; changes: ChangeEntry[] };

/**
 * Outbox: called inside the transaction of the change, so the notification job exists exactly
 * when the change is committed. The worker decides who gets which mail (notify-ticket.job.ts).
 */
export async function enqueueTicketNotifications(db: Executor, event: TicketNotificationEvent): Promise<void> {
  if (event.event === 'message' && event.internal) return; // internal notes never leave for requesters
  const changes = 'changes' in event && event.changes ? event.changes.filter((c) => c.field).map((c) => ({ field: c.field, oldValue: c.oldValue ?? null, newValue: c.newValue ?? null })) : undefined;
  if (event.event === 'updated' && changes?.length === 0) return;
  await enqueue(db, NOTIFY_TICKET_JOB, { ...event, ...(changes ? { changes } : {}) }, { maxAttempts: 5 });
}
