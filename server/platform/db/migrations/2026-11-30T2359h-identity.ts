import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.ts';

/**
 * Two-factor sign-in (user_totp, totp_recovery_codes) and outgoing webhooks (webhooks,
 * webhook_deliveries). See tables/identity.ts.
 *
 * The audit log stays append-only with one exception, erasure of a person (modules/privacy):
 * an entry's client IP may be emptied and its target label emptied or replaced by an
 * anonymised address; every other change is still refused by the trigger.
 */
const SQLITE_GUARD = `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  WHEN NEW.id IS NOT OLD.id OR NEW.action IS NOT OLD.action OR NEW.actor_id IS NOT OLD.actor_id OR NEW.target_type IS NOT OLD.target_type
    OR NEW.target_id IS NOT OLD.target_id OR NEW.details IS NOT OLD.details OR NEW.created_at IS NOT OLD.created_at
    OR (NEW.client_ip IS NOT OLD.client_ip AND NEW.client_ip IS NOT NULL)
    OR (NEW.target_label IS NOT OLD.target_label AND NEW.target_label IS NOT NULL AND NEW.target_label NOT LIKE 'anonymised-%@invalid')
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`;
const PG_GUARD = `CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
  IF NEW.id IS NOT DISTINCT FROM OLD.id AND NEW.action IS NOT DISTINCT FROM OLD.action AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
    AND NEW.target_type IS NOT DISTINCT FROM OLD.target_type AND NEW.target_id IS NOT DISTINCT FROM OLD.target_id
    AND NEW.details IS NOT DISTINCT FROM OLD.details AND NEW.created_at IS NOT DISTINCT FROM OLD.created_at
    AND (NEW.client_ip IS NOT DISTINCT FROM OLD.client_ip OR NEW.client_ip IS NULL)
    AND (NEW.target_label IS NOT DISTINCT FROM OLD.target_label OR NEW.target_label IS NULL OR NEW.target_label LIKE 'anonymised-%@invalid') THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only';
END $$`;
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = dialectOf(db) === 'sqlite';
  const id = (t: any) => t.addColumn('id', sqlite ? 'integer' : 'serial', (c: any) => (sqlite ? c.primaryKey().autoIncrement() : c.primaryKey()));
  await db.schema
    .createTable('user_totp')
    .addColumn('user_id', 'integer', (c: any) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('secret', 'text', (c: any) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .addColumn('last_used_step', 'bigint')
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .execute();
  await id(db.schema.createTable('totp_recovery_codes'))
    .addColumn('user_id', 'integer', (c: any) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c: any) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('totp_recovery_codes_user').on('totp_recovery_codes').columns(['user_id']).execute();

  await id(db.schema.createTable('webhooks'))
    .addColumn('url', 'text', (c: any) => c.notNull())
    .addColumn('events', 'text', (c: any) => c.notNull())
    .addColumn('secret', 'text', (c: any) => c.notNull())
    .addColumn('active', 'integer', (c: any) => c.notNull().defaultTo(1))
    .addColumn('include_internal', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .addColumn('updated_at', 'text', (c: any) => c.notNull())
    .execute();
  await id(db.schema.createTable('webhook_deliveries'))
    .addColumn('webhook_id', 'integer', (c: any) => c.notNull().references('webhooks.id').onDelete('cascade'))
    .addColumn('event', 'text', (c: any) => c.notNull())
    .addColumn('job_id', 'integer')
    .addColumn('attempt', 'integer', (c: any) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('duration_ms', 'integer', (c: any) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('response_excerpt', 'text')
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('webhook_deliveries_webhook').on('webhook_deliveries').columns(['webhook_id', 'id']).execute();

  if (sqlite) {
    await sql`DROP TRIGGER audit_log_no_update`.execute(db);
    await sql.raw(SQLITE_GUARD).execute(db);
  } else {
    await sql.raw(PG_GUARD).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'sqlite') {
    await sql`DROP TRIGGER audit_log_no_update`.execute(db);
    await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
  } else {
    await sql`CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`.execute(db);
  }
  await db.schema.dropTable('webhook_deliveries').execute();
  await db.schema.dropTable('webhooks').execute();
  await db.schema.dropTable('totp_recovery_codes').execute();
  await db.schema.dropTable('user_totp').execute();
}
