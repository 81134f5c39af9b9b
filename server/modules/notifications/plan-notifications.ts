import type { Executor } from '../../platform/db/database.ts';
import { type ReadOnce, readOnce } from '../../platform/events/dispatcher.ts';
import type { TicketEvent } from '../tickets/ticket-events.ts';
import { mentionedAgents } from './mentions.ts';
import type { NotifiedTicket, Requester } from './notify-reads.ts';
import type { TemplateKind } from './templates.ts';
import { PENDING_REMINDER_REASON } from '../../../shared/enums.ts';

export interface Person {
  id: number;
  email: string;
  name: string;
  locale: string | null;
}

export interface Planned {
  to: Person;
  kind: TemplateKind;
  cc?: string[];
  body?: string | undefined;
  alsoStatus?: 'pending' | 'resolved' | undefined;
  mentionedIn?: 'note' | 'reply' | undefined;
  reason?: string | undefined;
  /** The receipt of a new ticket lists matching public articles (filled in by the caller). */
  wantsArticles?: boolean;
  /** Requester mails thread with the conversation; agent mails are notifications. */
  toRequester: boolean;
}

/** What the caller read for the chunk of events, one statement each (notify-reads.ts). */
export interface EventContext {
  ticket: NotifiedTicket;
  requester: Requester | undefined;
  ccs: string[];
  /** The message of a message.added event. */
  message: { body: string; internal: number } | undefined;
}

export interface EventPlan {
  planned: Planned[];
  actor: (Person & { role: string }) | undefined;
  groupName: string | undefined;
}

const changeTo = (changes: Array<{ field: string; to: string | null }>, field: string) => changes.find((c) => c.field === field)?.to ?? undefined;

/** Active agents and admins, as the people a mail goes to. */
const activeAgents = (db: Executor) =>
  db.selectFrom('users').select(['users.id', 'users.email', 'users.name', 'users.locale']).where('users.role', 'in', ['agent', 'admin']).where('users.active', '=', 1);

/** The active agents of a group, or only those marked as its supervisors. */
async function groupAgents(db: Executor, groupId: number, only: 'all' | 'supervisors' = 'all'): Promise<Person[]> {
  return activeAgents(db)
    .innerJoin('group_members', 'group_members.user_id', 'users.id')
    .where('group_members.group_id', '=', groupId)
    .$if(only === 'supervisors', (qb) => qb.where('group_members.supervisor', '=', 1))
    .execute();
}

/** Agents who follow the ticket (they escalated it), to be told when it is resolved. */
async function followers(db: Executor, ticketId: number): Promise<Person[]> {
  return activeAgents(db).innerJoin('ticket_followers', 'ticket_followers.user_id', 'users.id').where('ticket_followers.ticket_id', '=', ticketId).execute();
}

/**
 * Who hears about one ticket event, and with which mail. Rules: internal notes never reach
 * requesters; automatic mail (out-of-office, bounces) notifies nobody (the caller skips it);
 * nobody is told about their own change, except the requester's receipt with the ticket number
 * when they open a ticket. The events of one chunk mostly go to the same groups and people:
 * their names, agents and languages are read once for all of them through `once` (nothing here
 * changes them).
 */
export async function planNotifications(db: Executor, once: ReadOnce | undefined, event: TicketEvent, context: EventContext): Promise<EventPlan> {
  const { ticket, requester, ccs } = context;
  const actorId = event.actorId;
  const person = (id: number | null) =>
    id === null ? undefined : readOnce(once, `notify:person:${id}`, () => db.selectFrom('users').select(['id', 'email', 'name', 'locale', 'role', 'active']).where('id', '=', id).executeTakeFirst());
  const groupAgentsOf = (groupId: number, only: 'all' | 'supervisors' = 'all') => readOnce(once, `notify:agents:${groupId}:${only}`, () => groupAgents(db, groupId, only));
  const actor = actorId !== null && actorId === requester?.id ? requester : await person(actorId);
  const group = await readOnce(once, `notify:group:${ticket.group_id}`, () => db.selectFrom('groups').select('name').where('id', '=', ticket.group_id).executeTakeFirst());
  const actorIsAgent = actor?.role === 'agent' || actor?.role === 'admin';
  const planned: Planned[] = [];
  const toRequester = (kind: TemplateKind, extra: Partial<Planned> = {}) => {
    if (requester?.active && requester.id !== actorId) planned.push({ to: requester, kind, cc: ccs, toRequester: true, ...extra });
  };
  const toAgents = (people: Person[], kind: TemplateKind, extra: Partial<Planned> = {}) => {
    for (const agent of people) if (agent.id !== actorId) planned.push({ to: agent, kind, toRequester: false, ...extra });
  };
  // Whoever escalated the ticket hears when it is resolved (one mail per event and person).
  const toFollowersIfResolved = async (status: string | undefined) => {
    if (status !== 'resolved') return;
    const told = new Set(planned.map((p) => p.to.id));
    toAgents(
      (await followers(db, ticket.id)).filter((f) => !told.has(f.id)),
      'agent_followed_resolved',
    );
  };

  switch (event.type) {
    case 'ticket.created': {
      if (requester?.active && !event.payload.fromMachine) planned.push({ to: requester, kind: 'received', cc: ccs, toRequester: true, wantsArticles: true });
      toAgents(await groupAgentsOf(ticket.group_id), 'agent_new');
      break;
    }
    case 'message.added': {
      const message = context.message;
      if (!message) break;
      // Agents @-mentioned by an agent hear of it, in notes too. This comes in addition to any
      // other mail of this event: the mention asks them personally, the other mails do not.
      if (actorIsAgent) {
        const mentionedIn = message.internal ? 'note' : 'reply';
        for (const agent of await mentionedAgents(db, message.body, ticket, actorId ?? 0)) planned.push({ to: agent, kind: 'agent_mentioned', body: message.body, mentionedIn, toRequester: false });
      }
      if (event.payload.internal || message.internal) break; // internal notes never reach requesters
      const status = changeTo(event.payload.changes, 'status');
      await toFollowersIfResolved(status);
      if (actorIsAgent && actorId !== ticket.requester_id) {
        toRequester('replied', { body: message.body, alsoStatus: status === 'pending' || status === 'resolved' ? status : undefined });
      } else if (ticket.assignee_id !== null && ticket.assignee_id !== actorId) {
        const assignee = await person(ticket.assignee_id);
        if (assignee?.active) planned.push({ to: assignee, kind: 'agent_reply', body: message.body, toRequester: false });
      }
      break;
    }
    case 'ticket.changed': {
      const changes = event.payload.changes;
      const status = changeTo(changes, 'status');
      if (status === 'pending') toRequester('pending');
      if (status === 'resolved') toRequester('resolved');
      const assigneeId = changeTo(changes, 'assignee');
      if (assigneeId && Number(assigneeId) !== actorId) {
        const assignee = await person(Number(assigneeId));
        if (assignee?.active) planned.push({ to: assignee, kind: 'agent_assigned', toRequester: false });
      }
      // A pending reminder came due: the assignee, or the group while nobody has it, takes it up again.
      if (event.payload.reason === PENDING_REMINDER_REASON) {
        const assignee = await person(ticket.assignee_id);
        toAgents(assignee?.active ? [assignee] : await groupAgentsOf(ticket.group_id), 'agent_reminder');
      }
      if (changeTo(changes, 'group')) {
        for (const agent of await groupAgentsOf(ticket.group_id)) if (agent.id !== actorId && agent.id !== Number(assigneeId)) planned.push({ to: agent, kind: 'agent_escalated', toRequester: false });
      }
      await toFollowersIfResolved(status);
      break;
    }
    case 'ticket.escalated':
      toAgents(await groupAgentsOf(event.payload.toGroupId), 'agent_escalated', { reason: event.payload.reason });
      break;
    case 'ticket.handed_back':
      toAgents(await groupAgentsOf(event.payload.toGroupId), 'agent_handed_back', { reason: event.payload.reason });
      break;
    case 'ticket.supervisors_notified':
      toAgents(await groupAgentsOf(event.payload.groupId, 'supervisors'), 'agent_supervisors', { reason: event.payload.reason });
      break;
    case 'ticket.merged':
    case 'ticket.rated':
      break;
    default: {
      const unknown: never = event;
      throw new Error(`Unknown ticket event ${JSON.stringify(unknown)}`);
    }
  }
  return { planned, actor, groupName: group?.name };
}
