import type { Selectable } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { UsersTable } from '../../platform/db/schema.ts';
import { recordAudit } from '../../platform/audit/record-audit.ts';

type UserRow = Pick<Selectable<UsersTable>, 'id' | 'email' | 'role' | 'active' | 'organisation_id'>;

/** The audit entries of an admin's change to a user: what changes who may see and do what. */
export async function auditUserChange(db: Executor, origin: { actorId: number | null; clientIp: string }, before: UserRow, after: UserRow): Promise<void> {
  const target = { type: 'user' as const, id: after.id, label: after.email };
  if (before.role !== after.role) await recordAudit(db, { ...origin, action: 'user.role_changed', target, details: { from: before.role, to: after.role } });
  if (before.organisation_id !== after.organisation_id) {
    await recordAudit(db, { ...origin, action: 'user.organisation_changed', target, details: { from: before.organisation_id, to: after.organisation_id } });
  }
  if (before.active !== after.active) await recordAudit(db, { ...origin, action: after.active === 1 ? 'user.activated' : 'user.deactivated', target });
}
