import { type Db, type Dialect, nowIso } from '../../platform/db/database.ts';
import { enqueue } from '../../platform/jobs/queue.ts';
import { messageIdOf } from './parse-mail.ts';

export const INTAKE_MAIL_JOB = 'mail.intake';

export interface InboundEnvelope {
  source: 'smtp' | 'imap' | 'api';
  envelopeFrom?: string | undefined;
  envelopeTo?: string[] | undefined;
}

/**
 * The durable first step of intake, shared by SMTP and IMAP: the raw bytes and the job that
 * will turn them into a ticket or reply are committed together. Only after this returns may
 * the SMTP server answer 250 or the IMAP poller flag the message. A Message-ID seen before is
 * acknowledged and dropped.
 */
export async function storeInboundMail(db: Db, _dialect: Dialect, raw: Buffer, envelope: InboundEnvelope): Promise<{ stored: true; id: number } | { stored: false; duplicateOf: number }> {
  const messageId = messageIdOf(raw);
  const mdb = db;
  return mdb.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('inbound_mails')
      .values({
        message_id: messageId,
        source: envelope.source,
        envelope_from: envelope.envelopeFrom ?? null,
        envelope_to: envelope.envelopeTo?.join(', ') ?? null,
        raw,
        size: raw.length,
        status: 'received',
        received_at: nowIso(),
      })
      .onConflict((oc) => oc.column('message_id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) {
      const existing = await trx.selectFrom('inbound_mails').select('id').where('message_id', '=', messageId).executeTakeFirstOrThrow();
      return { stored: false as const, duplicateOf: existing.id };
    }
    await enqueue(trx, INTAKE_MAIL_JOB, { inboundId: inserted.id }, { maxAttempts: 10 });
    return { stored: true as const, id: inserted.id };
  });
}
