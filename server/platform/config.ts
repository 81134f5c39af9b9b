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
  /** Sign-in attempts per minute for one account from one client; also sign-up and reset requests per client. */
  loginRateLimit: number;
  /** Failed sign-ins per 15 minutes from one client, whatever accounts they name (password spraying). */
  loginClientFailureLimit: number;
  /** Client addresses from X-Forwarded-For (behind a reverse proxy). */
  trustProxy: boolean;
  /** PostgreSQL connections per process. */
  dbPool: number;
  /** Domain events the background work may be behind before a serving web process holds writes back (0: never). */
  backpressureEvents: number;
  /** Seconds the due jobs of a worker in the same process may wait before its web role holds writes back (0: never). */
  backpressureJobLagSeconds: number;
  /** PostgreSQL: run our statements as named prepared statements (off for a connection pooler that cannot keep them). */
  pgPrepare: boolean;
  /** SQLite in a serving process: checkpoint in a thread of its own (ANLAUF_SQLITE_CHECKPOINT_THREAD=0 turns it off). */
  sqliteCheckpointThread: boolean;
  /** Arriving mail is parsed in a thread of its own (ANLAUF_MAIL_PARSE_THREAD=0 turns it off). */
  mailParseThread: boolean;
  /** After this a job of a vanished worker is run again. */
  jobLockSeconds: number;
  /** Jobs run at the same time in one worker process (unset: 2 on SQLite, 4 on PostgreSQL). */
  workerConcurrency: number | undefined;
  /** Interval of the keep-alive comments on live-event streams. */
  sseHeartbeatMs: number;
  /** The built web app (unset: web/dist). */
  webDistDir: string | undefined;
  /** The receipt mail of a new ticket lists up to 3 matching public knowledge articles (on unless ANLAUF_RECEIPT_ARTICLES=0). */
  receiptArticles: boolean;
  /** How inbound mail's From is trusted: verify (SPF/DKIM/DMARC here), mta (a trusted MTA's Authentication-Results), none. */
  mailTrust: 'verify' | 'mta' | 'none';
  /** The authserv-id of the MTA whose Authentication-Results header we believe (mailTrust 'mta'). */
  mailAuthservId: string | undefined;
  /** Bind address of the inbound SMTP listener. */
  smtpHost: string;
  /** Largest inbound mail; larger ones get 552. */
  smtpMaxBytes: number;
  /** PEM files: offer STARTTLS on the inbound listener. */
  smtpTlsKeyFile: string | undefined;
  smtpTlsCertFile: string | undefined;
  /** At most `count` mails per sender within `seconds`; more are kept but not processed (mail loops). */
  mailSenderLimit: { count: number; seconds: number };
  /** All attachments of one inbound mail together. */
  mailMaxAttachmentsBytes: number;
  /** Webhooks may target private, loopback and link-local addresses (ANLAUF_WEBHOOK_ALLOW_PRIVATE=1; tests, closed networks). */
  webhookAllowPrivate: boolean;
}

function mailTrustOf(env: NodeJS.ProcessEnv): Pick<Config, 'mailTrust' | 'mailAuthservId'> {
  const trust = (env.ANLAUF_MAIL_TRUST || 'verify').trim().toLowerCase();
  if (trust !== 'verify' && trust !== 'mta' && trust !== 'none') throw new Error(`ANLAUF_MAIL_TRUST must be verify, mta or none, got "${trust}"`);
  const authservId = env.ANLAUF_MAIL_AUTHSERV_ID?.trim() || undefined;
  if (trust === 'mta' && !authservId) throw new Error('ANLAUF_MAIL_TRUST=mta needs ANLAUF_MAIL_AUTHSERV_ID: the name your MTA writes into Authentication-Results');
  return { mailTrust: trust, mailAuthservId: authservId };
}

/** "30/600": 30 mails per 600 seconds. */
function senderLimitOf(value: string | undefined): { count: number; seconds: number } {
  const [count, seconds] = (value || '30/600').split('/').map(Number);
  return { count: count || 30, seconds: seconds || 600 };
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
    loginRateLimit: Number(env.ANLAUF_LOGIN_RATE_LIMIT) || 10,
    loginClientFailureLimit: Number(env.ANLAUF_LOGIN_CLIENT_FAILURE_LIMIT) || 30,
    trustProxy: env.ANLAUF_TRUST_PROXY === '1',
    dbPool: Number(env.ANLAUF_DB_POOL) || 10,
    backpressureEvents: env.ANLAUF_BACKPRESSURE_EVENTS === undefined || env.ANLAUF_BACKPRESSURE_EVENTS === '' ? 2000 : Number(env.ANLAUF_BACKPRESSURE_EVENTS) || 0,
    backpressureJobLagSeconds: env.ANLAUF_BACKPRESSURE_JOB_LAG === undefined || env.ANLAUF_BACKPRESSURE_JOB_LAG === '' ? 5 : Number(env.ANLAUF_BACKPRESSURE_JOB_LAG) || 0,
    pgPrepare: env.ANLAUF_PG_PREPARE !== '0',
    sqliteCheckpointThread: env.ANLAUF_SQLITE_CHECKPOINT_THREAD !== '0',
    mailParseThread: env.ANLAUF_MAIL_PARSE_THREAD !== '0',
    jobLockSeconds: Number(env.ANLAUF_JOB_LOCK_SECONDS) || 120,
    workerConcurrency: Number(env.ANLAUF_WORKER_CONCURRENCY) || undefined,
    sseHeartbeatMs: Number(env.ANLAUF_SSE_HEARTBEAT_MS) || 20_000,
    webDistDir: env.ANLAUF_WEB_DIST || undefined,
    receiptArticles: env.ANLAUF_RECEIPT_ARTICLES !== '0',
    ...mailTrustOf(env),
    smtpHost: env.ANLAUF_SMTP_HOST || env.HOST || '127.0.0.1',
    smtpMaxBytes: Number(env.ANLAUF_SMTP_MAX_BYTES) || 50 * 1024 * 1024,
    smtpTlsKeyFile: env.ANLAUF_SMTP_TLS_KEY || undefined,
    smtpTlsCertFile: env.ANLAUF_SMTP_TLS_CERT || undefined,
    mailSenderLimit: senderLimitOf(env.ANLAUF_MAIL_SENDER_LIMIT),
    mailMaxAttachmentsBytes: Number(env.ANLAUF_MAIL_MAX_ATTACHMENTS_BYTES) || 50 * 1024 * 1024,
    webhookAllowPrivate: env.ANLAUF_WEBHOOK_ALLOW_PRIVATE === '1',
  };
}
