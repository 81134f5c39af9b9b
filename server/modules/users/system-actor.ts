import type { Actor } from '../auth/auth.queries.ts';
import { type Executor, nowIso } from '../../platform/db/database.ts';

/**
 * The actor an automatic part of Anlauf acts as (the SLA, automatic assignment, …) when it
 * changes tickets through the ticket commands: a user of its own, so the history names it like
 * any agent. It is an inactive administrator without a password on an `.invalid` address: it
 * can never sign in (inactive users have no sessions or tokens) nor receive mail, and the
 * commands let it act on every ticket. Created on first use.
 */
export async function systemActor(db: Executor, who: { email: `${string}@anlauf.invalid`; name: string }): Promise<Actor> {
  const find = () => db.selectFrom('users').select(['id', 'email', 'name', 'time_zone']).where('email', '=', who.email).executeTakeFirst();
  // Looked up first: it exists after its first use, and a write per use (a breach, an
  // assignment) would cost a statement and, on PostgreSQL, a sequence value each time.
  let user = await find();
  if (!user) {
    const now = nowIso();
    await db
      .insertInto('users')
      .values({ email: who.email, name: who.name, role: 'admin', password_hash: null, locale: null, organisation_id: null, active: 0, email_verified: 1, created_at: now, updated_at: now })
      .onConflict((oc) => oc.column('email').doNothing())
      .execute();
    user = await find();
    if (!user) throw new Error(`The system user ${who.email} could not be created.`);
  }
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: 'admin',
    locale: null,
    timeZone: user.time_zone,
    organisationId: null,
    groupIds: [],
    emailVerified: true,
    mustChangePassword: false,
    csrfToken: null,
    via: 'token',
  };
}
