import fs from 'node:fs';
import net from 'node:net';
import type { Logger } from 'pino';
import { HANDOFF_HEADER } from './mail-handoff.ts';
import type { InboundEnvelope, StoreResult } from './store-raw-mail.ts';

export interface HandoffSocketOptions {
  path: string;
  /** Stores a mail and its intake job, settling after the commit (store-batch.ts). */
  store: (raw: Buffer, envelope: InboundEnvelope) => Promise<StoreResult>;
  /** Larger mails are refused, and the command stores them itself: they are not read into this process. */
  maxBytes: number;
  log: Pick<Logger, 'info' | 'warn'>;
  /** How long a client may take to send its mail. */
  idleMs?: number;
}

/** The header line is short; more than this before a newline is not our client. */
const MAX_HEADER = 64;
const HEADER_LINE = new RegExp(`^${HANDOFF_HEADER.replace('/', '\\/')} (\\d{1,15})$`);
const NOT_OURS = 'this socket takes a mail for Anlauf (anlauf mail import) and nothing else';

/**
 * Mails read at the same time, each up to maxBytes in memory: beyond these a burst's further
 * deliveries are told the server is busy, and their commands store them themselves.
 */
const MAX_RECEIVING = 32;

/**
 * Serves the socket of pipe delivery's short way (mail-handoff.ts) in the mail role. Only one
 * process on a machine serves a data directory's socket: a second one finds it answering and
 * leaves it, and a socket file left by a process that was killed is replaced. The file is
 * readable and writable by the server's user and group only.
 *
 * Returns undefined when the socket is not served here (another process serves it).
 */
export async function startHandoffSocket(options: HandoffSocketOptions): Promise<{ close: () => Promise<void> } | undefined> {
  const receiving = new Set<net.Socket>();
  // allowHalfOpen: the client ends its side after the mail and still waits for the answer.
  const server = net.createServer({ allowHalfOpen: true }, (socket) => serve(socket, options, receiving));
  if (!(await listen(server, options.path))) {
    options.log.info({ path: options.path }, 'another process serves the mail handoff socket');
    return undefined;
  }
  fs.chmodSync(options.path, 0o660);
  return {
    close: () =>
      new Promise<void>((resolve) => {
        // Clients still sending get no answer and store their mail themselves; stores under way finish and answer.
        for (const socket of receiving) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function listen(server: net.Server, socketPath: string): Promise<boolean> {
  try {
    await listenOnce(server, socketPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || (await answers(socketPath))) return false;
    fs.rmSync(socketPath, { force: true }); // left behind by a process that is gone
    await listenOnce(server, socketPath);
    return true;
  }
}

function listenOnce(server: net.Server, socketPath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function answers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createConnection(socketPath);
    probe.on('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.on('error', () => resolve(false));
  });
}

function serve(socket: net.Socket, options: HandoffSocketOptions, receiving: Set<net.Socket>): void {
  if (receiving.size >= MAX_RECEIVING) {
    socket.end('error busy\n');
    socket.resume();
    return;
  }
  receiving.add(socket);
  let header: Buffer = Buffer.alloc(0);
  let size: number | undefined;
  const parts: Buffer[] = [];
  let received = 0;
  let answered = false;

  const answer = (line: string) => {
    if (answered) return;
    answered = true;
    receiving.delete(socket);
    socket.end(`${line}\n`);
  };
  const refuse = (reason: string) => {
    answer(`error ${reason}`);
    socket.removeAllListeners('data');
    socket.resume();
  };

  socket.setTimeout(options.idleMs ?? 60_000, () => socket.destroy());
  socket.on('error', () => receiving.delete(socket));
  socket.on('close', () => receiving.delete(socket));
  socket.on('data', (chunk: Buffer) => {
    if (size === undefined) {
      header = Buffer.concat([header, chunk]);
      const newline = header.indexOf(10);
      if (newline < 0) {
        if (header.length > MAX_HEADER) refuse(NOT_OURS);
        return;
      }
      const match = HEADER_LINE.exec(header.subarray(0, newline).toString('latin1'));
      if (!match) return refuse(NOT_OURS);
      size = Number(match[1]);
      if (size === 0) return refuse('the mail is empty');
      if (size > options.maxBytes) return refuse(`the mail has ${size} bytes, more than the ${options.maxBytes} this server takes`);
      chunk = header.subarray(newline + 1);
    }
    received += chunk.length;
    if (received > size) return refuse('more bytes than announced');
    parts.push(chunk);
  });
  socket.on('end', () => {
    if (answered) return;
    if (size === undefined || received !== size) return refuse('the mail ended early');
    receiving.delete(socket);
    options.store(Buffer.concat(parts, size), { source: 'api' }).then(
      (result) => answer(result.stored ? `stored ${result.id}` : `duplicate ${result.duplicateOf}`),
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        options.log.warn({ err: message }, 'a mail handed over by anlauf mail import could not be stored');
        answer(`error could not store it (${message.replace(/\s+/g, ' ').slice(0, 200)})`);
      },
    );
  });
}
