import type { FastifyRequest } from 'fastify';
import type { Actor } from '../auth/auth.queries.ts';
import { requireActor } from '../auth/auth-plugin.ts';
import { notFound } from '../../platform/errors.ts';

/**
 * Problems are the agents' and admins' alone: every agent sees every problem (a problem spans
 * groups), but only the linked tickets they may see themselves. Requesters never learn that
 * problems exist: every problem route answers them 404, and a ticket's link to its problem is
 * an internal history entry.
 */
export function requireProblemReader(request: FastifyRequest, what = 'The problem'): Actor {
  const actor = requireActor(request);
  if (actor.role === 'customer') throw notFound(what);
  return actor;
}
