import { startRequestThread } from '../../platform/request-thread.ts';
import { threadCode } from '../../platform/thread-code.ts';
import { parseMail, type MailAttachment, type ParsedInbound } from './parse-mail.ts';

/**
 * Parses arriving mail in a thread of its own. Decoding MIME, repairing charsets and sanitising
 * HTML is pure computation, some of a millisecond for a short mail and far more for a large
 * HTML mail with attachments; on the main thread it held up every request and the rest of the
 * intake meanwhile. In the thread it runs beside them, on the machine's other core.
 *
 * The thread runs parse-thread-entry.ts: from the bundle its own entry point
 * (dist/server/mail-parser-thread.js), from the sources through tsx. A thread that dies fails
 * the mails it held (their intake jobs are retried) and is started again for the next mail;
 * where no thread can be started at all, mail is parsed on the calling thread
 * (platform/request-thread.ts).
 */
export interface MailParserThread {
  parse(raw: Buffer): Promise<ParsedInbound>;
  stop(): Promise<void>;
}

/** The code the thread starts with; undefined where the bundle lacks the thread's entry point. */
export function mailParserThreadCode(): string | undefined {
  return threadCode(import.meta.url, './parse-thread-entry.ts', 'mail-parser-thread.js');
}

/** Buffers arrive from the thread as plain Uint8Arrays. */
function revived(parsed: ParsedInbound): ParsedInbound {
  const buffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { ...parsed, attachments: parsed.attachments.map((a: MailAttachment) => ({ ...a, content: buffer(a.content) })) };
}

/** `code`: what the thread runs instead of mailParserThreadCode() (tests). */
export function startMailParserThread(options: { onInline?: (reason: string) => void; code?: string } = {}): MailParserThread {
  const code = options.code ?? mailParserThreadCode();
  if (code === undefined) {
    options.onInline?.('the mail parser thread is not built');
    return { parse: parseMail, stop: async () => {} };
  }
  const thread = startRequestThread<Buffer, ParsedInbound>({
    code,
    name: 'The mail parser thread',
    fallback: parseMail,
    ...(options.onInline ? { onFallback: options.onInline } : {}),
    revive: revived,
  });
  return { parse: (raw) => thread.call(raw), stop: () => thread.stop() };
}
