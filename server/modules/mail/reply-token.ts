import crypto from 'node:crypto';
import { secretKey } from './secret-box.ts';

/**
 * Reply addresses with a token: mail we send about ticket 123 to petra@kunde.example says
 * "Reply-To: help+t123-<mac>@example.com", where mac is an HMAC of (ticket, recipient). A reply
 * to that address from petra@kunde.example proves that its writer received our mail — a
 * forger who only knows the ticket number cannot produce it. The token is bound to the
 * recipient, so the requester's token does not let them write as the agent (or the reverse).
 */
const TOKEN_KEY = 'mail-reply-token';
// Hex, because some mail systems lower-case addresses on the way.
const TAG = /^([^@+\s]+)\+t(\d{1,10})-([0-9a-f]{24})@([^@\s>]+)$/;

function mac(key: Buffer, ticketId: number, address: string): string {
  return crypto.createHmac('sha256', key).update(`${ticketId}:${address.trim().toLowerCase()}`).digest('hex').slice(0, 24);
}

export function replyTokenKey(dataDir: string): Buffer {
  return secretKey(dataDir, TOKEN_KEY);
}

/** The Reply-To address for a mail about `ticketId` sent to `recipient`, based on our address. */
export function replyAddress(key: Buffer, ourAddress: string, ticketId: number, recipient: string): string {
  const [local, domain] = ourAddress.split('@');
  return `${local}+t${ticketId}-${mac(key, ticketId, recipient)}@${domain}`;
}

/**
 * The ticket whose reply token one of `recipients` carries, when the token was made for
 * `from` — else undefined.
 */
export function ticketOfReplyToken(key: Buffer, recipients: string[], from: string): number | undefined {
  for (const recipient of recipients) {
    const match = TAG.exec(recipient.trim().toLowerCase().replace(/^.*</, '').replace(/>.*$/, ''));
    if (!match) continue;
    const ticketId = Number(match[2]);
    const expected = Buffer.from(mac(key, ticketId, from));
    const given = Buffer.from(match[3]!);
    if (given.length === expected.length && crypto.timingSafeEqual(given, expected)) return ticketId;
  }
  return undefined;
}
