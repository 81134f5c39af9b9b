import type { Executor } from '../../platform/db/database.ts';
import { nowIso } from '../../platform/db/database.ts';
import type { EscalationState } from './tickets.policy.ts';

/**
 * Where a hand-back returns the ticket: escalations stack up (1st → 2nd → 3rd) and each
 * hand-back takes one off (3rd → 2nd, then 2nd → 1st). Read from the history, which is never
 * changed. Null when nothing is left to hand back.
 */
export async function handBackTarget(db: Executor, ticketId: number): Promise<number | null> {
  const rows = await db.selectFrom('ticket_events').select(['kind', 'old_value']).where('ticket_id', '=', ticketId).where('kind', 'in', ['escalated', 'handed_back']).orderBy('id').execute();
  const stack: number[] = [];
  for (const row of rows) {
    if (row.kind === 'escalated') stack.push(Number(row.old_value));
    else stack.pop();
  }
  return stack[stack.length - 1] ?? null;
}

export async function isFollowing(db: Executor, ticketId: number, userId: number): Promise<boolean> {
  const row = await db.selectFrom('ticket_followers').select('user_id').where('ticket_id', '=', ticketId).where('user_id', '=', userId).executeTakeFirst();
  return row !== undefined;
}

/** Following twice changes nothing. */
export async function follow(db: Executor, ticketId: number, userId: number): Promise<void> {
  await db
    .insertInto('ticket_followers')
    .values({ ticket_id: ticketId, user_id: userId, created_at: nowIso() })
    .onConflict((oc) => oc.columns(['ticket_id', 'user_id']).doNothing())
    .execute();
}

export async function escalationState(db: Executor, ticketId: number, userId: number): Promise<EscalationState> {
  // One after the other: `db` may be a transaction, which runs one query at a time anyway.
  const following = await isFollowing(db, ticketId, userId);
  return { following, handBackTo: await handBackTarget(db, ticketId) };
}
