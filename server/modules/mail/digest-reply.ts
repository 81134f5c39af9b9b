import type { Executor } from '../../platform/db/database.ts';
import { escapeHtml } from '../../platform/escape-html.ts';
import { learnedLocales } from '../language/detect-language.ts';
import type { ParsedInbound } from './parse-mail.ts';
import { queueMail } from './outgoing-mail.ts';

/**
 * An agent's digest of new tickets (notifications/agent-digest.ts) lists several tickets and
 * belongs to none, so a reply to it cannot go anywhere. Rather than becoming a new ticket with the
 * agent as its requester (what any mail that answers nothing becomes), it is set aside and the
 * agent gets their text back with the reason, so that nothing they wrote is lost unnoticed.
 */

/** The Message-ID of the digest that opens with event `firstEvent`, to agent `userId`: stable when the job runs again. */
export function digestMessageId(userId: number, firstEvent: number, domain: string): string {
  return `<anlauf.digest.u${userId}.e${firstEvent}@${domain}>`;
}

const DIGEST = /^<anlauf\.digest\.u\d{1,10}\.e\d{1,16}@([^>]+)>$/i;

/** Whether the mail answers one of our digests (In-Reply-To or References, our domain). */
export function answersDigest(parsed: Pick<ParsedInbound, 'inReplyTo' | 'references'>, domain: string): boolean {
  return [...parsed.inReplyTo, ...parsed.references].some((id) => DIGEST.exec(id.trim())?.[1]?.toLowerCase() === domain);
}

/** Why the mail was set aside, for the admin's list of inbound mail. */
export const DIGEST_REPLY_REASON = 'A reply to a digest of new tickets, which belongs to no ticket; the agent got their text back.';

const TEXTS = {
  de: {
    subject: (original: string) => `Ihre Antwort wurde keinem Ticket zugeordnet: ${original}`,
    lead: (name: string) => `Hallo ${name},`,
    why: 'Sie haben auf eine Übersicht neuer Tickets geantwortet. Eine Übersicht gehört zu keinem einzelnen Ticket, deshalb wurde Ihre Antwort nirgends eingetragen und an niemanden geschickt.',
    what: 'Bitte antworten Sie im Ticket selbst (über die Links der Übersicht) oder auf die Mail zu diesem einen Ticket. Ihr Text:',
  },
  en: {
    subject: (original: string) => `Your reply was not added to any ticket: ${original}`,
    lead: (name: string) => `Hello ${name},`,
    why: 'You replied to a digest of new tickets. A digest belongs to no single ticket, so your reply was not added anywhere and was sent to nobody.',
    what: "Please answer in the ticket itself (through the digest's links) or reply to the mail about that one ticket. Your text:",
  },
};

/** Queues the mail that gives an agent's reply to a digest back to them, in their language (unset: as their other mails). */
export async function returnDigestReply(
  db: Executor,
  agent: { id: number; email: string; name: string; locale: string | null },
  parsed: Pick<ParsedInbound, 'messageId' | 'subject'>,
  body: string,
): Promise<void> {
  const locale = agent.locale ?? (await learnedLocales(db, [agent.id])).get(agent.id);
  const t = locale?.toLowerCase().startsWith('en') ? TEXTS.en : TEXTS.de;
  const quoted = body
    .trim()
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
  await queueMail(db, {
    to: agent.email,
    subject: t.subject(parsed.subject || '…').slice(0, 250),
    text: `${t.lead(agent.name)}\n\n${t.why}\n\n${t.what}\n\n${quoted}\n`,
    html: `<p>${escapeHtml(t.lead(agent.name))}</p><p>${escapeHtml(t.why)}</p><p>${escapeHtml(t.what)}</p><blockquote style="white-space:pre-wrap">${escapeHtml(body.trim())}</blockquote>`,
    ...(parsed.messageId ? { inReplyTo: parsed.messageId, references: [parsed.messageId] } : {}),
    headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' },
  });
}
