import crypto from 'node:crypto';
import type { Insertable } from 'kysely';
import { nowIso } from '../../platform/db/now.ts';
import type { RawSql } from '../../platform/db/raw-sql.ts';
import type { Database } from '../../platform/db/schema.ts';
import { jobRow } from '../../platform/jobs/job-row.ts';
import { headerLimitExceeded } from './header-limits.ts';
import { messageIdOf } from './raw-headers.ts';

export const INTAKE_MAIL_JOB = 'mail.intake';
/** Marks the Message-ID of a duplicate's row (see below). */
export const DUPLICATE_SUFFIX = '#duplicate-';

/**
 * Attempts of the intake job; after the last one the mail is parked as 'failed' for an admin. A
 * claim counts as an attempt, so a worker that stops while it runs the job (a restart, a crash)
 * uses one up too: eight, as other jobs have, rather than the five that repeated kills used up.
 */
export const INTAKE_MAX_ATTEMPTS = 8;

export interface InboundEnvelope {
  source: 'smtp' | 'imap' | 'api';
  envelopeFrom?: string | undefined;
  envelopeTo?: string[] | undefined;
  /** The SMTP client's address and EHLO name, for SPF. */
  clientIp?: string | undefined;
  clientHelo?: string | undefined;
}

export type StoreResult = { stored: true; id: number } | { stored: false; duplicateOf: number };

/**
 * The durable first step of intake, shared by SMTP, IMAP and pipe delivery, inside a transaction
 * the caller commits: the raw bytes and the job that will turn them into a ticket or reply are
 * committed together. Only after the commit may the SMTP server answer 250, the IMAP poller flag
 * the message or `anlauf mail import` exit 0. A Message-ID seen before is acknowledged and
 * dropped. A mail beyond the header limits (IMAP and imports cannot refuse it the way SMTP does)
 * is kept but parked as 'failed' without a job, for an admin to look at.
 *
 * Written as text (raw-sql.ts) rather than with Kysely, so that pipe delivery, which starts a
 * process per mail, need not load Kysely; the server runs the same statements on its pool
 * (store-inbound-mail.ts).
 */
export async function storeRawMail(sql: RawSql, raw: Buffer, envelope: InboundEnvelope): Promise<StoreResult> {
  const messageId = messageIdOf(raw);
  const tooLarge = headerLimitExceeded(raw);
  const envelopeColumns = {
    source: envelope.source,
    envelope_from: envelope.envelopeFrom ?? null,
    envelope_to: envelope.envelopeTo?.join(', ') ?? null,
  };
  const [inserted] = await insert(
    sql,
    'inbound_mails',
    {
      message_id: messageId,
      ...envelopeColumns,
      raw,
      size: raw.length,
      status: tooLarge ? 'failed' : 'received',
      failure_reason: tooLarge ?? null,
      client_ip: envelope.clientIp ?? null,
      client_helo: envelope.clientHelo ?? null,
      received_at: nowIso(),
    },
    ' ON CONFLICT (message_id) DO NOTHING RETURNING id',
  );
  if (!inserted) {
    const [existing] = await sql.query<{ id: number; ticket_id: number | null; subject: string | null; from_address: string | null }>(
      'SELECT id, ticket_id, subject, from_address FROM inbound_mails WHERE message_id = ?',
      [messageId],
    );
    if (!existing) throw new Error(`inbound mail ${messageId} was neither stored nor found`);
    // Listed for admins as a duplicate (without its bytes: the first copy has them). The
    // Message-ID column is unique, so this row's carries a suffix the admin list removes.
    await insert(sql, 'inbound_mails', {
      message_id: `${messageId}${DUPLICATE_SUFFIX}${crypto.randomUUID()}`,
      ...envelopeColumns,
      raw: Buffer.alloc(0),
      size: raw.length,
      status: 'duplicate',
      outcome: 'duplicate',
      from_address: existing.from_address,
      subject: existing.subject,
      ticket_id: existing.ticket_id,
      failure_reason: `Already received as inbound mail ${existing.id} (the same Message-ID).`,
      received_at: nowIso(),
      processed_at: nowIso(),
    });
    return { stored: false, duplicateOf: existing.id };
  }
  if (!tooLarge) await insert(sql, 'jobs', jobRow(INTAKE_MAIL_JOB, { inboundId: inserted.id }, { maxAttempts: INTAKE_MAX_ATTEMPTS }), ' RETURNING id');
  return { stored: true, id: inserted.id };
}

/** One row into one table; the column names come from our own code, the values are parameters. */
function insert<T extends 'inbound_mails' | 'jobs'>(sql: RawSql, table: T, row: Insertable<Database[T]>, tail = ''): Promise<Array<{ id: number }>> {
  const columns = Object.keys(row);
  const text = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})${tail}`;
  return sql.query<{ id: number }>(text, Object.values(row));
}
