import { type ExpressionBuilder, type Expression, type SqlBool, sql } from 'kysely';
import type { Actor } from '../auth/auth.queries.ts';
import type { Database } from '../../platform/db/schema.ts';

/**
 * Who sees which tickets. `visibleTickets` is put into every ticket query, so that scoping
 * happens in the database and never in a filter afterwards.
 * - admin: all tickets
 * - agent: tickets of the groups they belong to
 * - customer: tickets they requested, and their organisation's when it shares tickets
 */
export function visibleTickets(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'tickets'>): Expression<SqlBool> => {
    if (actor.role === 'admin') return sql<SqlBool>`1 = 1`;
    if (actor.role === 'agent') {
      return actor.groupIds.length > 0 ? eb('tickets.group_id', 'in', actor.groupIds) : sql<SqlBool>`1 = 0`;
    }
    const own = eb('tickets.requester_id', '=', actor.id);
    if (actor.organisationId === null) return own;
    return eb.or([
      own,
      eb.and([
        eb('tickets.organisation_id', '=', actor.organisationId),
        eb.exists(
          eb.selectFrom('organisations').select('organisations.id').where('organisations.id', '=', actor.organisationId).where('organisations.shares_tickets', '=', 1),
        ),
      ]),
    ]);
  };
}

export function isAgent(actor: Actor): boolean {
  return actor.role === 'agent' || actor.role === 'admin';
}

/** Internal notes and internal history are for agents only. */
export const canSeeInternal = isAgent;

/** Fields a requester may change on their own ticket: only close or reopen it. */
export const REQUESTER_STATUSES = new Set(['closed', 'open', 'resolved']);
