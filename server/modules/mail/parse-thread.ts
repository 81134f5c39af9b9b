import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
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
 * where no thread can be started at all, mail is parsed on the calling thread.
 */
export interface MailParserThread {
  parse(raw: Buffer): Promise<ParsedInbound>;
  stop(): Promise<void>;
}

/**
 * The code the thread starts with (an eval'd script): for the TypeScript sources it loads tsx
 * first. Undefined where the bundle lacks the thread's entry point.
 */
export function mailParserThreadCode(): string | undefined {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const require = createRequire(here);
    const tsx = JSON.parse(fs.readFileSync(require.resolve('tsx/package.json'), 'utf8')) as { exports: Record<string, { import?: { default?: string } }> };
    const api = tsx.exports['./esm/api']?.import?.default;
    if (!api) return undefined;
    const apiUrl = new URL(api, pathToFileURL(require.resolve('tsx/package.json'))).href;
    const entry = new URL('./parse-thread-entry.ts', here).href;
    return `import(${JSON.stringify(apiUrl)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
  }
  // The bundle: this code sits in dist/server/ or dist/server/chunks/.
  for (const candidate of ['./mail-parser-thread.js', '../mail-parser-thread.js']) {
    const url = new URL(candidate, here);
    if (fs.existsSync(fileURLToPath(url))) return `import(${JSON.stringify(url.href)});`;
  }
  return undefined;
}

/** Buffers arrive from the thread as plain Uint8Arrays. */
function revived(parsed: ParsedInbound): ParsedInbound {
  const buffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { ...parsed, attachments: parsed.attachments.map((a: MailAttachment) => ({ ...a, content: buffer(a.content) })) };
}

/** `code`: what the thread runs instead of mailParserThreadCode() (tests). */
export function startMailParserThread(options: { onInline?: (reason: string) => void; code?: string } = {}): MailParserThread {
  const source = options.code ?? mailParserThreadCode();
  const pending = new Map<number, { raw: Buffer; resolve: (parsed: ParsedInbound) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let worker: Worker | undefined;
  let inline = source === undefined;
  if (inline) options.onInline?.('the mail parser thread is not built');

  const start = (): Worker => {
    const thread = new Worker(source!, { eval: true });
    // An idle thread must not keep a process alive; one with mails in hand does.
    thread.unref();
    let ready = false;
    thread.on('message', ({ ready: loaded, id, parsed, error }: { ready?: true; id: number; parsed?: ParsedInbound; error?: string }) => {
      if (loaded) {
        ready = true;
        return;
      }
      const waiting = pending.get(id);
      pending.delete(id);
      if (pending.size === 0) thread.unref();
      if (error === undefined && parsed) waiting?.resolve(revived(parsed));
      else waiting?.reject(new Error(error ?? 'The mail parser thread answered nothing.'));
    });
    const fail = (error: Error) => {
      if (worker === thread) worker = undefined;
      const waiting = [...pending.values()];
      pending.clear();
      // A thread that never got its code loaded will not next time either: parse here from now
      // on, these mails too.
      if (!ready) {
        if (!inline) options.onInline?.(error.message);
        inline = true;
        for (const mail of waiting) parseMail(mail.raw).then(mail.resolve, mail.reject);
        return;
      }
      for (const mail of waiting) mail.reject(error);
    };
    thread.on('error', fail);
    thread.on('exit', () => fail(new Error('The mail parser thread stopped.')));
    return thread;
  };

  return {
    parse(raw) {
      if (inline) return parseMail(raw);
      worker ??= start();
      const thread = worker;
      const id = ++nextId;
      return new Promise<ParsedInbound>((resolve, reject) => {
        pending.set(id, { raw, resolve, reject });
        thread.ref();
        thread.postMessage({ id, raw });
      });
    },
    async stop() {
      const thread = worker;
      worker = undefined;
      inline = true;
      await thread?.terminate();
    },
  };
}
