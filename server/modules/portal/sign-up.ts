import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { createUser, normaliseEmail } from '../users/create-user.ts';
import { loadPortalSettings } from './portal-settings.ts';
import type { SignupBody } from '../../../shared/contracts/portal.ts';

/**
 * A requester creates their own customer account (only while the admin allows sign-up).
 * The organisation is the one whose mail domain matches the address, if any.
 */
export async function signUp(db: Db, input: SignupBody): Promise<{ userId: number }> {
  return db.transaction().execute(async (trx) => {
    if (!(await loadPortalSettings(trx)).signupAllowed) throw new AppError('forbidden', 'Sign-up is not open here. Please ask the helpdesk for an account.');
    const email = normaliseEmail(input.email);
    const domain = email.split('@')[1] ?? '';
    const organisation = await trx
      .selectFrom('organisations')
      .select('id')
      .where((eb) => eb.or([eb(eb.fn('lower', ['domain']), '=', domain), eb(eb.fn('lower', ['domain']), '=', `@${domain}`)]))
      .orderBy('id')
      .executeTakeFirst();
    const { user } = await createUser(trx, { email, name: input.name, role: 'customer', password: input.password, locale: input.locale, organisationId: organisation?.id ?? null });
    return { userId: user.id };
  });
}
