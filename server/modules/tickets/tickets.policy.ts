import { type ExpressionBuilder, type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { Actor } from '../auth/auth.queries.ts';
import type { Database } from '../../platform/db/schema.ts';
import { TICKET_STATUSES, type TicketStatus } from '../../../shared/enums.ts';
import { TICKET_FIELDS, type TicketAbilities } from '../../../shared/contracts/tickets.ts';

/**
 * Who sees which tickets. `visibleTickets` is put into every ticket query, so that scoping
 * happens in the database and never in a filter afterwards.
 * - admin: all tickets
 * - agent: tickets of the groups they belong to, and tickets they follow (they escalated them
 *   out of their groups: they read along, see `ticketAbilities` for what else they may do)
 * - customer: tickets they requested, and their organisation's when it shares tickets
 */
export function visibleTickets(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'tickets'>): Expression<SqlBool> => {
    if (actor.role === 'agent') {
      const followed = eb.exists(
        eb.selectFrom('ticket_followers').select('ticket_followers.ticket_id').whereRef('ticket_followers.ticket_id', '=', 'tickets.id').where('ticket_followers.user_id', '=', actor.id),
      );
      return actor.groupIds.length > 0 ? eb.or([eb('tickets.group_id', 'in', actor.groupIds), followed]) : followed;
    }
    return workedTickets(actor)(eb);
  };
}

/**
 * The tickets an actor works on: like `visibleTickets`, but agents only those of their groups
 * (not the ones they merely follow). For the queue counts and for who may write by mail.
 */
export function workedTickets(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'tickets'>): Expression<SqlBool> => {
    if (actor.role === 'admin') return sql<SqlBool>`1 = 1`;
    if (actor.role === 'agent') {
      return actor.groupIds.length > 0 ? eb('tickets.group_id', 'in', actor.groupIds) : sql<SqlBool>`1 = 0`;
    }
    const own = eb('tickets.requester_id', '=', actor.id);
    if (actor.organisationId === null) return own;
    return eb.or([own, eb.and([eb('tickets.organisation_id', '=', actor.organisationId), organisationSharesTickets(actor.organisationId)])]);
  };
}

/**
 * The customer rule of `workedTickets` as a condition: the organisation lets its members see each
 * other's tickets (as it is now: an admin may switch it off at any time).
 */
export function organisationSharesTickets(organisationId: number): RawBuilder<SqlBool> {
  return sql<SqlBool>`EXISTS (SELECT 1 FROM organisations WHERE organisations.id = ${organisationId} AND organisations.shares_tickets = 1)`;
}

/** The same rule read once, for code that decides before it queries (which lists to merge, which live events to send). */
export async function sharesTickets(db: Executor, organisationId: number): Promise<boolean> {
  const { rows } = await sql<{ shares: boolean }>`SELECT ${organisationSharesTickets(organisationId)} AS shares`.execute(db);
  return Boolean(rows[0]?.shares);
}

/**
 * A requester's search scope (see scopeTokens in ticket-index.ts): their own tickets and their
 * organisation's. It narrows the search inside the index; workedTickets still decides.
 */
export function requesterScope(actor: Actor): { id: number; organisationId: number | null } | undefined {
  return actor.role === 'customer' ? { id: actor.id, organisationId: actor.organisationId } : undefined;
}

export function isAgent(actor: Actor): boolean {
  return actor.role === 'agent' || actor.role === 'admin';
}

/**
 * Agents work on the tickets of their groups, admins on all. An agent who only follows a
 * ticket (they escalated it) reads it and may add internal notes, nothing more.
 */
export function worksOn(actor: Actor, ticket: { group: { id: number } }): boolean {
  return actor.role === 'admin' || (actor.role === 'agent' && actor.groupIds.includes(ticket.group.id));
}

/** Internal notes and internal history are for agents only. */
export const canSeeInternal = isAgent;

/** Fields a requester may change on their own ticket: only close or reopen it. */
export const REQUESTER_STATUSES = new Set(['closed', 'open', 'resolved']);

interface TicketState {
  status: TicketStatus;
  closedAt: string | null;
  requester: { id: number };
  group: { id: number };
}

/** What decides the escalation abilities, read by `withAbilities` (ticket-for-actor.ts). */
export interface EscalationState {
  /** The actor follows the ticket (they escalated it). */
  following: boolean;
  /** The group a hand-back would return the ticket to, if it was escalated. */
  handBackTo: number | null;
}

const NO_ESCALATION: EscalationState = { following: false, handBackTo: null };

/**
 * Everything the actor may do with a ticket they can see, as named abilities. The commands hold
 * to the same rules (requesterMayReopen, REQUESTER_STATUSES, mergedInto, worksOn); the web app
 * shows only what these allow. `mergedInto`: the ticket this one was merged into, if any.
 *
 * Escalation: the agents of the ticket's group and admins may escalate it (not once closed) and
 * hand it back (when it was escalated). An agent who escalated a ticket out of their groups
 * follows it: they read it and may add internal notes (to tell the next level what they found
 * out later) and notify the group's supervisors, but no longer reply to the requester or change
 * it: the receiving group owns the conversation now.
 */
export function ticketAbilities(actor: Actor, ticket: TicketState, mergedInto: number | undefined, escalation: EscalationState = NO_ESCALATION): TicketAbilities {
  const none: TicketAbilities = { reply: false, note: false, update: [], statuses: [], merge: false, rate: false, escalate: false, handBack: false, notifySupervisors: false };
  // A merged ticket is a closed shell: its conversation carries on in the target.
  if (mergedInto !== undefined) return none;
  if (isAgent(actor)) {
    const open = ticket.status !== 'closed';
    if (!worksOn(actor, ticket)) {
      // A follower reads along; an agent who just moved a ticket out of their groups sees the answer once, but may do no more.
      return escalation.following ? { ...none, note: true, notifySupervisors: open } : none;
    }
    return {
      reply: true,
      note: true,
      update: [...TICKET_FIELDS],
      statuses: TICKET_STATUSES.filter((s) => s !== ticket.status),
      merge: true,
      rate: false,
      escalate: open,
      handBack: open && escalation.handBackTo !== null && escalation.handBackTo !== ticket.group.id,
      notifySupervisors: open,
    };
  }
  const mayReopen = requesterMayReopen(ticket);
  const statuses: TicketStatus[] = ticket.status === 'closed' ? (mayReopen ? ['open'] : []) : ticket.status === 'resolved' ? ['open', 'closed'] : ['resolved', 'closed'];
  return {
    reply: ticket.status !== 'closed' || mayReopen,
    note: false,
    update: statuses.length > 0 ? ['status'] : [],
    statuses,
    merge: false,
    rate: ticket.requester.id === actor.id && (ticket.status === 'resolved' || ticket.status === 'closed'),
    escalate: false,
    handBack: false,
    notifySupervisors: false,
  };
}

/** Installation-wide rules of the ticket commands (from the configuration, set at start-up). */
export interface TicketRules {
  /** A requester may reopen a closed ticket (by reply or status) for this many days; after that a reply starts a new ticket. */
  reopenDays: number;
}

let rules: TicketRules = { reopenDays: 14 };

export function setTicketRules(next: TicketRules): void {
  rules = next;
}

/** A requester may bring back a resolved ticket any time, a closed one only within the reopen window. */
export function requesterMayReopen(ticket: { status: string; closedAt: string | null }, now = Date.now()): boolean {
  if (ticket.status !== 'closed') return true;
  const closedAt = ticket.closedAt ? Date.parse(ticket.closedAt) : 0;
  return now - closedAt <= rules.reopenDays * 86_400_000;
}

/**
 * The status a ticket moves to when someone writes on it (unless an agent sets one): an agent's
 * first public reply opens it; a requester answering brings a waiting, resolved or (recently)
 * closed ticket back to the agents. Notes change nothing.
 */
/** Support levels in escalation order; a specialist team stands beside them. */
const LEVEL_RANK: Record<string, number> = { '1': 1, '2': 2, '3': 3 };

/** The level a ticket goes to when escalated without a chosen group (none above 3rd level or from a specialist team). */
export function nextLevel(level: string): '2' | '3' | undefined {
  return level === '1' ? '2' : level === '2' ? '3' : undefined;
}

/** Escalation goes up: to a specialist team, or to a higher support level than the ticket's. */
export function mayEscalateTo(fromLevel: string, toLevel: string): boolean {
  if (toLevel === 'specialist') return true;
  const from = LEVEL_RANK[fromLevel];
  const to = LEVEL_RANK[toLevel];
  return from !== undefined && to !== undefined && to > from;
}

export function statusAfterMessage(status: TicketStatus, byAgent: boolean, internal: boolean): TicketStatus | undefined {
  if (internal) return undefined;
  if (byAgent) return status === 'new' ? 'open' : undefined;
  return status === 'pending' || status === 'resolved' || status === 'closed' ? 'open' : undefined;
}
