import type { App, Deps } from '../../platform/http/context.ts';
import { auditOrigin, recordAudit } from '../../platform/audit/record-audit.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import { requireActor, requireAdmin } from './auth-plugin.ts';
import { verifyPassword } from './passwords.ts';
import { confirmTotp, removeTotp, startTotpSetup, totpKey, totpStatus, verifySecondFactor } from './totp.queries.ts';
import { totpCodeBody, totpConfirmResponse, totpDisableBody, totpSetupResponse, totpStatusResponse } from '../../../shared/contracts/totp.ts';
import { userParams } from '../../../shared/contracts/users.ts';

/** Two-factor sign-in: set-up, confirmation with recovery codes, switching off, the admin's reset. */
export async function totpRoutes(app: App, deps: Deps): Promise<void> {
  const tags = ['profile'];
  const key = () => totpKey(deps.config.dataDir);
  // Codes are guessed as slowly as passwords.
  const perPerson = (name: string) => ({
    rateLimit: { max: deps.config.loginRateLimit, timeWindow: '1 minute', keyGenerator: (request: { actor?: { id: number } | null; ip: string }) => `${name}|${request.actor?.id ?? request.ip}` },
  });

  app.get('/me/totp', { schema: { tags, summary: 'Whether your sign-in needs an authenticator code', response: { 200: totpStatusResponse } } }, async (request) => {
    const actor = requireActor(request);
    return totpStatus(deps.db, actor.id);
  });

  app.post('/me/totp', { schema: { tags, summary: 'Start setting up two-factor sign-in: a new secret for your authenticator app', response: { 200: totpSetupResponse } } }, async (request) => {
    const actor = requireActor(request);
    return startTotpSetup(deps.db, key(), actor);
  });

  app.post(
    '/me/totp/confirm',
    {
      schema: { tags, summary: 'Confirm the set-up with a code; answers ten one-time recovery codes', body: totpCodeBody, response: { 200: totpConfirmResponse } },
      config: perPerson('totp-confirm'),
    },
    async (request) => {
      const actor = requireActor(request);
      const recoveryCodes = await deps.db.transaction().execute(async (trx) => {
        const codes = await confirmTotp(trx, key(), actor.id, request.body.code);
        await recordAudit(trx, { ...auditOrigin(request), action: 'auth.totp_enabled', target: { type: 'user', id: actor.id, label: actor.email } });
        return codes;
      });
      return { recoveryCodes };
    },
  );

  app.delete(
    '/me/totp',
    { schema: { tags, summary: 'Switch two-factor sign-in off (needs your password and a current code)', body: totpDisableBody }, config: perPerson('totp-disable') },
    async (request, reply) => {
      const actor = requireActor(request);
      const user = await deps.db.selectFrom('users').select('password_hash').where('id', '=', actor.id).executeTakeFirstOrThrow();
      if (!user.password_hash || !(await verifyPassword(request.body.password, user.password_hash))) throw invalid('The password is wrong.', { password: 'Wrong password.' });
      await deps.db.transaction().execute(async (trx) => {
        if ((await verifySecondFactor(trx, key(), actor.id, request.body.code)) === 'invalid') throw invalid('The code is wrong or was used already.', { code: 'Wrong code.' });
        await removeTotp(trx, actor.id);
        await recordAudit(trx, { ...auditOrigin(request), action: 'auth.totp_disabled', target: { type: 'user', id: actor.id, label: actor.email } });
      });
      return reply.status(204).send();
    },
  );

  app.delete(
    '/admin/users/:id/totp',
    { schema: { tags: ['users'], summary: 'Reset the two-factor sign-in of a person who lost their device (admins)', params: userParams } },
    async (request, reply) => {
      requireAdmin(request);
      const user = await deps.db.selectFrom('users').select(['id', 'email']).where('id', '=', request.params.id).executeTakeFirst();
      if (!user) throw notFound('The user');
      await deps.db.transaction().execute(async (trx) => {
        const removed = await removeTotp(trx, user.id);
        // Their sessions may have been opened by whoever holds the lost device's codes.
        if (removed) {
          await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
          await recordAudit(trx, { ...auditOrigin(request), action: 'auth.totp_reset', target: { type: 'user', id: user.id, label: user.email } });
        }
      });
      return reply.status(204).send();
    },
  );
}
