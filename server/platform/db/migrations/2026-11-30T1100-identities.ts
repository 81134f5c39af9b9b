import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

/**
 * Findings of the security review:
 * - users.email_verified: only a proven address joins an organisation by its mail domain.
 *   Existing users count as verified (they were created by admins, the CLI or before the rule).
 * - organisations.domain_trusted: an admin vouches for the domain, so that unproven addresses
 *   (mail senders) join as well.
 * - email_verifications: single-use links, only the SHA-256 of the token is stored.
 * - audit_log: append-only record of security-relevant actions. A trigger refuses UPDATE on
 *   both databases, so no code path (or bug) can rewrite an entry. DELETE stays possible for
 *   the restore of a backup, which empties every table; no API deletes entries.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = dialectOf(db) === 'sqlite';
  await db.schema
    .alterTable('users')
    .addColumn('email_verified', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .alterTable('organisations')
    .addColumn('domain_trusted', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('email_verifications')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // The address the link was sent to: the link proves only that one.
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('email_verifications_user').on('email_verifications').columns(['user_id']).execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', sqlite ? 'integer' : 'bigserial', (c: any) => (sqlite ? c.primaryKey().autoIncrement() : c.primaryKey()))
    .addColumn('action', 'text', (c) => c.notNull())
    // No foreign keys: an entry must outlive (and never change with) the rows it names.
    .addColumn('actor_id', 'integer')
    .addColumn('target_type', 'text')
    .addColumn('target_id', 'integer')
    /** What the target was called then (an e-mail address, a token's name). */
    .addColumn('target_label', 'text')
    .addColumn('client_ip', 'text')
    /** JSON: further facts (old → new role, reason of a failure); never secrets. */
    .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_action').on('audit_log').columns(['action', 'id']).execute();

  if (sqlite) {
    await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
  } else {
    await sql`CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`.execute(db);
    await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_log').execute();
  if (dialectOf(db) === 'postgres') await sql`DROP FUNCTION IF EXISTS audit_log_append_only()`.execute(db);
  await db.schema.dropTable('email_verifications').execute();
  await db.schema.alterTable('organisations').dropColumn('domain_trusted').execute();
  await db.schema.alterTable('users').dropColumn('email_verified').execute();
}
