import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

/**
 * mail_routes: where a new ticket from mail lands, by the address the mail was delivered to (an
 * SMTP recipient or an IMAP mailbox's user name) or by its domain ("@sap.example.com"): a group
 * and optionally a category.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = dialectOf(db) === 'sqlite';
  await db.schema
    .createTable('mail_routes')
    .addColumn('id', sqlite ? 'integer' : 'serial', (c) => (sqlite ? c.primaryKey().autoIncrement() : c.primaryKey()))
    .addColumn('address', 'text', (c) => c.notNull().unique())
    .addColumn('group_id', 'integer', (c) => c.notNull().references('groups.id'))
    .addColumn('category_id', 'integer', (c) => c.references('categories.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('mail_routes').execute();
}
