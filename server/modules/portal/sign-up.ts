import type { Config } from '../../platform/config.ts';
import type { Db, Executor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { hashPassword } from '../auth/passwords.ts';
import { recordAudit } from '../../platform/audit/record-audit.ts';
import { queueMail } from '../mail/outgoing-mail.ts';
import { createUser, normaliseEmail } from '../users/create-user.ts';
import { isUniqueViolation } from '../../platform/db/constraint-violations.ts';
import { sendVerificationMail } from './email-verification.ts';
import { loadPortalSettings } from './portal-settings.ts';
import type { SignupBody } from '../../../shared/contracts/portal.ts';

function addressTakenMail(locale: string | null, name: string, publicUrl: string): { subject: string; text: string } {
  if (locale === 'en') {
    return {
      subject: 'Someone tried to sign up with your address',
      text: `Hello ${name},\n\nsomeone (perhaps you) tried to create a helpdesk account with this e-mail address. You already have an account.\n\nSign in: ${publicUrl}/login\nForgot your password? Reset it here: ${publicUrl}/password-reset\n\nIf this was not you, you need not do anything; nothing was changed.\n`,
    };
  }
  return {
    subject: 'Registrierung mit Ihrer Adresse versucht',
    text: `Hallo ${name},\n\njemand (vielleicht Sie) wollte mit dieser E-Mail-Adresse ein Helpdesk-Konto anlegen. Sie haben bereits ein Konto.\n\nAnmelden: ${publicUrl}/login\nPasswort vergessen? Hier zurücksetzen: ${publicUrl}/password-reset\n\nFalls Sie das nicht waren, müssen Sie nichts tun; es wurde nichts geändert.\n`,
  };
}

/**
 * A requester creates their own customer account (only while the admin allows sign-up).
 * The answer is the same whether the address is new or taken, so sign-up cannot tell anyone
 * which addresses have accounts: a new address gets a confirmation link, a taken one a mail
 * saying so. Until the link is followed the account sees only its own requests; only then
 * does it join the organisation of its mail domain.
 */
export async function signUp(db: Db, config: Pick<Config, 'publicUrl'>, input: SignupBody, clientIp: string): Promise<void> {
  // Hash in both cases, so that the answer takes as long for a taken address as for a new one.
  const passwordHash = await hashPassword(input.password);
  const email = normaliseEmail(input.email);
  try {
    await db.transaction().execute(async (trx) => {
      if (!(await loadPortalSettings(trx)).signupAllowed) throw new AppError('forbidden', 'Sign-up is not open here. Please ask the helpdesk for an account.');
      const existing = await trx.selectFrom('users').select(['id', 'name', 'locale', 'active']).where('email', '=', email).executeTakeFirst();
      if (existing) {
        await tellOwner(trx, config, { ...existing, email }, clientIp);
        return;
      }
      const { user } = await createUser(trx, { email, name: input.name, role: 'customer', locale: input.locale, organisationId: null, emailVerified: false });
      await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', user.id).execute();
      await sendVerificationMail(trx, config, user);
      await recordAudit(trx, { action: 'auth.signed_up', actorId: null, clientIp, target: { type: 'user', id: user.id, label: email } });
    });
  } catch (error) {
    // Two sign-ups with one address at once: the loser answers like any taken address.
    if (!isUniqueViolation(error)) throw error;
  }
}

async function tellOwner(db: Executor, config: Pick<Config, 'publicUrl'>, owner: { id: number; name: string; locale: string | null; active: number; email: string }, clientIp: string): Promise<void> {
  await recordAudit(db, { action: 'auth.signed_up', actorId: null, clientIp, target: { type: 'user', id: owner.id, label: owner.email }, details: { addressTaken: true } });
  if (!owner.active) return;
  const { subject, text } = addressTakenMail(owner.locale, owner.name, config.publicUrl);
  await queueMail(db, { to: owner.email, subject, text, headers: { 'Auto-Submitted': 'auto-generated' } });
}
