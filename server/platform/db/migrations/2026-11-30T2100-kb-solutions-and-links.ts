import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

/**
 * Known solutions and ticket ↔ article links (modules/knowledge):
 * - kb_articles.solution_kind ('solution' | 'workaround') and solution_category_id: the article is
 *   the known solution or workaround of that category (shown on its tickets).
 * - kb_ticket_links: the articles that solved a ticket, linked by an agent or by a reply that
 *   carried the article's help-center address.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = dialectOf(db) === 'sqlite';
  await db.schema.alterTable('kb_articles').addColumn('solution_kind', 'text').execute();
  await db.schema
    .alterTable('kb_articles')
    .addColumn('solution_category_id', 'integer', (c: any) => c.references('categories.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('kb_articles_solution_category').on('kb_articles').columns(['solution_category_id']).execute();

  await db.schema
    .createTable('kb_ticket_links')
    .addColumn('id', sqlite ? 'integer' : 'serial', (c: any) => (sqlite ? c.primaryKey().autoIncrement() : c.primaryKey()))
    .addColumn('ticket_id', 'integer', (c: any) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('article_id', 'integer', (c: any) => c.notNull().references('kb_articles.id').onDelete('cascade'))
    .addColumn('source', 'text', (c: any) => c.notNull())
    .addColumn('linked_by', 'integer', (c: any) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .addUniqueConstraint('kb_ticket_links_once', ['ticket_id', 'article_id'])
    .execute();
  await db.schema.createIndex('kb_ticket_links_article').on('kb_ticket_links').columns(['article_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('kb_ticket_links').execute();
  await db.schema.dropIndex('kb_articles_solution_category').execute();
  await db.schema.alterTable('kb_articles').dropColumn('solution_category_id').execute();
  await db.schema.alterTable('kb_articles').dropColumn('solution_kind').execute();
}
