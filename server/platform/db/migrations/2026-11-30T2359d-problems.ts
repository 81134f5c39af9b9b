import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

/**
 * Problem management (modules/problems):
 * - problems: the underlying cause of one or more incidents, with root cause, workaround,
 *   owner (group and/or agent), status open → known_error → resolved → closed, and a version
 *   for optimistic locking.
 * - problem_tickets: the incidents linked to a problem; the ticket is the primary key, so a
 *   ticket belongs to at most one problem (the tickets table stays the ticket commands').
 * - kb_articles.solution_problem_id: an article is the known solution or workaround of a
 *   problem (beside solution_category_id, with the same solution_kind).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = dialectOf(db) === 'sqlite';
  await db.schema
    .createTable('problems')
    .addColumn('id', sqlite ? 'integer' : 'serial', (c: any) => (sqlite ? c.primaryKey().autoIncrement() : c.primaryKey()))
    .addColumn('title', 'text', (c: any) => c.notNull())
    .addColumn('description', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c: any) => c.notNull().defaultTo('open'))
    .addColumn('root_cause', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('workaround', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('owner_group_id', 'integer', (c: any) => c.references('groups.id').onDelete('set null'))
    .addColumn('owner_id', 'integer', (c: any) => c.references('users.id').onDelete('set null'))
    .addColumn('created_by', 'integer', (c: any) => c.references('users.id').onDelete('set null'))
    .addColumn('version', 'integer', (c: any) => c.notNull().defaultTo(1))
    .addColumn('resolved_at', 'text')
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .addColumn('updated_at', 'text', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('problems_status').on('problems').columns(['status', 'id']).execute();

  await db.schema
    .createTable('problem_tickets')
    .addColumn('ticket_id', 'integer', (c: any) => c.primaryKey().references('tickets.id').onDelete('cascade'))
    .addColumn('problem_id', 'integer', (c: any) => c.notNull().references('problems.id').onDelete('cascade'))
    .addColumn('linked_by', 'integer', (c: any) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('problem_tickets_problem').on('problem_tickets').columns(['problem_id']).execute();

  await db.schema
    .alterTable('kb_articles')
    .addColumn('solution_problem_id', 'integer', (c: any) => c.references('problems.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('kb_articles_solution_problem').on('kb_articles').columns(['solution_problem_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('kb_articles_solution_problem').execute();
  await db.schema.alterTable('kb_articles').dropColumn('solution_problem_id').execute();
  await db.schema.dropTable('problem_tickets').execute();
  await db.schema.dropTable('problems').execute();
}
