import crypto from 'node:crypto';
import type { Transaction } from 'kysely';
import { type Db, type Dialect, nowIso } from '../../platform/db/database.ts';
import type { Database } from '../../platform/db/schema.ts';
import { enqueue } from '../../platform/jobs/queue.ts';
import { headerLimitExceeded } from './header-limits.ts';
import { messageIdOf } from './raw-headers.ts';

export const INTAKE_MAIL_JOB = 'mail.intake';
/** Marks the Message-ID of a duplicate's row (see below). */
export const DUPLICATE_SUFFIX = '#duplicate-';

export interface InboundEnvelope {
  source: 'smtp' | 'imap' | 'api';
  envelopeFrom?: string | undefined;
  envelopeTo?: string[] | undefined;
  /** The SMTP client's address and EHLO name, for SPF. */
  clientIp?: string | undefined;
  clientHelo?: string | undefined;
}

/**
 * Attempts of the intake job; after the last one the mail is parked as 'failed' for an admin. A
 * claim counts as an attempt, so a worker that stops while it runs the job (a restart, a crash)
 * uses one up too: eight, as other jobs have, rather than the five that repeated kills used up.
 */
export const INTAKE_MAX_ATTEMPTS = 8;

/**
 * The durable first step of intake, shared by SMTP and IMAP: the raw bytes and the job that
 * will turn them into a ticket or reply are committed together. Only after this returns may
 * the SMTP server answer 250 or the IMAP poller flag the message. A Message-ID seen before is
 * acknowledged and dropped. A mail beyond the header limits (IMAP and imports cannot refuse it
 * the way SMTP does) is kept but parked as 'failed' without a job, for an admin to look at.
 */
export async function storeInboundMail(db: Db, _dialect: Dialect, raw: Buffer, envelope: InboundEnvelope): Promise<StoreResult> {
  return db.transaction().execute((trx) => storeInTransaction(trx, raw, envelope));
}

export type StoreResult = { stored: true; id: number } | { stored: false; duplicateOf: number };

/** storeInboundMail's work inside a transaction the caller commits (see store-batch.ts for several at once). */
export async function storeInTransaction(trx: Transaction<Database>, raw: Buffer, envelope: InboundEnvelope): Promise<StoreResult> {
  const messageId = messageIdOf(raw);
  const tooLarge = headerLimitExceeded(raw);
  const inserted = await trx
    .insertInto('inbound_mails')
    .values({
      message_id: messageId,
      source: envelope.source,
      envelope_from: envelope.envelopeFrom ?? null,
      envelope_to: envelope.envelopeTo?.join(', ') ?? null,
      raw,
      size: raw.length,
      status: tooLarge ? 'failed' : 'received',
      failure_reason: tooLarge ?? null,
      client_ip: envelope.clientIp ?? null,
      client_helo: envelope.clientHelo ?? null,
      received_at: nowIso(),
    })
    .onConflict((oc) => oc.column('message_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) {
    const existing = await trx.selectFrom('inbound_mails').select(['id', 'ticket_id', 'subject', 'from_address']).where('message_id', '=', messageId).executeTakeFirstOrThrow();
    // Listed for admins as a duplicate (without its bytes: the first copy has them). The
    // Message-ID column is unique, so this row's carries a suffix the admin list removes.
    await trx
      .insertInto('inbound_mails')
      .values({
        message_id: `${messageId}${DUPLICATE_SUFFIX}${crypto.randomUUID()}`,
        source: envelope.source,
        envelope_from: envelope.envelopeFrom ?? null,
        envelope_to: envelope.envelopeTo?.join(', ') ?? null,
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
      })
      .execute();
    return { stored: false as const, duplicateOf: existing.id };
  }
  if (!tooLarge) await enqueue(trx, INTAKE_MAIL_JOB, { inboundId: inserted.id }, { maxAttempts: INTAKE_MAX_ATTEMPTS });
  return { stored: true as const, id: inserted.id };
}
