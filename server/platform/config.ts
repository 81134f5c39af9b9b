import path from 'node:path';
import { config as loadDotenv } from 'dotenv';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  publicUrl: string;
  smtpPort: number | undefined;
  smtpRecipients: string[];
  mailFrom: string;
  smtpOut: string | undefined;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  /** Secure cookies: on when the public URL is https. */
  secureCookies: boolean;
  /** Largest attachment in bytes. */
  maxAttachmentBytes: number;
  logLevel: string;
  /** Days after closing in which a requester's reply (portal or mail) reopens a ticket; later ones start a new ticket. */
  reopenDays: number;
  /** How inbound mail's From is trusted: verify (SPF/DKIM/DMARC here), mta (a trusted MTA's Authentication-Results), none. */
  mailTrust: 'verify' | 'mta' | 'none';
  /** The authserv-id of the MTA whose Authentication-Results header we believe (mailTrust 'mta'). */
  mailAuthservId: string | undefined;
}

function mailTrustOf(env: NodeJS.ProcessEnv): Pick<Config, 'mailTrust' | 'mailAuthservId'> {
  const trust = (env.ANLAUF_MAIL_TRUST || 'verify').trim().toLowerCase();
  if (trust !== 'verify' && trust !== 'mta' && trust !== 'none') throw new Error(`ANLAUF_MAIL_TRUST must be verify, mta or none, got "${trust}"`);
  const authservId = env.ANLAUF_MAIL_AUTHSERV_ID?.trim() || undefined;
  if (trust === 'mta' && !authservId) throw new Error('ANLAUF_MAIL_TRUST=mta needs ANLAUF_MAIL_AUTHSERV_ID: the name your MTA writes into Authentication-Results');
  return { mailTrust: trust, mailAuthservId: authservId };
}

function intOrUndefined(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number, got "${value}"`);
  return n;
}

/** Reads the environment (and a .env file in the working directory). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: { readDotenv?: boolean } = {}): Config {
  if (options.readDotenv !== false) loadDotenv({ quiet: true });
  const port = intOrUndefined('PORT', env.PORT) ?? 3000;
  const publicUrl = (env.ANLAUF_PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  return {
    port,
    host: env.HOST || '127.0.0.1',
    dataDir: path.resolve(env.ANLAUF_DATA_DIR || './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    publicUrl,
    smtpPort: intOrUndefined('ANLAUF_SMTP_PORT', env.ANLAUF_SMTP_PORT),
    smtpRecipients: (env.ANLAUF_SMTP_RECIPIENTS || '')
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
    mailFrom: env.ANLAUF_MAIL_FROM || 'Anlauf <helpdesk@localhost>',
    smtpOut: env.ANLAUF_SMTP_OUT || undefined,
    adminEmail: env.ANLAUF_ADMIN_EMAIL || undefined,
    adminPassword: env.ANLAUF_ADMIN_PASSWORD || undefined,
    secureCookies: publicUrl.startsWith('https://'),
    maxAttachmentBytes: Number(env.ANLAUF_MAX_ATTACHMENT_BYTES) || 20 * 1024 * 1024,
    logLevel: env.LOG_LEVEL || 'info',
    reopenDays: Number(env.ANLAUF_REOPEN_DAYS || env.ANLAUF_MAIL_REOPEN_DAYS) || 14,
    ...mailTrustOf(env),
  };
}
