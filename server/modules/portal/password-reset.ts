import type { Kysely } from 'kysely';
import type { Config } from '../../platform/config.ts';
import { type Db, type Executor, nowIso } from '../../platform/db/database.ts';
import type { Database } from '../../platform/db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { hashPassword } from '../auth/passwords.ts';
import { endSignIns } from '../auth/auth.queries.ts';
import { hashSecret, newSecret } from '../auth/tokens.ts';
import { recordAudit } from '../../platform/audit/record-audit.ts';
import { queueMail } from '../mail/outgoing-mail.ts';
import { normaliseEmail } from '../users/create-user.ts';
import { markEmailVerified } from '../users/mark-email-verified.ts';

const RESET_VALID_MS = 60 * 60 * 1000;
function resetMail(locale: string | null, name: string, link: string): { subject: string; text: string } {
  if (locale === 'en') {
    return {
      subject: 'Reset your password',
      text: `Hello ${name},\n\nsomeone (hopefully you) asked to reset the password of your helpdesk account. Choose a new password here within one hour:\n\n${link}\n\nIf you did not ask for this, ignore this e-mail; your password stays as it is.\n`,
    };
  }
  return {
    subject: 'Passwort zurücksetzen',
    text: `Hallo ${name},\n\njemand (hoffentlich Sie) möchte das Passwort Ihres Helpdesk-Kontos zurücksetzen. Wählen Sie hier innerhalb einer Stunde ein neues Passwort:\n\n${link}\n\nFalls Sie das nicht angefordert haben, ignorieren Sie diese E-Mail; Ihr Passwort bleibt unverändert.\n`,
  };
}

/**
 * Starts a password reset: for an existing, active account, stores the hash of a single-use
 * token valid for one hour and queues the link by mail in the user's language. Unknown
 * addresses do nothing, and the caller always answers the same, so addresses do not leak.
 */
export async function requestPasswordReset(db: Db, config: Pick<Config, 'publicUrl'>, email: string, clientIp: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').select(['id', 'email', 'name', 'locale', 'active']).where('email', '=', normaliseEmail(email)).executeTakeFirst();
    if (!user || !user.active) return;
    const token = newSecret();
    const now = new Date();
    await trx
      .insertInto('password_resets')
      .values({ token_hash: hashSecret(token), user_id: user.id, created_at: now.toISOString(), expires_at: new Date(now.getTime() + RESET_VALID_MS).toISOString() })
      .execute();
    const { subject, text } = resetMail(user.locale, user.name, `${config.publicUrl}/reset-password?token=${encodeURIComponent(token)}`);
    await queueMail(trx, { to: user.email, subject, text, headers: { 'Auto-Submitted': 'auto-generated' } });
    await recordAudit(trx, { action: 'auth.password_reset_requested', actorId: null, clientIp, target: { type: 'user', id: user.id, label: user.email } });
  });
}

/**
 * Sets a new password with a reset token; the token, every session and every API token of the
 * user end. The link came by mail, so the address now counts as verified.
 */
export async function confirmPasswordReset(db: Db, token: string, password: string, clientIp: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    const rdb = trx;
    const now = nowIso();
    const reset = await rdb
      .selectFrom('password_resets')
      .select(['token_hash', 'user_id'])
      .where('token_hash', '=', hashSecret(token))
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    const invalid = new AppError('invalid_input', 'This reset link is invalid, used or expired. Please ask for a new one.', { fields: { token: 'Invalid, used or expired.' } });
    if (!reset) throw invalid;
    // Only one of two concurrent confirmations with the same token may win.
    const claimed = await rdb.updateTable('password_resets').set({ used_at: now }).where('token_hash', '=', reset.token_hash).where('used_at', 'is', null).executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw invalid;
    // Other links sent before stop working too.
    await rdb.updateTable('password_resets').set({ used_at: now }).where('user_id', '=', reset.user_id).where('used_at', 'is', null).execute();
    await trx.updateTable('users').set({ password_hash: passwordHash, must_change_password: 0, updated_at: now }).where('id', '=', reset.user_id).execute();
    const { revokedTokens } = await endSignIns(trx, reset.user_id);
    const user = await trx.selectFrom('users').select('email').where('id', '=', reset.user_id).executeTakeFirstOrThrow();
    await markEmailVerified(trx, reset.user_id, user.email);
    await recordAudit(trx, { action: 'auth.password_reset', actorId: reset.user_id, clientIp, target: { type: 'user', id: reset.user_id, label: user.email }, details: { revokedTokens } });
  });
}
