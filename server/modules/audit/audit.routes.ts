import type { App, Deps } from '../../platform/http/context.ts';
import { requireAdmin } from '../auth/auth-plugin.ts';
import { listAuditLog, presentAuditEntry } from './audit.queries.ts';
import { auditLogQuery, auditLogSchema } from '../../../shared/contracts/audit.ts';

/**
 * GET /admin/audit-log?cursor=&limit=&action= (admins): security-relevant actions, newest
 * first. There is deliberately no route that changes or deletes entries.
 */
export async function auditRoutes(app: App, deps: Deps): Promise<void> {
  app.get(
    '/admin/audit-log',
    { schema: { tags: ['audit'], summary: 'Security-relevant actions, newest first (admins; keyset paging)', querystring: auditLogQuery, response: { 200: auditLogSchema } } },
    async (request) => {
      requireAdmin(request);
      const page = await listAuditLog(deps.db, request.query);
      return { items: page.rows.map(presentAuditEntry), nextCursor: page.nextCursor };
    },
  );
}
