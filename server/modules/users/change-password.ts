import type { Executor } from '../../platform/db/database.ts';
import { nowIso } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { hashSecret } from '../auth/tokens.ts';

/**
 * Sets a new password after checking the current one, and ends every other session of the
 * user, so that whoever else knew the old password is signed out. `keepSessionId` is the
 * caller's own session (from the cookie), which stays signed in.
 */
export async function changePassword(db: Executor, userId: number, input: { currentPassword: string; newPassword: string; keepSessionId?: string | undefined }): Promise<void> {
  const user = await db.selectFrom('users').select(['id', 'password_hash']).where('id', '=', userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(input.currentPassword, user.password_hash))) {
    throw new AppError('invalid_input', 'The current password is wrong.', { fields: { currentPassword: 'Wrong password.' } });
  }
  await db.updateTable('users').set({ password_hash: await hashPassword(input.newPassword), updated_at: nowIso() }).where('id', '=', userId).execute();
  let end = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (input.keepSessionId) end = end.where('id', '<>', hashSecret(input.keepSessionId));
  await end.execute();
}
