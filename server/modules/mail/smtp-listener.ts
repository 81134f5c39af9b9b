import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import type { Db, Dialect } from '../../platform/db/database.ts';
import { headerLimitExceeded } from './header-limits.ts';
import { batchedStore } from './store-batch.ts';

export interface SmtpListenerOptions {
  db: Db;
  dialect: Dialect;
  port: number;
  host?: string;
  /** Accepted recipients: full addresses or "@domain"; empty accepts any. */
  recipients: string[];
  maxBytes: number;
  /** PEM files for STARTTLS; without them STARTTLS is not offered. */
  tlsKeyFile?: string | undefined;
  tlsCertFile?: string | undefined;
  /** Connections at once in all, and from one IP address; more are answered 421. */
  maxClients?: number | undefined;
  maxClientsPerIp?: number | undefined;
  /** Milliseconds a connection may stay silent (between commands or inside DATA). */
  idleTimeoutMs?: number | undefined;
  /** Recipients per mail; more are answered 452 (the sender delivers them in another mail). */
  maxRecipients?: number | undefined;
  onStored?: () => void;
  log?: { warn: (obj: object, msg: string) => void };
}

function smtpError(message: string, code: number): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

export function recipientAccepted(address: string, recipients: string[]): boolean {
  if (recipients.length === 0) return true;
  // "help+t12-…@example.com" (a reply address with its token, see reply-token.ts) is help@example.com.
  const lower = address.toLowerCase().replace(/\+[^@]*@/, '@');
  return recipients.some((r) => (r.startsWith('@') ? lower.endsWith(r) : lower === r));
}

/**
 * The inbound SMTP listener (`mail` role). It answers 250 only after the raw message and its
 * intake job are committed (storeInboundMail, batched), so an acknowledged mail is never lost; the
 * sender retries anything we did not acknowledge, and the Message-ID drops the doubles.
 */
export async function startSmtpListener(options: SmtpListenerOptions): Promise<{ port: number; close: () => Promise<void> }> {
  const perIpLimit = options.maxClientsPerIp ?? 10;
  const maxRecipients = options.maxRecipients ?? 50;
  // Open connections per client address: one client must not take every slot (the 200 idle
  // connections that once locked everyone else out).
  const perIp = new Map<string, number>();
  const counted = new Set<string>();
  // Sessions finishing at the same time share one commit (group commit, see store-batch.ts).
  const store = batchedStore(options.db, options.dialect);
  const tls = options.tlsKeyFile && options.tlsCertFile ? { key: fs.readFileSync(options.tlsKeyFile), cert: fs.readFileSync(options.tlsCertFile) } : undefined;
  const serverOptions: SMTPServerOptions = {
    name: 'anlauf',
    banner: 'Anlauf helpdesk mail intake',
    size: options.maxBytes,
    authOptional: true,
    disabledCommands: tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    ...(tls ?? {}),
    logger: false,
    maxClients: options.maxClients ?? 100,
    // Idle connections are closed soon; a real MTA sends its commands without pauses.
    socketTimeout: options.idleTimeoutMs ?? 30_000,
    closeTimeout: 5_000,
    onConnect(session, callback) {
      const ip = session.remoteAddress;
      const open = perIp.get(ip) ?? 0;
      if (open >= perIpLimit) return callback(smtpError(`4.7.0 Too many connections from ${ip}, try again later`, 421));
      perIp.set(ip, open + 1);
      counted.add(session.id);
      callback();
    },
    onClose(session) {
      if (!counted.delete(session.id)) return;
      const open = (perIp.get(session.remoteAddress) ?? 1) - 1;
      if (open > 0) perIp.set(session.remoteAddress, open);
      else perIp.delete(session.remoteAddress);
    },
    onRcptTo(address, session, callback) {
      if (session.envelope.rcptTo.length >= maxRecipients) return callback(smtpError(`4.5.3 Too many recipients: at most ${maxRecipients} per mail`, 452));
      if (!recipientAccepted(address.address, options.recipients)) return callback(smtpError(`5.1.1 <${address.address}>: no such mailbox here`, 550));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        if (!stream.sizeExceeded) chunks.push(chunk);
      });
      stream.on('error', (error) => callback(error));
      stream.on('end', () => {
        if (stream.sizeExceeded) return callback(smtpError(`5.3.4 Message too big: at most ${options.maxBytes} bytes`, 552));
        const raw = Buffer.concat(chunks);
        // A cheap linear scan before the 250; the full parse happens in the intake job.
        const tooLarge = headerLimitExceeded(raw);
        if (tooLarge) return callback(smtpError(`5.3.4 ${tooLarge}`, 552));
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined;
        const client = { clientIp: session.remoteAddress, clientHelo: session.hostNameAppearsAs || undefined };
        store(raw, { source: 'smtp', envelopeFrom: from || undefined, envelopeTo: session.envelope.rcptTo.map((r) => r.address), ...client })
          .then((result) => {
            options.onStored?.();
            callback(null, result.stored ? `Queued as ${result.id}` : `Already received as ${result.duplicateOf}`);
          })
          .catch((error: unknown) => {
            options.log?.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not store an inbound mail');
            callback(smtpError('4.3.0 Temporary failure storing the message, try again later', 451));
          });
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  server.on('error', (error) => options.log?.warn({ err: error.message }, 'SMTP listener error'));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
