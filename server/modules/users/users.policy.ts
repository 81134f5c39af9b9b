import type { Actor } from '../auth/auth.queries.ts';

/** Agents and admins see every user; a customer only themselves. */
export function canViewUser(actor: Actor, userId: number): boolean {
  return actor.role !== 'customer' || actor.id === userId;
}
