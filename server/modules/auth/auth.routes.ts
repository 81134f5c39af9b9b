import { AppError } from '../../platform/errors.ts';
import { normaliseEmail } from './email-address.ts';
import type { App, Deps } from '../../platform/http/context.ts';
import { requireActor, SESSION_COOKIE } from './auth-plugin.ts';
import { verifyPassword } from './passwords.ts';
import { createSession, deleteSession, loadActor, type Actor } from './auth.queries.ts';
import { loginBody, meResponse } from '../../../shared/contracts/auth.ts';

function presentMe(actor: Actor, csrfToken: string | null) {
  const { id, email, name, role, locale, timeZone, organisationId, groupIds } = actor;
  return { user: { id, email, name, role, locale, timeZone, organisationId, groupIds }, csrfToken };
}

export async function authRoutes(app: App, deps: Deps): Promise<void> {
  app.post(
    '/auth/login',
    {
      schema: { tags: ['auth'], summary: 'Sign in with e-mail and password (sets a session cookie)', body: loginBody, response: { 200: meResponse } },
      config: {
        public: true,
        // Per address and per account: slows both password spraying and guessing one account.
        rateLimit: {
          // After body parsing, so that the key can include the e-mail address.
          hook: 'preHandler',
          max: Number(process.env.ANLAUF_LOGIN_RATE_LIMIT) || 10,
          timeWindow: '1 minute',
          keyGenerator: (request) => `${request.ip}|${normaliseEmail(String((request.body as { email?: unknown } | undefined)?.email ?? ''))}`,
        },
      },
    },
    async (request, reply) => {
      const email = normaliseEmail(request.body.email);
      const user = await deps.db.selectFrom('users').select(['id', 'password_hash', 'active']).where('email', '=', email).executeTakeFirst();
      // Verify even for unknown users so the answer time does not reveal which addresses exist.
      const ok = await verifyPassword(request.body.password, user?.password_hash ?? 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
      if (!user || !ok || !user.active) throw new AppError('not_signed_in', 'The e-mail address or the password is wrong.');
      const session = await createSession(deps.db, user.id);
      const actor = await loadActor(deps.db, user.id, 'session', session.csrfToken);
      if (!actor) throw new AppError('not_signed_in', 'This account is deactivated.');
      void reply.setCookie(SESSION_COOKIE, session.sessionId, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: deps.config.secureCookies,
        expires: new Date(session.expiresAt),
      });
      return presentMe(actor, session.csrfToken);
    },
  );

  app.post('/auth/logout', { config: { public: true }, schema: { tags: ['auth'], summary: 'Sign out (ends the session)' } }, async (request, reply) => {
    const sessionId = request.cookies[SESSION_COOKIE];
    if (sessionId) await deleteSession(deps.db, sessionId);
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get('/auth/me', { schema: { tags: ['auth'], summary: 'The signed-in user and the CSRF token for writes', response: { 200: meResponse } } }, async (request) => {
    const actor = requireActor(request);
    return presentMe(actor, actor.csrfToken);
  });
}
