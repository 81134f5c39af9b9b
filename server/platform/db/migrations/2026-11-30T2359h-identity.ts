import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

/**
 * Two-factor sign-in (user_totp, totp_recovery_codes) and outgoing webhooks (webhooks,
 * webhook_deliveries). See tables/identity.ts.
 */
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
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('webhook_deliveries').execute();
  await db.schema.dropTable('webhooks').execute();
  await db.schema.dropTable('totp_recovery_codes').execute();
  await db.schema.dropTable('user_totp').execute();
}
