import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

/**
 * Automatic assignment, macros and text snippets:
 * - groups.assignment_mode: 'off' | 'round_robin' | 'least_loaded' (modules/assignment).
 * - users.away: 1 while an agent marked themselves away; away agents get no tickets automatically.
 * - assignment_rotation: per group, the agent who got the last ticket automatically; the
 *   round robin goes on after them. Written only by the assignment subscriber, in its transaction.
 * - macros / text_snippets (modules/macros): owner_id set = personal (that agent's own);
 *   owner_id null = shared, for everyone (group_id null) or one group's agents (group_id set).
 *   Texts in German and English; a macro's field changes as JSON.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = dialectOf(db) === 'sqlite';
  const id = (c: any) => (sqlite ? c.primaryKey().autoIncrement() : c.primaryKey());
  const idType = sqlite ? 'integer' : 'serial';

  await db.schema
    .alterTable('groups')
    .addColumn('assignment_mode', 'text', (c) => c.notNull().defaultTo('off'))
    .execute();
  await db.schema
    .alterTable('users')
    .addColumn('away', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('assignment_rotation')
    .addColumn('group_id', 'integer', (c) => c.primaryKey().references('groups.id').onDelete('cascade'))
    .addColumn('last_user_id', 'integer')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('text_snippets')
    .addColumn('id', idType, id)
    .addColumn('owner_id', 'integer', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('group_id', 'integer', (c) => c.references('groups.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('body_de', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('body_en', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('text_snippets_owner').on('text_snippets').columns(['owner_id', 'name']).execute();

  await db.schema
    .createTable('macros')
    .addColumn('id', idType, id)
    .addColumn('owner_id', 'integer', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('group_id', 'integer', (c) => c.references('groups.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('changes', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('reply_de', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('reply_en', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('macros_owner').on('macros').columns(['owner_id', 'name']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('macros').execute();
  await db.schema.dropTable('text_snippets').execute();
  await db.schema.dropTable('assignment_rotation').execute();
  await db.schema.alterTable('users').dropColumn('away').execute();
  await db.schema.alterTable('groups').dropColumn('assignment_mode').execute();
}
