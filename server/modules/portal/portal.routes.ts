/**
 * Requester portal, under /api/v1:
 *   GET   /settings/portal                           → 200 {signupAllowed}            (public)
 *   PATCH /settings/portal {signupAllowed?}          → 200 {signupAllowed}            (admins)
 *   POST  /auth/signup {email, name, password, locale?} → 202 {status:"accepted"} whether the address is new or taken
 *                                                    (public, rate-limited; 403 while sign-up is off). A new address
 *                                                    gets a confirmation link, a taken one a mail saying so; the new
 *                                                    account signs in with POST /auth/login.
 *   POST  /auth/verify-email {token}                 → 200 {status:"verified", organisationId}; 400 for an invalid, used
 *                                                    or expired token (public: the link may open in another browser)
 *   POST  /auth/verify-email/resend                  → 202 {status:"accepted"} (signed in, unconfirmed; rate-limited)
 *   POST  /auth/password-reset {email}               → 202 {status:"accepted"} whatever the address (public, rate-limited)
 *   POST  /auth/password-reset/confirm {token, password} → 204; 400 for an invalid, used or expired token (public)
 * Mails link to `${publicUrl}/reset-password?token=…` and `${publicUrl}/verify-email?token=…`.
 */
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.ts';
import type { App, Deps } from '../../platform/http/context.ts';
import { requireActor, requireAdmin } from '../auth/auth-plugin.ts';
import { auditOrigin, recordAudit } from '../../platform/audit/record-audit.ts';
import { confirmEmailVerification, sendVerificationMail } from './email-verification.ts';
import { confirmPasswordReset, requestPasswordReset } from './password-reset.ts';
import { loadPortalSettings, savePortalSettings } from './portal-settings.ts';
import {
  acceptedSchema,
  emailVerifiedSchema,
  passwordResetBody,
  passwordResetConfirmBody,
  portalSettingsSchema,
  signupBody,
  updatePortalSettingsBody,
  verifyEmailBody,
} from '../../../shared/contracts/portal.ts';
import { signUp } from './sign-up.ts';

export async function portalRoutes(app: App, deps: Deps): Promise<void> {
  /**
   * Like the login limit, but per client address only: sign-ups and mails must not be
   * mass-produced by varying the e-mail address.
   */
  const rateLimit = { max: deps.config.loginRateLimit, timeWindow: '1 minute', keyGenerator: (request: FastifyRequest) => request.ip };
  const accepted = { status: 'accepted' as const };

  app.get('/settings/portal', { config: { public: true }, schema: { tags: ['portal'], summary: 'What the portal offers (public)', response: { 200: portalSettingsSchema } } }, async () =>
    loadPortalSettings(deps.db),
  );

  app.patch(
    '/settings/portal',
    { schema: { tags: ['portal'], summary: 'Change the portal settings (admins)', body: updatePortalSettingsBody, response: { 200: portalSettingsSchema } } },
    async (request) => {
      requireAdmin(request);
      return deps.db.transaction().execute(async (trx) => {
        const before = await loadPortalSettings(trx);
        const after = await savePortalSettings(trx, request.body);
        if (before.signupAllowed !== after.signupAllowed) {
          await recordAudit(trx, {
            ...auditOrigin(request),
            action: 'portal.signup_changed',
            target: { type: 'settings', label: 'portal' },
            details: { from: before.signupAllowed, to: after.signupAllowed },
          });
        }
        return after;
      });
    },
  );

  app.post(
    '/auth/signup',
    {
      config: { public: true, rateLimit },
      schema: { tags: ['auth'], summary: 'Create a requester account (where the admin allows it); the same answer for new and taken addresses', body: signupBody, response: { 202: acceptedSchema } },
    },
    async (request, reply) => {
      await signUp(deps.db, deps.config, request.body, request.ip);
      return reply.status(202).send(accepted);
    },
  );

  app.post(
    '/auth/verify-email',
    {
      config: { public: true, rateLimit },
      schema: { tags: ['auth'], summary: 'Confirm an e-mail address with the token from the sign-up mail', body: verifyEmailBody, response: { 200: emailVerifiedSchema } },
    },
    async (request) => {
      const { organisationId } = await confirmEmailVerification(deps.db, request.body.token, request.ip);
      return { status: 'verified' as const, organisationId };
    },
  );

  app.post(
    '/auth/verify-email/resend',
    {
      config: { rateLimit: { ...rateLimit, max: 3, keyGenerator: (request: FastifyRequest) => `verify|${request.actor?.id ?? request.ip}` } },
      schema: { tags: ['auth'], summary: 'Send the confirmation link again (signed in, address not yet confirmed)', response: { 202: acceptedSchema } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      if (actor.emailVerified) throw new AppError('conflict', 'Your e-mail address is already confirmed.');
      await deps.db.transaction().execute((trx) => sendVerificationMail(trx, deps.config, actor));
      return reply.status(202).send(accepted);
    },
  );

  app.post(
    '/auth/password-reset',
    {
      config: { public: true, rateLimit },
      schema: { tags: ['auth'], summary: 'Mail a password-reset link (always 202, known address or not)', body: passwordResetBody, response: { 202: acceptedSchema } },
    },
    async (request, reply) => {
      await requestPasswordReset(deps.db, deps.config, request.body.email, request.ip);
      return reply.status(202).send(accepted);
    },
  );

  app.post(
    '/auth/password-reset/confirm',
    {
      config: { public: true, rateLimit },
      schema: { tags: ['auth'], summary: 'Set a new password with the token from the reset mail; every session and API token of the account ends', body: passwordResetConfirmBody },
    },
    async (request, reply) => {
      await confirmPasswordReset(deps.db, request.body.token, request.body.password, request.ip);
      return reply.status(204).send();
    },
  );
}
