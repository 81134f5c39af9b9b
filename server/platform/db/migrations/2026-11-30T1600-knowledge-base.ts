import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.ts';

/**
 * The knowledge base (modules/knowledge):
 * - kb_articles: Markdown articles with a stable slug, state (draft/published/archived),
 *   visibility (public, internal, or one organisation's requesters), a locale and the article
 *   they translate (translation_of: German and English versions share one group).
 * - kb_article_versions: every earlier state of an article, written by each change.
 * - kb_feedback: "Was this helpful?" answers; kb_events: suggestions shown, clicked and
 *   requests deflected (for the deflection rate per category).
 * - kb_fts (SQLite FTS5) / kb_search (PostgreSQL tsvector + GIN): the analysed title and
 *   body terms (stems and synonym concepts), like the ticket index.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = dialectOf(db) === 'sqlite';
  const idType = sqlite ? 'integer' : 'serial';
  const id = (t: any) => t.addColumn('id', idType, (c: any) => (sqlite ? c.primaryKey().autoIncrement() : c.primaryKey()));

  await id(db.schema.createTable('kb_articles'))
    .addColumn('slug', 'text', (c: any) => c.notNull().unique())
    .addColumn('title', 'text', (c: any) => c.notNull())
    .addColumn('body', 'text', (c: any) => c.notNull())
    .addColumn('locale', 'text', (c: any) => c.notNull())
    .addColumn('visibility', 'text', (c: any) => c.notNull())
    .addColumn('organisation_id', 'integer', (c: any) => c.references('organisations.id').onDelete('set null'))
    .addColumn('status', 'text', (c: any) => c.notNull())
    .addColumn('category_id', 'integer', (c: any) => c.references('categories.id').onDelete('set null'))
    .addColumn('translation_of', 'integer', (c: any) => c.references('kb_articles.id').onDelete('set null'))
    .addColumn('tags', 'text', (c: any) => c.notNull().defaultTo('[]'))
    .addColumn('version', 'integer', (c: any) => c.notNull().defaultTo(1))
    .addColumn('views', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('helpful_count', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('unhelpful_count', 'integer', (c: any) => c.notNull().defaultTo(0))
    .addColumn('author_id', 'integer', (c: any) => c.references('users.id').onDelete('set null'))
    .addColumn('published_at', 'text')
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .addColumn('updated_at', 'text', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('kb_articles_status_updated').on('kb_articles').columns(['status', 'updated_at']).execute();
  await db.schema.createIndex('kb_articles_translation').on('kb_articles').columns(['translation_of']).execute();

  await id(db.schema.createTable('kb_article_versions'))
    .addColumn('article_id', 'integer', (c: any) => c.notNull().references('kb_articles.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c: any) => c.notNull())
    .addColumn('title', 'text', (c: any) => c.notNull())
    .addColumn('body', 'text', (c: any) => c.notNull())
    .addColumn('locale', 'text', (c: any) => c.notNull())
    .addColumn('visibility', 'text', (c: any) => c.notNull())
    .addColumn('organisation_id', 'integer')
    .addColumn('status', 'text', (c: any) => c.notNull())
    .addColumn('category_id', 'integer')
    .addColumn('tags', 'text', (c: any) => c.notNull())
    .addColumn('edited_by', 'integer', (c: any) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .addUniqueConstraint('kb_article_versions_once', ['article_id', 'version'])
    .execute();

  await id(db.schema.createTable('kb_feedback'))
    .addColumn('article_id', 'integer', (c: any) => c.notNull().references('kb_articles.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c: any) => c.references('users.id').onDelete('set null'))
    .addColumn('helpful', 'integer', (c: any) => c.notNull())
    .addColumn('comment', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('kb_feedback_article').on('kb_feedback').columns(['article_id', 'id']).execute();

  await id(db.schema.createTable('kb_events'))
    .addColumn('kind', 'text', (c: any) => c.notNull())
    .addColumn('article_id', 'integer', (c: any) => c.references('kb_articles.id').onDelete('cascade'))
    .addColumn('category_id', 'integer')
    .addColumn('user_id', 'integer', (c: any) => c.references('users.id').onDelete('set null'))
    .addColumn('query', 'text', (c: any) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c: any) => c.notNull())
    .execute();
  await db.schema.createIndex('kb_events_kind_time').on('kb_events').columns(['kind', 'created_at']).execute();

  if (sqlite) {
    await sql`CREATE VIRTUAL TABLE kb_fts USING fts5(title_text, body_text, tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3 4')`.execute(db);
  } else {
    await sql`CREATE TABLE kb_search (
      article_id integer PRIMARY KEY REFERENCES kb_articles(id) ON DELETE CASCADE,
      title_text text NOT NULL,
      body_text text NOT NULL,
      doc tsvector NOT NULL
    )`.execute(db);
    await sql`CREATE INDEX kb_search_doc ON kb_search USING gin (doc)`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'sqlite') await sql`DROP TABLE kb_fts`.execute(db);
  else await db.schema.dropTable('kb_search').execute();
  for (const table of ['kb_events', 'kb_feedback', 'kb_article_versions', 'kb_articles']) await db.schema.dropTable(table).execute();
}
