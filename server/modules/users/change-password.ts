import type { Executor } from '../../platform/db/database.ts';
import { nowIso } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { endSignIns } from '../auth/auth.queries.ts';

/**
 * Sets a new password after checking the current one, ends every other session of the user
 * and revokes their API tokens, so that whoever else knew the old password loses access.
 * `keepSessionId` is the caller's own session (from the cookie), which stays signed in.
 */
export async function changePassword(db: Executor, userId: number, input: { currentPassword: string; newPassword: string; keepSessionId?: string | undefined }): Promise<{ revokedTokens: number }> {
  const user = await db.selectFrom('users').select(['id', 'password_hash', 'must_change_password']).where('id', '=', userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(input.currentPassword, user.password_hash))) {
    throw new AppError('invalid_input', 'The current password is wrong.', { fields: { currentPassword: 'Wrong password.' } });
  }
  if (user.must_change_password === 1 && input.newPassword === input.currentPassword) {
    throw new AppError('invalid_input', 'Choose a password of your own, not the generated one.', { fields: { newPassword: 'Same as the generated password.' } });
  }
  await db
    .updateTable('users')
    .set({ password_hash: await hashPassword(input.newPassword), must_change_password: 0, updated_at: nowIso() })
    .where('id', '=', userId)
    .execute();
  return endSignIns(db, userId, { keepSessionId: input.keepSessionId });
}
