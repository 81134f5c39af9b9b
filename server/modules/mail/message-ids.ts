import crypto from 'node:crypto';

/** The domain of our sender address: "Anlauf <helpdesk@example.com>" → "example.com". */
export function mailDomain(mailFrom: string): string {
  const match = /@([^\s>]+)>?\s*$/.exec(mailFrom);
  return (match?.[1] ?? 'localhost').toLowerCase();
}

/** The thread root of a ticket: every mail about the ticket refers to it. */
export function ticketRootMessageId(ticketId: number, domain: string): string {
  return `<anlauf.t${ticketId}@${domain}>`;
}

/** A fresh Message-ID for one mail about a ticket. */
export function newMessageId(ticketId: number, domain: string): string {
  return `<anlauf.t${ticketId}.${crypto.randomBytes(9).toString('base64url')}@${domain}>`;
}

/**
 * The Message-ID of the mail that event `eventId` causes to user `userId`: stable when the event
 * is delivered again, and unguessable (an HMAC with our key), so nobody can thread a mail onto a
 * ticket by naming a Message-ID we might have sent.
 */
export function notificationMessageId(ticketId: number, eventId: number, userId: number, domain: string, key: Buffer): string {
  const mac = crypto.createHmac('sha256', key).update(`${ticketId}.${eventId}.${userId}`).digest('base64url').slice(0, 16);
  return `<anlauf.t${ticketId}.n${eventId}u${userId}-${mac}@${domain}>`;
}

const OURS = /^<anlauf\.t(\d{1,10})(?:\.[\w-]+)?@([^>]+)>$/i;

/** The ticket number inside one of our own Message-IDs, when it is ours (same domain). */
export function ticketOfOurMessageId(messageId: string, domain: string): number | undefined {
  const match = OURS.exec(messageId.trim());
  if (!match || match[2]!.toLowerCase() !== domain) return undefined;
  return Number(match[1]);
}

/** "<a@b> <c@d>" or an array of such → the individual ids in angle brackets. */
export function splitMessageIds(value: string | string[] | undefined): string[] {
  const all = Array.isArray(value) ? value.join(' ') : (value ?? '');
  return all.match(/<[^<>\s]+>/g) ?? [];
}

/** The ticket tag we put in subjects, "[#123]". */
export const ticketTag = (ticketId: number) => `[#${ticketId}]`;

export function ticketOfSubject(subject: string): number | undefined {
  const match = /\[#(\d{1,10})\]/.exec(subject);
  return match ? Number(match[1]) : undefined;
}
