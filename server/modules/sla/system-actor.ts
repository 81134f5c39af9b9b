import type { Actor } from '../auth/auth.queries.ts';
import { type Executor, nowIso } from '../../platform/db/database.ts';

/** The address of the SLA's own user: `.invalid` can never receive mail. */
export const SLA_ACTOR_EMAIL = 'sla@anlauf.invalid';

/**
 * The actor the SLA acts as when a breach raises the priority, escalates or calls the
 * supervisors: a user of its own, so the history names it ("SLA") like any agent. It is an
 * inactive administrator without a password: it can never sign in (inactive users have no
 * sessions or tokens), and the commands let it act on every ticket.
 */
export async function slaActor(db: Executor): Promise<Actor> {
  const now = nowIso();
  await db
    .insertInto('users')
    .values({ email: SLA_ACTOR_EMAIL, name: 'SLA', role: 'admin', password_hash: null, locale: null, organisation_id: null, active: 0, email_verified: 1, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('email').doNothing())
    .execute();
  const user = await db.selectFrom('users').select(['id', 'email', 'name', 'time_zone']).where('email', '=', SLA_ACTOR_EMAIL).executeTakeFirstOrThrow();
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
