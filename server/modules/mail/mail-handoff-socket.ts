import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
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
 * leaves it, and a socket file left by a process that was killed is replaced (as is the binding
 * of one killed while it started, removeLeftBindings). The file is
 * readable and writable by the server's user and group only.
 *
 * Returns undefined when the socket is not served here (another process serves it).
 */
export async function startHandoffSocket(options: HandoffSocketOptions): Promise<{ close: () => Promise<void> } | undefined> {
  const receiving = new Set<net.Socket>();
  // allowHalfOpen: the client ends its side after the mail and still waits for the answer.
  const server = net.createServer({ allowHalfOpen: true }, (socket) => serve(socket, options, receiving));
  const ours = await listen(server, options.path);
  if (ours === undefined) {
    options.log.info({ path: options.path }, 'another process serves the mail handoff socket');
    return undefined;
  }
  return {
    close: () =>
      new Promise<void>((resolve) => {
        // Only our own socket file goes: where another server's has replaced it (two started
        // at once over a dead one's), that one stays.
        if (fs.statSync(options.path, { throwIfNoEntry: false })?.ino === ours) fs.rmSync(options.path, { force: true });
        // Clients still sending get no answer and store their mail themselves; stores under way finish and answer.
        for (const socket of receiving) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Numbers this process's bindings, so that two servers of one process (tests) bind apart. */
let bound = 0;

/** A binding's own name: `.mh-<pid>-<n>`, renamed over the socket's path right after it is bound. */
const BINDING = /^\.mh-(\d+)-\d+$/;
/** A binding lives for the moment between bind and rename; one older than this was left behind. */
const LEFT_AFTER_MS = 60_000;

/**
 * Removes the bindings of servers killed between binding and renaming, which nothing else would
 * ever remove: older than a minute, of a process that no longer runs. A live process's binding,
 * even one of another pid namespace sharing the directory, is renamed within that minute.
 */
function removeLeftBindings(dir: string): void {
  for (const name of fs.readdirSync(dir)) {
    const pid = BINDING.exec(name)?.[1];
    if (!pid) continue;
    const file = path.join(dir, name);
    const stat = fs.lstatSync(file, { throwIfNoEntry: false });
    if (stat && Date.now() - stat.mtimeMs > LEFT_AFTER_MS && !isRunning(Number(pid))) fs.rmSync(file, { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Serves the socket at `socketPath` unless a live server answers there; returns the socket
 * file's inode, or undefined. The socket is bound under a name of this process's beside it, made
 * readable and writable by user and group, and renamed over the path: a socket file left by a
 * killed process is replaced in one step, and where two servers start at once, the later rename
 * wins and the other's socket, no longer reachable, closes without touching it (a closing server
 * removes the name it bound, which is gone by then).
 */
async function listen(server: net.Server, socketPath: string): Promise<number | undefined> {
  if (await answers(socketPath)) return undefined;
  removeLeftBindings(path.dirname(socketPath));
  // Short: no longer than the path itself, which must fit a socket address (handoffSocketPath).
  const own = path.join(path.dirname(socketPath), `.mh-${process.pid}-${++bound}`);
  fs.rmSync(own, { force: true }); // left by a process that had our pid before
  await listenOnce(server, own);
  fs.chmodSync(own, 0o660);
  // Taken before the rename (which keeps it): after it, another server may have renamed its own over the path.
  const { ino } = fs.statSync(own);
  fs.renameSync(own, socketPath);
  return ino;
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
