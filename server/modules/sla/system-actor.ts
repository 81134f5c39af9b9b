import type { Actor } from '../auth/auth.queries.ts';
import type { Executor } from '../../platform/db/database.ts';
import { systemActor } from '../users/system-actor.ts';

/** The address of the SLA's own user: `.invalid` can never receive mail. */
export const SLA_ACTOR_EMAIL = 'sla@anlauf.invalid';

/** The actor the SLA acts as when a breach raises the priority, escalates or calls the supervisors (users/system-actor.ts). */
export function slaActor(db: Executor): Promise<Actor> {
  return systemActor(db, { email: SLA_ACTOR_EMAIL, name: 'SLA' });
}
