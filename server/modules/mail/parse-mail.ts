import { type AddressObject, simpleParser } from 'mailparser';
import sanitizeHtml from 'sanitize-html';
import { splitMessageIds } from './message-ids.ts';
import { messageIdOf, rawHeaders } from './raw-headers.ts';
import { repairCharsets } from './repair-charsets.ts';
import { isForward, stripQuotedText } from './strip-quotes.ts';

export { identityBytes, messageIdOf, rawHeaders } from './raw-headers.ts';

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
  /** Auto-reply, out-of-office, list or bulk mail, or a machine's report: never answered, never notified. */
  automatic: boolean;
  /** What kind of automatic mail: an answer to a mail, bulk/list mail, or a system's own report (monitoring). */
  automaticKind: AutomaticKind | null;
  /** A bounce or delivery report. */
  bounce: boolean;
  attachments: MailAttachment[];
}

/** `reply`: an answer to a mail (out-of-office); `bulk`: newsletters and lists; `system`: a machine's own report (monitoring, alerts). */
export type AutomaticKind = 'reply' | 'bulk' | 'system';

export function automaticKind(headers: Map<string, string[]>): AutomaticKind | null {
  const one = (name: string) => headers.get(name)?.[0]?.toLowerCase();
  const precedence = one('precedence');
  if ((precedence && /^(bulk|junk|list)/.test(precedence)) || headers.has('list-id') || headers.has('list-unsubscribe')) return 'bulk';
  const autoSubmitted = one('auto-submitted');
  if (autoSubmitted?.startsWith('auto-replied')) return 'reply';
  // auto-generated, auto-notified: a system reporting on its own (RFC 3834), not answering anyone.
  if (autoSubmitted && !autoSubmitted.startsWith('no')) return 'system';
  if (headers.has('x-autoreply') || headers.has('x-autorespond') || headers.has('x-autoresponder') || headers.has('x-auto-response-suppress')) return 'reply';
  if (precedence?.startsWith('auto_reply')) return 'reply';
  return null;
}

export function isAutomatic(headers: Map<string, string[]>): boolean {
  return automaticKind(headers) !== null;
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

/** Names for the unnamed parts of bounces and forwards; other types get `attachment-N.<ext>`. */
const UNNAMED: Record<string, string> = { 'message/rfc822': 'message.eml', 'text/rfc822-headers': 'original-headers.txt', 'message/delivery-status': 'delivery-status.txt' };
const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/bmp': 'bmp',
  'image/tiff': 'tif',
  'image/svg+xml': 'svg',
  'application/pdf': 'pdf',
  'application/zip': 'zip',
  'application/msword': 'doc',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'text/plain': 'txt',
  'text/html': 'html',
  'text/csv': 'csv',
  'text/calendar': 'ics',
  'application/json': 'json',
  'application/xml': 'xml',
  'text/xml': 'xml',
  'application/pgp-signature': 'asc',
  'application/pkcs7-signature': 'p7s',
  'application/x-pkcs7-signature': 'p7s',
  'audio/mpeg': 'mp3',
  'video/mp4': 'mp4',
};

/** A name for a part its sender gave none: images as Outlook names them (image001.jpg), else by type. */
function unnamedPartNames(types: string[]): string[] {
  const counters = new Map<string, number>();
  return types.map((type) => {
    const fixed = UNNAMED[type];
    const stem = fixed ? fixed.replace(/\.[^.]+$/, '') : type.startsWith('image/') ? 'image' : 'attachment';
    const ext = fixed ? fixed.slice(fixed.lastIndexOf('.') + 1) : (EXTENSIONS[type] ?? 'bin');
    const n = (counters.get(stem) ?? 0) + 1;
    counters.set(stem, n);
    if (fixed) return n === 1 ? fixed : `${stem}-${n}.${ext}`;
    return stem === 'image' ? `image${String(n).padStart(3, '0')}.${ext}` : `${stem}-${n}.${ext}`;
  });
}

/**
 * The sender: mailparser reads the first From header only. A broken first From (no address)
 * followed by a valid one is a known client bug; the valid one is meant, not the envelope sender.
 */
async function senderOf(parsedFrom: AddressObject | undefined, headers: Map<string, string[]>): Promise<MailAddress | undefined> {
  const valid = (a: MailAddress | undefined) => (a && /^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/.test(a.address) ? a : undefined);
  const first = valid(addresses(parsedFrom)[0]);
  if (first) return first;
  for (const value of headers.get('from')?.slice(1, 5) ?? []) {
    // The same decoding (encoded words, UTF-8 bytes) as for the first From header.
    const alone = await simpleParser(Buffer.from(`From: ${value}\r\n\r\n`, 'latin1'));
    const found = valid(addresses(alone.from)[0]);
    if (found) return found;
  }
  return undefined;
}

export async function parseMail(original: Buffer): Promise<ParsedInbound> {
  const headers = rawHeaders(original);
  // The parser reads a copy whose headers name the charsets the bytes really have.
  const raw = repairCharsets(original);
  const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true, keepCidLinks: true });
  const decodedHeaders = rawHeaders(raw);
  const from = await senderOf(parsed.from, decodedHeaders);
  const subject = (parsed.subject ?? '').replace(/\s+/g, ' ').trim();
  const html = parsed.html ? sanitiseMailHtml(parsed.html) : null;
  // Without a text part (or with an empty one, as some HTML mailers send), mailparser's text is
  // empty or derived from the unsanitised HTML (script URLs, tracking links); ours comes from the
  // sanitised HTML instead.
  const plain = (parsed.text ?? '').trim();
  const fullText = (html !== null && (!hasTextPart(raw, headers) || plain === '') ? htmlToText(html) : plain).replace(/\r\n?/g, '\n').trim();
  const inReplyTo = splitMessageIds(headers.get('in-reply-to'));
  const references = splitMessageIds(headers.get('references'));
  const kind = automaticKind(headers);
  const unnamed = unnamedPartNames(parsed.attachments.filter((a) => !a.filename).map((a) => a.contentType));
  const date = parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : undefined;
  return {
    messageId: messageIdOf(raw, headers),
    from,
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    subject,
    date,
    // A forward is the content itself: nothing is stripped from it.
    text: isForward(subject, fullText, inReplyTo.length + references.length > 0) ? fullText : stripQuotedText(fullText),
    fullText,
    html,
    inReplyTo,
    references,
    automatic: kind !== null,
    automaticKind: kind,
    bounce: isBounce(headers, from?.address),
    attachments: parsed.attachments.map((a) => ({
      filename: a.filename ?? unnamed.shift() ?? 'attachment',
      contentType: a.contentType,
      content: a.content,
      inline: a.contentDisposition === 'inline' || a.related === true,
      contentId: a.contentId ?? undefined,
    })),
  };
}
