import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { dialectOf } from '../../platform/db/dialect.ts';
import { nowIso } from '../../platform/db/database.ts';
import { generatePassword } from '../../modules/auth/passwords.ts';
import { createUser } from '../../modules/users/create-user.ts';

/**
 * Descriptions are free text that admins edit, with no second language; the seeded ones say it
 * in German and English, so that neither kind of reader finds only a foreign text.
 */
export const DEFAULT_GROUPS = [
  { name: 'Service Desk', level: '1', description: '1st Level: erste Anlaufstelle für jede Anfrage. · 1st level: first point of contact for every request.', is_default: 1 },
  { name: '2nd Level Support', level: '2', description: '2nd Level: Fachleute für eskalierte Anfragen. · 2nd level: specialists for escalated requests.', is_default: 0 },
  { name: '3rd Level Support', level: '3', description: '3rd Level: Expertinnen, Entwickler und Hersteller. · 3rd level: experts, developers and vendors.', is_default: 0 },
] as const;

export interface BootstrapResult {
  /** Set when the first admin was created just now. */
  admin?: { email: string; password: string; generated: boolean };
}

/** Any constant: the PostgreSQL advisory lock that lets one starting process at a time set up. */
const BOOTSTRAP_LOCK = 0x616e6c61;

/**
 * On an empty database: the default groups and the first admin. Safe to run on every start,
 * also by several processes starting at once (web and worker processes on one PostgreSQL):
 * there the transaction first takes an advisory lock, so a second process waits and then finds
 * the groups and the admin instead of creating them twice (SQLite's immediate transactions
 * serialise it already).
 */
export async function bootstrap(db: Db, env: { adminEmail?: string | undefined; adminPassword?: string | undefined }): Promise<BootstrapResult> {
  return db.transaction().execute(async (trx) => {
    if (dialectOf(db) === 'postgres') await sql`SELECT pg_advisory_xact_lock(${BOOTSTRAP_LOCK})`.execute(trx);
    const groupCount = await trx
      .selectFrom('groups')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(groupCount.n) === 0) {
      await trx
        .insertInto('groups')
        .values(DEFAULT_GROUPS.map((g) => ({ ...g, created_at: nowIso() })))
        .execute();
    }
    const admin = await trx.selectFrom('users').select('id').where('role', '=', 'admin').executeTakeFirst();
    if (admin) return {};
    const email = env.adminEmail ?? 'admin@example.com';
    const password = env.adminPassword ?? generatePassword();
    const serviceDesk = await trx.selectFrom('groups').select('id').where('is_default', '=', 1).executeTakeFirst();
    const { user } = await createUser(trx, {
      email,
      name: 'Administrator',
      role: 'admin',
      password,
      groupIds: serviceDesk ? [serviceDesk.id] : [],
      emailVerified: true,
    });
    // A generated password was printed to a console or log: its owner must replace it at the first sign-in.
    if (env.adminPassword === undefined) await trx.updateTable('users').set({ must_change_password: 1 }).where('id', '=', user.id).execute();
    return { admin: { email, password, generated: env.adminPassword === undefined } };
  });
}
