import type { Transaction } from 'kysely';
import type { Actor } from '../auth/auth.queries.ts';
import { type Executor, nowIso } from '../../platform/db/database.ts';
import type { Database } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { learnedLocale } from '../language/detect-language.ts';
import { mailDomain, notificationMessageId, ticketRootMessageId, ticketTag } from '../mail/message-ids.ts';
import { queueMail } from '../mail/outgoing-mail.ts';
import { addMessage } from '../tickets/add-message.ts';
import { escalateTicket } from '../tickets/escalate-ticket.ts';
import { loadTicket } from '../tickets/tickets.queries.ts';
import { updateTicket } from '../tickets/update-ticket.ts';
import type { TriggerAction } from '../../../shared/contracts/automation.ts';
import type { TicketDto, UpdateTicketBody } from '../../../shared/contracts/tickets.ts';
import { LIMITS } from '../../../shared/enums.ts';
import { fillPlaceholders } from './fill-placeholders.ts';
import { escapeHtml } from '../../platform/escape-html.ts';

export interface MailSettings {
  publicUrl: string;
  mailFrom: string;
  /** The key that makes our Message-IDs unguessable (mail/reply-token.ts). */
  key: Buffer;
}

interface Recipient {
  id: number;
  email: string;
  name: string;
  locale: string | null;
  /** Requesters get the portal link, agents the agent view. */
  requester: boolean;
}

async function recipientsOf(db: Executor, ticket: TicketDto, to: 'requester' | 'group' | 'assignee'): Promise<Recipient[]> {
  const people = db.selectFrom('users').select(['users.id', 'users.email', 'users.name', 'users.locale']).where('users.active', '=', 1);
  if (to === 'requester') return (await people.where('users.id', '=', ticket.requester.id).execute()).map((p) => ({ ...p, requester: true }));
  if (to === 'assignee') return ticket.assignee ? (await people.where('users.id', '=', ticket.assignee.id).execute()).map((p) => ({ ...p, requester: false })) : [];
  const agents = await people
    .innerJoin('group_members', 'group_members.user_id', 'users.id')
    .where('group_members.group_id', '=', ticket.group.id)
    .where('users.role', 'in', ['agent', 'admin'])
    .orderBy('users.id')
    .execute();
  return agents.map((p) => ({ ...p, requester: false }));
}

/**
 * A trigger's mail, in the recipient's language (their setting, else the language of their
 * first message, else German), threaded onto the ticket. Its Message-ID is derived from the
 * event, the trigger and the recipient, so a repeated delivery finds it queued already.
 */
async function sendTriggerMail(
  db: Executor,
  mail: MailSettings,
  ticket: TicketDto,
  action: Extract<TriggerAction, { type: 'send_mail' }>,
  cause: { eventId: number; triggerId: number; actionIndex: number },
): Promise<void> {
  const domain = mailDomain(mail.mailFrom);
  const root = ticketRootMessageId(ticket.id, domain);
  for (const person of await recipientsOf(db, ticket, action.to)) {
    const locale = (person.locale ?? (await learnedLocale(db, person.id))) === 'en' ? 'en' : 'de';
    const ticketUrl = person.requester ? `${mail.publicUrl}/portal/requests/${ticket.id}` : `${mail.publicUrl}/agent/tickets/${ticket.id}`;
    const fill = (template: string) => fillPlaceholders(template, { ticket, ticketUrl, recipientName: person.name });
    const subject = fill(locale === 'en' ? action.subjectEn : action.subjectDe).slice(0, LIMITS.subjectMax);
    const text = fill(locale === 'en' ? action.bodyEn : action.bodyDe);
    const messageId = notificationMessageId(ticket.id, cause.eventId, person.id, domain, mail.key).replace('@', `a${cause.triggerId}-${cause.actionIndex}@`);
    const fresh = await db
      .insertInto('mail_threads')
      .values({ message_id: messageId, ticket_id: ticket.id, message_row_id: null, direction: 'out', created_at: nowIso() })
      .onConflict((oc) => oc.column('message_id').doNothing())
      .returning('message_id')
      .executeTakeFirst();
    if (!fresh) continue;
    await queueMail(db, {
      to: person.email,
      subject: subject.includes(ticketTag(ticket.id)) ? subject : `${ticketTag(ticket.id)} ${subject}`,
      text: `${text}\n`,
      html: `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">${text
        .split(/\n{2,}/)
        .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
        .join('\n')}</body></html>`,
      messageId,
      inReplyTo: root,
      references: [root],
      ticketId: ticket.id,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
    });
  }
}

/** What a refused action leaves behind: the trigger goes on with its other actions. */
function refused(error: unknown): boolean {
  // The commands check before they write, so a refusal leaves the transaction usable.
  return error instanceof AppError && (error.code === 'conflict' || error.code === 'invalid_input' || error.code === 'forbidden');
}

/**
 * Runs one trigger's actions on a ticket through the ticket commands, as the automation's own
 * user: field changes together in one update (one history entry per field, one
 * `ticket.changed`), then the escalation, the internal notes and the mails, so notes and mails
 * see the ticket as the trigger left it. An action the ticket's rules refuse (escalating past
 * the top level, assigning someone outside the group) is skipped; the others still run.
 */
export async function runTriggerActions(
  trx: Transaction<Database>,
  actor: Actor,
  ticketId: number,
  actions: TriggerAction[],
  mail: MailSettings,
  cause: { eventId: number; triggerId: number },
): Promise<{ skipped: string[] }> {
  const skipped: string[] = [];
  const attempt = async (what: string, work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (error) {
      if (!refused(error)) throw error;
      skipped.push(`${what}: ${(error as AppError).message}`);
    }
  };
  const ticket = await loadTicket(trx, ticketId);
  if (ticket.status === 'closed') return { skipped: ['the ticket is closed'] };

  const fields: Omit<UpdateTicketBody, 'version'> = {};
  const tags = new Set(ticket.tags);
  for (const action of actions) {
    if (action.type === 'set_status') fields.status = action.value;
    if (action.type === 'set_priority') fields.priority = action.value;
    if (action.type === 'set_group') fields.groupId = action.groupId;
    if (action.type === 'set_category') fields.categoryId = action.categoryId;
    if (action.type === 'assign') fields.assigneeId = action.assigneeId;
    if (action.type === 'add_tag' && tags.size < LIMITS.tagsPerTicket) tags.add(action.tag.trim().toLowerCase());
  }
  if (tags.size !== ticket.tags.length) fields.tags = [...tags];
  if (Object.keys(fields).length > 0) await attempt('set fields', () => updateTicket(trx, actor, ticketId, { version: ticket.version, ...fields }, 'api'));

  for (const action of actions) {
    if (action.type === 'escalate') {
      await attempt('escalate', () => escalateTicket(trx, actor, ticketId, { reason: action.reason, ...(action.groupId !== undefined ? { groupId: action.groupId } : {}) }));
    }
  }
  for (const action of actions) {
    if (action.type !== 'add_note') continue;
    const now = await loadTicket(trx, ticketId);
    const body = fillPlaceholders(action.body, { ticket: now, ticketUrl: `${mail.publicUrl}/agent/tickets/${ticketId}`, recipientName: now.group.name });
    await attempt('add note', () => addMessage(trx, actor, ticketId, { body, internal: true, channel: 'api' }));
  }
  if (actions.some((a) => a.type === 'send_mail')) {
    const now = await loadTicket(trx, ticketId);
    for (const [actionIndex, action] of actions.entries()) if (action.type === 'send_mail') await sendTriggerMail(trx, mail, now, action, { ...cause, actionIndex });
  }
  return { skipped };
}
