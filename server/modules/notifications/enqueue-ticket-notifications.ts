import type { Executor } from '../../platform/db/database.ts';
import { enqueue } from '../../platform/jobs/queue.ts';
import { mayMention } from './mentions.ts';

export const NOTIFY_TICKET_JOB = 'notify.ticket';

/** A field change as the history records it. */
export interface ChangeEntry {
  field?: string | undefined;
  oldValue?: string | null | undefined;
  newValue?: string | null | undefined;
}

export type TicketNotificationEvent =
  | { event: 'created'; ticketId: number; actorId: number }
  | {
      event: 'message';
      ticketId: number;
      actorId: number;
      messageId: number;
      internal: boolean;
      changes?: ChangeEntry[];
      /** The text, when the caller has it: an internal note without any `@` needs no job. Not stored in the job. */
      body?: string | undefined;
    }
  | { event: 'updated'; ticketId: number; actorId: number; changes: ChangeEntry[] };

/**
 * Outbox: called inside the transaction of the change, so the notification job exists exactly
 * when the change is committed. The worker decides who gets which mail (notify-ticket.job.ts).
 */
export async function enqueueTicketNotifications(db: Executor, input: TicketNotificationEvent): Promise<void> {
  const { body, ...event } = input.event === 'message' ? input : { ...input, body: undefined };
  // Internal notes never reach requesters (the worker holds to that); they only notify the
  // agents they @-mention, so a note that cannot mention anybody needs no job at all.
  if (event.event === 'message' && event.internal && body !== undefined && !mayMention(body)) return;
  const changes = 'changes' in event && event.changes ? event.changes.filter((c) => c.field).map((c) => ({ field: c.field, oldValue: c.oldValue ?? null, newValue: c.newValue ?? null })) : undefined;
  if (event.event === 'updated' && changes?.length === 0) return;
  await enqueue(db, NOTIFY_TICKET_JOB, { ...event, ...(changes ? { changes } : {}) }, { maxAttempts: 5 });
}
