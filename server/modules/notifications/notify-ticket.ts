import type { Config } from '../../platform/config.ts';
import type { Executor } from '../../platform/db/database.ts';
import { nowIso } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { type ReadOnce, readOnce, type Subscriber } from '../../platform/events/dispatcher.ts';
import type { StoredEvent } from '../../platform/events/domain-events.ts';
import { asTicketEvent, TICKET_EVENT_TYPES, type TicketEvent } from '../tickets/ticket-events.ts';
import { mailDomain, notificationMessageId, ticketRootMessageId } from '../mail/message-ids.ts';
import { replyTokenKey } from '../mail/reply-token.ts';
import { type OutgoingMail, queueMails } from '../mail/outgoing-mail.ts';
import { learnedLocales } from '../language/detect-language.ts';
import { knowledgeIndexEmpty, suggestPublicArticles } from '../knowledge/suggest-articles.ts';
import { holdNewTicketNotices } from './agent-digest.ts';
import { type EventPlan, planNotifications } from './plan-notifications.ts';
import { loadCcs, loadFirstMessages, loadMessages, loadThreads, loadTickets, THREAD_TAIL, threadOrder } from './notify-reads.ts';
import { localeOf, render, type TemplateData } from './templates.ts';

/**
 * The notifications subscriber: decides who hears about a ticket event (plan-notifications.ts)
 * and queues one rendered mail per recipient, in the dispatcher's transaction (so each event
 * mails exactly once). A chunk of events is handled together: the tickets, their CCs, messages,
 * threads and the recipients' languages are read in one statement each, and the mails of all
 * events are written in two.
 */
/**
 * receiptArticles: the receipt lists matching public articles (off when not given, as in benchmarks);
 * agentDigestSeconds: new-ticket notices within that window wait for a digest (agent-digest.ts; off when not given).
 */
type NotifyConfig = Pick<Config, 'publicUrl' | 'mailFrom' | 'dataDir'> & Partial<Pick<Config, 'receiptArticles' | 'agentDigestSeconds'>>;

export function notificationsSubscriber(config: NotifyConfig): Subscriber {
  const key = replyTokenKey(config.dataDir);
  const notify = (events: StoredEvent[], db: Executor, once: ReadOnce | undefined) => notifyTicketEvents(db, once, config, key, events.map(asTicketEvent));
  return {
    name: 'notifications',
    events: TICKET_EVENT_TYPES,
    handle: (event, { db, once }) => notify([event], db, once),
    handleBatch: (events, { db, once }) => notify(events, db, once),
  };
}

/** Rows per insert: a chunk to a large group can mean thousands of mails (SQLite binds at most 32,766 values). */
const ROWS_PER_INSERT = 500;

async function notifyTicketEvents(db: Executor, once: ReadOnce | undefined, config: NotifyConfig, key: Buffer, all: TicketEvent[]): Promise<void> {
  const domain = mailDomain(config.mailFrom);
  const events = all.filter((e) => e.aggregateId !== null && e.type !== 'ticket.merged' && e.type !== 'ticket.rated' && !(e.type === 'message.added' && e.payload.automatic));
  if (events.length === 0) return;
  const ticketIds = events.map((e) => e.aggregateId!);
  const tickets = await loadTickets(db, ticketIds);
  const ccs = await loadCcs(db, ticketIds);
  const messages = await loadMessages(
    db,
    events.flatMap((e) => (e.type === 'message.added' ? [e.payload.messageId] : [])),
  );

  const plans: Array<{ event: TicketEvent; ticketId: number; plan: EventPlan }> = [];
  for (const event of events) {
    const found = tickets.get(event.aggregateId!);
    if (!found) continue;
    const message = event.type === 'message.added' ? messages.get(event.payload.messageId) : undefined;
    const plan = await planNotifications(db, once, event, { ...found, ccs: ccs.get(found.ticket.id) ?? [], message });
    if (plan.planned.length > 0) plans.push({ event, ticketId: found.ticket.id, plan });
  }
  if (plans.length === 0) return;

  // Unset languages: the person's own first message (detected and stored here, so that the
  // receipt of a new ticket is already in it), German only when nothing is known.
  const planned = plans.flatMap((p) => p.plan.planned);
  const learned = await learnedLocales(
    db,
    planned.filter((p) => p.to.locale === null).map((p) => p.to.id),
  );
  const articles = await receiptArticles(db, once, config, plans, tickets);
  const threads = await loadThreads(
    db,
    plans.map((p) => p.ticketId),
  );

  // New-ticket notices to agents who had one within the digest window wait for their digest.
  const held = await holdNewTicketNotices(
    db,
    plans.flatMap(({ event, ticketId, plan }) => plan.planned.filter((to) => to.kind === 'agent_new').map((to) => ({ eventId: event.id, ticketId, userId: to.to.id }))),
    config.agentDigestSeconds ?? 0,
  );

  const now = nowIso();
  const mails = new Map<string, OutgoingMail & { ticketId: number; messageRowId: number | null }>();
  for (const { event, ticketId, plan } of plans) {
    const ticket = tickets.get(ticketId)!.ticket;
    const thread = threads.get(ticketId)!;
    const root = ticketRootMessageId(ticketId, domain);
    const references = [root, ...thread.latest.map((m) => m.messageId).reverse()].filter((id, i, list) => list.indexOf(id) === i);
    const sent: string[] = [];
    for (const to of plan.planned) {
      if (to.kind === 'agent_new' && held.has(`${event.id}:${to.to.id}`)) continue;
      const data: TemplateData = {
        ticketId,
        subject: ticket.subject,
        recipientName: to.to.name,
        // The web app's routes: the portal for requesters, the agent view for agents.
        ticketUrl: to.toRequester ? `${config.publicUrl}/portal/requests/${ticketId}` : `${config.publicUrl}/agent/tickets/${ticketId}`,
        body: to.body,
        authorName: plan.actor?.name,
        groupName: plan.groupName,
        alsoStatus: to.alsoStatus,
        mentionedIn: to.mentionedIn,
        reason: to.reason,
        articles: to.wantsArticles ? (articles.get(ticketId) ?? []) : undefined,
      };
      const rendered = render(to.kind, localeOf(to.to.locale ?? learned.get(to.to.id)), data);
      // One Message-ID per event and recipient: if the event is delivered again, the mails
      // already queued are recognised by their ids and not queued twice. A mention gets its
      // own id, so that it never collides with another mail of this event to the same agent.
      const perEvent = notificationMessageId(ticketId, event.id, to.to.id, domain, key);
      const messageId = to.kind === 'agent_mentioned' ? perEvent.replace('@', 'm@') : perEvent;
      if (mails.has(messageId)) continue;
      const cc = (to.cc ?? []).filter((c) => c !== to.to.email);
      sent.push(messageId);
      mails.set(messageId, {
        to: to.to.email,
        ...(cc.length ? { cc } : {}),
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        messageId,
        inReplyTo: thread.lastInbound ?? root,
        references,
        ticketId,
        messageRowId: event.type === 'message.added' ? event.payload.messageId : null,
        // A human's reply is a normal mail; everything else is marked so auto-responders stay quiet.
        headers: to.kind === 'replied' ? {} : { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
      });
    }
    // A later event of the chunk on the same ticket finds these mails in its thread, as it would
    // have read them had it come alone.
    thread.latest = [...sent.map((messageId) => ({ messageId, createdAt: now })), ...thread.latest].sort(threadOrder).slice(0, THREAD_TAIL);
  }
  await queueNew(db, [...mails.values()], now);
}

/**
 * The mails' thread entries, and those not yet queued, in a statement each (per 500): a mail
 * whose Message-ID is in the thread already was queued when the event was delivered before.
 */
async function queueNew(db: Executor, mails: Array<OutgoingMail & { ticketId: number; messageRowId: number | null }>, now: string): Promise<void> {
  for (let start = 0; start < mails.length; start += ROWS_PER_INSERT) {
    const part = mails.slice(start, start + ROWS_PER_INSERT);
    const fresh = await db
      .insertInto('mail_threads')
      .values(part.map((mail) => ({ message_id: mail.messageId!, ticket_id: mail.ticketId, message_row_id: mail.messageRowId, direction: 'out', created_at: now })))
      .onConflict((oc) => oc.column('message_id').doNothing())
      .returning('message_id')
      .execute();
    const queued = new Set(fresh.map((f) => f.message_id));
    await queueMails(
      db,
      part.filter((mail) => queued.has(mail.messageId!)).map(({ messageRowId: _, ...mail }) => mail),
    );
  }
}

/** Up to 3 published public articles matching each new request (its subject and first message) whose receipt lists them. */
async function receiptArticles(
  db: Executor,
  once: ReadOnce | undefined,
  config: NotifyConfig,
  plans: Array<{ ticketId: number; plan: EventPlan }>,
  tickets: Awaited<ReturnType<typeof loadTickets>>,
): Promise<Map<number, Array<{ title: string; url: string }>>> {
  const found = new Map<number, Array<{ title: string; url: string }>>();
  if (config.receiptArticles !== true) return found;
  const wanted = plans.filter((p) => p.plan.planned.some((to) => to.wantsArticles)).map((p) => p.ticketId);
  if (wanted.length === 0 || (await readOnce(once, 'notify:kb-empty', () => knowledgeIndexEmpty(db)))) return found;
  const first = await loadFirstMessages(db, wanted);
  for (const ticketId of wanted) {
    const { ticket, requester } = tickets.get(ticketId)!;
    // A search past its time budget leaves the receipt without suggestions rather than holding it back.
    const suggested = await suggestPublicArticles(db, `${ticket.subject}\n${first.get(ticketId) ?? ''}`, { limit: 3, locale: localeOf(requester?.locale) }).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'search_timeout') return [];
      throw error;
    });
    found.set(
      ticketId,
      suggested.map((a) => ({ title: a.title, url: `${config.publicUrl}/help/articles/${encodeURIComponent(a.slug)}` })),
    );
  }
  return found;
}
