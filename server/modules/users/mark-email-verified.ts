import { type Executor, nowIso } from '../../platform/db/database.ts';
import { organisationForAddress } from './organisation-for-address.ts';

/**
 * The user proved they receive mail at `email` (a confirmation or reset link): the address
 * counts as verified, and a user without an organisation now joins the one of its domain.
 * Returns the organisation joined, if any.
 */
export async function markEmailVerified(db: Executor, userId: number, email: string): Promise<{ joinedOrganisationId: number | null }> {
  const user = await db.selectFrom('users').select(['email', 'organisation_id', 'role']).where('id', '=', userId).executeTakeFirst();
  // The link proves only the address it was sent to.
  if (!user || user.email !== email) return { joinedOrganisationId: null };
  const joined = user.organisation_id === null && user.role === 'customer' ? await organisationForAddress(db, email, { verified: true }) : null;
  await db
    .updateTable('users')
    .set({ email_verified: 1, ...(joined !== null ? { organisation_id: joined } : {}), updated_at: nowIso() })
    .where('id', '=', userId)
    .execute();
  return { joinedOrganisationId: joined };
}
