import crypto from 'node:crypto';
import { type AddressObject, simpleParser } from 'mailparser';
import sanitizeHtml from 'sanitize-html';
import { HEADER_LIMITS } from './header-limits.ts';
import { splitMessageIds } from './message-ids.ts';
import { stripQuotedText } from './strip-quotes.ts';

export interface MailAddress {
  address: string;
  name: string;
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
  inline: boolean;
  contentId: string | undefined;
}

export interface ParsedInbound {
  messageId: string;
  from: MailAddress | undefined;
  to: MailAddress[];
  cc: MailAddress[];
  subject: string;
  date: Date | undefined;
  /** What the sender wrote, quotes and signature stripped. */
  text: string;
  /** The whole text part, history included. */
  fullText: string;
  /** Sanitised HTML, or null for text-only mail. */
  html: string | null;
  inReplyTo: string[];
  references: string[];
  /** Auto-reply, out-of-office, list or bulk mail: never answered, never notified. */
  automatic: boolean;
  /** A bounce or delivery report. */
  bounce: boolean;
  attachments: MailAttachment[];
}

/**
 * The header section of a raw mail, unfolded, as lower-case name → values. Linear in the size of
 * the header section and never reads more than HEADER_LIMITS allow (see header-limits.ts).
 */
export function rawHeaders(raw: Buffer): Map<string, string[]> {
  const head = raw.subarray(0, Math.min(raw.length, HEADER_LIMITS.maxBytes));
  const end = head.indexOf('\r\n\r\n');
  const endLf = head.indexOf('\n\n');
  const cut = end >= 0 && (endLf < 0 || end < endLf) ? end : endLf >= 0 ? endLf : head.length;
  const text = head.subarray(0, cut).toString('latin1').replace(/\r?\n[ \t]+/g, ' ');
  const headers = new Map<string, string[]>();
  let count = 0;
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    if (++count > HEADER_LIMITS.maxCount) break;
    const name = line.slice(0, colon).trim().toLowerCase();
    const values = headers.get(name);
    if (values) values.push(line.slice(colon + 1).trim());
    else headers.set(name, [line.slice(colon + 1).trim()]);
  }
  return headers;
}

/** The Message-ID that makes intake idempotent; mails without one get a hash of their bytes. */
export function messageIdOf(raw: Buffer, headers = rawHeaders(raw)): string {
  const given = splitMessageIds(headers.get('message-id')?.[0])[0];
  if (given && given.length <= 500) return given;
  return `<sha256.${crypto.createHash('sha256').update(raw).digest('hex')}@anlauf.invalid>`;
}

export function isAutomatic(headers: Map<string, string[]>): boolean {
  const one = (name: string) => headers.get(name)?.[0]?.toLowerCase();
  const autoSubmitted = one('auto-submitted');
  if (autoSubmitted && !autoSubmitted.startsWith('no')) return true;
  if (headers.has('x-autoreply') || headers.has('x-autorespond') || headers.has('x-autoresponder') || headers.has('x-auto-response-suppress')) return true;
  const precedence = one('precedence');
  if (precedence && /^(bulk|junk|list|auto_reply)/.test(precedence)) return true;
  if (headers.has('list-id') || headers.has('list-unsubscribe')) return true;
  return false;
}

export function isBounce(headers: Map<string, string[]>, from: string | undefined): boolean {
  const type = headers.get('content-type')?.[0]?.toLowerCase() ?? '';
  if (type.startsWith('multipart/report')) return true;
  return from !== undefined && /^(mailer-daemon|postmaster)@/i.test(from);
}

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'span', 'font', 'center'],
  allowedAttributes: { a: ['href', 'title'], img: ['src', 'alt', 'width', 'height'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  // Remote images are tracking pixels: only the mail's own inline images (cid:) stay.
  allowedSchemesByTag: { img: ['cid'] },
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }) },
};

export function sanitiseMailHtml(html: string): string {
  return sanitizeHtml(html, SANITIZE);
}

function addresses(value: AddressObject | AddressObject[] | undefined): MailAddress[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  const out: MailAddress[] = [];
  const walk = (items: AddressObject['value']) => {
    for (const item of items) {
      if (item.address) out.push({ address: item.address.trim().toLowerCase(), name: (item.name ?? '').trim() });
      if (item.group) walk(item.group);
    }
  };
  for (const a of list) walk(a.value);
  return out;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Readable text of (already sanitised) HTML, for mails that have no text part of their own. */
export function htmlToText(html: string): string {
  return html
    .replace(/<\s*br\s*\/?>/gi, '\n')
    .replace(/<\/\s*(p|div|tr|li|h[1-6]|blockquote|table)\s*>/gi, '\n')
    .replace(/<\/\s*t[dh]\s*>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x?[0-9a-f]+|\w+);/gi, (whole, code: string) => {
      if (code.startsWith('#')) {
        const n = code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
        return Number.isFinite(n) && n > 0 && n < 0x110000 ? String.fromCodePoint(n) : whole;
      }
      return ENTITIES[code.toLowerCase()] ?? whole;
    })
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Does the mail have a text/plain part (or no Content-Type at all, which means text/plain)? */
function hasTextPart(raw: Buffer, headers: Map<string, string[]>): boolean {
  if (!headers.has('content-type')) return true;
  return /content-type:\s*text\/plain/i.test(raw.toString('latin1'));
}

/** Names for the unnamed parts of bounces and forwards. */
const UNNAMED: Record<string, string> = { 'message/rfc822': 'message.eml', 'text/rfc822-headers': 'original-headers.txt', 'message/delivery-status': 'delivery-status.txt' };

const FORWARD_SUBJECT = /^\s*(fwd?|wg|tr|fw)\s*:/i;

export async function parseMail(raw: Buffer): Promise<ParsedInbound> {
  const headers = rawHeaders(raw);
  const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true, keepCidLinks: true });
  const from = addresses(parsed.from)[0];
  const subject = (parsed.subject ?? '').replace(/\s+/g, ' ').trim();
  const html = parsed.html ? sanitiseMailHtml(parsed.html) : null;
  // Without a text part, mailparser derives text from the unsanitised HTML (script URLs, tracking
  // links); ours comes from the sanitised HTML instead.
  const fullText = (html !== null && !hasTextPart(raw, headers) ? htmlToText(html) : (parsed.text ?? '')).replace(/\r\n?/g, '\n').trim();
  const date = parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : undefined;
  return {
    messageId: messageIdOf(raw, headers),
    from,
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    subject,
    date,
    // A forward is the content itself: nothing is stripped from it.
    text: FORWARD_SUBJECT.test(subject) ? fullText : stripQuotedText(fullText),
    fullText,
    html,
    inReplyTo: splitMessageIds(headers.get('in-reply-to')),
    references: splitMessageIds(headers.get('references')),
    automatic: isAutomatic(headers),
    bounce: isBounce(headers, from?.address),
    attachments: parsed.attachments.map((a) => ({
      filename: a.filename ?? UNNAMED[a.contentType] ?? 'attachment',
      contentType: a.contentType,
      content: a.content,
      inline: a.contentDisposition === 'inline' || a.related === true,
      contentId: a.contentId ?? undefined,
    })),
  };
}
