import type { Executor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { TicketStatus } from '../../../shared/enums.ts';

/**
 * What a change does to a ticket's pending reminder: `undefined` leaves it, a string or null is
 * the new value. A reminder needs the status pending (as the change leaves it) and a time in the
 * future; leaving pending clears it, so a ticket set to pending again later starts without one.
 */
export function nextPendingUntil(
  before: { status: TicketStatus; pendingUntil: string | null },
  input: { status?: TicketStatus | undefined; pendingUntil?: string | null | undefined },
  now: string,
): string | null | undefined {
  const status = input.status ?? before.status;
  if (input.pendingUntil !== undefined && input.pendingUntil !== null) {
    if (status !== 'pending')
      throw new AppError('invalid_input', 'A reminder date only goes with the status pending.', { fields: { pendingUntil: 'Set the status to pending as well, or leave the reminder out.' } });
    if (input.pendingUntil <= now) throw new AppError('invalid_input', 'The reminder date must lie in the future.', { fields: { pendingUntil: 'Choose a later date and time.' } });
  }
  const next = status === 'pending' ? (input.pendingUntil === undefined ? before.pendingUntil : input.pendingUntil) : null;
  return next === before.pendingUntil ? undefined : next;
}

/** The stored reminder: a requester's view of the ticket has it blanked (tickets.presenter.ts), a change by them must still clear it. */
export async function storedPendingUntil(db: Executor, ticketId: number): Promise<string | null> {
  const row = await db.selectFrom('tickets').select('pending_until').where('id', '=', ticketId).executeTakeFirst();
  return row?.pending_until ?? null;
}
