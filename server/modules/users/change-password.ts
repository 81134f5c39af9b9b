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
  const user = await db.selectFrom('users').select(['id', 'password_hash']).where('id', '=', userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(input.currentPassword, user.password_hash))) {
    throw new AppError('invalid_input', 'The current password is wrong.', { fields: { currentPassword: 'Wrong password.' } });
  }
  await db
    .updateTable('users')
    .set({ password_hash: await hashPassword(input.newPassword), updated_at: nowIso() })
    .where('id', '=', userId)
    .execute();
  return endSignIns(db, userId, { keepSessionId: input.keepSessionId });
}
