import type { App, Deps } from '../../platform/http/context.ts';
import { requireActor, SESSION_COOKIE } from '../auth/auth-plugin.ts';
import { nowIso } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { auditOrigin, recordAudit } from '../../platform/audit/record-audit.ts';
import { changePassword } from './change-password.ts';
import { presentUserWithGroups } from './users.presenter.ts';
import { groupIdsOf, loadUser } from './users.queries.ts';
import { changePasswordBody, updateProfileBody, userSchema } from '../../../shared/contracts/users.ts';

/** Everyone's own profile and password. */
export async function profileRoutes(app: App, deps: Deps): Promise<void> {
  const tags = ['profile'];

  const present = async (userId: number) => {
    const user = await loadUser(deps.db, userId);
    return presentUserWithGroups(user, (await groupIdsOf(deps.db, [userId])).get(userId) ?? []);
  };

  app.get('/me/profile', { schema: { tags, summary: 'Your own profile', response: { 200: userSchema } } }, async (request) => {
    const actor = requireActor(request);
    return present(actor.id);
  });

  app.patch(
    '/me/profile',
    { schema: { tags, summary: 'Change your name, language, time zone, signature or (agents) whether you are available', body: updateProfileBody, response: { 200: userSchema } } },
    async (request) => {
      const actor = requireActor(request);
      const { name, locale, timeZone, signature, available } = request.body;
      if (available !== undefined && actor.role === 'customer') throw new AppError('forbidden', 'Only agents can mark themselves away.');
      await deps.db
        .updateTable('users')
        .set({
          ...(name !== undefined ? { name } : {}),
          ...(locale !== undefined ? { locale } : {}),
          ...(timeZone !== undefined ? { time_zone: timeZone } : {}),
          ...(signature !== undefined ? { signature } : {}),
          ...(available !== undefined ? { away: available ? 0 : 1 } : {}),
          updated_at: nowIso(),
        })
        .where('id', '=', actor.id)
        .execute();
      return present(actor.id);
    },
  );

  app.post(
    '/me/password',
    {
      schema: { tags, summary: 'Change your password; your other sessions end and your API tokens are revoked', body: changePasswordBody },
      // Guessing the current password from a stolen session is as slow as guessing at sign-in.
      config: { rateLimit: { max: deps.config.loginRateLimit, timeWindow: '1 minute', keyGenerator: (request) => `password|${request.actor?.id ?? request.ip}` } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const keepSessionId = actor.via === 'session' ? request.cookies[SESSION_COOKIE] : undefined;
      await deps.db.transaction().execute(async (trx) => {
        const { revokedTokens } = await changePassword(trx, actor.id, { ...request.body, keepSessionId });
        await recordAudit(trx, { ...auditOrigin(request), action: 'auth.password_changed', target: { type: 'user', id: actor.id, label: actor.email }, details: { revokedTokens } });
      });
      return reply.status(204).send();
    },
  );
}
