import net from 'node:net';
import path from 'node:path';
import type { StoreResult } from './store-raw-mail.ts';

/**
 * Pipe delivery's short way: `anlauf mail import` hands the mail to a running Anlauf process over
 * a Unix socket in the data directory (mail-handoff-socket.ts serves it), as RT's mail gateway
 * and osTicket's pipe hand theirs to the web server. The process stores it on the connections it
 * already holds, so an MTA's burst of deliveries opens no database connection per mail (on
 * PostgreSQL each cost a backend start, and a hundred at once could exhaust max_connections) and
 * writes no SQLite file beside the server.
 *
 * The conversation: the client sends `ANLAUF-MAIL/1 <bytes>\n` and the raw mail; the server
 * answers one line once the mail and its intake job are committed (`stored <id>`,
 * `duplicate <id>`) or `error <reason>`, and closes.
 */
export const HANDOFF_SOCKET = 'mail-handoff.sock';
export const HANDOFF_HEADER = 'ANLAUF-MAIL/1';

/** sun_path holds 108 bytes on Linux, its terminating NUL included. */
const MAX_SOCKET_PATH = 107;

/** The socket's path for a data directory, or undefined where it would not fit a Unix socket address. */
export function handoffSocketPath(dataDir: string): string | undefined {
  const socketPath = path.join(path.resolve(dataDir), HANDOFF_SOCKET);
  return Buffer.byteLength(socketPath) <= MAX_SOCKET_PATH ? socketPath : undefined;
}

/** Why the short way was not taken: 'absent' when no process serves the socket (normal), else what went wrong. */
export type HandoffOutcome = { handed: true; result: StoreResult } | { handed: false; reason: 'absent' | string };

/**
 * Hands a raw mail to the process serving the socket. Never throws: any outcome but an answer
 * that the mail is stored means the caller stores it itself. That is safe even when the server
 * stored it and died before answering: the Message-ID makes the second copy a listed duplicate,
 * not a second ticket.
 */
export function handOff(socketPath: string | undefined, raw: Buffer, timeoutMs = 30_000): Promise<HandoffOutcome> {
  if (socketPath === undefined) return Promise.resolve({ handed: false, reason: 'absent' });
  return new Promise((resolve) => {
    let answer = '';
    let settled = false;
    const finish = (outcome: HandoffOutcome) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(outcome);
    };
    const socket = net.createConnection(socketPath);
    socket.setTimeout(timeoutMs, () => finish({ handed: false, reason: `no answer within ${timeoutMs / 1000} s` }));
    socket.on('connect', () => {
      socket.write(`${HANDOFF_HEADER} ${raw.length}\n`);
      socket.end(raw);
    });
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('utf8');
      if (answer.includes('\n')) finish(parseAnswer(answer.slice(0, answer.indexOf('\n'))));
    });
    socket.on('end', () => finish(answer ? parseAnswer(answer) : { handed: false, reason: 'the server closed the connection without an answer' }));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // No socket file, or one left behind by a process that is gone.
      const absent = !answer && (error.code === 'ENOENT' || error.code === 'ECONNREFUSED');
      finish({ handed: false, reason: absent ? 'absent' : error.message });
    });
  });
}

function parseAnswer(line: string): HandoffOutcome {
  const [, word, rest] = /^(stored|duplicate|error) (.*)$/.exec(line.trim()) ?? [];
  const id = Number(rest);
  if (word === 'stored' && Number.isSafeInteger(id)) return { handed: true, result: { stored: true, id } };
  if (word === 'duplicate' && Number.isSafeInteger(id)) return { handed: true, result: { stored: false, duplicateOf: id } };
  return { handed: false, reason: word === 'error' ? `the server refused it: ${rest}` : `an answer not understood: ${line.slice(0, 100)}` };
}
