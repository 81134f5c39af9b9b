/**
 * Requester portal, under /api/v1:
 *   GET   /settings/portal                           → 200 {signupAllowed}            (public)
 *   PATCH /settings/portal {signupAllowed?}          → 200 {signupAllowed}            (admins)
 *   POST  /auth/signup {email, name, password, locale?} → 200 {user, csrfToken} like /auth/login, sets the session cookie
 *                                                    (public, rate-limited; 403 while sign-up is off, 409 address taken)
 *   POST  /auth/password-reset {email}               → 202 {status:"accepted"} whatever the address (public, rate-limited)
 *   POST  /auth/password-reset/confirm {token, password} → 204; 400 for an invalid, used or expired token (public)
 * The reset mail links to `${publicUrl}/reset-password?token=…`.
 */
import type { FastifyRequest } from 'fastify';
import { createSession, loadActor } from '../auth/auth.queries.ts';
import { meResponse } from '../../../shared/contracts/auth.ts';
import { AppError } from '../../platform/errors.ts';
import type { App, Deps } from '../../platform/http/context.ts';
import { requireAdmin, SESSION_COOKIE } from '../auth/auth-plugin.ts';
import { confirmPasswordReset, requestPasswordReset } from './password-reset.ts';
import { loadPortalSettings, savePortalSettings } from './portal-settings.ts';
import { acceptedSchema, passwordResetBody, passwordResetConfirmBody, portalSettingsSchema, signupBody, updatePortalSettingsBody } from '../../../shared/contracts/portal.ts';
import { signUp } from './sign-up.ts';

/**
 * Like the login limit (10 a minute), but per address only: sign-ups and reset mails must not be
 * mass-produced by varying the e-mail address.
 */
const rateLimit = {
  max: Number(process.env.ANLAUF_LOGIN_RATE_LIMIT) || 10,
  timeWindow: '1 minute',
  keyGenerator: (request: FastifyRequest) => request.ip,
};

export async function portalRoutes(app: App, deps: Deps): Promise<void> {
  app.get('/settings/portal', { config: { public: true }, schema: { tags: ['portal'], summary: 'What the portal offers (public)', response: { 200: portalSettingsSchema } } }, async () =>
    loadPortalSettings(deps.db),
  );

  app.patch(
    '/settings/portal',
    { schema: { tags: ['portal'], summary: 'Change the portal settings (admins)', body: updatePortalSettingsBody, response: { 200: portalSettingsSchema } } },
    async (request) => {
      requireAdmin(request);
      return savePortalSettings(deps.db, request.body);
    },
  );

  app.post(
    '/auth/signup',
    { config: { public: true, rateLimit }, schema: { tags: ['auth'], summary: 'Create a requester account and sign in (where the admin allows it)', body: signupBody, response: { 200: meResponse } } },
    async (request, reply) => {
      const { userId } = await signUp(deps.db, request.body);
      const session = await createSession(deps.db, userId);
      const actor = await loadActor(deps.db, userId, 'session', session.csrfToken);
      if (!actor) throw new AppError('internal', 'The new account could not be loaded.');
      void reply.setCookie(SESSION_COOKIE, session.sessionId, { path: '/', httpOnly: true, sameSite: 'lax', secure: deps.config.secureCookies, expires: new Date(session.expiresAt) });
      const { id, email, name, role, locale, timeZone, organisationId, groupIds } = actor;
      return { user: { id, email, name, role, locale, timeZone, organisationId, groupIds }, csrfToken: session.csrfToken };
    },
  );

  app.post(
    '/auth/password-reset',
    { config: { public: true, rateLimit }, schema: { tags: ['auth'], summary: 'Mail a password-reset link (always 202, known address or not)', body: passwordResetBody, response: { 202: acceptedSchema } } },
    async (request, reply) => {
      await requestPasswordReset(deps.db, deps.config, request.body.email);
      return reply.status(202).send({ status: 'accepted' as const });
    },
  );

  app.post(
    '/auth/password-reset/confirm',
    { config: { public: true, rateLimit }, schema: { tags: ['auth'], summary: 'Set a new password with the token from the reset mail', body: passwordResetConfirmBody } },
    async (request, reply) => {
      await confirmPasswordReset(deps.db, request.body.token, request.body.password);
      return reply.status(204).send();
    },
  );
}
