import type { Selectable } from 'kysely';
import type { UsersTable } from '../../platform/db/schema.ts';
import type { Role } from '../../../shared/enums.ts';

/** Exactly the user fields that leave the server (never the password hash). */
export function presentUser(row: Selectable<UsersTable>, groupIds?: number[]) {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    locale: row.locale,
    timeZone: row.time_zone,
    organisationId: row.organisation_id,
    signature: row.signature,
    active: row.active === 1,
    emailVerified: row.email_verified === 1,
    available: row.away === 0,
    ...(groupIds ? { groupIds } : {}),
    createdAt: row.created_at,
  };
}

/** The short form used inside tickets and messages. */
export function presentPerson(row: { id: number; name: string; email?: string }) {
  return row.email === undefined ? { id: row.id, name: row.name } : { id: row.id, name: row.name, email: row.email };
}

/** The full user as the users and profile endpoints show it: always with the group memberships. */
export function presentUserWithGroups(row: Selectable<UsersTable>, groupIds: number[]) {
  return { ...presentUser(row), role: row.role as Role, groupIds, createdAt: row.created_at };
}
