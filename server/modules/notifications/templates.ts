import { escapeHtml } from '../../platform/escape-html.ts';

/**
 * Mail texts in German and English. Each template gives a subject line (after the ticket tag),
 * paragraphs, and optionally a quoted body and a link; render() turns that into text and HTML.
 */
export type MailLocale = 'de' | 'en';
export type TemplateKind =
  | 'received'
  | 'replied'
  | 'pending'
  | 'resolved'
  | 'agent_new'
  | 'agent_assigned'
  | 'agent_reminder'
  | 'agent_escalated'
  | 'agent_handed_back'
  | 'agent_supervisors'
  | 'agent_followed_resolved'
  | 'agent_reply'
  | 'agent_mentioned';

export interface TemplateData {
  ticketId: number;
  subject: string;
  recipientName: string;
  ticketUrl: string;
  /** The reply or the first message, when the mail carries one. */
  body?: string | undefined;
  authorName?: string | undefined;
  groupName?: string | undefined;
  /** A public reply that also set the ticket to pending / resolved. */
  alsoStatus?: 'pending' | 'resolved' | undefined;
  /** Where an agent was @-mentioned: in an internal note or in a public reply. */
  mentionedIn?: 'note' | 'reply' | undefined;
  /** Why it was escalated, handed back or brought to the supervisors (quoted like a body). */
  reason?: string | undefined;
  /** Receipts: public knowledge articles that may already answer the request. */
  articles?: Array<{ title: string; url: string }> | undefined;
}

const ARTICLES_INTRO = { de: 'Vielleicht hilft Ihnen einer dieser Artikel schon weiter:', en: 'One of these articles may already help you:' } as const;

interface Parts {
  lines: string[];
  link?: { label: string; url: string };
}

const de: Record<TemplateKind, (d: TemplateData) => Parts> = {
  received: (d) => ({
    lines: [
      `Guten Tag ${d.recipientName},`,
      `vielen Dank für Ihre Anfrage. Wir haben sie unter der Ticketnummer #${d.ticketId} aufgenommen und melden uns so bald wie möglich.`,
      'Wenn Sie auf diese E-Mail antworten, landet Ihre Antwort direkt im Ticket.',
    ],
    link: { label: 'Ticket ansehen', url: d.ticketUrl },
  }),
  replied: (d) => ({ lines: [`Guten Tag ${d.recipientName},`, `${d.authorName ?? 'Unser Team'} hat auf Ihr Ticket #${d.ticketId} geantwortet:`], link: { label: 'Ticket ansehen', url: d.ticketUrl } }),
  pending: (d) => ({
    lines: [`Guten Tag ${d.recipientName},`, `wir warten bei Ticket #${d.ticketId} auf Ihre Rückmeldung. Bitte antworten Sie einfach auf diese E-Mail.`],
    link: { label: 'Ticket ansehen', url: d.ticketUrl },
  }),
  resolved: (d) => ({
    lines: [
      `Guten Tag ${d.recipientName},`,
      `Ihr Ticket #${d.ticketId} wurde als gelöst markiert. Wenn das Problem weiter besteht, antworten Sie einfach auf diese E-Mail.`,
      'Wie zufrieden waren Sie mit unserer Hilfe? Wir freuen uns über Ihre Bewertung.',
    ],
    link: { label: 'Zufriedenheit bewerten', url: d.ticketUrl },
  }),
  agent_new: (d) => ({ lines: [`Neues Ticket #${d.ticketId} in Ihrer Gruppe ${d.groupName ?? ''}`.trim() + ':'], link: { label: 'Ticket öffnen', url: d.ticketUrl } }),
  agent_assigned: (d) => ({ lines: [`Ticket #${d.ticketId} wurde Ihnen zugewiesen.`], link: { label: 'Ticket öffnen', url: d.ticketUrl } }),
  agent_reminder: (d) => ({ lines: [`Die Wiedervorlage von Ticket #${d.ticketId} ist fällig: Es ist wieder offen.`], link: { label: 'Ticket öffnen', url: d.ticketUrl } }),
  agent_escalated: (d) => ({
    lines: d.reason
      ? [`${d.authorName ?? 'Jemand'} hat Ticket #${d.ticketId} an Ihre Gruppe ${d.groupName ?? ''} eskaliert. Grund:`.replace(' .', '.')]
      : [`Ticket #${d.ticketId} wurde an Ihre Gruppe ${d.groupName ?? ''} eskaliert.`.replace(' .', '.')],
    link: { label: 'Ticket öffnen', url: d.ticketUrl },
  }),
  agent_handed_back: (d) => ({
    lines: [`${d.authorName ?? 'Jemand'} hat Ticket #${d.ticketId} an Ihre Gruppe ${d.groupName ?? ''} zurückgegeben. Hinweis:`.replace(' .', '.')],
    link: { label: 'Ticket öffnen', url: d.ticketUrl },
  }),
  agent_supervisors: (d) => ({
    lines: [`Hallo ${d.recipientName},`, `${d.authorName ?? 'Jemand'} bittet Sie als Verantwortliche(n) der Gruppe ${d.groupName ?? ''} um Aufmerksamkeit für Ticket #${d.ticketId}. Grund:`],
    link: { label: 'Ticket öffnen', url: d.ticketUrl },
  }),
  agent_followed_resolved: (d) => ({ lines: [`Ticket #${d.ticketId}, das Sie eskaliert haben, wurde gelöst.`], link: { label: 'Ticket öffnen', url: d.ticketUrl } }),
  agent_reply: (d) => ({ lines: [`${d.authorName ?? 'Die anfragende Person'} hat auf Ticket #${d.ticketId} geantwortet:`], link: { label: 'Ticket öffnen', url: d.ticketUrl } }),
  agent_mentioned: (d) => ({
    lines: [`Hallo ${d.recipientName},`, `${d.authorName ?? 'Jemand'} hat Sie ${d.mentionedIn === 'note' ? 'in einer internen Notiz zu' : 'in einer Antwort auf'} Ticket #${d.ticketId} erwähnt:`],
    link: { label: 'Ticket öffnen', url: d.ticketUrl },
  }),
};

const en: Record<TemplateKind, (d: TemplateData) => Parts> = {
  received: (d) => ({
    lines: [
      `Hello ${d.recipientName},`,
      `thank you for your request. We have logged it as ticket #${d.ticketId} and will get back to you as soon as possible.`,
      'If you reply to this e-mail, your answer goes straight into the ticket.',
    ],
    link: { label: 'View ticket', url: d.ticketUrl },
  }),
  replied: (d) => ({ lines: [`Hello ${d.recipientName},`, `${d.authorName ?? 'Our team'} replied to your ticket #${d.ticketId}:`], link: { label: 'View ticket', url: d.ticketUrl } }),
  pending: (d) => ({ lines: [`Hello ${d.recipientName},`, `we are waiting for your answer on ticket #${d.ticketId}. Simply reply to this e-mail.`], link: { label: 'View ticket', url: d.ticketUrl } }),
  resolved: (d) => ({
    lines: [
      `Hello ${d.recipientName},`,
      `your ticket #${d.ticketId} has been resolved. If the problem persists, simply reply to this e-mail.`,
      'How satisfied were you with our help? We would appreciate your rating.',
    ],
    link: { label: 'Rate your satisfaction', url: d.ticketUrl },
  }),
  agent_new: (d) => ({ lines: [`New ticket #${d.ticketId} in your group ${d.groupName ?? ''}`.trim() + ':'], link: { label: 'Open ticket', url: d.ticketUrl } }),
  agent_assigned: (d) => ({ lines: [`Ticket #${d.ticketId} has been assigned to you.`], link: { label: 'Open ticket', url: d.ticketUrl } }),
  agent_reminder: (d) => ({ lines: [`The pending reminder of ticket #${d.ticketId} is due: it is open again.`], link: { label: 'Open ticket', url: d.ticketUrl } }),
  agent_escalated: (d) => ({
    lines: d.reason
      ? [`${d.authorName ?? 'Someone'} escalated ticket #${d.ticketId} to your group ${d.groupName ?? ''}. Reason:`.replace(' .', '.')]
      : [`Ticket #${d.ticketId} has been escalated to your group ${d.groupName ?? ''}.`.replace(' .', '.')],
    link: { label: 'Open ticket', url: d.ticketUrl },
  }),
  agent_handed_back: (d) => ({
    lines: [`${d.authorName ?? 'Someone'} handed ticket #${d.ticketId} back to your group ${d.groupName ?? ''}. Note:`.replace(' .', '.')],
    link: { label: 'Open ticket', url: d.ticketUrl },
  }),
  agent_supervisors: (d) => ({
    lines: [`Hello ${d.recipientName},`, `${d.authorName ?? 'Someone'} asks you, as a supervisor of ${d.groupName ?? 'the group'}, to look at ticket #${d.ticketId}. Reason:`],
    link: { label: 'Open ticket', url: d.ticketUrl },
  }),
  agent_followed_resolved: (d) => ({ lines: [`Ticket #${d.ticketId}, which you escalated, has been resolved.`], link: { label: 'Open ticket', url: d.ticketUrl } }),
  agent_reply: (d) => ({ lines: [`${d.authorName ?? 'The requester'} replied to ticket #${d.ticketId}:`], link: { label: 'Open ticket', url: d.ticketUrl } }),
  agent_mentioned: (d) => ({
    lines: [`Hello ${d.recipientName},`, `${d.authorName ?? 'Someone'} mentioned you ${d.mentionedIn === 'note' ? 'in an internal note on' : 'in a reply on'} ticket #${d.ticketId}:`],
    link: { label: 'Open ticket', url: d.ticketUrl },
  }),
};

const STATUS_NOTE: Record<MailLocale, Record<'pending' | 'resolved', string>> = {
  de: { pending: 'Wir warten auf Ihre Rückmeldung: Bitte antworten Sie einfach auf diese E-Mail.', resolved: 'Wir haben Ihr Ticket als gelöst markiert. Wie zufrieden waren Sie mit unserer Hilfe?' },
  en: { pending: 'We are waiting for your answer: simply reply to this e-mail.', resolved: 'We have marked your ticket as resolved. How satisfied were you with our help?' },
};

/** The mail language of a stored or learned locale; German when nothing is known. */
export function localeOf(value: string | null | undefined): MailLocale {
  return value?.toLowerCase().startsWith('en') ? 'en' : 'de';
}

export function render(kind: TemplateKind, locale: MailLocale, data: TemplateData): { subject: string; text: string; html: string } {
  const parts = (locale === 'en' ? en : de)[kind](data);
  const extra = data.alsoStatus ? [STATUS_NOTE[locale][data.alsoStatus]] : [];
  const quoted = (data.body ?? data.reason ?? '').trim();
  const articles = data.articles ?? [];
  const articleText = articles.length ? [[ARTICLES_INTRO[locale], ...articles.map((a) => `- ${a.title}: ${a.url}`)].join('\n')] : [];
  const text = [...parts.lines, ...(quoted ? [quoted] : []), ...extra, ...articleText, ...(parts.link ? [`${parts.link.label}: ${parts.link.url}`] : [])].join('\n\n') + '\n';
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">',
    ...parts.lines.map((l) => `<p>${escapeHtml(l)}</p>`),
    ...(quoted ? [`<blockquote style="border-left:3px solid #ccc;margin:0;padding-left:1em">${escapeHtml(quoted).replace(/\n/g, '<br>')}</blockquote>`] : []),
    ...extra.map((l) => `<p>${escapeHtml(l)}</p>`),
    ...(articles.length ? [`<p>${escapeHtml(ARTICLES_INTRO[locale])}</p>`, `<ul>${articles.map((a) => `<li><a href="${escapeHtml(a.url)}">${escapeHtml(a.title)}</a></li>`).join('')}</ul>`] : []),
    ...(parts.link ? [`<p><a href="${escapeHtml(parts.link.url)}">${escapeHtml(parts.link.label)}</a></p>`] : []),
    '</body></html>',
  ].join('\n');
  return { subject: `[#${data.ticketId}] ${data.subject}`, text, html };
}

/** One ticket in an agent's digest of new tickets (agent-digest.ts). */
export interface DigestTicket {
  id: number;
  subject: string;
  status: string;
  groupName: string;
  url: string;
}

const DIGEST = {
  de: {
    subject: (n: number) => (n === 1 ? '1 weiteres neues Ticket in Ihren Gruppen' : `${n} weitere neue Tickets in Ihren Gruppen`),
    greeting: (name: string) => `Hallo ${name},`,
    intro: 'seit der letzten Benachrichtigung sind diese Tickets in Ihren Gruppen neu eingegangen:',
    more: (n: number) => `… und ${n} weitere.`,
    queue: 'Zur Ticketliste',
    group: 'Gruppe',
    done: 'bereits erledigt',
  },
  en: {
    subject: (n: number) => (n === 1 ? '1 more new ticket in your groups' : `${n} more new tickets in your groups`),
    greeting: (name: string) => `Hello ${name},`,
    intro: 'since the last notification, these tickets arrived in your groups:',
    more: (n: number) => `… and ${n} more.`,
    queue: 'Open the ticket list',
    group: 'group',
    done: 'already done',
  },
} as const;

/** The digest mail: a line per ticket (number, subject, group, link), the rest counted. */
export function renderDigest(locale: MailLocale, data: { recipientName: string; tickets: DigestTicket[]; more: number; queueUrl: string }): { subject: string; text: string; html: string } {
  const t = DIGEST[locale];
  const note = (ticket: DigestTicket) => `${t.group} ${ticket.groupName}${ticket.status === 'resolved' || ticket.status === 'closed' ? `, ${t.done}` : ''}`;
  const total = data.tickets.length + data.more;
  const text =
    [
      t.greeting(data.recipientName),
      t.intro,
      data.tickets.map((ticket) => `#${ticket.id} ${ticket.subject} (${note(ticket)})\n  ${ticket.url}`).join('\n'),
      ...(data.more > 0 ? [t.more(data.more)] : []),
      `${t.queue}: ${data.queueUrl}`,
    ].join('\n\n') + '\n';
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">',
    `<p>${escapeHtml(t.greeting(data.recipientName))}</p>`,
    `<p>${escapeHtml(t.intro)}</p>`,
    `<ul>${data.tickets.map((ticket) => `<li><a href="${escapeHtml(ticket.url)}">#${ticket.id} ${escapeHtml(ticket.subject)}</a> (${escapeHtml(note(ticket))})</li>`).join('')}</ul>`,
    ...(data.more > 0 ? [`<p>${escapeHtml(t.more(data.more))}</p>`] : []),
    `<p><a href="${escapeHtml(data.queueUrl)}">${escapeHtml(t.queue)}</a></p>`,
    '</body></html>',
  ].join('\n');
  return { subject: t.subject(total), text, html };
}
