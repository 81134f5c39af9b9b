import crypto from 'node:crypto';
import { HEADER_LIMITS } from './header-limits.ts';
import { splitMessageIds } from './message-ids.ts';

// What intake reads from a raw mail before parsing it: its headers and the Message-ID that makes
// intake idempotent. Kept apart from parse-mail.ts (mailparser, sanitize-html), so storing a raw
// mail (the SMTP answer, `anlauf mail import -` as an MTA's pipe) loads none of the parser.

/**
 * The header section of a raw mail, unfolded, as lower-case name → values. Linear in the size of
 * the header section and never reads more than HEADER_LIMITS allow (see header-limits.ts).
 */
export function rawHeaders(raw: Buffer): Map<string, string[]> {
  const head = raw.subarray(0, Math.min(raw.length, HEADER_LIMITS.maxBytes));
  const end = head.indexOf('\r\n\r\n');
  const endLf = head.indexOf('\n\n');
  const cut = end >= 0 && (endLf < 0 || end < endLf) ? end : endLf >= 0 ? endLf : head.length;
  const text = head
    .subarray(0, cut)
    .toString('latin1')
    .replace(/\r?\n[ \t]+/g, ' ');
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

/** Headers the receiving side adds (each hop, the pipe's MTA): not part of the mail's identity. */
const TRACE_HEADER = /^(received|return-path|delivered-to|x-original-to|envelope-to|authentication-results|arc-[a-z-]+|x-spam[a-z-]*|x-virus[a-z-]*)$/i;

/**
 * The bytes that identify a mail without Message-ID: line endings normalised (SMTP delivers
 * CRLF, an MTA's pipe LF), trailing blanks and the receivers' trace headers left out, so the
 * same mail arriving over two paths is recognised as one.
 */
export function identityBytes(raw: Buffer): Buffer {
  const text = raw.toString('latin1').replace(/\r\n?/g, '\n');
  const split = text.indexOf('\n\n');
  const head = split >= 0 ? text.slice(0, split) : text;
  const body = split >= 0 ? text.slice(split + 2) : '';
  const fields = head
    .replace(/\n[ \t]+/g, ' ')
    .split('\n')
    .filter((line) => !TRACE_HEADER.test(line.slice(0, Math.max(0, line.indexOf(':'))).trim()));
  const normalise = (s: string) =>
    s
      .split('\n')
      .map((l) => l.replace(/[ \t]+$/, ''))
      .join('\n')
      .replace(/\n+$/, '');
  return Buffer.from(`${normalise(fields.join('\n'))}\n\n${normalise(body)}`, 'latin1');
}

/** The Message-ID that makes intake idempotent; mails without one get a hash of their (normalised) bytes. */
export function messageIdOf(raw: Buffer, headers = rawHeaders(raw)): string {
  const given = splitMessageIds(headers.get('message-id')?.[0])[0];
  if (given && given.length <= 500) return given;
  return `<sha256.${crypto.createHash('sha256').update(identityBytes(raw)).digest('hex')}@anlauf.invalid>`;
}
