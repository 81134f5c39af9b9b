import type { Actor } from '../auth/auth.queries.ts';

/** Agents and admins see every organisation; a customer only their own. */
export function canViewOrganisation(actor: Actor, organisationId: number): boolean {
  return actor.role !== 'customer' || actor.organisationId === organisationId;
}
