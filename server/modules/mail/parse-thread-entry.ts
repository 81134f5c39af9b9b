import { answerRequests } from '../../platform/thread-code.ts';
import { parseMail } from './parse-mail.ts';

/**
 * The mail parser thread (parse-thread.ts starts it): parses the raw mails handed to it, one
 * message each way. Bundled as an entry point of its own (dist/server/mail-parser-thread.js).
 */
answerRequests((raw: Uint8Array) => parseMail(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength)));
