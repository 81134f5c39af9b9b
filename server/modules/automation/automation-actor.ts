import type { Actor } from '../auth/auth.queries.ts';
import type { Executor } from '../../platform/db/database.ts';
import { systemActor } from '../users/system-actor.ts';

/** The automation's own user: the history shows "Automation" as the actor of triggers and time rules. */
export const AUTOMATION_ACTOR_EMAIL = 'automation@anlauf.invalid';

export function automationActor(db: Executor): Promise<Actor> {
  return systemActor(db, { email: AUTOMATION_ACTOR_EMAIL, name: 'Automation' });
}
