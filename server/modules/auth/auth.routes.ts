import type { FastifyRequest } from 'fastify';
import { AppError, errorBodySchema } from '../../platform/errors.ts';
import { normaliseEmail } from './email-address.ts';
import type { App, Deps } from '../../platform/http/context.ts';
import { recordAudit } from '../../platform/audit/record-audit.ts';
import { requireActor, SESSION_COOKIE } from './auth-plugin.ts';
import { verifyPassword } from './passwords.ts';
import { createSession, deleteSession, findSession, loadActor, type Actor } from './auth.queries.ts';
import { hasSecondFactor, totpKey, verifySecondFactor } from './totp.queries.ts';
import { loginBody, meResponse } from '../../../shared/contracts/auth.ts';

function presentMe(actor: Actor, csrfToken: string | null) {
  const { id, email, name, role, locale, timeZone, organisationId, groupIds, emailVerified, mustChangePassword } = actor;
  return { user: { id, email, name, role, locale, timeZone, organisationId, groupIds, emailVerified, mustChangePassword }, csrfToken };
}

const tooMany = () => new AppError('rate_limited', 'Too many failed sign-ins from your network. Please wait a few minutes and try again.');
const wrongCredentials = () => new AppError('not_signed_in', 'The e-mail address or the password is wrong.');

/** Only a well-formed address goes into the audit log: a password typed into the wrong field must not. */
const loggableAddress = (email: string) => (/^[^\s@]{1,64}@[^\s@]{1,255}$/.test(email) ? email : null);

export async function authRoutes(app: App, deps: Deps): Promise<void> {
  // Password spraying tries one or two passwords on many accounts, so the per-account limit
  // below never bites. This one counts failed sign-ins per client, whichever account they
  // name; successful ones do not count, so a busy office behind one address is not locked out.
  const clientFailures = app.createRateLimit({ max: deps.config.loginClientFailureLimit, timeWindow: '15 minutes', keyGenerator: (request: FastifyRequest) => `login-failures|${request.ip}` });
  const failed = async (request: FastifyRequest, email: string, userId: number | null, reason: string) => {
    await clientFailures(request);
    await recordAudit(deps.db, {
      action: 'auth.sign_in_failed',
      actorId: null,
      clientIp: request.ip,
      target: userId !== null ? { type: 'user', id: userId, label: email } : { type: 'address', label: loggableAddress(email) },
      details: { reason },
    });
  };

  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in with e-mail and password, and the authenticator code when two-factor sign-in is on (sets a session cookie)',
        body: loginBody,
        response: {
          200: meResponse,
          401: errorBodySchema.describe('Wrong address or password (not_signed_in), or two-factor sign-in is on and the code is missing (totp_required) or wrong or used (totp_invalid)'),
        },
      },
      config: {
        public: true,
        // Per address and per account: slows guessing the password of one account.
        rateLimit: {
          // After body parsing, so that the key can include the e-mail address.
          hook: 'preHandler',
          max: deps.config.loginRateLimit,
          timeWindow: '1 minute',
          keyGenerator: (request) => `${request.ip}|${normaliseEmail(String((request.body as { email?: unknown } | undefined)?.email ?? ''))}`,
        },
      },
    },
    async (request, reply) => {
      const seen = await clientFailures(request, { increment: false });
      if (!seen.isAllowed && seen.remaining === 0) throw tooMany();
      const email = normaliseEmail(request.body.email);
      const user = await deps.db.selectFrom('users').select(['id', 'password_hash', 'active']).where('email', '=', email).executeTakeFirst();
      // Verify even for unknown users so the answer time does not reveal which addresses exist.
      const ok = await verifyPassword(request.body.password, user?.password_hash ?? 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
      if (!user || !ok || !user.active) {
        await failed(request, email, user?.id ?? null, !user ? 'unknown_address' : !ok ? 'wrong_password' : 'deactivated');
        throw wrongCredentials();
      }
      let secondFactor: 'code' | 'recovery' | null = null;
      if (await hasSecondFactor(deps.db, user.id)) {
        if (!request.body.totp) throw new AppError('totp_required', 'Enter the code from your authenticator app.');
        secondFactor = await verifySecondFactor(deps.db, totpKey(deps.config.dataDir), user.id, request.body.totp).then((r) => (r === 'invalid' ? null : r));
        // A wrong code counts like a wrong password, for this account and for the client.
        if (!secondFactor) {
          await failed(request, email, user.id, 'wrong_totp');
          throw new AppError('totp_invalid', 'The code is wrong or was used already.');
        }
      }
      const { session, actor } = await deps.db.transaction().execute(async (trx) => {
        const created = await createSession(trx, user.id);
        if (secondFactor === 'recovery') await recordAudit(trx, { action: 'auth.recovery_code_used', actorId: user.id, clientIp: request.ip, target: { type: 'user', id: user.id, label: email } });
        await recordAudit(trx, { action: 'auth.sign_in', actorId: user.id, clientIp: request.ip, target: { type: 'user', id: user.id, label: email } });
        return { session: created, actor: await loadActor(trx, user.id, 'session', created.csrfToken) };
      });
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
    if (sessionId) {
      await deps.db.transaction().execute(async (trx) => {
        const session = await findSession(trx, sessionId);
        await deleteSession(trx, sessionId);
        if (session) await recordAudit(trx, { action: 'auth.sign_out', actorId: session.user_id, clientIp: request.ip, target: { type: 'user', id: session.user_id } });
      });
    }
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get('/auth/me', { schema: { tags: ['auth'], summary: 'The signed-in user and the CSRF token for writes', response: { 200: meResponse } } }, async (request) => {
    const actor = requireActor(request);
    return presentMe(actor, actor.csrfToken);
  });
}
