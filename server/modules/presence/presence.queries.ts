import type { Kysely } from 'kysely';
import { type Executor, nowIso } from '../../platform/db/database.ts';
import type { Database } from '../../platform/db/schema.ts';
import type { PresenceList } from '../../../shared/contracts/presence.ts';

/** Clients repeat their state every 20 s; a row that is not renewed disappears after this. */
export const PRESENCE_TTL_MS = 45_000;

/**
 * Stores that an agent views or types on a ticket (or, with "left", forgets it). Answers
 * whether that is news to the others (a renewal of the same state is not).
 */
export async function setPresence(db: Executor, ticketId: number, userId: number, state: 'viewing' | 'typing' | 'left'): Promise<{ changed: boolean }> {
  const pdb = db;
  const now = new Date();
  await pdb.deleteFrom('ticket_presence').where('expires_at', '<', now.toISOString()).execute();
  if (state === 'left') {
    const result = await pdb.deleteFrom('ticket_presence').where('ticket_id', '=', ticketId).where('user_id', '=', userId).executeTakeFirst();
    return { changed: Number(result.numDeletedRows) > 0 };
  }
  const before = await pdb.selectFrom('ticket_presence').select('state').where('ticket_id', '=', ticketId).where('user_id', '=', userId).executeTakeFirst();
  const expiresAt = new Date(now.getTime() + PRESENCE_TTL_MS).toISOString();
  await pdb
    .insertInto('ticket_presence')
    .values({ ticket_id: ticketId, user_id: userId, state, since: now.toISOString(), expires_at: expiresAt })
    .onConflict((oc) =>
      oc.columns(['ticket_id', 'user_id']).doUpdateSet((eb) => ({
        // Keep "since" while the state stays the same, so "typing for 2 minutes" is true.
        since: eb.case().when('ticket_presence.state', '=', eb.ref('excluded.state')).then(eb.ref('ticket_presence.since')).else(eb.ref('excluded.since')).end(),
        state: eb.ref('excluded.state'),
        expires_at: eb.ref('excluded.expires_at'),
      })),
    )
    .execute();
  return { changed: before?.state !== state };
}

/** Who else is on a ticket right now. */
export async function listPresence(db: Executor, ticketId: number, exceptUserId: number): Promise<PresenceList> {
  const rows = await db
    .selectFrom('ticket_presence')
    .innerJoin('users', 'users.id', 'ticket_presence.user_id')
    .select(['users.id', 'users.name', 'ticket_presence.state', 'ticket_presence.since'])
    .where('ticket_presence.ticket_id', '=', ticketId)
    .where('ticket_presence.user_id', '<>', exceptUserId)
    .where('ticket_presence.expires_at', '>', nowIso())
    .orderBy('ticket_presence.since')
    .execute();
  return { items: rows.map((r) => ({ user: { id: r.id, name: r.name }, state: r.state === 'typing' ? 'typing' : 'viewing', since: r.since })) };
}
