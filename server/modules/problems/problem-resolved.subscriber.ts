import type { Config } from '../../platform/config.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { Subscriber } from '../../platform/events/dispatcher.ts';
import type { StoredEvent } from '../../platform/events/domain-events.ts';
import { queueMail } from '../mail/outgoing-mail.ts';
import type { ProblemEventPayloads } from './problem-events.ts';
import { problemResolvedText } from './problem-mails.ts';

interface Recipient {
  id: number;
  email: string;
  name: string;
  locale: string | null;
}

/**
 * When a problem becomes resolved, the agents of its linked tickets that are still open hear
 * about it: the ticket's assignee, or the agents of its group while nobody is assigned. One
 * mail per agent listing their tickets, queued in the dispatcher's transaction (so exactly once).
 * The tickets themselves stay as they are: the agent tells the requester and resolves them.
 */
export function problemResolvedSubscriber(config: Pick<Config, 'publicUrl'>): Subscriber {
  return {
    name: 'problem-resolved',
    events: ['problem.changed'],
    startAt: 'now',
    async handle(event, { db }) {
      const { changes } = (event as StoredEvent<'problem.changed', ProblemEventPayloads['problem.changed']>).payload;
      const status = changes.find((c) => c.field === 'status');
      if (!status || status.to !== 'resolved' || event.aggregateId === null) return;
      await notifyAgents(db, config.publicUrl, event.aggregateId, event.actorId);
    },
  };
}

async function notifyAgents(db: Executor, publicUrl: string, problemId: number, actorId: number | null): Promise<void> {
  const problem = await db.selectFrom('problems').select(['id', 'title']).where('id', '=', problemId).executeTakeFirst();
  if (!problem) return;
  const tickets = await db
    .selectFrom('problem_tickets')
    .innerJoin('tickets', 'tickets.id', 'problem_tickets.ticket_id')
    .select(['tickets.id', 'tickets.subject', 'tickets.assignee_id', 'tickets.group_id'])
    .where('problem_tickets.problem_id', '=', problemId)
    .where('tickets.status', 'not in', ['resolved', 'closed'])
    .orderBy('tickets.id')
    .execute();
  const byAgent = new Map<number, { to: Recipient; tickets: typeof tickets }>();
  for (const ticket of tickets) {
    for (const to of await agentsOf(db, ticket.assignee_id, ticket.group_id)) {
      if (to.id === actorId) continue;
      const entry = byAgent.get(to.id) ?? { to, tickets: [] };
      entry.tickets.push(ticket);
      byAgent.set(to.id, entry);
    }
  }
  for (const { to, tickets: own } of byAgent.values()) {
    const mail = problemResolvedText(to.locale === 'en' ? 'en' : 'de', {
      recipientName: to.name,
      problemId,
      title: problem.title,
      problemUrl: `${publicUrl}/agent/problems/${problemId}`,
      tickets: own.map((t) => ({ id: t.id, subject: t.subject, url: `${publicUrl}/agent/tickets/${t.id}` })),
    });
    await queueMail(db, { to: to.email, subject: mail.subject, text: mail.text, headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' } });
  }
}

/** The ticket's assignee when it is an active agent, else the active agents of its group. */
async function agentsOf(db: Executor, assigneeId: number | null, groupId: number): Promise<Recipient[]> {
  const base = db.selectFrom('users').select(['users.id', 'users.email', 'users.name', 'users.locale']).where('users.role', 'in', ['agent', 'admin']).where('users.active', '=', 1);
  if (assigneeId !== null) {
    const assignee = await base.where('users.id', '=', assigneeId).executeTakeFirst();
    if (assignee) return [assignee];
  }
  return base.innerJoin('group_members', 'group_members.user_id', 'users.id').where('group_members.group_id', '=', groupId).execute();
}
