import type { Executor } from '../../platform/db/database.ts';
import { nowIso } from '../../platform/db/database.ts';

/** A user's API tokens that still work, oldest first (never the hash). */
export async function listActiveTokens(db: Executor, userId: number) {
  return db.selectFrom('api_tokens').select(['id', 'name', 'created_at', 'last_used_at']).where('user_id', '=', userId).where('revoked_at', 'is', null).orderBy('id').execute();
}

/** Revokes one of the user's tokens; false when there is no such working token of theirs. */
export async function revokeToken(db: Executor, userId: number, tokenId: number): Promise<boolean> {
  const result = await db.updateTable('api_tokens').set({ revoked_at: nowIso() }).where('id', '=', tokenId).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
