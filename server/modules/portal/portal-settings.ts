import type { Executor } from '../../platform/db/database.ts';

/** Portal settings live in the `settings` key/value table under these keys. */
const SIGNUP_ALLOWED = 'portal.signup_allowed';

export interface PortalSettings {
  /** Requesters may create their own account (off until an admin allows it). */
  signupAllowed: boolean;
}

export async function loadPortalSettings(db: Executor): Promise<PortalSettings> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', SIGNUP_ALLOWED).executeTakeFirst();
  return { signupAllowed: row?.value === '1' };
}

export async function savePortalSettings(db: Executor, changes: Partial<PortalSettings>): Promise<PortalSettings> {
  if (changes.signupAllowed !== undefined) {
    const value = changes.signupAllowed ? '1' : '0';
    await db
      .insertInto('settings')
      .values({ key: SIGNUP_ALLOWED, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
  }
  return loadPortalSettings(db);
}
