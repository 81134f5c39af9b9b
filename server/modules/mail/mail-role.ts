import pino from 'pino';
import type { Role } from '../../platform/roles.ts';
import { ImapPoller } from './imap-poller.ts';
import { secretKey } from './secret-box.ts';
import { startSmtpListener } from './smtp-listener.ts';

/**
 * The `mail` serve role: the inbound SMTP listener (when ANLAUF_SMTP_PORT is set) and the IMAP
 * poller. Both only store raw mail durably; the worker's `mail.intake` job makes tickets.
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
  const poller = new ImapPoller({ db: database.db, dialect: database.dialect, key: secretKey(config.dataDir), log });
  await poller.start();
  stops.push(() => poller.stop());
  return async () => {
    for (const stop of stops) await stop();
  };
};
