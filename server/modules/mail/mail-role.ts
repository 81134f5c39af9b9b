import pino from 'pino';
import type { Role } from '../../platform/roles.ts';
import { ImapPoller } from './imap-poller.ts';
import { secretKey } from './secret-box.ts';
import { startSmtpListener } from './smtp-listener.ts';
import { handoffSocketPath } from './mail-handoff.ts';
import { startHandoffSocket } from './mail-handoff-socket.ts';
import { batchedStore } from './store-batch.ts';

/**
 * The `mail` serve role: the inbound SMTP listener (when ANLAUF_SMTP_PORT is set), the IMAP
 * poller and the socket that `anlauf mail import` hands piped mail to (mail-handoff.ts). All
 * only store raw mail durably; the worker's `mail.intake` job makes tickets.
 */
export const mailRole: Role = async ({ config, database }) => {
  const log = pino({ level: config.logLevel, name: 'mail' });
  const stops: Array<() => Promise<void>> = [];
  if (config.smtpPort !== undefined) {
    const listener = await startSmtpListener({
      db: database.db,
      dialect: database.dialect,
      port: config.smtpPort,
      host: config.smtpHost,
      recipients: config.smtpRecipients,
      maxBytes: config.smtpMaxBytes,
      tlsKeyFile: config.smtpTlsKeyFile,
      tlsCertFile: config.smtpTlsCertFile,
      log,
    });
    console.log(`Anlauf receives mail by SMTP on port ${listener.port}`);
    stops.push(listener.close);
  }
  const socketPath = handoffSocketPath(config.dataDir);
  if (socketPath === undefined) log.warn({ dataDir: config.dataDir }, 'the data directory path is too long for the mail handoff socket: anlauf mail import stores mail itself');
  else {
    // Only a shortcut: where the socket cannot be made (a file system without sockets), mail import stores mail itself.
    const handoff = await startHandoffSocket({ path: socketPath, store: batchedStore(database.db, database.dialect), maxBytes: config.smtpMaxBytes, log }).catch((error: unknown) => {
      log.warn({ path: socketPath, err: error instanceof Error ? error.message : String(error) }, 'the mail handoff socket could not be opened: anlauf mail import stores mail itself');
      return undefined;
    });
    if (handoff) stops.push(handoff.close);
  }
  const poller = new ImapPoller({ db: database.db, dialect: database.dialect, key: secretKey(config.dataDir), log });
  await poller.start();
  stops.push(() => poller.stop());
  return async () => {
    for (const stop of stops) await stop();
  };
};
