import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type dotenv from 'dotenv';

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
  /**
   * An agent hears of each new ticket in their groups at once, but of further new tickets within
   * this many seconds of that mail in one digest at the window's end (0: every one at once).
   */
  agentDigestSeconds: number;
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
  if (value === undefined || value.trim() === '') return { count: 30, seconds: 600 };
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  const [count, seconds] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
  if (count < 1 || seconds < 1) throw new Error(`ANLAUF_MAIL_SENDER_LIMIT must be mails/seconds such as 30/600, got "${value}"`);
  return { count, seconds };
}

/**
 * A numeric setting: unset or empty gives `fallback`; anything else must be a number in the
 * range (a whole one unless `fraction`), or the process does not start and says why. It used to
 * fall back silently, so a typo (ANLAUF_DB_POOL=1O) ran with the default, and one in a setting
 * where 0 means off turned the feature off.
 */
function numberSetting(env: NodeJS.ProcessEnv, name: string, fallback: number, range: { min: number; max?: number; fraction?: boolean }): number {
  const value = env[name];
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value.trim());
  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  if (!Number.isFinite(n) || n < range.min || n > max || (!range.fraction && !Number.isInteger(n))) {
    const kind = range.fraction ? 'a number' : 'a whole number';
    throw new Error(`${name} must be ${kind} from ${range.min}${range.max === undefined ? ' up' : ` to ${range.max}`}, got "${value}"`);
  }
  return n;
}

function intOrUndefined(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number, got "${value}"`);
  return n;
}

/**
 * Sets what a .env file in the working directory says and the environment does not. dotenv is
 * loaded only when there is such a file: an MTA's pipe delivery pays for every module it loads.
 */
function readDotenvFile(): void {
  if (!fs.existsSync('.env')) return;
  (createRequire(import.meta.url)('dotenv') as typeof dotenv).config({ quiet: true });
}

/** Reads the environment (and a .env file in the working directory). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: { readDotenv?: boolean } = {}): Config {
  if (options.readDotenv !== false) readDotenvFile();
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
    maxAttachmentBytes: numberSetting(env, 'ANLAUF_MAX_ATTACHMENT_BYTES', 20 * 1024 * 1024, { min: 1 }),
    logLevel: env.LOG_LEVEL || 'info',
    // ANLAUF_MAIL_REOPEN_DAYS is the older name of the same setting.
    reopenDays:
      env.ANLAUF_REOPEN_DAYS?.trim() || !env.ANLAUF_MAIL_REOPEN_DAYS
        ? numberSetting(env, 'ANLAUF_REOPEN_DAYS', 14, { min: 0, max: 3650 })
        : numberSetting(env, 'ANLAUF_MAIL_REOPEN_DAYS', 14, { min: 0, max: 3650 }),
    loginRateLimit: numberSetting(env, 'ANLAUF_LOGIN_RATE_LIMIT', 10, { min: 1 }),
    loginClientFailureLimit: numberSetting(env, 'ANLAUF_LOGIN_CLIENT_FAILURE_LIMIT', 30, { min: 1 }),
    trustProxy: env.ANLAUF_TRUST_PROXY === '1',
    dbPool: numberSetting(env, 'ANLAUF_DB_POOL', 10, { min: 1, max: 1000 }),
    backpressureEvents: numberSetting(env, 'ANLAUF_BACKPRESSURE_EVENTS', 2000, { min: 0 }),
    backpressureJobLagSeconds: numberSetting(env, 'ANLAUF_BACKPRESSURE_JOB_LAG', 5, { min: 0, max: 3600, fraction: true }),
    pgPrepare: env.ANLAUF_PG_PREPARE !== '0',
    sqliteCheckpointThread: env.ANLAUF_SQLITE_CHECKPOINT_THREAD !== '0',
    mailParseThread: env.ANLAUF_MAIL_PARSE_THREAD !== '0',
    jobLockSeconds: numberSetting(env, 'ANLAUF_JOB_LOCK_SECONDS', 120, { min: 1 }),
    workerConcurrency: numberSetting(env, 'ANLAUF_WORKER_CONCURRENCY', 0, { min: 1, max: 1000 }) || undefined,
    sseHeartbeatMs: numberSetting(env, 'ANLAUF_SSE_HEARTBEAT_MS', 20_000, { min: 100 }),
    webDistDir: env.ANLAUF_WEB_DIST || undefined,
    receiptArticles: env.ANLAUF_RECEIPT_ARTICLES !== '0',
    agentDigestSeconds: numberSetting(env, 'ANLAUF_AGENT_DIGEST_SECONDS', 60, { min: 0, max: 86_400 }),
    ...mailTrustOf(env),
    smtpHost: env.ANLAUF_SMTP_HOST || env.HOST || '127.0.0.1',
    smtpMaxBytes: numberSetting(env, 'ANLAUF_SMTP_MAX_BYTES', 50 * 1024 * 1024, { min: 1024 }),
    smtpTlsKeyFile: env.ANLAUF_SMTP_TLS_KEY || undefined,
    smtpTlsCertFile: env.ANLAUF_SMTP_TLS_CERT || undefined,
    mailSenderLimit: senderLimitOf(env.ANLAUF_MAIL_SENDER_LIMIT),
    mailMaxAttachmentsBytes: numberSetting(env, 'ANLAUF_MAIL_MAX_ATTACHMENTS_BYTES', 50 * 1024 * 1024, { min: 1 }),
    webhookAllowPrivate: env.ANLAUF_WEBHOOK_ALLOW_PRIVATE === '1',
  };
}
