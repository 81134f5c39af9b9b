import { parentPort } from 'node:worker_threads';
import { parseMail } from './parse-mail.ts';

/**
 * The mail parser thread (parse-thread.ts starts it): parses the raw mails handed to it, one
 * message each way. Bundled as an entry point of its own (dist/server/mail-parser-thread.js).
 */
const port = parentPort;
if (!port) throw new Error('parse-thread-entry.ts runs as a worker thread only');
// Loaded: mails handed over from now on are parsed here (before this, a failure means the
// thread cannot run at all, and mail is parsed on the main thread instead).
port.postMessage({ ready: true });
port.on('message', ({ id, input: raw }: { id: number; input: Uint8Array }) => {
  parseMail(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength)).then(
    (parsed) => port.postMessage({ id, result: parsed }),
    (error: unknown) => port.postMessage({ id, error: error instanceof Error ? error.message : String(error) }),
  );
});
