import type { Db } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { type IntakeOptions, type IntakeOutcome, parkInboundMail, processInboundMail } from './process-inbound-mail.ts';

/** What an admin may process again: what intake set aside without making anything of it. */
export const REPROCESSABLE = ['ignored', 'rate_limited', 'held', 'failed'] as const;

/**
 * An admin's "process again" (POST /admin/inbound-mails/:id/reprocess): the mail goes through
 * intake once more, forced, so bulk, automatic and rate-limited mail becomes a ticket where it
 * answers none. It runs in the request (the admin sees the result at once); the sender
 * verification made when the mail arrived is reused. A failure parks it as 'failed' again.
 */
export async function reprocessInboundMail(db: Db, inboundId: number, options: IntakeOptions): Promise<IntakeOutcome> {
  const row = await db.selectFrom('inbound_mails').select(['id', 'status', 'sender_verified', 'auth_results']).where('id', '=', inboundId).executeTakeFirst();
  if (!row) throw notFound(`Inbound mail ${inboundId}`);
  if (!(REPROCESSABLE as readonly string[]).includes(row.status)) {
    throw new AppError(
      'conflict',
      `This mail was ${row.status === 'processed' ? 'already turned into a ticket or reply' : row.status === 'duplicate' ? 'a duplicate of another' : 'not processed yet'}; only ignored or failed mail can be processed again.`,
    );
  }
  const reset = await db.updateTable('inbound_mails').set({ status: 'received', outcome: null, failure_reason: null }).where('id', '=', inboundId).where('status', '=', row.status).executeTakeFirst();
  if (Number(reset.numUpdatedRows) !== 1) throw new AppError('conflict', 'This mail is being processed already.');
  const knownCheck = row.sender_verified === null ? undefined : { verified: row.sender_verified === 1, summary: row.auth_results ?? '' };
  try {
    return await processInboundMail(db, inboundId, options, { force: true, knownCheck });
  } catch (error) {
    await parkInboundMail(db, inboundId, 'failed', `Processing again failed: ${error instanceof Error ? error.message : String(error)}`);
    return 'failed';
  }
}
