import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

/**
 * What the web app needs: presence on tickets, saved views, merge links, password-reset tokens
 * and satisfaction ratings. Table types live beside each area's queries (`*.tables.ts`).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = dialectOf(db) === 'sqlite';
  const idType = sqlite ? 'integer' : 'serial';
  const id = (t: any) => t.addColumn('id', idType, (c: any) => (sqlite ? c.primaryKey().autoIncrement() : c.primaryKey()));

  // Who has a ticket open or is typing on it; rows expire unless the client repeats itself.
  await db.schema
    .createTable('ticket_presence')
    .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('since', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ticket_presence_pk', ['ticket_id', 'user_id'])
    .execute();
  await db.schema.createIndex('ticket_presence_expiry').on('ticket_presence').columns(['expires_at']).execute();

  await id(db.schema.createTable('saved_views'))
    .addColumn('user_id', 'integer', (c: any) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c: any) => c.notNull())
    .addColumn('filters', 'text', (c: any) => c.notNull())
    .addColumn('sort', 'text')
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .addColumn('updated_at', 'text', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('saved_views_user').on('saved_views').columns(['user_id', 'id']).execute();

  // A merged ticket points at the ticket that carries on; one row per source ticket.
  await db.schema
    .createTable('ticket_merges')
    .addColumn('source_id', 'integer', (c) => c.primaryKey().references('tickets.id').onDelete('cascade'))
    .addColumn('target_id', 'integer', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('actor_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_merges_target').on('ticket_merges').columns(['target_id']).execute();

  // Only the SHA-256 of a reset token is stored; a token works once, for one hour.
  await db.schema
    .createTable('password_resets')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('password_resets_user').on('password_resets').columns(['user_id']).execute();

  // One rating per ticket and resolution (resolution_at = when it was resolved or closed).
  await id(db.schema.createTable('satisfaction_ratings'))
    .addColumn('ticket_id', 'integer', (c: any) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c: any) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('resolution_at', 'text', (c: any) => c.notNull())
    .addColumn('rating', 'integer', (c: any) => c.notNull())
    .addColumn('comment', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .addColumn('updated_at', 'text', (c: any) => c.notNull())
    .addUniqueConstraint('satisfaction_ratings_once', ['ticket_id', 'resolution_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['satisfaction_ratings', 'password_resets', 'ticket_merges', 'saved_views', 'ticket_presence']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
