import type { Executor } from '../../platform/db/database.ts';
import { LIMITS } from '../../../shared/enums.ts';
import type { AuditAction, AuditLogQuery } from '../../../shared/contracts/audit.ts';

/** Entries newest first in keyset pages by id (the cursor is the last id shown). */
export async function listAuditLog(db: Executor, query: AuditLogQuery) {
  const limit = query.limit ?? LIMITS.pageSizeDefault;
  let qb = db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_id')
    .select([
      'audit_log.id',
      'audit_log.action',
      'audit_log.actor_id',
      'audit_log.target_type',
      'audit_log.target_id',
      'audit_log.target_label',
      'audit_log.client_ip',
      'audit_log.details',
      'audit_log.created_at',
      'users.name as actor_name',
      'users.email as actor_email',
    ])
    .orderBy('audit_log.id', 'desc')
    .limit(limit + 1);
  if (query.action) qb = qb.where('audit_log.action', '=', query.action);
  if (query.cursor) qb = qb.where('audit_log.id', '<', Number(query.cursor));
  const rows = await qb.execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page, nextCursor: rows.length > limit && last ? String(last.id) : null };
}

type AuditRow = Awaited<ReturnType<typeof listAuditLog>>['rows'][number];

/** Exactly the fields of an entry that leave the server. */
export function presentAuditEntry(row: AuditRow) {
  let details: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(row.details);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) details = parsed as Record<string, unknown>;
  } catch {
    // An unreadable entry still shows its other fields.
  }
  return {
    id: Number(row.id),
    occurredAt: row.created_at,
    action: row.action as AuditAction,
    actor: row.actor_id !== null && row.actor_name !== null && row.actor_email !== null ? { id: row.actor_id, name: row.actor_name, email: row.actor_email } : null,
    target: row.target_type !== null ? { type: row.target_type, id: row.target_id, label: row.target_label } : null,
    clientIp: row.client_ip,
    details,
  };
}
