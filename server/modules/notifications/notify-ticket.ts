import type { Config } from '../../platform/config.ts';
import type { Executor } from '../../platform/db/database.ts';
import { nowIso } from '../../platform/db/database.ts';
import { prepared } from '../../platform/db/prepared.ts';
import { AppError } from '../../platform/errors.ts';
import { type ReadOnce, readOnce, type Subscriber } from '../../platform/events/dispatcher.ts';
import { asTicketEvent, TICKET_EVENT_TYPES, type TicketEvent } from '../tickets/ticket-events.ts';
import { mailDomain, notificationMessageId, ticketRootMessageId } from '../mail/message-ids.ts';
import { replyTokenKey } from '../mail/reply-token.ts';
import { type OutgoingMail, queueMails } from '../mail/outgoing-mail.ts';
import { learnedLocale } from '../language/detect-language.ts';
import { suggestPublicArticles } from '../knowledge/suggest-articles.ts';
import { mentionedAgents } from './mentions.ts';
import { localeOf, render, type TemplateData, type TemplateKind } from './templates.ts';
import { PENDING_REMINDER_REASON } from '../../../shared/enums.ts';

interface Person {
  id: number;
  email: string;
  name: string;
  locale: string | null;
}

interface Planned {
  to: Person;
  kind: TemplateKind;
  cc?: string[];
  body?: string | undefined;
  alsoStatus?: 'pending' | 'resolved' | undefined;
  mentionedIn?: 'note' | 'reply' | undefined;
  reason?: string | undefined;
  articles?: Array<{ title: string; url: string }> | undefined;
  /** Requester mails thread with the conversation; agent mails are notifications. */
  toRequester: boolean;
}

const changeTo = (changes: Array<{ field: string; to: string | null }>, field: string) => changes.find((c) => c.field === field)?.to ?? undefined;

/** The active agents of a group, or only those marked as its supervisors. */
async function groupAgents(db: Executor, groupId: number, only: 'all' | 'supervisors' = 'all'): Promise<Person[]> {
  return db
    .selectFrom('users')
    .innerJoin('group_members', 'group_members.user_id', 'users.id')
    .select(['users.id', 'users.email', 'users.name', 'users.locale'])
    .where('group_members.group_id', '=', groupId)
    .where('users.role', 'in', ['agent', 'admin'])
    .where('users.active', '=', 1)
    .$if(only === 'supervisors', (qb) => qb.where('group_members.supervisor', '=', 1))
    .execute();
}

/** Agents who follow the ticket (they escalated it), to be told when it is resolved. */
async function followers(db: Executor, ticketId: number): Promise<Person[]> {
  return db
    .selectFrom('users')
    .innerJoin('ticket_followers', 'ticket_followers.user_id', 'users.id')
    .select(['users.id', 'users.email', 'users.name', 'users.locale'])
    .where('ticket_followers.ticket_id', '=', ticketId)
    .where('users.role', 'in', ['agent', 'admin'])
    .where('users.active', '=', 1)
    .execute();
}

async function person(db: Executor, id: number | null): Promise<(Person & { role: string; active: number }) | undefined> {
  if (id === null) return undefined;
  return db.selectFrom('users').select(['id', 'email', 'name', 'locale', 'role', 'active']).where('id', '=', id).executeTakeFirst();
}

/** The ticket and its requester, in one statement. */
async function ticketWithRequester(db: Executor, ticketId: number) {
  const row = await ticketAndRequester.takeFirst(db, { ticketId });
  if (!row) return undefined;
  const { requester_email: email, requester_name: name, requester_locale: locale, requester_role: role, requester_active: active, ...ticket } = row;
  const requester = email === null || name === null || role === null || active === null ? undefined : { id: ticket.requester_id, email, name, locale, role, active };
  return { ticket, requester };
}

/**
 * The notifications subscriber: decides who hears about a ticket event and queues one rendered
 * mail per recipient, in the dispatcher's transaction (so each event mails exactly once). Rules:
 * internal notes never reach requesters; automatic mail (out-of-office, bounces) notifies
 * nobody; nobody is told about their own change, except the requester's receipt with the
 * ticket number when they open a ticket.
 */
/** receiptArticles: the receipt lists matching public articles (off when not given, as in benchmarks). */
type NotifyConfig = Pick<Config, 'publicUrl' | 'mailFrom' | 'dataDir'> & Partial<Pick<Config, 'receiptArticles'>>;

export function notificationsSubscriber(config: NotifyConfig): Subscriber {
  const key = replyTokenKey(config.dataDir);
  return {
    name: 'notifications',
    events: TICKET_EVENT_TYPES,
    handle: (event, { db, once }) => notifyTicketEvent(db, once, config, key, asTicketEvent(event)),
  };
}

async function notifyTicketEvent(db: Executor, once: ReadOnce | undefined, config: NotifyConfig, key: Buffer, event: TicketEvent): Promise<void> {
  const domain = mailDomain(config.mailFrom);
  if (event.type === 'ticket.merged' || event.type === 'ticket.rated') return;
  if (event.type === 'message.added' && event.payload.automatic) return;
  const ticketId = event.aggregateId;
  if (ticketId === null) return;
  const found = await ticketWithRequester(db, ticketId);
  if (!found) return;
  const { ticket, requester } = found;
  const actorId = event.actorId;
  // The events of one transaction (up to 25 under load) mostly go to the same groups and people:
  // their names, agents and languages are read once for all of them (nothing here changes them
  // but the language learned, which is read and stored together).
  const groupAgentsOf = (groupId: number, only: 'all' | 'supervisors' = 'all') => readOnce(once, `notify:agents:${groupId}:${only}`, () => groupAgents(db, groupId, only));
  const actor = actorId !== null && actorId === requester?.id ? requester : await readOnce(once, `notify:person:${actorId}`, () => person(db, actorId));
  const group = await readOnce(once, `notify:group:${ticket.group_id}`, () => db.selectFrom('groups').select('name').where('id', '=', ticket.group_id).executeTakeFirst());
  const ccs = (await db.selectFrom('ticket_ccs').select('email').where('ticket_id', '=', ticket.id).execute()).map((c) => c.email);
  const actorIsAgent = actor?.role === 'agent' || actor?.role === 'admin';
  const planned: Planned[] = [];
  const toRequester = (kind: TemplateKind, extra: Partial<Planned> = {}) => {
    if (requester?.active && requester.id !== actorId) planned.push({ to: requester, kind, cc: ccs, toRequester: true, ...extra });
  };
  const toAgents = async (people: Person[], kind: TemplateKind, extra: Partial<Planned> = {}) => {
    for (const agent of people) if (agent.id !== actorId) planned.push({ to: agent, kind, toRequester: false, ...extra });
  };
  // Whoever escalated the ticket hears when it is resolved (one mail per event and person).
  const toFollowersIfResolved = async (status: string | undefined) => {
    if (status !== 'resolved') return;
    const told = new Set(planned.map((p) => p.to.id));
    await toAgents(
      (await followers(db, ticket.id)).filter((f) => !told.has(f.id)),
      'agent_followed_resolved',
    );
  };

  switch (event.type) {
    case 'ticket.created': {
      if (requester?.active && !event.payload.fromMachine) {
        const articles = config.receiptArticles === true ? await articlesForReceipt(db, ticket.id, ticket.subject, requester.locale, config.publicUrl) : [];
        planned.push({ to: requester, kind: 'received', cc: ccs, toRequester: true, articles });
      }
      for (const agent of await groupAgentsOf(ticket.group_id)) if (agent.id !== actorId) planned.push({ to: agent, kind: 'agent_new', toRequester: false });
      break;
    }
    case 'message.added': {
      const message = await db.selectFrom('messages').select(['body', 'internal']).where('id', '=', event.payload.messageId).executeTakeFirst();
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
        const assignee = await person(db, ticket.assignee_id);
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
        const assignee = await person(db, Number(assigneeId));
        if (assignee?.active) planned.push({ to: assignee, kind: 'agent_assigned', toRequester: false });
      }
      // A pending reminder came due: the assignee, or the group while nobody has it, takes it up again.
      if (event.payload.reason === PENDING_REMINDER_REASON) {
        const assignee = await person(db, ticket.assignee_id);
        await toAgents(assignee?.active ? [assignee] : await groupAgentsOf(ticket.group_id), 'agent_reminder');
      }
      if (changeTo(changes, 'group')) {
        for (const agent of await groupAgentsOf(ticket.group_id)) if (agent.id !== actorId && agent.id !== Number(assigneeId)) planned.push({ to: agent, kind: 'agent_escalated', toRequester: false });
      }
      await toFollowersIfResolved(status);
      break;
    }
    case 'ticket.escalated':
      await toAgents(await groupAgentsOf(event.payload.toGroupId), 'agent_escalated', { reason: event.payload.reason });
      break;
    case 'ticket.handed_back':
      await toAgents(await groupAgentsOf(event.payload.toGroupId), 'agent_handed_back', { reason: event.payload.reason });
      break;
    case 'ticket.supervisors_notified':
      await toAgents(await groupAgentsOf(event.payload.groupId, 'supervisors'), 'agent_supervisors', { reason: event.payload.reason });
      break;
    default: {
      const unknown: never = event;
      throw new Error(`Unknown ticket event ${JSON.stringify(unknown)}`);
    }
  }
  if (planned.length === 0) return;

  const root = ticketRootMessageId(ticket.id, domain);
  // The latest mails of the thread (for References) usually include the latest inbound one (for
  // In-Reply-To); only a long thread whose last ten mails all went out needs a second look.
  const thread = await db.selectFrom('mail_threads').select(['message_id', 'direction']).where('ticket_id', '=', ticket.id).orderBy('created_at', 'desc').limit(10).execute();
  const lastInbound =
    thread.find((t) => t.direction === 'in') ??
    (thread.length < 10
      ? undefined
      : await db.selectFrom('mail_threads').select('message_id').where('ticket_id', '=', ticket.id).where('direction', '=', 'in').orderBy('created_at', 'desc').limit(1).executeTakeFirst());
  const references = [root, ...thread.map((t) => t.message_id).reverse()].filter((id, i, all) => all.indexOf(id) === i);
  const mails = new Map<string, OutgoingMail>();
  for (const plan of planned) {
    const data: TemplateData = {
      ticketId: ticket.id,
      subject: ticket.subject,
      recipientName: plan.to.name,
      // The web app's routes: the portal for requesters, the agent view for agents.
      ticketUrl: plan.toRequester ? `${config.publicUrl}/portal/requests/${ticket.id}` : `${config.publicUrl}/agent/tickets/${ticket.id}`,
      body: plan.body,
      authorName: actor?.name,
      groupName: group?.name,
      alsoStatus: plan.alsoStatus,
      mentionedIn: plan.mentionedIn,
      reason: plan.reason,
      articles: plan.articles,
    };
    // Unset: the language of the person's own first message (detected and stored here, so that
    // the receipt of a new ticket is already in it), German only when nothing is known.
    const rendered = render(plan.kind, localeOf(plan.to.locale ?? (await readOnce(once, `notify:locale:${plan.to.id}`, () => learnedLocale(db, plan.to.id, { readUnset: true })))), data);
    // One Message-ID per event and recipient: if the event is delivered again, the mails
    // already queued are recognised by their ids and not queued twice. A mention gets its
    // own id, so that it never collides with another mail of this event to the same agent.
    const perEvent = notificationMessageId(ticket.id, event.id, plan.to.id, domain, key);
    const messageId = plan.kind === 'agent_mentioned' ? perEvent.replace('@', 'm@') : perEvent;
    if (mails.has(messageId)) continue;
    const cc = (plan.cc ?? []).filter((c) => c !== plan.to.email);
    mails.set(messageId, {
      to: plan.to.email,
      ...(cc.length ? { cc } : {}),
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      messageId,
      inReplyTo: lastInbound?.message_id ?? root,
      references,
      ticketId: ticket.id,
      // A human's reply is a normal mail; everything else is marked so auto-responders stay quiet.
      headers: plan.kind === 'replied' ? {} : { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
    });
  }
  // The mails of the event in two statements: their thread entries, and the ones not yet queued.
  const now = nowIso();
  const messageRowId = event.type === 'message.added' ? event.payload.messageId : null;
  const fresh = await db
    .insertInto('mail_threads')
    .values([...mails.keys()].map((messageId) => ({ message_id: messageId, ticket_id: ticket.id, message_row_id: messageRowId, direction: 'out', created_at: now })))
    .onConflict((oc) => oc.column('message_id').doNothing())
    .returning('message_id')
    .execute();
  const queued = new Set(fresh.map((f) => f.message_id));
  await queueMails(
    db,
    [...mails.values()].filter((mail) => queued.has(mail.messageId!)),
  );
}

/** Up to 3 published public articles matching the new request (its subject and first message). */
async function articlesForReceipt(db: Executor, ticketId: number, subject: string, locale: string | null, publicUrl: string): Promise<Array<{ title: string; url: string }>> {
  const first = await db.selectFrom('messages').select('body').where('ticket_id', '=', ticketId).orderBy('id').limit(1).executeTakeFirst();
  // A search past its time budget leaves the receipt without suggestions rather than holding it back.
  const found = await suggestPublicArticles(db, `${subject}\n${first?.body ?? ''}`, { limit: 3, locale: localeOf(locale) }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'search_timeout') return [];
    throw error;
  });
  return found.map((a) => ({ title: a.title, url: `${publicUrl}/help/articles/${encodeURIComponent(a.slug)}` }));
}

/** Every notified event reads it: built once (platform/db/prepared.ts). */
const ticketAndRequester = prepared((db, p: { ticketId: number }) =>
  db
    .selectFrom('tickets')
    .leftJoin('users as requester', 'requester.id', 'tickets.requester_id')
    .selectAll('tickets')
    .select([
      'requester.email as requester_email',
      'requester.name as requester_name',
      'requester.locale as requester_locale',
      'requester.role as requester_role',
      'requester.active as requester_active',
    ])
    .where('tickets.id', '=', p.ticketId),
);
