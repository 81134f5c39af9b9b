import type { App, Deps } from '../../platform/http/context.ts';
import { auditOrigin, recordAudit } from '../../platform/audit/record-audit.ts';
import { requireAdmin } from '../auth/auth-plugin.ts';
import { anonymiseResponse, personExportSchema } from '../../../shared/contracts/privacy.ts';
import { userParams } from '../../../shared/contracts/users.ts';
import { anonymisedEmail, anonymisedName, anonymisePerson, deleteUnsharedFiles } from './anonymise-person.ts';
import { exportPerson } from './export-person.ts';

/** Data protection (admins): what is stored about a person, and erasing who they are. */
export async function privacyRoutes(app: App, deps: Deps): Promise<void> {
  const tags = ['users'];

  app.get(
    '/admin/users/:id/export',
    { schema: { tags, summary: 'Everything stored about a person, as JSON (right of access)', params: userParams, response: { 200: personExportSchema } } },
    async (request, reply) => {
      requireAdmin(request);
      const data = await exportPerson(deps.db, request.params.id);
      await recordAudit(deps.db, { ...auditOrigin(request), action: 'user.exported', target: { type: 'user', id: data.profile.id, label: data.profile.email } });
      void reply.header('content-disposition', `attachment; filename="anlauf-person-${data.profile.id}.json"`);
      return data;
    },
  );

  app.post(
    '/admin/users/:id/anonymise',
    {
      schema: {
        tags,
        summary: 'Anonymise a person: name and address replaced, sign-in impossible, their tickets kept without personal data (not yourself, not the last admin: 409)',
        params: userParams,
        response: { 200: anonymiseResponse },
      },
    },
    async (request) => {
      const admin = requireAdmin(request);
      const id = request.params.id;
      const { summary, storageKeys } = await deps.db.transaction().execute(async (trx) => {
        const done = await anonymisePerson(trx, deps.dialect, { userId: id, actorId: admin.id });
        await recordAudit(trx, { ...auditOrigin(request), action: 'user.anonymised', target: { type: 'user', id, label: anonymisedEmail(id) }, details: done.summary });
        return done;
      });
      await deleteUnsharedFiles(deps.db, deps.config.dataDir, storageKeys);
      return { user: { id, name: anonymisedName(id), email: anonymisedEmail(id) }, summary };
    },
  );
}
