import type { Config } from '../../platform/config.ts';
import { type Db, type Executor, nowIso } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { hashSecret, newSecret } from '../auth/tokens.ts';
import { recordAudit } from '../../platform/audit/record-audit.ts';
import { queueMail } from '../mail/outgoing-mail.ts';
import { markEmailVerified } from '../users/mark-email-verified.ts';

const VERIFICATION_VALID_MS = 24 * 60 * 60 * 1000;

function verificationMail(locale: string | null, name: string, link: string): { subject: string; text: string } {
  if (locale === 'en') {
    return {
      subject: 'Confirm your e-mail address',
      text: `Hello ${name},\n\nplease confirm that this is your address by opening this link within 24 hours:\n\n${link}\n\nUntil then you see only your own requests. If you did not create an account, ignore this e-mail.\n`,
    };
  }
  return {
    subject: 'E-Mail-Adresse bestätigen',
    text: `Hallo ${name},\n\nbitte bestätigen Sie innerhalb von 24 Stunden mit diesem Link, dass dies Ihre Adresse ist:\n\n${link}\n\nBis dahin sehen Sie nur Ihre eigenen Anfragen. Falls Sie kein Konto angelegt haben, ignorieren Sie diese E-Mail.\n`,
  };
}

/**
 * Stores the hash of a single-use token (valid 24 hours) for the user's current address and
 * queues the link by mail, in the caller's transaction.
 */
export async function sendVerificationMail(db: Executor, config: Pick<Config, 'publicUrl'>, user: { id: number; email: string; name: string; locale: string | null }): Promise<void> {
  const token = newSecret();
  const now = new Date();
  await db
    .insertInto('email_verifications')
    .values({ token_hash: hashSecret(token), user_id: user.id, email: user.email, created_at: now.toISOString(), expires_at: new Date(now.getTime() + VERIFICATION_VALID_MS).toISOString() })
    .execute();
  const { subject, text } = verificationMail(user.locale, user.name, `${config.publicUrl}/verify-email?token=${encodeURIComponent(token)}`);
  await queueMail(db, { to: user.email, subject, text, headers: { 'Auto-Submitted': 'auto-generated' } });
}

/**
 * Follows a confirmation link: the address counts as verified and joins the organisation of
 * its domain. A used, expired or unknown token is a 400 that says so.
 */
export async function confirmEmailVerification(db: Db, token: string, clientIp: string): Promise<{ userId: number; organisationId: number | null }> {
  return db.transaction().execute(async (trx) => {
    const now = nowIso();
    const invalid = new AppError('invalid_input', 'This confirmation link is invalid, used or expired. Sign in and ask for a new one.', { fields: { token: 'Invalid, used or expired.' } });
    const row = await trx
      .selectFrom('email_verifications')
      .select(['token_hash', 'user_id', 'email'])
      .where('token_hash', '=', hashSecret(token))
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    if (!row) throw invalid;
    // Only one of two concurrent confirmations with the same token may win.
    const claimed = await trx.updateTable('email_verifications').set({ used_at: now }).where('token_hash', '=', row.token_hash).where('used_at', 'is', null).executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw invalid;
    await trx.updateTable('email_verifications').set({ used_at: now }).where('user_id', '=', row.user_id).where('used_at', 'is', null).execute();
    const user = await trx.selectFrom('users').select(['email', 'active']).where('id', '=', row.user_id).executeTakeFirst();
    if (!user || !user.active || user.email !== row.email) throw invalid;
    const { joinedOrganisationId } = await markEmailVerified(trx, row.user_id, row.email);
    await recordAudit(trx, {
      action: 'auth.email_verified',
      actorId: row.user_id,
      clientIp,
      target: { type: 'user', id: row.user_id, label: row.email },
      details: { joinedOrganisationId },
    });
    const after = await trx.selectFrom('users').select('organisation_id').where('id', '=', row.user_id).executeTakeFirstOrThrow();
    return { userId: row.user_id, organisationId: after.organisation_id };
  });
}
