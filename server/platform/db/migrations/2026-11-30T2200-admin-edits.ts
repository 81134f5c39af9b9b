import type { Kysely } from 'kysely';

/**
 * - groups.active, organisations.active: an admin deactivates what tickets or people still refer
 *   to (hidden from pickers, still named on old tickets); what nothing refers to can be deleted.
 * - users.must_change_password: set for a generated password (the first admin), cleared by the
 *   person's own password change; until then the API answers only the password change.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('groups')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .alterTable('organisations')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .alterTable('users')
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('must_change_password').execute();
  await db.schema.alterTable('organisations').dropColumn('active').execute();
  await db.schema.alterTable('groups').dropColumn('active').execute();
}
